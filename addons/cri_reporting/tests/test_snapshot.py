from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_reporting.tools.suppression import TOTAL, determined

from . import attacker
from .common import YEAR, ReportingCommon


@tagged("post_install", "-at_install")
class TestSnapshot(ReportingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.morocco_files = cls.files(7, date(YEAR, 1, 10))
        cls.france_files = cls.files(6, date(YEAR, 1, 11), nationality=cls.france)
        cls.syria_files = cls.files(3, date(YEAR, 1, 12), nationality=cls.syria)
        cls.cai_files = cls.files(2, date(YEAR, 1, 20), commune=cls.namur_commune)

    def take(self, number):
        return self.Snapshot._take_month(self.month(number))

    def one(self, snapshots, company=None):
        scope = "cri" if company else "region"
        return snapshots.filtered(
            lambda s: s.scope == scope and s.company_id == (company or s.company_id.browse())
        )

    def assertSafe(self, snapshot, table_code):
        """No hidden cell of the table can be recomputed from its published cells."""
        lines = self.cells(snapshot, table_code)
        rows = sorted({row for row, _col in lines} - {TOTAL})
        cols = sorted({col for _row, col in lines} - {TOTAL})
        hidden = {key for key, line in lines.items() if line.hidden}
        self.assertFalse(determined(hidden, rows, cols), f"{table_code}: recomputable hidden cells")

    def test_monthly_job_takes_every_cri_and_the_region_once(self):
        with freeze_time(f"{YEAR}-02-03"):
            taken = self.Snapshot._cron_monthly_snapshots()
        centers = self.env["cri.center"].search([])
        self.assertEqual(len(taken), len(centers) + 1)
        self.assertEqual(set(taken.mapped("period")), {self.month(1)})
        self.assertEqual(taken.filtered(lambda s: s.scope == "cri").company_id, centers.company_id)
        with freeze_time(f"{YEAR}-02-20"):
            self.assertFalse(self.Snapshot._cron_monthly_snapshots(), "a month is taken once")

    def test_snapshot_figures_are_those_of_the_files(self):
        cric = self.one(self.take(1), self.company_cric)
        self.assertEqual((cric.date_from, cric.date_to), (date(YEAR, 1, 1), date(YEAR, 1, 31)))
        commune = self.cells(cric, "pathway_commune")
        Pathway = self.env["cri.pathway"]
        period = [
            ("registration_date", ">=", date(YEAR, 1, 1)),
            ("registration_date", "<=", date(YEAR, 1, 31)),
        ]
        expected = Pathway.search_count(
            [*period, ("commune_id", "=", self.charleroi.id), ("eligibility", "=", "mandatory")]
        )
        self.assertEqual(expected, 10, "the French are not primo-arrivants")
        self.assertEqual(commune[str(self.charleroi.id), "mandatory"].sudo().value, expected)
        total = Pathway.search_count([*period, ("company_id", "=", self.company_cric.id)])
        self.assertEqual(total, 16)
        self.assertEqual(commune[TOTAL, TOTAL].sudo().value, total)
        nationality = self.cells(cric, "pathway_nationality")
        self.assertEqual(nationality[str(self.syria.id), "male"].sudo().people_count, 3)
        # the Region's table has the CRIs as rows
        region = self.cells(self.one(self.take(2)), "region_eligibility")
        self.assertEqual(region[str(self.company_cai.id), "mandatory"].sudo().value, 2)

    def test_small_counts_are_hidden_and_cannot_be_recomputed(self):
        january = self.take(1)
        cric = self.one(january, self.company_cric)
        nationality = self.cells(cric, "pathway_nationality")
        syria = nationality[str(self.syria.id), "male"]
        self.assertTrue(syria.hidden)
        self.assertFalse(syria.published_value)
        self.assertEqual(syria.display_value, "<5")
        self.assertTrue(syria.sudo().primary)
        # 7 people are not a small count: hidden or not, not for their own sake
        self.assertFalse(nationality[str(self.morocco.id), "male"].sudo().primary)
        # the two-line sums of Syria (its row and the males' column) need another hidden cell each:
        # the cheapest, France, which is hidden without being a small count
        france = nationality[str(self.france.id), "male"]
        self.assertTrue(france.hidden)
        self.assertFalse(france.sudo().primary)
        for code in {line.table_code for line in cric.line_ids}:
            self.assertSafe(cric, code)
        region = self.one(january)
        cai = self.cells(region, "region_eligibility")[str(self.company_cai.id), "mandatory"]
        self.assertTrue(cai.hidden)
        self.assertSafe(region, "region_eligibility")

    def test_the_pattern_is_kept_from_month_to_month(self):
        january = self.one(self.take(1), self.company_cric)
        # February: 9 more Syrians (12 this year), 2 more Moroccans (9 this year)
        self.files(9, date(YEAR, 2, 5), nationality=self.syria)
        self.files(2, date(YEAR, 2, 6))
        february = self.one(self.take(2), self.company_cric)
        before, after = (
            self.cells(january, "pathway_nationality"),
            self.cells(february, "pathway_nationality"),
        )
        syria, morocco = (str(self.syria.id), "male"), (str(self.morocco.id), "male")
        self.assertEqual(after[syria].sudo().people_count, 12)
        self.assertTrue(after[syria].hidden, "hidden in January, hidden in February")
        self.assertFalse(before[morocco].sudo().primary, "7 people are not a small count")
        self.assertTrue(after[morocco].hidden, "7 then 9: the difference would reveal 2 people")
        hidden_before = {key for key, line in before.items() if line.hidden}
        hidden_after = {key for key, line in after.items() if line.hidden}
        self.assertLessEqual(hidden_before, hidden_after)
        self.assertSafe(february, "pathway_nationality")
        # a new year starts afresh: nothing forces January of the next year
        self.files(12, date(YEAR + 1, 1, 5), nationality=self.syria)
        self.files(9, date(YEAR + 1, 1, 5))
        next_year = self.one(self.Snapshot._take_month(date(YEAR + 1, 1, 1)), self.company_cric)
        self.assertFalse(self.cells(next_year, "pathway_nationality")[syria].hidden)

    def test_threshold_is_configurable(self):
        self.env["ir.config_parameter"].set_param("cri_reporting.k_threshold", "3")
        cric = self.one(self.take(1), self.company_cric)
        self.assertEqual(cric.k_threshold, 3)
        self.assertFalse(self.cells(cric, "pathway_nationality")[str(self.syria.id), "male"].primary)
        self.env["ir.config_parameter"].set_param("cri_reporting.k_threshold", "one")
        with self.assertRaisesRegex(UserError, "cri_reporting.k_threshold"):
            self.take(2)

    def test_a_snapshot_is_frozen(self):
        cric = self.one(self.take(1), self.company_cric)
        lines = cric.line_ids
        figures = lines.sudo().sorted("id").read(["value", "published_value", "hidden"])
        # not even the superuser changes them
        for env_user in (self.env, cric.with_user(self.manager).env):
            snapshot, line = cric.with_env(env_user), lines[:1].with_env(env_user)
            with self.assertRaises(UserError):
                snapshot.write({"state": "superseded"})
            with self.assertRaises(UserError):
                snapshot.unlink()
            with self.assertRaises(UserError):
                line.write({"published_value": 999})
            with self.assertRaises(UserError):
                line.unlink()
        with self.assertRaises(AccessError):
            self.Snapshot.create({"scope": "region", "period": self.month(5), "date_from": date(YEAR, 1, 1),
                                  "date_to": date(YEAR, 5, 31)})  # fmt: skip
        # files registered late do not change what was published
        self.files(4, date(YEAR, 1, 25))
        self.env.invalidate_all()
        self.assertEqual(
            cric.line_ids.sudo().sorted("id").read(["value", "published_value", "hidden"]), figures
        )

    def test_a_correction_is_a_new_version_with_its_reason(self):
        cric = self.one(self.take(1), self.company_cric)
        late = self.files(6, date(YEAR, 1, 28))
        mine = cric.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "reason"):
            mine._correct("   ")
        for intruder in (self.manager_cai, self.observer, self.social_worker):
            with self.assertRaises(AccessError):
                cric.with_user(intruder)._correct("not mine")
        wizard = (
            self.env["cri.reporting.snapshot.correction"]
            .with_user(self.manager)
            .create({"snapshot_id": cric.id, "reason": "Files registered late by the commune"})
        )
        action = wizard.action_correct()
        new = self.Snapshot.browse(action["res_id"])
        self.assertEqual((new.version, new.previous_version_id, new.state), (2, cric, "current"))
        self.assertEqual(cric.state, "superseded")
        self.assertEqual(new.reason, "Files registered late by the commune")
        commune = (str(self.charleroi.id), "mandatory")
        self.assertEqual(self.cells(new, "pathway_commune")[commune].sudo().value, 10 + len(late))
        self.assertEqual(
            self.cells(cric, "pathway_commune")[commune].sudo().value, 10, "the old version is kept"
        )
        self.assertIn("Files registered late", cric.message_ids[:1].body)
        with self.assertRaisesRegex(UserError, "current version"):
            cric.with_user(self.manager)._correct("again")
        # a cell hidden before stays hidden in the correction
        old_hidden = {key for key, line in self.cells(cric, "pathway_nationality").items() if line.hidden}
        new_hidden = {key for key, line in self.cells(new, "pathway_nationality").items() if line.hidden}
        self.assertLessEqual(old_hidden, new_hidden)

    def test_region_correction_is_for_a_region_administrator(self):
        region = self.one(self.take(1))
        with self.assertRaises(AccessError):
            region.with_user(self.manager)._correct("not mine")
        new = region.with_user(self.region_admin)._correct("A CRI sent its files late")
        self.assertEqual(new.version, 2)

    def test_a_correction_is_audited_with_the_version_it_replaces(self):
        """One late file: read next to the version it replaces, the correction would give away a
        person in every cell it changed by less than the threshold. Those cells are hidden, and
        an attacker reading the new tables (the old ones give the old values) cannot narrow them
        below the protection level."""
        cric = self.one(self.take(1), self.company_cric)
        self.files(1, date(YEAR, 1, 29), nationality=self.syria, gender="female")
        new = cric.with_user(self.manager)._correct("A file registered late")
        self.assertEqual(new.version, 2)
        old_lines = {(line.table_code, line.row_key, line.col_key): line for line in cric.line_ids.sudo()}
        changed = []
        for line in new.line_ids.sudo():
            old = old_lines[line.table_code, line.row_key, line.col_key]
            if 0 < abs(line.people_count - old.people_count) < cric.k_threshold and not old.hidden:
                changed.append(line)
        self.assertTrue(changed, "the late file changed published cells by one")
        self.assertTrue(all(line.hidden for line in changed), "a cell changed by one is hidden")
        self.assertTrue(new.audit_passed)
        self.assertGreater(new.audit_protected, 0)
        index, equations, published, _hidden = attacker.published_system(self.env, new)
        level = self.env["cri.reporting.publication"]._protection_level(new.k_threshold)
        checked = 0
        Table = self.env["cri.reporting.table"]
        changed_cells = {attacker.cell_of(line, Table._spec(line.table_code)): line for line in changed}
        for cell, variable in index.items():
            line, quantity = changed_cells.get(cell), cell[2]
            if not line or quantity != "count":
                continue
            low, high = attacker.bounds(variable, equations, published)
            self.assertGreaterEqual(
                high - low + 1e-6, level, f"{line.table_code} {line.row_key} {line.col_key}"
            )
            checked += 1
        self.assertTrue(checked)
