from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .rpc import RpcMixin


class DashboardCommon:
    """Two CRIs, a manager of each, an accountant and a reception agent, and figures of
    cri_base's own records (centres, partners) shown to some roles only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.company_cai = ref("cri_base.center_cai").company_id
        cls.manager_group = ref("cri_base.group_manager")
        cls.trainer_group = ref("cri_base.group_trainer")

        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        cls.manager_cric = user("dash-manager-cric", "cri_base.group_manager", cls.company_cric)
        cls.manager_cai = user("dash-manager-cai", "cri_base.group_manager", cls.company_cai)
        cls.trainer = user("dash-trainer", "cri_base.group_trainer", cls.company_cric)
        cls.reception = user("dash-reception", "cri_base.group_reception_agent", cls.company_cric)
        cls.action = ref("cri_base.action_cri_center")
        cls.centres = cls.env["cri.dashboard.tile"].create(
            {
                "name": "Centres",
                "section": "centre",
                "group_ids": [Command.set(cls.manager_group.ids)],
                "res_model": "cri.center",
                "domain": "[]",
                "action_id": cls.action.id,
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": "Dashboard Test A", "partner_latitude": 10.0, "partner_longitude": 40.0},
                {"name": "Dashboard Test B", "partner_latitude": 20.0, "partner_longitude": 80.0},
            ]
        )

    @classmethod
    def make_tile(cls, **vals):
        return cls.env["cri.dashboard.tile"].create(
            {
                "name": "A figure",
                "section": "centre",
                "group_ids": [Command.set(cls.manager_group.ids)],
                "res_model": "res.partner",
                "domain": f"[('id', 'in', {cls.partners.ids})]",
                "action_id": cls.env.ref("contacts.action_contacts").id,
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestDashboardFigures(DashboardCommon, TransactionCase):
    def figure(self, tile, user):
        return tile.with_user(user).with_context(lang="fr_BE")

    def test_a_figure_counts_what_its_reader_may_read(self):
        for manager, company in (
            (self.manager_cric, self.company_cric),
            (self.manager_cai, self.company_cai),
        ):
            tile = self.figure(self.centres, manager)
            expected = self.env["cri.center"].search_count([("company_id", "=", company.id)])
            self.assertEqual(tile.value, expected)
            self.assertGreater(expected, 0)
            self.assertEqual(tile.value_display, str(expected))
            action = tile.action_open()
            found = self.env["cri.center"].with_user(manager).search(action["domain"])
            self.assertEqual(found.company_id, company, "the drill-down shows the manager's own CRI only")
            self.assertEqual(len(found), expected)

    def test_a_figure_is_shown_to_its_roles_only(self):
        Tile = self.env["cri.dashboard.tile"]
        self.assertIn(self.centres, Tile.with_user(self.manager_cric).search([]))
        self.assertNotIn(self.centres, Tile.with_user(self.reception).search([]))
        with self.assertRaises(AccessError):
            self.centres.with_user(self.reception).read(["value_display"])
        # a role a manager implies (trainer) shows the figure to trainers, unless the manager is excluded
        trainer_tile = self.make_tile(group_ids=[Command.set(self.trainer_group.ids)])
        self.assertIn(trainer_tile, Tile.with_user(self.trainer).search([]))
        self.assertIn(trainer_tile, Tile.with_user(self.manager_cric).search([]))
        trainer_tile.exclude_group_ids = self.manager_group
        self.assertIn(trainer_tile, Tile.with_user(self.trainer).search([]))
        self.assertNotIn(trainer_tile, Tile.with_user(self.manager_cric).search([]))

    def test_sums_averages_and_shares(self):
        sum_tile = self.make_tile(measure="sum", field_name="partner_latitude", unit="hours")
        self.assertEqual(self.figure(sum_tile, self.manager_cric).value_display, "30 h")
        avg_tile = self.make_tile(measure="avg", field_name="partner_latitude", unit="percent")
        self.assertEqual(self.figure(avg_tile, self.manager_cric).value_display, "15 %")
        share = self.make_tile(
            measure="ratio",
            field_name="partner_latitude",
            base_field_name="partner_longitude",
            unit="percent",
        )
        self.assertEqual(self.figure(share, self.manager_cric).value, 25.0)
        self.assertEqual(self.figure(share, self.manager_cric).value_display, "25 %")
        # over no record, an average or a share is no figure, not 0 %
        share.domain = "[('id', '=', 0)]"
        self.assertEqual(self.figure(share, self.manager_cric).value_display, "-")
        avg_tile.domain = "[('id', '=', 0)]"
        self.assertEqual(self.figure(avg_tile, self.manager_cric).value_display, "-")

    def test_an_alert_reads_only_when_something_is_late(self):
        tile = self.make_tile(alert=True)
        self.assertTrue(self.figure(tile, self.manager_cric).is_alert)
        tile.domain = "[('id', '=', 0)]"
        self.assertFalse(self.figure(tile, self.manager_cric).is_alert)
        self.assertEqual(self.figure(tile, self.manager_cric).value_display, "0")

    def test_dates_in_a_figure_follow_the_legal_today(self):
        ids = self.partners.ids
        tile = self.make_tile(domain=f"[('id', 'in', {ids}), ('create_date', '>=', year_start.isoformat())]")
        self.assertEqual(self.figure(tile, self.manager_cric).value, 2)
        tomorrow = "(now + relativedelta(days=1)).strftime('%Y-%m-%d')"
        tile.domain = f"[('id', 'in', {ids}), ('create_date', '>', {tomorrow})]"
        self.assertEqual(self.figure(tile, self.manager_cric).value, 0)

    def test_a_reader_who_may_not_read_the_records_gets_no_figure(self):
        tile = self.make_tile(
            res_model="res.users", domain="[]", group_ids=[Command.set(self.manager_group.ids)]
        )
        portal_like = self.manager_cric
        # managers read users; a figure of a model its reader cannot read shows a dash
        self.assertNotEqual(self.figure(tile, portal_like).value_display, "-")
        tile.res_model = "ir.config_parameter"
        self.assertEqual(self.figure(tile, portal_like).value_display, "-")
        with self.assertRaises(UserError):
            tile.with_user(portal_like).action_open()

    def test_the_drill_down_opens_a_list_without_default_filters(self):
        action = self.figure(self.centres, self.manager_cric).action_open()
        self.assertEqual(action["views"][0][1], "list")
        self.assertEqual(action["name"], self.centres.name)
        self.assertFalse([key for key in action["context"] if key.startswith("search_default_")])


@tagged("post_install", "-at_install")
class TestDashboardRpc(DashboardCommon, RpcMixin, HttpCase):
    """The figures are data of the settings' administrators: no CRI role writes one, not even
    through the web client's RPC."""

    def test_no_cri_role_writes_a_figure(self):
        for login in ("dash-manager-cric", "dash-reception"):
            self.assertRefused(
                self.call_kw(
                    login, "cri.dashboard.tile", "write", [self.centres.ids, {"domain": "[(1, '=', 1)]"}]
                )
            )
            self.assertRefused(
                self.call_kw(
                    login,
                    "cri.dashboard.tile",
                    "create",
                    [{"name": "x", "res_model": "res.users", "domain": "[]", "action_id": self.action.id}],
                )
            )
            self.assertRefused(self.call_kw(login, "cri.dashboard.tile", "unlink", [self.centres.ids]))
        self.assertEqual(self.centres.domain, "[]")

    def test_another_roles_figure_is_refused_by_id(self):
        self.assertRefused(
            self.call_kw("dash-reception", "cri.dashboard.tile", "action_open", [self.centres.ids])
        )
        result, error = self.call_kw(
            "dash-manager-cric", "cri.dashboard.tile", "action_open", [self.centres.ids]
        )
        self.assertIsNone(error)
        self.assertEqual(result["res_model"], "cri.center")

    def test_the_managers_land_on_their_dashboard(self):
        self.authenticate("dash-manager-cric", "dash-manager-cric")
        home = self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]
        self.assertEqual(home, self.env.ref("cri_base.action_cri_dashboard").id)
