{
    "name": "CRI - Statistics of the Coordination",
    "summary": "Statistics of the local integration plans: actions and their indicators, activities "
    "and public reached, platform meetings and decisions; the Region's tables and the territory's "
    "figures on a plan",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_reporting", "cri_coordination"],
    "data": [
        "security/cri_reporting_coordination_security.xml",
        "security/ir.model.access.csv",
        "views/cri_reporting_coordination_action_views.xml",
        "views/cri_reporting_coordination_indicator_views.xml",
        "views/cri_reporting_coordination_activity_views.xml",
        "views/cri_reporting_coordination_public_views.xml",
        "views/cri_reporting_coordination_meeting_views.xml",
        "views/cri_coordination_plan_views.xml",
        "views/menus.xml",
    ],
    "auto_install": True,
}
