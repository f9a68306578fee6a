"""The demo training officer is a user of the role as the suite's other demo users are: its role
and what it implies, no Events administrator, in its centre's company only, in the CRI app."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoTrainingOfficer(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls.env.ref("cri_training.user_cric_formation")
        cls.company_cric = cls.env.ref("cri_base.company_cric")

    def test_the_demo_training_officer_holds_its_role_and_what_it_implies_only(self):
        employee = self.env.ref("base.group_user")
        role = self.env.ref("cri_training.group_training_officer")
        allowed = employee | employee.trans_implied_ids | role | role.trans_implied_ids
        self.assertEqual(self.officer.login, "cric-formation")
        self.assertIn(self.env.ref("event.group_event_user"), allowed, "its role runs the sessions as events")
        self.assertEqual(
            self.officer.groups_id,
            allowed,
            ((self.officer.groups_id - allowed) | (allowed - self.officer.groups_id)).mapped("full_name"),
        )
        self.assertFalse(self.officer.has_group("event.group_event_manager"), "no Events administrator")
        self.assertFalse(self.officer.has_group("cri_base.group_manager"))
        self.assertFalse(self.officer.has_group("base.group_system"))

    def test_the_demo_training_officer_works_in_the_cric_only(self):
        self.assertEqual(self.officer.company_id, self.company_cric)
        self.assertEqual(self.officer.company_ids, self.company_cric)
        sessions = self.env["event.event"].with_user(self.officer).search([("cri_module_id", "!=", False)])
        self.assertIn(self.env.ref("cri_training.session_law_next"), sessions)
        self.assertEqual(sessions.company_id, self.company_cric, "it reads the CRIC's sessions only")

    def test_the_demo_training_officer_reaches_the_sessions_from_the_cri_app(self):
        visible = self.env["ir.ui.menu"].with_user(self.officer)._visible_menu_ids()
        for xmlid in (
            "cri_base.menu_cri_root",
            "cri_training.menu_cri_training_root",
            "cri_training.menu_cri_training_session",
            "cri_training.menu_cri_training_registration",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
        self.assertEqual(self.officer.action_id.id, self.env.ref("cri_base.action_cri_home").id)
