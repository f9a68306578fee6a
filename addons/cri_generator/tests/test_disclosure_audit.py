"""The month's snapshots of generated data (thousands of files in the eight CRIs), attacked as a
reader of every published table would: all the tables of the month, the Region's and every
CRI's, one linear program per hidden small count, written here from the published lines alone,
independently of the suppression and of its audit (cri_reporting's tools/linked.py)."""

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_base.tools import legal_today
from odoo.addons.cri_generator import generator
from odoo.addons.cri_reporting.tests import attacker

FILES = 3000


@tagged("post_install", "-at_install")
class TestAuditOfGeneratedData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        generator.generate(
            cls.env,
            files=FILES,
            years=1,
            attendance=4 * FILES,
            applications=0,
            expenses=0,
            sessions=0,
            registrations=0,
            seed=11,
        )
        # months the demo data did not snapshot (it takes the last two)
        cls.month = legal_today().replace(day=1) - relativedelta(months=3)
        Snapshot = cls.env["cri.reporting.snapshot"]
        # the month before too: its pattern is kept by the month audited
        cls.earlier = Snapshot._take_month(cls.month - relativedelta(months=1))
        cls.snapshots = Snapshot._take_month(cls.month)
        params = cls.env["ir.config_parameter"].sudo()
        cls.k = int(params.get_param("cri_reporting.k_threshold", 5))
        cls.level = float(params.get_param("cri_reporting.protection_level", cls.k - 1))
        cls.ratio = float(params.get_param("cri_reporting.protection_ratio", 10)) / 100

    # ---------------------------------------------------------------- the verdicts
    def test_the_month_published_thousands_of_files_in_the_eight_cris(self):
        self.assertEqual(len(self.snapshots), 9, "every CRI's snapshot and the Region's")
        region = self.snapshots.filtered(lambda snapshot: snapshot.scope == "region")
        total = region.line_ids.sudo().filtered(
            lambda line: (
                line.table_code == "region_gender"
                and line.row_key == attacker.TOTAL
                and line.col_key == attacker.TOTAL
            )
        )
        self.assertGreater(total.value, FILES / 3, "months of a year of files")
        self.assertTrue(
            any(line.hidden for line in self.snapshots.line_ids.sudo()), "small counts were hidden"
        )

    def test_no_hidden_small_count_can_be_narrowed_by_a_reader_of_every_table(self):
        index, equations, published, hidden = attacker.published_system(self.env, self.snapshots)
        # last month's published figures of the year: floors of this month's
        floors = attacker.earlier_floors(self.env, index, hidden, self.earlier)
        self.assertTrue(floors, "last month published cells hidden this month")
        quantities = {variable: cell[2] for cell, variable in index.items()}
        checked = checked_grown = 0
        for variable, (people, value) in sorted(hidden.items()):
            small = 0 < people < self.k
            # a count that grew by less than k since last month: the growth is a small count
            grown = quantities[variable] == "count" and 0 < value - floors.get(variable, value) < self.k
            if not (small or grown):
                continue
            low, high = attacker.bounds(variable, equations, published, floors)
            # people: the protection level; hours: a share of them, at least one
            required = self.level if quantities[variable] == "count" else max(self.ratio * value, 1.0)
            checked_grown += grown
            checked += 1
            self.assertGreaterEqual(
                high - low + 1e-6,
                required,
                f"{quantities[variable]} of a cell of {people} people ({value}) narrowed to [{low}, {high}]",
            )
            self.assertLessEqual(low - 1e-6, value)
            self.assertGreaterEqual(high + 1e-6, value)
        self.assertGreater(checked, 20, "the generated month has small counts to protect")
        self.assertTrue(checked_grown, "and counts that grew by less than k since last month")

    def test_each_snapshot_keeps_the_summary_of_its_audit(self):
        for snapshot in self.snapshots:
            self.assertTrue(snapshot.audit_passed, snapshot.name)
            self.assertGreaterEqual(snapshot.audit_narrowest, 1.0 - 1e-6, snapshot.name)
        self.assertGreater(sum(self.snapshots.mapped("audit_protected")), 0)

    def test_a_hidden_count_reads_under_k_and_hidden_hours_read_confidential(self):
        Table = self.env["cri.reporting.table"]
        lines = self.snapshots.line_ids.with_context(lang="fr_BE").filtered("hidden")
        measured = {spec.code for spec in Table._table_specs() if spec.measure}
        hours = lines.filtered(lambda line: line.table_code in measured)
        self.assertTrue(hours, "the modules' hours have hidden cells")
        self.assertEqual(set(hours.mapped("display_value")), {"confidentiel"})
        self.assertEqual(set((lines - hours).mapped("display_value")), {f"<{self.k}"})
