{
    "name": "CRI - Statistics of the ILI Grants",
    "summary": "Statistics of the applications and grants of the local integration initiatives: "
    "pivots, graphs and tables of the monthly snapshots and exports",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_reporting", "cri_ili_grants"],
    "data": [
        "security/cri_reporting_ili_security.xml",
        "security/ir.model.access.csv",
        "views/cri_reporting_ili_application_views.xml",
        "views/menus.xml",
    ],
    "auto_install": True,
}
