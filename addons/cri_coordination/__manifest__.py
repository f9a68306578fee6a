{
    "name": "CRI - Coordination",
    "summary": "Local integration plans of the CRIs: diagnosis of needs, priorities, "
    "recommendations, actions with their partners and yearly indicators",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "AGPL-3",
    "author": "CRI suite",
    "depends": ["cri_base", "mail"],
    "data": [
        "security/cri_coordination_security.xml",
        "security/ir.model.access.csv",
        "views/cri_coordination_plan_views.xml",
        "views/cri_coordination_action_views.xml",
        "views/cri_coordination_indicator_views.xml",
        "wizards/cri_coordination_plan_adopt_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/cri_coordination_demo.xml"],
}
