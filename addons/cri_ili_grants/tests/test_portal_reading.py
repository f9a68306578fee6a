"""What an applicant reads of its grants on the portal: the whole reason of every review (the
portal's table cells are one line, cut to fit), the requirements it is late with and their due
dates in its language, and the title of each project besides its reference."""

import base64
import html
import json
from datetime import date, timedelta

from lxml import html as lxml_html

from odoo import http
from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.cri_base.tools import legal_today

from .common import PDF, IliHttpCase

PARTIAL_REASON = (
    "Une demi-journée hors du projet : 250 € non retenus.\n"
    "Second line of the reason <b>not bold</b> & kept whole"
)
REJECTED_REASON = "Les repas de l'équipe ne sont pas éligibles :\nvoir l'article 4 de l'appel."
REQUIREMENT_REASON = "Le rapport est incomplet :\nil manque les présences de mars."


def by_class(node, tag, css_class):
    """The ``tag`` elements under ``node`` that carry ``css_class``."""
    return node.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]")


@tagged("post_install", "-at_install")
class TestIliPortalReading(IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.page_lang = cls.env["ir.default"]._get("res.partner", "lang") or "en_US"
        Requirement = cls.env["cri.ili.call.requirement"]
        Requirement.create({"call_id": cls.call.id, "name": "Interim report", "due_date": date(2028, 3, 1)})
        Requirement.create({"call_id": cls.call.id, "name": "Final report", "due_date": date(2028, 6, 1)})
        Requirement.create({"call_id": cls.call.id, "name": "Attendance list", "due_date": date(2028, 9, 1)})
        cls.grant = cls.make_application(title="Citoyens du quartier Nord")
        cls.to_decided(cls.grant)
        cls.grant.with_user(cls.agent).action_start()
        cls.interim, cls.final, cls.attendance = cls.grant.requirement_ids.sorted("due_date")
        cls.overdue_day = legal_today() - timedelta(days=12)
        # the interim report is late; the final report was delivered late and accepted; the list
        # of attendance was rejected after its due date
        (cls.interim | cls.final | cls.attendance)._workflow_write({"due_date": cls.overdue_day})
        cls.final.with_user(cls.agent).action_receive()
        cls.final.with_user(cls.agent).action_accept()
        cls.attendance.with_user(cls.agent).action_receive()
        cls.attendance.rejection_reason = REQUIREMENT_REASON
        cls.attendance.with_user(cls.agent).action_reject()
        Expense = cls.env["cri.ili.expense"].with_user(cls.portal_a)
        values = {
            "application_id": cls.grant.id,
            "date": date(2027, 2, 1),
            "supplier": "Papeterie Test",
            "category": "operating",
            "document": base64.b64encode(PDF),
            "document_name": "invoice.pdf",
        }
        cls.partial = Expense.create(
            dict(values, invoice_number="F-1", description="Guide, février", amount=1250)
        )
        cls.rejected = Expense.create(dict(values, invoice_number="F-2", description="Repas", amount=86.4))
        cls.partial, cls.rejected = cls.partial.with_env(cls.env), cls.rejected.with_env(cls.env)
        cls.partial.rejection_reason = PARTIAL_REASON
        cls.partial.with_user(cls.accountant).action_accept_partly(1000)
        cls.rejected.rejection_reason = REJECTED_REASON
        cls.rejected.with_user(cls.accountant).action_reject()
        cls.untitled = cls.make_application(title=False)

    def _tree(self, url):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return lxml_html.fromstring(response.text)

    def test_the_whole_reason_of_every_review_is_shown_on_lines_of_its_own(self):
        tree = self._tree(f"/my/ili/{self.grant.id}")
        reasons = [
            cell.text_content()
            for row in by_class(tree, "tr", "o_ili_expense_reason")
            for cell in row.xpath("./td")
        ]
        self.assertEqual(len(reasons), 2)
        for reason in (PARTIAL_REASON, REJECTED_REASON):
            self.assertEqual(sum(reason in text for text in reasons), 1, reasons)
        self.assertIn(
            REQUIREMENT_REASON,
            by_class(tree, "tr", "o_ili_requirement_reason")[0].xpath("./td")[0].text_content(),
        )
        # whole: a cell of its own that wraps, the reason's own line breaks kept
        for cell in by_class(tree, "td", "o_ili_reason"):
            self.assertIn("text-wrap", cell.get("class"))
            self.assertIn("max-width: none", cell.get("style"))
            self.assertIn("white-space: pre-line", cell.xpath(".//span")[0].get("style"))
        # escaped: the reason is text, never markup
        self.assertFalse(
            [bold for cell in by_class(tree, "td", "o_ili_reason") for bold in cell.xpath(".//b")]
        )

    def test_the_reason_is_not_cut_in_the_browser(self):
        code = """
            const cells = [...document.querySelectorAll('td.o_ili_reason')];
            const cut = cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1);
            const text = cells.map((cell) => cell.innerText).join('\\n');
            if (cells.length !== 3 || cut.length || !text.includes(EXPECTED)) {
                console.error('reasons cut or missing: ' + cells.length + ' ' + cut.length + ' ' + text);
            } else {
                console.log('test successful');
            }
        """.replace("EXPECTED", json.dumps(PARTIAL_REASON.split("\n")[1]))
        self.browser_js(f"/my/ili/{self.grant.id}", code, login=self.portal_a.login)

    def test_a_late_requirement_is_marked_with_its_due_date_in_the_page_language(self):
        tree = self._tree(f"/my/ili/{self.grant.id}")
        rows = {
            row.xpath("./td")[0].text_content().split()[0]: row
            for row in by_class(tree, "tr", "o_ili_requirement")
        }
        due = format_date(self.env(context={"lang": self.page_lang}), self.overdue_day)
        iso = self.overdue_day.isoformat()
        for name, row in rows.items():
            self.assertEqual(by_class(row, "*", "o_ili_due_date")[0].text_content().strip(), due, name)
            self.assertNotIn(iso, row.text_content())
        if self.page_lang.startswith("fr"):
            self.assertEqual(due, self.overdue_day.strftime("%d/%m/%Y"))
        # the badge is a term of the page's template, in French for the CRIs
        overdue = "En retard" if self.page_lang.startswith("fr") else "Overdue"
        # still expected after its due date (due, or rejected and to deliver again), never once accepted
        self.assertEqual(
            {
                name: [badge.text_content() for badge in by_class(row, "*", "o_ili_overdue")]
                for name, row in rows.items()
            },
            {"Interim": [overdue], "Final": [], "Attendance": [overdue]},
        )

    def test_a_requirement_not_yet_due_carries_no_mark(self):
        self.interim._workflow_write({"due_date": legal_today()})
        tree = self._tree(f"/my/ili/{self.grant.id}")
        row = by_class(tree, "tr", "o_ili_requirement")[0]
        self.assertFalse(by_class(row, "*", "o_ili_overdue"))
        self.assertIsNone(row.get("data-overdue"))

    def test_the_list_shows_the_title_of_each_project_besides_its_reference(self):
        tree = self._tree("/my/ili")
        rows = {
            row.xpath("./td/a")[0].text_content(): by_class(row, "td", "o_ili_title")[0].text_content()
            for row in by_class(tree, "tr", "o_ili_application_row")
        }
        self.assertEqual(rows, {self.grant.name: "Citoyens du quartier Nord", self.untitled.name: "–"})
        page = html.unescape(self.url_open(f"/my/ili/{self.grant.id}").text)
        self.assertIn("Citoyens du quartier Nord", page)

    def test_the_applicant_writes_the_title_of_its_draft(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        form = {
            "csrf_token": http.Request.csrf_token(self),
            "title": "  Parlons français  ",
            "axis_id": str(self.axis_citizenship.id),
            "commune_id": str(self.charleroi.id),
            "summary": "Conversation tables",
            "expected_participants": "10",
            "expected_hours": "20",
        }
        response = self.url_open(f"/my/ili/{self.untitled.id}/edit", data=form, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.assertEqual(self.untitled.title, "Parlons français")
