from collections import Counter
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.cri_reporting.tests.common import YEAR, ReportingCommon

ACTIONS = "cri.reporting.coordination.action"
INDICATORS = "cri.reporting.coordination.indicator"
OFFICER = "cri_coordination.group_coordination_officer"
# the plans run after the year of the pathway's test files: that year is the plan's diagnosis
PLAN_START = YEAR + 3


class CoordinationStatisticsCommon(ReportingCommon):
    """Two CRIs' plans with actions in several life domains, states and communes, indicators with
    yearly values, their coordination officers and the Region's observer; the pathway's files of
    the year before the plans are the figures of their territory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chatelet = cls.env.ref("cri_base.commune_52012")
        cls.officer = cls._user("stats-coord-officer-cric", OFFICER, cls.company_cric)
        cls.officer_cai = cls._user("stats-coord-officer-cai", OFFICER, cls.company_cai)
        cls.trainer = cls._user("stats-coord-trainer", "cri_base.group_trainer", cls.company_cric)
        cls.portal = new_test_user(cls.env, login="stats-coord-portal", groups="base.group_portal")
        cls.plan_cric = cls._plan(cls.company_cric, "Plan statistique CRIC", cls.charleroi | cls.chatelet)
        cls.plan_cai = cls._plan(cls.company_cai, "Plan statistique CAI", cls.namur_commune)
        p = PLAN_START
        cls.housing = cls._action(cls.plan_cric, "housing", cls.charleroi, date(p, 3, 1))
        cls.shared = cls._action(
            cls.plan_cric, "housing", cls.charleroi | cls.chatelet, date(p, 4, 15), "running"
        )
        cls.school = cls._action(cls.plan_cric, "education", cls.env["cri.commune"], None, "done")
        cls.given_up = cls._action(cls.plan_cric, "education", cls.chatelet, date(p + 1, 2, 1), "abandoned")
        cls.namur_action = cls._action(cls.plan_cai, "housing", cls.namur_commune, date(p, 6, 1), "running")
        cls.cric_actions = cls.housing | cls.shared | cls.school | cls.given_up
        cls.actions = cls.cric_actions | cls.namur_action
        Indicator = cls.env["cri.coordination.indicator"]
        cls.people_informed, cls.sessions, cls.namur_indicator = Indicator.create(
            [
                {"name": "Personnes informées", "action_id": cls.shared.id, "target": 200},
                {"name": "Séances", "action_id": cls.shared.id, "target": 10},
                {"name": "Ménages logés", "action_id": cls.namur_action.id, "target": 0},
            ]
        )
        cls.env["cri.coordination.indicator.value"].create(
            [
                {"indicator_id": cls.people_informed.id, "year": p, "value": 50},
                {"indicator_id": cls.people_informed.id, "year": p + 1, "value": 150},
                {"indicator_id": cls.sessions.id, "year": p, "value": 5},
                {"indicator_id": cls.namur_indicator.id, "year": p, "value": 3},
            ]
        )

    @classmethod
    def _plan(cls, company, name, communes):
        priorities = [
            Command.create({"name": f"Priorité {domain}", "life_domain": domain})
            for domain in ("housing", "education")
        ]
        return cls.env["cri.coordination.plan"].create(
            {
                "name": name,
                "company_id": company.id,
                "year_start": PLAN_START,
                "year_end": PLAN_START + 5,
                "commune_ids": [Command.set(communes.ids)],
                "priority_ids": priorities,
            }
        )

    @classmethod
    def _action(cls, plan, domain, communes, date_start, state="planned"):
        action = cls.env["cri.coordination.action"].create(
            {
                "name": f"Action {domain} {len(plan.action_ids) + 1}",
                "plan_id": plan.id,
                "priority_id": plan.priority_ids.filtered(lambda p: p.life_domain == domain).id,
                "commune_ids": [Command.set(communes.ids)],
                "date_start": date_start,
            }
        )
        moves = {
            "running": ["action_start"],
            "done": ["action_start", "action_done"],
            "abandoned": ["action_abandon"],
        }
        for move in moves.get(state, []):
            getattr(action, move)()
        return action

    @staticmethod
    def _started(action):
        return action.date_start or date(action.plan_id.year_start, 1, 1)


@tagged("post_install", "-at_install")
class TestActionStatistics(CoordinationStatisticsCommon, TransactionCase):
    """The statistics of the plans' actions and indicators against the actions created."""

    def test_the_fixture_is_what_the_figures_are_about(self):
        self.assertEqual(self.actions.mapped("state"), ["planned", "running", "done", "abandoned", "running"])
        self.assertEqual(self.shared.indicator_ids.mapped("progress"), [75.0, 50.0])

    def test_each_action_has_its_row_with_the_actions_figures(self):
        rows = self.env[ACTIONS].search([("plan_id", "in", (self.plan_cric | self.plan_cai).ids)])
        self.assertEqual(set(rows.ids), set(self.actions.ids))
        for action in self.actions:
            row = rows.browse(action.id)
            with self.subTest(action=action.name):
                self.assertEqual(
                    (row.company_id, row.plan_id, row.life_domain, row.state, row.commune_ids),
                    (action.company_id, action.plan_id, action.life_domain, action.state, action.commune_ids),
                )
                self.assertEqual(row.date_start, self._started(action))
                self.assertEqual(row.indicator_count, len(action.indicator_ids))
        self.assertAlmostEqual(self.env[ACTIONS].browse(self.shared.id).progress, (75 + 50) / 2)
        self.assertEqual(self.env[ACTIONS].browse(self.school.id).date_start, date(PLAN_START, 1, 1))

    def test_the_counts_by_cri_life_domain_and_status_match_the_actions(self):
        domain = [("plan_id", "in", (self.plan_cric | self.plan_cai).ids)]
        groups = self.env[ACTIONS]._read_group(
            domain, ["company_id", "life_domain", "state"], ["action_count:sum", "__count"]
        )
        found = {(c, d, s): total for c, d, s, total, count in groups}
        self.assertEqual(found, dict(Counter((a.company_id, a.life_domain, a.state) for a in self.actions)))
        self.assertEqual(found[self.company_cric, "housing", "running"], 1)

    def test_an_action_counts_once_in_each_of_its_communes_and_once_in_the_total(self):
        domain = [("plan_id", "=", self.plan_cric.id)]
        by_commune = dict(self.env[ACTIONS]._read_group(domain, ["commune_ids"], ["__count"]))
        self.assertEqual(
            by_commune,
            {self.charleroi: 2, self.chatelet: 2, self.env["cri.commune"]: 1},
        )
        [(total,)] = self.env[ACTIONS]._read_group(domain, [], ["action_count:sum"])
        self.assertEqual(total, 4)

    def test_the_indicator_rows_are_the_yearly_values_and_their_progress(self):
        rows = self.env[INDICATORS].search([("plan_id", "in", (self.plan_cric | self.plan_cai).ids)])
        values = self.actions.indicator_ids.value_ids
        self.assertEqual(set(rows.ids), set(values.ids))
        for value in values:
            row = rows.browse(value.id)
            indicator = value.indicator_id
            with self.subTest(indicator=indicator.name, year=value.year):
                self.assertEqual(
                    (row.company_id, row.action_id, row.indicator_id, row.life_domain, row.date, row.year),
                    (
                        indicator.company_id,
                        indicator.action_id,
                        indicator,
                        indicator.life_domain,
                        date(value.year, 1, 1),
                        str(value.year),
                    ),
                )
                self.assertEqual(row.value, value.value)
                expected = 100.0 * value.value / indicator.target if indicator.target else 0.0
                self.assertAlmostEqual(row.progress, expected)
        [(progress,)] = self.env[INDICATORS]._read_group(
            [("action_id", "=", self.shared.id), ("year", "=", str(PLAN_START))], [], ["progress:avg"]
        )
        self.assertAlmostEqual(progress, (25 + 50) / 2)

    # the Region's table -----------------------------------------------------------------------

    def test_the_region_table_counts_the_actions_by_cri_and_status_unhidden(self):
        Table = self.env["cri.reporting.table"]
        spec = Table._spec("region_coordination_actions")
        self.assertFalse(spec.people, "actions are no persons")
        companies = self.company_cric | self.company_cai
        date_from, date_to = Table._year_bounds(PLAN_START)
        cells = Table._cells(spec, companies, date_from, date_to)
        actions = self.env["cri.coordination.action"].search([("company_id", "in", companies.ids)])
        expected = Counter(
            (str(a.company_id.id), a.state) for a in actions if date_from <= self._started(a) <= date_to
        )
        self.assertEqual(cells.values, dict(expected))
        self.assertEqual(cells.values[str(self.company_cric.id), "running"], 1)
        self.assertNotIn((str(self.company_cric.id), "abandoned"), cells.values, "abandoned the next year")
        self.assertEqual([key for key, _label in cells.cols], ["planned", "running", "done", "abandoned"])
        published = Table._suppress(cells, Table._k_threshold())
        self.assertEqual(published.hidden, set(), "a count of actions is published even when small")

    # access --------------------------------------------------------------------------------------

    def test_a_cri_reads_its_own_actions_and_the_region_every_cri(self):
        domain = [("plan_id", "in", (self.plan_cric | self.plan_cai).ids)]
        for user, expected in (
            (self.officer, self.cric_actions),
            (self.manager, self.cric_actions),
            (self.officer_cai, self.namur_action),
            (self.observer, self.actions),
            (self.region_admin, self.actions),
        ):
            with self.subTest(user=user.login):
                rows = self.env[ACTIONS].with_user(user).search(domain)
                self.assertEqual(set(rows.ids), set(expected.ids))
                groups = self.env[ACTIONS].with_user(user)._read_group(domain, ["company_id"], ["__count"])
                self.assertEqual(dict(groups), dict(Counter(action.company_id for action in expected)))
                values = self.env[INDICATORS].with_user(user).search(domain)
                self.assertEqual(set(values.ids), set(expected.indicator_ids.value_ids.ids))
        with self.assertRaises(AccessError):
            self.env[ACTIONS].browse(self.namur_action.id).with_user(self.officer).read(["state"])

    def test_the_staff_without_coordination_role_and_the_portal_read_no_coordination_statistics(self):
        for user in (self.agent, self.social_worker, self.trainer, self.portal):
            for model in (ACTIONS, INDICATORS):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user)._read_group([], ["company_id"], ["__count"])

    def test_the_menus_show_the_coordination_statistics_to_the_officers_and_the_region(self):
        Menu = self.env["ir.ui.menu"]
        menus = self.env.ref("cri_reporting_coordination.menu_reporting_coordination_action") | self.env.ref(
            "cri_reporting_coordination.menu_reporting_coordination_indicator"
        )
        for user in (self.officer, self.manager, self.observer):
            with self.subTest(user=user.login):
                self.assertEqual(set(menus.ids) - Menu.with_user(user)._visible_menu_ids(), set())
        visible = Menu.with_user(self.officer)._visible_menu_ids()
        self.assertNotIn(self.env.ref("cri_reporting.menu_reporting_pathway").id, visible)
        self.assertFalse(set(menus.ids) & Menu.with_user(self.social_worker)._visible_menu_ids())

    # performance ---------------------------------------------------------------------------------

    def test_reading_the_statistics_grouped_costs_the_same_queries_at_any_size(self):
        Stats = self.env[ACTIONS].with_user(self.officer)
        domain = [("company_id", "=", self.company_cric.id)]
        groupby = ["life_domain", "state", "commune_ids", "date_start:month"]

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Stats.read_group(domain, ["action_count:sum", "progress:avg"], groupby, lazy=False)
            return self.cr.sql_log_count - before

        queries()  # the first reading loads the rules and the fields' metadata: not a cost of the size
        small = queries()
        communes = self.charleroi | self.chatelet
        for month in range(1, 13):
            action = self._action(self.plan_cric, "education", communes, date(PLAN_START + 2, month, 1))
            self.env["cri.coordination.indicator"].create(
                {"name": "Indicateur", "action_id": action.id, "target": 4}
            )
        self.assertEqual(queries(), small)


