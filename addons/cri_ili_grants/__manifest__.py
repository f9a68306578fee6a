{
    "name": "CRI - Local Integration Initiative Grants",
    "summary": "Calls for projects of the Region, applications of the local integration initiatives, "
    "the CRI's opportunity opinion and the Region's decision",
    "version": "18.0.1.1.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_base", "mail", "portal", "report_xlsx"],
    "data": [
        "security/cri_ili_grants_security.xml",
        "security/ir.model.access.csv",
        "data/cri_ili_axis_data.xml",
        "data/ir_cron_data.xml",
        "views/cri_ili_application_views.xml",
        "views/cri_ili_call_views.xml",
        "views/cri_ili_expense_views.xml",
        "views/cri_ili_followup_views.xml",
        "views/cri_ili_expense_import_views.xml",
        "views/portal_templates.xml",
        "report/cri_ili_statement_reports.xml",
        "report/cri_ili_statement_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/cri_ili_grants_demo.xml"],
    "assets": {
        "web.assets_tests": ["cri_ili_grants/static/tests/tours/*.js"],
    },
}
