import io
from datetime import date

from openpyxl import load_workbook

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import YEAR, ReportingCommon

HEADER_ROW = 7  # the header of every table, below the title and the filters (1-based)


@tagged("post_install", "-at_install")
class TestExport(ReportingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.files(7, date(YEAR, 3, 10))
        cls.files(3, date(YEAR, 4, 12), nationality=cls.syria)
        cls.files(2, date(YEAR, 5, 20), commune=cls.namur_commune)
        # the Region's tables leave the CRIs with the monthly snapshots only
        cls.may = cls.env["cri.reporting.snapshot"]._take_month(date(YEAR, 5, 1))

    def export(self, user, kind, company=None):
        wizard = (
            self.env["cri.reporting.export"]
            .with_user(user)
            .create({"kind": kind, "year": YEAR, "company_id": (company or user.company_id).id})
        )
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx("cri_reporting.action_report_cri_reporting_tables_xlsx", wizard.ids, {})
        )
        self.assertEqual(report_type, "xlsx")
        return load_workbook(io.BytesIO(content))

    @staticmethod
    def grid(sheet):
        """{row label: {column label: value}} of a table sheet, totals included."""
        header = [cell.value for cell in sheet[HEADER_ROW]]
        return {
            row[0]: dict(zip(header[1:], row[1:], strict=True))
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        }

    def sheet_of(self, workbook, title):
        """The sheet of the table whose title (in A1) holds ``title``."""
        (sheet,) = [sheet for sheet in workbook.worksheets if title in (sheet["A1"].value or "")]
        return sheet

    def published(self, snapshots, code):
        """(title, {col key: label}) of a table as ``snapshots`` published it (in the CRIs'
        language, whoever exports it)."""
        lines = snapshots.line_ids.filtered(lambda line: line.table_code == code)
        return lines[0].table_title, {line.col_key: line.col_label for line in lines}

    def test_cri_export_has_the_exact_figures_of_the_cri(self):
        workbook = self.export(self.manager, "cri")
        sheet = self.sheet_of(workbook, "by commune")
        self.assertEqual(sheet["A1"].value, "Entries by commune and eligibility")
        filters = " / ".join(str(sheet.cell(row, 1).value) for row in range(2, 6))
        self.assertIn(self.company_cric.name, filters)
        self.assertIn(f"01/01/{YEAR}", filters)
        self.assertIn("Exact figures", filters)
        self.assertEqual(sheet.freeze_panes, f"B{HEADER_ROW + 1}")
        grid = self.grid(sheet)
        expected = self.env["cri.pathway"].search_count(
            [
                ("company_id", "=", self.company_cric.id),
                ("commune_id", "=", self.charleroi.id),
                ("eligibility", "=", "mandatory"),
                ("registration_date", ">=", date(YEAR, 1, 1)),
                ("registration_date", "<=", date(YEAR, 12, 31)),
            ]
        )
        self.assertEqual(expected, 10)
        self.assertEqual(grid[self.charleroi.display_name]["Primo-arrivant: mandatory"], expected)
        self.assertEqual(grid["Total"]["Total"], expected)
        nationality = self.grid(self.sheet_of(workbook, "by nationality"))
        self.assertEqual(nationality[self.syria.display_name]["Male"], 3, "inside the CRI, 3 is 3")
        self.assertNotIn(self.namur_commune.display_name, grid, "nothing of another CRI")

    def test_region_export_hides_small_counts_beyond_recomputation(self):
        workbook = self.export(self.observer, "region")
        title, labels = self.published(self.may, "region_eligibility")
        sheet = self.sheet_of(workbook, title)
        self.assertIn("<5", " ".join(str(sheet.cell(row, 1).value) for row in range(2, 6)))
        grid = self.grid(sheet)
        mandatory = labels["mandatory"]
        self.assertEqual(grid[self.company_cai.name][mandatory], "<5")
        # the column total would reveal CAI's 2 but for another hidden cell: the other CRIs have
        # no file (a zero protects nothing), so CRIC's 10 is hidden too
        self.assertEqual(grid[self.company_cric.name][mandatory], "<5")
        self.assertTrue(all(self.may.mapped("audit_passed")))
        # no line (row or column, totals included) has a single hidden cell
        columns = list(next(iter(grid.values())))
        for label, line in grid.items():
            self.assertNotEqual(list(line.values()).count("<5"), 1, label)
        for column in columns:
            self.assertNotEqual([line[column] for line in grid.values()].count("<5"), 1, column)
        for name in workbook.sheetnames:
            for row in workbook[name].iter_rows(values_only=True):
                self.assertFalse(any("Testperson" in str(value) for value in row), "no name leaves a CRI")

    def test_iweps_file_is_flat_with_the_statistical_marker(self):
        workbook = self.export(self.observer, "iweps")
        self.assertEqual(workbook.sheetnames, ["IWEPS"])
        sheet = workbook["IWEPS"]
        self.assertEqual(sheet.freeze_panes, f"A{HEADER_ROW + 1}")
        rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
        cai = [row for row in rows if row[1] == "region_eligibility" and row[3] == self.company_cai.name]
        self.assertIn(":c", [row[5] for row in cai])
        self.assertTrue(all(row[2] == YEAR for row in rows))

    def test_two_exports_of_a_year_are_the_same_publication(self):
        """An export re-publishes the year's last snapshot: a file registered in between changes
        nothing, so that two exports cannot be subtracted (one person more in a cell)."""
        before = {name: list(sheet.iter_rows(values_only=True)) for name, sheet in self.sheets(self.observer)}
        self.files(1, date(YEAR, 6, 2), commune=self.namur_commune)
        after = {name: list(sheet.iter_rows(values_only=True)) for name, sheet in self.sheets(self.observer)}
        for name, rows in before.items():
            # the line saying when the workbook was made aside
            self.assertEqual(
                [row for row in rows if not str(row[0]).startswith("Generated")],
                [row for row in after[name] if not str(row[0]).startswith("Generated")],
                name,
            )

    def sheets(self, user):
        workbook = self.export(user, "region")
        return [(name, workbook[name]) for name in workbook.sheetnames]

    def test_the_region_export_follows_the_snapshots_and_keeps_the_pattern_of_the_months(self):
        # May: 2 files in CAI, hidden; in June 8 more, yet what May hid stays hidden
        region_may = self.may.filtered(lambda s: s.scope == "region")
        hidden = {key for key, line in self.cells(region_may, "region_eligibility").items() if line.hidden}
        self.assertIn((str(self.company_cai.id), "mandatory"), hidden)
        self.files(8, date(YEAR, 6, 2), commune=self.namur_commune)
        june = self.Snapshot._take_month(date(YEAR, 6, 1))
        title, labels = self.published(june, "region_eligibility")
        sheet = self.sheet_of(self.export(self.observer, "region"), title)
        self.assertIn("30/06", " ".join(str(sheet.cell(row, 1).value) for row in range(2, 6)))
        grid = self.grid(sheet)
        total = labels["__total__"]
        names = {str(company.id): company.name for company in self.Table._cri_companies()}
        # the workbook is the June snapshot, cell by cell
        region_june = june.filtered(lambda s: s.scope == "region")
        for (row, col), line in self.cells(region_june, "region_eligibility").items():
            shown = grid[names.get(row, total)][labels[col]]
            self.assertEqual(shown, "<5" if line.hidden else line.published_value, (row, col))
        self.assertIn(20, [line.sudo().value for line in region_june.line_ids], "June's 20 files")
        for row, col in hidden:
            self.assertEqual(grid[names.get(row, total)][labels[col]], "<5", (row, col))

    def test_a_year_without_snapshot_is_not_exported_for_the_region(self):
        for kind in ("region", "iweps"):
            wizard = (
                self.env["cri.reporting.export"]
                .with_user(self.observer)
                .create({"kind": kind, "year": YEAR - 1})
            )
            with self.assertRaisesRegex(UserError, "published"):
                wizard.action_export()
        # a CRI's own exact figures are its own, live
        self.export(self.manager, "cri")

    def test_each_reader_is_offered_the_exports_it_may_have(self):
        Export = self.env["cri.reporting.export"]
        for user, kinds in (
            (self.observer, ["region", "iweps"]),
            (self.manager, ["cri", "region", "iweps"]),
            (self.social_worker, []),
        ):
            with self.subTest(user=user.login):
                offered = Export.with_user(user).fields_get(["kind"])["kind"]["selection"]
                self.assertEqual([kind for kind, _label in offered], kinds)

    def test_exact_figures_stay_in_their_cri(self):
        with self.assertRaises(AccessError):
            self.export(self.manager, "cri", company=self.company_cai)
        for user in (self.observer, self.social_worker):
            with self.assertRaises(AccessError):
                self.export(user, "cri", company=self.company_cric)
        with self.assertRaises(AccessError):
            self.export(self.social_worker, "region")
        wizard = (
            self.env["cri.reporting.export"].with_user(self.observer).create({"kind": "region", "year": 1990})
        )
        with self.assertRaisesRegex(UserError, "year"):
            wizard.action_export()