@tagged("post_install", "-at_install")
class TestTerritoryFigures(CoordinationStatisticsCommon, TransactionCase):
    """The pathway's figures of a plan's communes, read with the reader's rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.charleroi_files = cls.files(3, date(YEAR, 3, 1))
        cls.to_convention(cls.charleroi_files[0], date(YEAR, 4, 1))
        cls.namur_files = cls.files(2, date(YEAR, 5, 1), commune=cls.namur_commune)

    def _rows(self, plan, user):
        plan = plan.with_user(user)
        return {
            (commune.id, year): figures
            for commune, by_year in plan._territory_rows(plan._territory_years())
            for year, figures in by_year.items()
        }

    def test_the_plan_shows_its_communes_figures_from_the_three_years_before_it(self):
        self.assertEqual(self.plan_cric._territory_years()[:3], [YEAR, YEAR + 1, YEAR + 2])
        rows = self._rows(self.plan_cric, self.manager)
        pathways = self.env["cri.pathway"].search(
            [
                ("commune_id", "=", self.charleroi.id),
                ("registration_date", ">=", date(YEAR, 1, 1)),
                ("registration_date", "<=", date(YEAR, 12, 31)),
            ]
        )
        self.assertEqual(pathways, self.charleroi_files)
        self.assertEqual(rows[self.charleroi.id, YEAR], (3, 3, 0))
        self.assertEqual(rows[self.chatelet.id, YEAR], (0, 0, 0))
        html = str(self.plan_cric.with_user(self.manager).territory_figures)
        self.assertIn(self.charleroi.display_name, html)
        self.assertIn(str(YEAR), html)

    def test_a_reader_sees_the_figures_of_its_own_cri_only(self):
        self.assertEqual(self._rows(self.plan_cai, self.manager_cai)[self.namur_commune.id, YEAR], (2, 2, 0))
        self.assertEqual(
            self._rows(self.plan_cai, self.manager)[self.namur_commune.id, YEAR],
            (0, 0, 0),
            "the CRIC's manager reads the CAI's plan, not its files",
        )
        for user in (self.officer, self.observer):
            with self.subTest(user=user.login):
                html = str(self.plan_cric.with_user(user).territory_figures)
                self.assertNotIn(self.charleroi.display_name, html)
                with self.assertRaises(AccessError):
                    self.plan_cric.with_user(user).action_view_territory_statistics()

    def test_the_button_opens_the_pathway_statistics_of_the_plans_communes(self):
        action = self.plan_cric.with_user(self.manager).action_view_territory_statistics()
        self.assertEqual(action["res_model"], "cri.reporting.pathway")
        self.assertEqual(action["domain"], [("commune_id", "in", (self.charleroi | self.chatelet).ids)])
        groups = (
            self.env["cri.reporting.pathway"]
            .with_user(self.manager)
            ._read_group(
                action["domain"] + [("registration_year", "=", str(YEAR))], ["commune_id"], ["__count"]
            )
        )
        self.assertEqual(dict(groups), {self.charleroi: 3})

    def test_the_plan_form_shows_the_page_to_the_readers_of_the_pathway_statistics(self):
        Plan = self.env["cri.coordination.plan"]
        for user, shown in (
            (self.manager, True),
            (self.agent, True),
            (self.officer, False),
            (self.observer, False),
        ):
            with self.subTest(user=user.login):
                arch = Plan.with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertEqual('name="territory_figures"' in arch, shown)
                self.assertEqual("action_view_territory_statistics" in arch, shown)

    def test_the_figures_of_the_territory_read_in_french(self):
        if not self.env["res.lang"]._lang_get("fr_BE"):
            self.skipTest("French (Belgium) is not installed")
        html = str(self.plan_cric.with_user(self.manager).with_context(lang="fr_BE").territory_figures)
        self.assertIn("Entrées", html)
        self.assertIn("Attestations", html)
        self.assertNotIn("Certificates", html)
