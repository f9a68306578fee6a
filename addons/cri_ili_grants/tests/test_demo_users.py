"""The demo ILI agent is a user of the role as the suite's other demo users are: its role and
what it implies, nothing more, in its centre's company only."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoIliAgent(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env.ref("cri_ili_grants.user_cai_ili")
        cls.company_cai = cls.env.ref("cri_base.company_cai")

    def test_the_demo_ili_agent_holds_its_role_and_what_it_implies_only(self):
        employee = self.env.ref("base.group_user")
        role = self.env.ref("cri_ili_grants.group_ili_agent")
        allowed = employee | employee.trans_implied_ids | role | role.trans_implied_ids
        self.assertEqual(self.agent.login, "cai-ili")
        self.assertIn(role, self.agent.groups_id)
        self.assertEqual(
            self.agent.groups_id,
            allowed,
            ((self.agent.groups_id - allowed) | (allowed - self.agent.groups_id)).mapped("full_name"),
        )
        self.assertFalse(self.agent.has_group("cri_base.group_manager"), "the manager signs the opinions")
        self.assertFalse(
            self.agent.has_group("cri_base.group_accountant"), "the accountant reviews the expenses"
        )

    def test_the_demo_ili_agent_works_in_the_cai_only(self):
        self.assertEqual(self.agent.company_id, self.company_cai)
        self.assertEqual(self.agent.company_ids, self.company_cai)
        applications = self.env["cri.ili.application"].with_user(self.agent).search([])
        self.assertIn(self.env.ref("cri_ili_grants.application_horizons_running"), applications)
        self.assertEqual(applications.company_id, self.company_cai, "it reads the CAI's applications only")

    def test_the_demo_ili_agent_reaches_the_applications_from_the_cri_app(self):
        visible = self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids()
        for xmlid in (
            "cri_base.menu_cri_root",
            "cri_ili_grants.menu_cri_ili_root",
            "cri_ili_grants.menu_cri_ili_application",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
