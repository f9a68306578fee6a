{
    "name": "CRI - Statistics and Reporting",
    "summary": "Statistics of the pathway (and of grants and trainings where installed), dashboards, "
    "monthly frozen snapshots, small counts hidden in what leaves a CRI, XLSX tables",
    "version": "18.0.1.1.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_base", "cri_parcours", "mail", "report_xlsx"],
    # the audit's linear programs (SciPy's HiGHS)
    "external_dependencies": {"python": ["highspy", "scipy"]},
    "data": [
        "security/cri_reporting_security.xml",
        "security/ir.model.access.csv",
        "data/cri_reporting_data.xml",
        "views/cri_reporting_pathway_views.xml",
        "views/cri_reporting_wizard_views.xml",
        "views/cri_reporting_snapshot_views.xml",
        "report/cri_reporting_reports.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/cri_reporting_demo.xml"],
    "assets": {
        "web.assets_tests": ["cri_reporting/static/tests/tours/*.js"],
    },
}
