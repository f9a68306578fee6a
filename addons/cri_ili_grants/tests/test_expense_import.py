import base64
import io
import zipfile
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today

from .common import PDF, IliCase, IliHttpCase

HEADER = ("Date", "Supplier", "Invoice number", "Description", "Category", "Amount")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_xlsx(rows, header=HEADER):
    """An XLSX as a user fills it in: real dates as dates, the rest as typed; ``None`` leaves a cell empty."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet("Expenses")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, header)
    for index, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(index, column, datetime.combine(value, time()), date_format)
            elif value is not None:
                sheet.write(index, column, value)
    workbook.close()
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestExpenseImport(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant.with_user(cls.agent).action_start()
        cls.today = legal_today()
        cls.day = cls.today - timedelta(days=20)

    def import_file(self, content, user=None, grant=None, filename="expenses.xlsx"):
        wizard = (
            self.env["cri.ili.expense.import"]
            .with_user(user or self.agent)
            .create(
                {
                    "application_id": (grant or self.grant).id,
                    "file": base64.b64encode(content),
                    "filename": filename,
                }
            )
        )
        return wizard.action_import()

    def expenses(self, grant=None):
        return self.env["cri.ili.expense"].search([("application_id", "=", (grant or self.grant).id)])

    def good_row(self, invoice="F-1", **vals):
        row = {
            "date": self.day,
            "supplier": "Papeterie Test",
            "invoice": invoice,
            "description": "Notebooks",
            "category": "operating",
            "amount": 100.10,
        }
        row.update(vals)
        return tuple(row.values())

    # ------------------------------------------------------------------ good files
    def test_a_good_file_imports_every_line_with_its_values(self):
        older = self.today - timedelta(days=40)
        content = make_xlsx(
            [
                (self.day, " Papeterie  Test ", "F-1", "Notebooks", "Fonctionnement", 100.10),
                (None, None, None, None, None, None),
                (older.strftime("%d/%m/%Y"), "Imprimerie Test", 12345, "Flyers", "personnel", "1.234,56"),
                (older, "Librairie Test", "L-9", "Books", "INVESTMENT", "1234.5"),
                (self.day, "Traiteur Test", "T-3", "Buffet", "Autre", 0.1 + 0.2),
            ]
        )
        action = self.import_file(content, user=self.accountant)
        expenses = self.expenses().sorted("amount")
        self.assertEqual(action["res_model"], "cri.ili.expense")
        self.assertEqual(set(action["domain"][0][2]), set(expenses.ids))
        self.assertEqual(
            [(e.date, e.supplier, e.invoice_number, e.description, e.category, e.amount) for e in expenses],
            [
                (self.day, "Traiteur Test", "T-3", "Buffet", "other", 0.3),
                (self.day, "Papeterie Test", "F-1", "Notebooks", "operating", 100.10),
                (older, "Librairie Test", "L-9", "Books", "investment", 1234.50),
                (older, "Imprimerie Test", "12345", "Flyers", "personnel", 1234.56),
            ],
        )
        self.assertEqual(set(expenses.mapped("review_state")), {"to_review"})
        self.assertEqual(expenses.create_uid, self.accountant)
        self.assertEqual(self.grant.declared_amount, 2569.46)
        self.assertIn("4 expenses imported from file expenses.xlsx", self.grant.message_ids[0].body)
        self.assertEqual(self.grant.message_ids[0].author_id, self.accountant.partner_id)

    def test_an_applicant_imports_on_its_own_grant(self):
        self.import_file(make_xlsx([self.good_row()]), user=self.portal_a)
        expense = self.expenses()
        self.assertEqual((expense.amount, expense.create_uid), (100.10, self.portal_a))
        self.assertIn("1 expense imported", self.grant.message_ids[0].body)

    def test_the_filled_in_template_imports_in_any_language(self):
        for lang in ("en_US", "fr_BE"):
            with self.subTest(lang=lang):
                template = self.env["cri.ili.expense.import"].with_context(lang=lang).template_xlsx()
                workbook = openpyxl.load_workbook(io.BytesIO(template))
                workbook.worksheets[0].append(self.good_row(invoice=f"F-{lang}", category="Other"))
                output = io.BytesIO()
                workbook.save(output)
                self.import_file(output.getvalue())
        self.assertEqual(sorted(self.expenses().mapped("invoice_number")), ["F-en_US", "F-fr_BE"])

    # ------------------------------------------------------------------ bad lines
    def test_bad_lines_are_all_listed_and_nothing_is_written(self):
        content = make_xlsx(
            [
                self.good_row(invoice="OK-2"),
                self.good_row(invoice="B-3", amount="abc"),
                self.good_row(invoice="B-4", date=self.today + timedelta(days=1)),
                (None, None, None, None, None, None),
                self.good_row(invoice="B-6", category="Food"),
                self.good_row(invoice="B-7", supplier="  ", amount=12.345),
                self.good_row(invoice="B-8", amount=-5),
                self.good_row(invoice="B-9", date="31/02/2026"),
                self.good_row(invoice="B-10", description="x" * 300),
                self.good_row(invoice=None, category=None),
            ]
        )
        with self.assertRaises(UserError) as caught:
            self.import_file(content)
        message = str(caught.exception)
        expected = [
            "Line 3: the amount “abc” is not a number.",
            "Line 4: the date",
            "Line 6: the category “Food” is unknown",
            "Line 7: the supplier is missing.",
            "Line 7: the amount 12.345 has more than 2 decimals.",
            "Line 8: the amount must be greater than zero.",
            "Line 9: the date is not a date",
            "Line 10: the column “Description” is longer than 256 characters.",
            "Line 11: the invoice number is missing.",
            "Line 11: the category is missing.",
        ]
        for text in expected:
            self.assertIn(text, message)
        self.assertIn("is in the future", message)
        self.assertNotIn("Line 2:", message)
        self.assertNotIn("Line 5:", message)
        self.assertEqual(message.count("Line "), len(expected))
        self.assertFalse(self.expenses())

    def test_the_same_invoice_twice_is_refused(self):
        content = make_xlsx(
            [self.good_row(), self.good_row(invoice="F-2"), self.good_row(supplier="papeterie test")]
        )
        with self.assertRaisesRegex(UserError, r"Line 4: the same invoice .* already on line 2\."):
            self.import_file(content)
        self.assertFalse(self.expenses())
        # importing the same file again declares nothing twice
        self.import_file(make_xlsx([self.good_row()]))
        with self.assertRaisesRegex(UserError, r"Line 3: this invoice .* already declared on the grant"):
            self.import_file(make_xlsx([self.good_row(invoice="F-2"), self.good_row()]))
        self.assertEqual(len(self.expenses()), 1)

    def test_the_amounts_are_read_as_numbers_or_texts(self):
        to_decimal = self.env["cri.ili.expense.import"]._to_decimal
        cases = {
            "1.234,56": "1234.56",
            "1 234,56": "1234.56",
            "1,234.56": "1234.56",
            "1234,5": "1234.5",
            "1234.56 €": "1234.56",
            100.1: "100.10",
            0.1 + 0.2: "0.30",
            42: "42.00",
            "12e3": None,
            "abc": None,
            "1,2,3.4.5": None,
            True: None,
            float("nan"): None,
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                result = to_decimal(value)
                self.assertEqual(str(result) if result is not None else None, expected)

    def test_a_refused_create_leaves_nothing_even_when_the_caller_goes_on(self):
        Expense = type(self.env["cri.ili.expense"])
        refusal = UserError("refused by the expense model")
        # the model refuses after its rows are inserted; the portal catches the error and goes on
        # in the same transaction (assertRaises would roll back by itself: caught here by hand)
        with patch.object(Expense, "_check_grant_declaring", side_effect=refusal):
            try:
                self.import_file(
                    make_xlsx([self.good_row(), self.good_row(invoice="F-2")]), user=self.portal_a
                )
            except UserError as error:
                self.assertIs(error, refusal)
            else:
                self.fail("the refusal of the expense model was swallowed")
        self.assertFalse(self.expenses())
        self.assertFalse(self.grant.message_ids.filtered(lambda m: "imported from file" in (m.body or "")))

    # ------------------------------------------------------------------ bad files
    def test_a_file_that_is_not_an_xlsx_is_refused(self):
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as other_zip:
            other_zip.writestr("readme.txt", "not a workbook")
        for content in (
            PDF,
            b"Date;Supplier\n01/01/2026;X\n",
            b"\xd0\xcf\x11\xe0old",
            archive.getvalue(),
        ):
            with self.subTest(content=content[:8]), self.assertRaisesRegex(UserError, r"\.xlsx"):
                self.import_file(content, filename="expenses.csv")
        self.assertFalse(self.expenses())

    def test_a_wrong_header_is_refused(self):
        header = ("Date", "Supplier", "Amount", "Description", "Category", "Invoice number")
        with self.assertRaisesRegex(UserError, "column titles of the template"):
            self.import_file(make_xlsx([self.good_row()], header=header))
        self.assertFalse(self.expenses())

    def test_a_too_big_or_too_long_file_is_refused(self):
        with self.assertRaisesRegex(UserError, "larger than 5 MB"):
            self.import_file(b"PK\x03\x04" + b"0" * (5 * 1024 * 1024))
        rows = [self.good_row(invoice=f"F-{index}") for index in range(2001)]
        with self.assertRaisesRegex(UserError, "more than 2000 lines"):
            self.import_file(make_xlsx(rows))
        self.assertFalse(self.expenses())

    def test_a_file_without_expenses_is_refused(self):
        with self.assertRaisesRegex(UserError, "holds no expense"):
            self.import_file(make_xlsx([(None, "  ", None, None, None, None)]))

    # ------------------------------------------------------------------ grant and access
    def test_a_grant_that_is_not_running_refuses_the_import(self):
        decided = self.to_decided(self.make_application(), amount=100)
        with self.assertRaisesRegex(UserError, "not running"):
            self.import_file(make_xlsx([self.good_row()]), grant=decided)
        self.assertFalse(self.expenses(decided))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_an_applicant_cannot_import_on_another_grant(self):
        with self.assertRaises(AccessError):
            self.import_file(make_xlsx([self.good_row()]), user=self.portal_b)
        with self.assertRaises(AccessError):
            self.import_file(make_xlsx([self.good_row()]), user=self.agent_cai)
        self.assertFalse(self.expenses())

    # ------------------------------------------------------------------ template
    def test_the_template_has_the_titles_the_help_and_the_category_list(self):
        workbook = openpyxl.load_workbook(io.BytesIO(self.env["cri.ili.expense.import"].template_xlsx()))
        self.assertEqual(workbook.sheetnames, ["Expenses", "Help"])
        sheet = workbook["Expenses"]
        self.assertEqual(tuple(cell.value for cell in sheet[1]), HEADER)
        lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
        self.assertEqual(len(lists), 1)
        self.assertEqual(lists[0].formula1, '"Personnel,Operating,Investment,Other"')
        self.assertEqual(str(lists[0].sqref), "E2:E2001")
        self.assertEqual(sheet.column_dimensions["A"].number_format, "dd/mm/yyyy")
        help_texts = " ".join(
            str(cell.value) for row in workbook["Help"].iter_rows() for cell in row if cell.value
        )
        self.assertIn("dd/mm/yyyy", help_texts)
        self.assertIn("1234,56", help_texts)
        self.assertIn("investment", help_texts)

    def test_the_template_speaks_the_language_of_the_user(self):
        template = self.env["cri.ili.expense.import"].with_context(lang="fr_BE").template_xlsx()
        sheet = openpyxl.load_workbook(io.BytesIO(template)).worksheets[0]
        formula = next(v for v in sheet.data_validations.dataValidation if v.type == "list").formula1
        self.assertIn("Fonctionnement", formula)


@tagged("post_install", "-at_install")
class TestExpenseTemplateRoute(IliHttpCase):
    def test_a_logged_in_user_downloads_the_template(self):
        self.authenticate("ili-portal-a", "ili-portal-a")
        response = self.url_open("/cri_ili/expense_template.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        # in the portal user's language
        titles = self.env["cri.ili.expense.import"].with_context(lang=self.portal_a.lang)._column_titles()
        self.assertEqual(tuple(cell.value for cell in sheet[1]), titles)
        self.assertEqual(len(titles), len(HEADER))

    def test_an_anonymous_visitor_is_sent_to_the_login(self):
        response = self.url_open("/cri_ili/expense_template.xlsx", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertNotEqual(response.headers.get("Content-Type"), XLSX_MIMETYPE)
