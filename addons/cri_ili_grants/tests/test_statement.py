"""The summary statement of a grant, as a PDF letter of the CRI and as a workbook: the applicant
as frozen at the decision, the budget by category, the lines and their review, the balance of
the payments; printed by the CRI's staff only, once the grant is decided, at a fixed cost."""

import io
import re
from datetime import date, datetime

import PyPDF2
from freezegun import freeze_time
from lxml import html
from openpyxl import load_workbook

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import INVOICE, IliCase, IliHttpCase

PDF_REPORT = "cri_ili_grants.report_statement"
XLSX_REPORT = "cri_ili_grants.statement_xlsx"
NBSP = "\N{NO-BREAK SPACE}"


def text(element):
    return " ".join(element.text_content().replace(NBSP, " ").split())


class StatementCommon:
    """A running grant of the CRIC with five expenses: accepted, partly accepted, rejected and
    one still to review, in two categories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the CRI works in French: the statement is printed in its language, Belgian formats
        cls.company_cric.partner_id.lang = "fr_BE"
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant.with_user(cls.agent).action_start()
        declared = cls.declare(
            cls.grant,
            [
                ("personnel", date(2027, 2, 28), "Trainer February", 1234.56),
                ("operating", date(2027, 3, 15), "Room rent", 99.99),
                ("personnel", date(2027, 1, 31), "Trainer January", 2000.00),
                ("operating", date(2027, 3, 1), "Private laptop", 300.10),
                ("operating", date(2027, 4, 2), "Notebooks", 45.67),
            ],
        )
        cls.feb, cls.rent, cls.jan, cls.laptop, cls.notebooks = declared
        accountant = cls.accountant
        (cls.feb | cls.rent).with_user(accountant).action_accept()
        cls.jan.with_user(accountant).rejection_reason = "Hours outside the project"
        cls.jan.with_user(accountant).action_accept_partly(1500.50)
        cls.laptop.with_user(accountant).rejection_reason = "A private purchase is not eligible"
        cls.laptop.with_user(accountant).action_reject()
        # the applicant changed its name after the decision: the statement keeps the decided one
        cls.org_a.name = "ASBL Renamed Since"

    @classmethod
    def declare(cls, grant, lines):
        return (
            cls.env["cri.ili.expense"]
            .with_user(cls.portal_a)
            .create(
                [
                    {
                        "application_id": grant.id,
                        "date": day,
                        "supplier": f"Supplier {number}",
                        "invoice_number": f"F-{grant.id}-{number}",
                        "description": description,
                        "category": category,
                        "amount": amount,
                        "document": INVOICE,
                        "document_name": f"invoice-{number}.pdf",
                    }
                    for number, (category, day, description, amount) in enumerate(lines)
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestStatement(StatementCommon, IliCase):
    def render_html(self, grant=None, user=None):
        report = self.env["ir.actions.report"].with_user(user or self.accountant)
        content, _type = report._render_qweb_html(PDF_REPORT, (grant or self.grant).ids)
        return html.fromstring(content)

    def render_xlsx(self, grant=None, user=None, data_only=True):
        report = self.env["ir.actions.report"].with_user(user or self.accountant)
        content, file_type = report._render_xlsx(XLSX_REPORT, (grant or self.grant).ids, {})
        self.assertEqual(file_type, "xlsx")
        return load_workbook(io.BytesIO(content), data_only=data_only)

    def label(self, model, field, value):
        """A value as the statement names it: in the CRI's language."""
        Model = self.env[model].with_context(lang="fr_BE")
        return dict(Model._fields[field]._description_selection(Model.env))[value]

    def translated(self, source):
        """A text of the workbook as the CRI reads it, in its language (French)."""
        return self.env(context=dict(self.env.context, lang="fr_BE"))._(source)

    def cells(self, document, xpath):
        """The texts of the cells of each row the xpath finds (the texts of the statement are
        translated: the rows are found by their classes and data, not their labels)."""
        return [[text(cell) for cell in row.xpath("./td")] for row in document.xpath(xpath)]

    # ------------------------------------------------------------------ PDF
    def test_the_pdf_shows_the_applicant_as_frozen_at_the_decision(self):
        document = self.render_html()
        legal_name = text(document.find_class("o_statement_legal_name")[0])
        self.assertEqual(legal_name, "ASBL Test Horizons A")
        content = text(document)
        self.assertNotIn("ASBL Renamed Since", content)
        for expected in (
            "0123.456.789",
            "BE71 0961 2345 6769",
            "Dominique Testrep",
            "AG/2027/15",
            "10/01/2027",
        ):
            self.assertIn(expected, content)
        self.assertIn(self.grant.name, content)
        self.assertIn(self.env.ref("cri_base.center_cric").name, content)

    def test_the_pdf_totals_each_category_to_the_cent(self):
        document = self.render_html()
        table = "//table[contains(@class, 'o_statement_categories')]"
        rows = dict(
            zip(
                document.xpath(f"{table}//tr/@data-category"),
                self.cells(document, f"{table}//tr[@data-category]"),
                strict=True,
            )
        )
        self.assertEqual(list(rows), ["personnel", "operating", "investment", "other"])
        allocated = f"{self.grant.grant_budget_ids[0].amount:_.2f}".replace(".", ",").replace("_", " ")
        # allocated, declared, accepted, rejected, as the CRI reads them in French (Belgium): a
        # space between thousands
        self.assertEqual(rows["personnel"][1:5], [f"{allocated} €", "3 234,56 €", "2 735,06 €", "499,50 €"])
        self.assertEqual(rows["operating"][2:5], ["445,76 €", "99,99 €", "300,10 €"])
        self.assertEqual(rows["personnel"][0], self.label("cri.ili.grant.budget", "category", "personnel"))
        [total] = self.cells(document, f"{table}//tr[contains(@class, 'o_statement_total')]")
        self.assertEqual(total[1:5], ["10 000,00 €", "3 680,32 €", "2 835,05 €", "799,60 €"])
        self.assertEqual(self.grant.accepted_amount, 2835.05)
        self.assertEqual(total[6], "28,35 %")
        self.assertFalse(document.find_class("o_statement_overspent"))

    def test_the_pdf_lists_the_lines_by_category_then_date_with_the_rejection_reasons(self):
        document = self.render_html()
        lines = self.cells(document, "//tr[contains(@class, 'o_statement_line')]")
        self.assertEqual(
            [line[3] for line in lines],
            ["Trainer January", "Trainer February", "Private laptop", "Room rent", "Notebooks"],
        )
        laptop = lines[2]
        self.assertEqual(laptop[0], "01/03/2027")
        self.assertEqual(laptop[4], "300,10 €")
        self.assertEqual(laptop[5], self.label("cri.ili.expense", "review_state", "rejected"))
        self.assertEqual(laptop[6], "0,00 €")
        self.assertEqual(laptop[7], "A private purchase is not eligible")
        self.assertEqual(lines[0][6], "1 500,50 €")
        self.assertEqual(lines[0][7], "Hours outside the project")
        self.assertEqual(lines[4][6], "", "an expense still to review has no accepted amount")
        [subtotal] = self.cells(
            document, "//tr[contains(@class, 'o_statement_subtotal')][@data-category='personnel']"
        )
        self.assertEqual((subtotal[1], subtotal[3]), ("3 234,56 €", "2 735,06 €"))
        self.assertIn("499,50 €", subtotal[4])

    def test_the_balance_compares_the_accepted_expenses_with_the_paid_instalments(self):
        document = self.render_html()
        [due] = document.xpath("//tr[contains(@class, 'o_statement_due')]")
        self.assertEqual((due.get("data-direction"), text(due.xpath("./td")[1])), ("to_pay", "2 835,05 €"))
        # the grant's one instalment is to pay from its start; the Region paid it on 1 February
        with freeze_time("2027-02-10"):
            self.grant.instalment_ids.with_user(self.accountant).action_pay(date(2027, 2, 1))
        document = self.render_html()
        [paid] = self.cells(document, "//tr[contains(@class, 'o_statement_paid')]")
        self.assertEqual(paid[1], "10 000,00 €")
        [due] = document.xpath("//tr[contains(@class, 'o_statement_due')]")
        self.assertEqual(
            (due.get("data-direction"), text(due.xpath("./td")[1])), ("to_recover", "7 164,95 €")
        )
        [instalment] = self.cells(document, "//tr[contains(@class, 'o_statement_instalment')]")
        self.assertEqual((instalment[1], instalment[4]), ("10 000,00 €", "01/02/2027"))

    def test_the_statement_is_in_the_print_menu_of_the_staff_only(self):
        Actions = self.env["ir.actions.actions"]
        statements = {
            self.env.ref("cri_ili_grants.action_report_cri_ili_statement").id,
            self.env.ref("cri_ili_grants.action_report_cri_ili_statement_xlsx").id,
        }
        for user, shown in ((self.agent, True), (self.accountant, True), (self.observer, False)):
            with self.subTest(user=user.login):
                bound = Actions.with_user(user).get_bindings("cri.ili.application").get("report", [])
                self.assertEqual(statements <= {action["id"] for action in bound}, shown)

    # ------------------------------------------------------------------ XLSX
    def test_the_xlsx_has_the_totals_and_lines_of_the_grant(self):
        sheet = self.render_xlsx().active
        self.assertEqual(sheet.title, self.grant.name.replace("/", "-"))
        cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = next(index for index, row in enumerate(cells) if row[0] == self.translated("Date"))
        lines = [row for row in cells[header + 1 :] if isinstance(row[0], datetime)]
        self.assertEqual(len(lines), 5)
        self.assertEqual(round(sum(row[7] or 0 for row in lines), 2), self.grant.accepted_amount)
        self.assertEqual(round(sum(row[5] for row in lines), 2), self.grant.declared_amount)
        laptop = next(row for row in lines if row[3] == "Private laptop")
        self.assertEqual(laptop[0], datetime(2027, 3, 1))
        rejected = self.label("cri.ili.expense", "review_state", "rejected")
        self.assertEqual((laptop[6], laptop[8]), (rejected, "A private purchase is not eligible"))
        notebooks = next(row for row in lines if row[3] == "Notebooks")
        self.assertIsNone(notebooks[7], "an expense still to review has no accepted amount")
        # the totals row holds the values of its formulas
        totals = cells[header + 1 + len(lines)]
        total = self.translated("Total")
        self.assertEqual((totals[0], totals[5], totals[7]), (total, 3680.32, 2835.05))
        personnel, operating = (
            self.label("cri.ili.grant.budget", "category", key) for key in ("personnel", "operating")
        )
        categories = {row[0]: row for row in cells[:header] if row[0] in (personnel, operating, total)}
        self.assertEqual(categories[personnel][3:7], [3234.56, 0, 2735.06, 499.50])
        self.assertEqual(categories[operating][3:7], [445.76, 45.67, 99.99, 300.10])
        self.assertEqual(categories[total][5], 2835.05)

    def test_the_xlsx_is_formatted_for_the_accountant(self):
        sheet = self.render_xlsx(data_only=False).active
        header = next(row[0].row for row in sheet.iter_rows() if row[0].value == self.translated("Date"))
        self.assertEqual(sheet.freeze_panes, f"A{header + 1}")
        self.assertEqual(sheet.auto_filter.ref, f"A{header}:I{header + 5}")
        self.assertTrue(sheet.cell(header, 1).font.b)
        first = sheet.cell(header + 1, 1)
        self.assertEqual(first.number_format, "dd/mm/yyyy")
        self.assertEqual(sheet.cell(header + 1, 6).number_format, "#,##0.00 €")
        self.assertEqual(sheet.cell(header + 6, 6).value, f"=SUBTOTAL(9,F{header + 1}:F{header + 5})")
        self.assertGreater(sheet.column_dimensions["D"].width, 30)

    # ------------------------------------------------------------------ refusals
    def test_a_grant_not_decided_yet_has_no_statement(self):
        draft = self.make_application()
        opinion = self.to_opinion(self.make_application())
        for application in (draft, opinion):
            with self.subTest(state=application.state):
                with self.assertRaisesRegex(UserError, re.escape(application.name)):
                    self.render_html(application, user=self.agent)
                with self.assertRaisesRegex(UserError, re.escape(application.name)):
                    self.render_xlsx(application)

    def test_another_cri_and_the_observer_and_the_applicant_cannot_print_it(self):
        for user in (self.agent_cai, self.observer, self.portal_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.render_html(user=user)
                with self.assertRaises(AccessError):
                    self.render_xlsx(user=user)

    def test_an_ili_agent_prints_it(self):
        document = self.render_html(user=self.agent)
        self.assertEqual(len(document.xpath("//tr[contains(@class, 'o_statement_line')]")), 5)
        self.assertEqual(self.render_xlsx(user=self.agent).sheetnames, [self.grant.name.replace("/", "-")])

    # ------------------------------------------------------------------ cost
    def make_grant(self, lines):
        grant = self.to_decided(self.make_application(), amount=10000)
        grant.with_user(self.agent).action_start()
        categories = ("personnel", "operating", "investment", "other")
        expenses = self.declare(
            grant,
            [
                (categories[n % 4], date(2027, 1 + n % 12, 1 + n % 28), f"Expense {n}", 10 + n % 7)
                for n in range(lines)
            ],
        )
        reviewed = expenses.filtered(lambda e: e.id % 3)
        rejected = reviewed[::4]
        rejected.with_user(self.accountant).write({"rejection_reason": "Not eligible"})
        rejected.with_user(self.accountant).action_reject()
        (reviewed - rejected).with_user(self.accountant).action_accept()
        return grant

    def count_queries(self, render, grant):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        render(grant)
        return self.env.cr.sql_log_count - before

    def test_the_cost_of_a_statement_does_not_grow_with_its_lines(self):
        small, large = self.make_grant(5), self.make_grant(50)
        self.env.flush_all()
        for render in (self.render_xlsx, self.render_html):
            with self.subTest(report=render.__name__):
                # a first call fills the caches (templates, translations, access rules)
                render(self.grant)
                queries_small = self.count_queries(render, small)
                queries_large = self.count_queries(render, large)
                self.assertLessEqual(queries_large, queries_small)
                self.assertLess(queries_small, 60)


@tagged("post_install", "-at_install")
class TestStatementPdf(StatementCommon, IliHttpCase):
    """The real PDF, through wkhtmltopdf: an HTTP case, since wkhtmltopdf fetches the report's
    styles from the server, which must see the test transaction."""

    # Debian's wkhtmltopdf warns that it ignores the header and footer switches (unpatched Qt)
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_the_pdf_prints_the_statement_as_searchable_text(self):
        report = (
            self.env["ir.actions.report"].with_user(self.manager).with_context(force_report_rendering=True)
        )
        content, file_type = report._render_qweb_pdf(PDF_REPORT, self.grant.ids)
        self.assertEqual(file_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "wkhtmltopdf produced the document")
        pages = PyPDF2.PdfReader(io.BytesIO(content)).pages
        printed = " ".join(" ".join(page.extract_text().split()) for page in pages)
        for expected in (
            self.env.ref("cri_base.center_cric").name,
            self.grant.name,
            "ASBL Test Horizons A",
            "2 835,05",
            "3 680,32",
        ):
            self.assertIn(expected, printed)
