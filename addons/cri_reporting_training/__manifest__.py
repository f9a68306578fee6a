{
    "name": "CRI - Statistics of the Trainings",
    "summary": "Statistics of the practitioners' trainings: participants, attendance, certificates, "
    "hours and satisfaction; tables of the monthly snapshots and exports",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_reporting", "cri_training"],
    "data": [
        "security/cri_reporting_training_security.xml",
        "security/ir.model.access.csv",
        "views/cri_reporting_training_registration_views.xml",
        "views/cri_reporting_training_satisfaction_views.xml",
        "views/menus.xml",
    ],
    "auto_install": True,
}
