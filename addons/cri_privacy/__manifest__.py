{
    "name": "CRI - Personal Data Protection",
    "summary": "GDPR for the pathway files: retention policies as data, anonymisation, subject access "
    "export, log of the reads and changes of sensitive fields, register of processing activities",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "LGPL-3",
    "author": "CRI suite",
    "depends": ["cri_base", "cri_parcours", "cri_reporting", "mail"],
    "data": [
        "security/cri_privacy_security.xml",
        "security/ir.model.access.csv",
        "data/cri_privacy_retention_policy_data.xml",
        "data/ir_cron_data.xml",
        "report/cri_privacy_subject_access_report.xml",
        "views/cri_privacy_retention_policy_views.xml",
        "views/cri_privacy_retention_run_views.xml",
        "views/cri_privacy_access_log_views.xml",
        "views/cri_pathway_views.xml",
        "views/menus.xml",
    ],
}
