"""The grants' figures of the dashboards: the accountant's instalments to pay and expenses to
review, the manager's running grants and their budget consumed, each over its own CRI."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import IliCase


@tagged("post_install", "-at_install")
class TestGrantsDashboard(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant_cai = new_test_user(
            cls.env,
            login="ili-accountant-cai",
            groups="cri_base.group_accountant",
            company_id=cls.company_cai.id,
            company_ids=[(6, 0, cls.company_cai.ids)],
        )
        cls.plan_advance_and_balance("Activity report", date(2028, 3, 1), date(2028, 6, 1))
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant.with_user(cls.agent).action_start()
        cls.advance, cls.balance = cls.grant.instalment_ids.sorted("planned_date")

    def value(self, user, xmlid):
        tile = self.env.ref(f"cri_ili_grants.{xmlid}").with_user(user).with_context(lang="fr_BE")
        tile.invalidate_recordset(["value", "value_display", "is_alert"])
        return tile

    def test_the_accountant_sees_the_instalments_to_pay_of_its_cri(self):
        count = "dashboard_tile_grants_instalments_due"
        amount = "dashboard_tile_grants_instalments_due_amount"
        before = (self.value(self.accountant, count).value, self.value(self.accountant, amount).value)
        before_cai = self.value(self.accountant_cai, count).value
        with freeze_time("2027-02-03"):
            self.env["cri.ili.instalment"]._cron_mark_due()
        self.assertEqual(self.advance.state, "due")
        self.assertEqual(self.value(self.accountant, count).value, before[0] + 1)
        self.assertEqual(self.value(self.accountant, amount).value, before[1] + 6000)
        self.assertEqual(self.value(self.accountant_cai, count).value, before_cai, "another CRI's instalment")
        # an amount in euros, to the cent; the drill-down lists that instalment
        self.assertTrue(self.value(self.accountant, amount).value_display.endswith("\N{NO-BREAK SPACE}€"))
        action = self.value(self.accountant, count).action_open()
        self.assertIn(
            self.advance, self.env["cri.ili.instalment"].with_user(self.accountant).search(action["domain"])
        )
        # paid, it leaves the figure
        with freeze_time("2027-02-03"):
            self.advance.with_user(self.accountant).action_pay()
        self.assertEqual(self.value(self.accountant, count).value, before[0])

    def test_the_manager_reads_its_running_grants_and_their_consumption(self):
        running = self.value(self.manager, "dashboard_tile_grants_running")
        consumed = self.value(self.manager, "dashboard_tile_grants_consumption")
        grants = (
            self.env["cri.ili.application"].with_user(self.manager).search(running.action_open()["domain"])
        )
        self.assertIn(self.grant, grants)
        self.assertEqual(running.value, len(grants))
        granted = sum(grants.mapped("granted_amount"))
        accepted = sum(grants.mapped("accepted_amount"))
        self.assertAlmostEqual(consumed.value, 100.0 * accepted / granted, places=2)
        self.assertRegex(consumed.value_display, r"^\d+ %$")

    def test_the_accountant_sees_no_figure_of_the_pathway_or_the_managers(self):
        tiles = self.env["cri.dashboard.tile"].with_user(self.accountant).search([])
        self.assertEqual(set(tiles.mapped("section")), {"grants"})
        self.assertNotIn(self.env.ref("cri_ili_grants.dashboard_tile_grants_consumption"), tiles)
        with self.assertRaises(AccessError):
            self.env["cri.dashboard.tile"].with_user(self.portal_a).search([])
