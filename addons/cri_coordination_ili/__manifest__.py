{
    "name": "CRI - Coordination Activities and ILI Grants",
    "summary": "Links a participation or awareness activity of a CRI to the ILI grant it is part of",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_coordination", "cri_ili_grants"],
    "data": [
        "views/cri_coordination_activity_views.xml",
        "views/cri_ili_application_views.xml",
    ],
    "auto_install": True,
}
