"""The applicants' portal: each organisation writes its applications and follows its grants,
never reaches another organisation's records by guessing ids, and never reads the CRI's opinion
nor its internal notes. Every page is fetched over HTTP as the portal user."""

import base64
import html
import io
import json
import re
from datetime import date, timedelta

import openpyxl

from odoo import fields, http
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import formatLang, mute_logger

from odoo.addons.cri_base.tools import legal_today

from ..controllers.portal import MAX_UPLOAD_SIZE
from .common import PDF, IliHttpCase

MOTIVATION = "Zorglub motivation: the board of this association is divided"
INTERNAL_NOTE = "Zorglub internal note: check the treasurer"
REFUSAL_LOGGERS = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestIliPortal(IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the portal speaks the default language of the database (French for the CRIs), whatever
        # the user's: the messages are checked in it, as translated or in English until they are
        cls.page_lang = cls.env["ir.default"]._get("res.partner", "lang") or "en_US"
        cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call.id, "name": "Activity report", "due_date": date(2028, 3, 1)}
        )
        cls.draft_a = cls.make_application()
        cls.draft_b = cls.make_application(partner=cls.org_b)
        cls.grant_a = cls._running_grant(cls.org_a)
        cls.grant_b = cls._running_grant(cls.org_b)
        cls.requirement_a = cls.grant_a.requirement_ids
        cls.expense_a = cls._declare(cls.grant_a, cls.portal_a, invoice_number="A-001")
        cls.Expense = cls.env["cri.ili.expense"]

    @classmethod
    def _running_grant(cls, partner):
        """A running grant whose CRI opinion has a recognisable motivation and an internal note."""
        grant = cls.make_application(partner=partner)
        grant.action_submit()
        grant.write({"opinion": "reserved", "opinion_motivation": MOTIVATION})
        grant.with_user(cls.manager).action_sign_opinion()
        grant.write(
            {
                "granted_amount": 10000,
                "decision_reference": f"AG/2027/{partner.id}",
                "decision_date": date(2027, 1, 10),
                "decision_document": base64.b64encode(PDF),
                "decision_document_name": "decision.pdf",
            }
        )
        grant.with_user(cls.agent).action_decide()
        grant.with_user(cls.agent).action_start()
        grant.with_user(cls.agent).message_post(body=INTERNAL_NOTE, subtype_xmlid="mail.mt_note")
        return grant

    @classmethod
    def _declare(cls, grant, user, **vals):
        values = {
            "application_id": grant.id,
            "date": date(2027, 2, 1),
            "supplier": "Papeterie Test",
            "invoice_number": "F-1",
            "description": "Notebooks",
            "category": "operating",
            "amount": 120,
            "document": base64.b64encode(PDF),
            "document_name": "invoice.pdf",
        }
        return cls.env["cri.ili.expense"].with_user(user).create(dict(values, **vals))

    # ------------------------------------------------------------------ helpers
    def login(self, user):
        self.authenticate(user.login, user.login)

    def post(self, url, data=None, files=None):
        data = dict({"csrf_token": http.Request.csrf_token(self)}, **(data or {}))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def get(self, url):
        return self.url_open(url, allow_redirects=False)

    def page(self, application):
        response = self.url_open(f"/my/ili/{application.id}")
        self.assertEqual(response.status_code, 200)
        return html.unescape(response.text)

    def assertDone(self, response, application):
        error = re.search(r'id="ili_error">(.*?)</div>\s*</div>', html.unescape(response.text), re.S)
        self.assertEqual(response.status_code, 303, error and error.group(1))
        self.assertIn(f"/my/ili/{application.id}?message=", response.headers["Location"])

    def tr(self, source, **params):
        """``source`` as the portal says it, in the language of its pages."""
        return self.env(context=dict(self.env.context, lang=self.page_lang))._(source, **params)

    def assertShown(self, response, *messages, status=400):
        """The page is shown again with the error ``messages`` (translated already)."""
        self.assertEqual(response.status_code, status)
        page = html.unescape(response.text)
        self.assertIn(f'"bundle_params": {{"lang": "{self.page_lang}"}}', page)
        self.assertIn('id="ili_error"', page)
        for message in messages:
            self.assertIn(message, page)

    def assertRefused(self, response):
        self.assertIn(response.status_code, (303, 403, 404), response.text[:500])
        if response.status_code == 303:
            self.assertRegex(response.headers["Location"], r"/my(/ili)?$")
        self.assertNotIn(PDF, response.content)

    def content_form(self, **values):
        return {
            "axis_id": str(self.axis_citizenship.id),
            "commune_id": str(self.charleroi.id),
            "summary": "Citizenship course in the evening",
            "objectives": "Forty people attend sixty hours",
            "target_public": "Newcomers of Charleroi",
            "planned_activities": "Two evenings a week",
            "expected_participants": "40",
            "expected_hours": "60,5",
            **values,
        }

    def expense_form(self, **values):
        return {
            "date": fields.Date.to_string(legal_today() - timedelta(days=3)),
            "supplier": "Imprimerie Portail",
            "invoice_number": "P-42",
            "description": "Course leaflets",
            "category": "operating",
            "amount": "250,40",
            **values,
        }

    @staticmethod
    def workbook(*rows):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Date", "Supplier", "Invoice number", "Description", "Category", "Amount"])
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    # ------------------------------------------------------------------ home and list
    def test_home_counts_the_applications_of_the_organisation(self):
        self.login(self.portal_a)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["ili_count"]})
        self.assertEqual(
            counters["ili_count"],
            self.env["cri.ili.application"].search_count([("partner_id", "=", self.org_a.id)]),
        )
        self.assertEqual(counters["ili_count"], 2)
        self.assertIn('href="/my/ili"', self.url_open("/my").text)

    def test_the_list_shows_own_applications_and_open_calls_only(self):
        draft_call = self.call.copy({"name": "Draft call Zorglub"})
        late_call = self.call.copy({"name": "Late call Zorglub"})
        late_call.action_open()
        late_call.date_submission = legal_today() - timedelta(days=1)
        self.login(self.portal_a)
        response = self.url_open("/my/ili")
        self.assertEqual(response.status_code, 200)
        for application in (self.draft_a, self.grant_a):
            self.assertIn(f'href="/my/ili/{application.id}"', response.text)
        for application in (self.draft_b, self.grant_b):
            self.assertNotIn(f'href="/my/ili/{application.id}"', response.text)
            self.assertNotIn(application.name, response.text)
        self.assertIn(f"/my/ili/new?call_id={self.call.id}", response.text)
        for call in (draft_call, late_call):
            self.assertNotIn(f"call_id={call.id}", response.text)
            self.assertNotIn(call.name, response.text)
        grants = self.url_open("/my/ili?filterby=grants&sortby=reference").text
        self.assertIn(f'href="/my/ili/{self.grant_a.id}"', grants)
        self.assertNotIn(f'href="/my/ili/{self.draft_a.id}"', grants)

    def test_no_application_is_started_on_a_call_that_does_not_accept_any(self):
        draft_call = self.call.copy({"name": "Draft call Zorglub"})
        before = self.env["cri.ili.application"].search_count([])
        self.login(self.portal_a)
        for call_id in (draft_call.id, "abc", 999999999):
            with self.subTest(call_id=call_id):
                response = self.get(f"/my/ili/new?call_id={call_id}")
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my/ili"))
                response = self.post("/my/ili/new", self.content_form(call_id=call_id))
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my/ili"))
        self.assertEqual(self.env["cri.ili.application"].search_count([]), before)

    # ------------------------------------------------------------------ writing an application
    def test_an_applicant_writes_and_submits_its_application(self):
        self.login(self.portal_a)
        form_page = self.url_open(f"/my/ili/new?call_id={self.call.id}")
        self.assertEqual(form_page.status_code, 200)
        self.assertIn('name="commune_id"', form_page.text)
        # an empty text area is closed, or the browser swallows the rest of the form
        self.assertEqual(form_page.text.count("</textarea>"), 4)
        response = self.post("/my/ili/new", self.content_form(call_id=self.call.id))
        application = self.env["cri.ili.application"].search(
            [("summary", "=", "Citizenship course in the evening")]
        )
        self.assertEqual(len(application), 1)
        self.assertDone(response, application)
        self.assertEqual((application.partner_id, application.state), (self.org_a, "draft"))
        self.assertEqual((application.axis_id, application.expected_hours), (self.axis_citizenship, 60.5))
        self.assertEqual(application.create_uid, self.portal_a)

        url = f"/my/ili/{application.id}"
        self.assertDone(self.post(f"{url}/edit", self.content_form(expected_participants="45")), application)
        self.assertEqual(application.expected_participants, 45)
        response = self.post(
            f"{url}/budget", {"category": "personnel", "description": "Trainer", "amount": "3000,5"}
        )
        self.assertDone(response, application)
        response = self.post(f"{url}/budget", {"category": "other", "description": "Mistake", "amount": "10"})
        mistake = application.budget_line_ids.filtered(lambda line: line.description == "Mistake")
        self.assertDone(self.post(f"{url}/budget/{mistake.id}/delete"), application)
        self.assertEqual(application.budget_line_ids.mapped("description"), ["Trainer"])
        self.assertEqual(application.requested_amount, 3000.5)
        files = {"upload": ("statutes.pdf", PDF, "application/pdf")}
        response = self.post(f"{url}/document", {"document_type_id": self.statutes.id}, files=files)
        self.assertDone(response, application)
        self.assertEqual(application.document_ids.filename, "statutes.pdf")
        download = self.url_open(f"{url}/document/{application.document_ids.id}/download")
        self.assertEqual(download.content, PDF)

        response = self.post(f"{url}/submit")
        self.assertDone(response, application)
        self.assertEqual(application.state, "submitted")
        page = self.page(application)
        self.assertIn(
            self.tr("Your application is submitted to the CRI."),
            html.unescape(self.url_open(response.headers["Location"]).text),
        )
        self.assertNotIn('id="ili_content_form"', page)
        self.assertNotIn('id="ili_submit"', page)
        # once submitted, the content no longer changes, whatever is posted
        response = self.post(f"{url}/edit", self.content_form(summary="Changed after submission"))
        self.assertShown(response)
        self.assertEqual(application.summary, "Citizenship course in the evening")
        response = self.post(f"{url}/budget", {"category": "other", "description": "Late", "amount": "5"})
        self.assertShown(
            response,
            self.tr(
                "Application %(application)s is submitted: its budget and documents no longer change.",
                application=application.name,
            ),
        )
        self.assertEqual(len(application.budget_line_ids), 1)

    def test_a_submission_with_missing_items_is_refused_with_the_list_and_changes_nothing(self):
        incomplete = self.make_application(complete=False, summary="Only a summary")
        self.login(self.portal_a)
        response = self.post(f"/my/ili/{incomplete.id}/submit")
        missing = incomplete.with_context(lang=self.page_lang)._submission_blockers()
        self.assertEqual(len(missing), 7, missing)
        self.assertShown(
            response,
            self.tr(
                "Application %(application)s cannot be submitted yet. Missing: %(missing)s.",
                application=incomplete.name,
                missing="; ".join(missing),
            ),
        )
        self.assertEqual((incomplete.state, incomplete.submit_date), ("draft", False))
        self.assertIn('id="ili_content_form"', response.text)

    def test_the_completion_request_is_shown_and_answered(self):
        self.draft_a.action_submit()
        self.draft_a.write({"completion_request": "Join the trainers' diplomas"})
        self.draft_a.with_user(self.agent).action_request_completion()
        self.login(self.portal_a)
        page = self.page(self.draft_a)
        self.assertIn('id="ili_completion_request"', page)
        self.assertIn("Join the trainers' diplomas", page)
        self.assertIn('id="ili_content_form"', page)
        self.assertDone(self.post(f"/my/ili/{self.draft_a.id}/submit"), self.draft_a)
        self.assertEqual(self.draft_a.state, "submitted")

    def test_bad_input_shows_a_message_and_writes_nothing(self):
        url = f"/my/ili/{self.draft_a.id}"
        grant_url = f"/my/ili/{self.grant_a.id}"
        pdf = {"upload": ("statutes.pdf", PDF, "application/pdf")}
        cases = [
            (
                f"{url}/edit",
                self.content_form(axis_id="999999"),
                None,
                self.tr("Choose an axis of the call."),
            ),
            (
                f"{url}/edit",
                self.content_form(commune_id="abc"),
                None,
                self.tr("Choose the main commune of the activities."),
            ),
            (
                f"{url}/edit",
                self.content_form(expected_hours="many"),
                None,
                self.tr("Enter the expected hours as a number, e.g. 60."),
            ),
            (
                f"{url}/edit",
                self.content_form(expected_participants="-3"),
                None,
                self.tr("Participants, hours and amounts cannot be negative."),
            ),
            (
                f"{url}/budget",
                {"category": "personnel", "description": "Trainer", "amount": "x"},
                None,
                self.tr("Enter the amount as a number, e.g. 1250.50."),
            ),
            (
                f"{url}/budget",
                {"category": "personnel", "description": "Trainer", "amount": "-5"},
                None,
                self.tr("The amount must be more than zero."),
            ),
            (
                f"{url}/budget",
                {"category": "holidays", "description": "Trip", "amount": "5"},
                None,
                self.tr("Choose a budget category."),
            ),
            (
                f"{url}/budget",
                {"category": "personnel", "description": " ", "amount": "5"},
                None,
                self.tr("Describe the budget line."),
            ),
            (
                f"{url}/document",
                {"document_type_id": self.statutes.id},
                None,
                self.tr("Choose the file to send."),
            ),
            (
                f"{url}/document",
                {"document_type_id": "999999"},
                pdf,
                self.tr("Choose which document of the call this file is."),
            ),
            (
                f"{url}/document",
                {"document_type_id": self.statutes.id},
                {"upload": ("big.pdf", b"0" * (MAX_UPLOAD_SIZE + 1), "application/pdf")},
                self.tr("The file %(name)s is too large: 10 MB at most.", name="big.pdf"),
            ),
            (
                f"{grant_url}/expense",
                self.expense_form(date="31/31/2027"),
                None,
                self.tr("Enter the date of the invoice."),
            ),
            (
                f"{grant_url}/expense",
                self.expense_form(amount="0"),
                None,
                self.tr("The amount must be more than zero."),
            ),
            (f"{grant_url}/expense", self.expense_form(supplier=""), None, self.tr("Enter the supplier.")),
        ]
        before = {
            "content": self.draft_a.read(["summary", "axis_id", "commune_id", "expected_hours"]),
            "budget": self.draft_a.budget_line_ids.read(["description", "amount"]),
            "documents": self.draft_a.document_ids.ids,
            "expenses": self.grant_a.expense_ids.ids,
        }
        self.login(self.portal_a)
        for target, data, files, message in cases:
            with self.subTest(target=target, message=message):
                self.assertShown(self.post(target, data, files), message)
        self.draft_a.invalidate_recordset()
        self.assertEqual(
            before["content"], self.draft_a.read(["summary", "axis_id", "commune_id", "expected_hours"])
        )
        self.assertEqual(before["budget"], self.draft_a.budget_line_ids.read(["description", "amount"]))
        self.assertEqual(before["documents"], self.draft_a.document_ids.ids)
        self.assertEqual(before["expenses"], self.grant_a.expense_ids.ids)

    @mute_logger("odoo.http")
    def test_a_post_without_csrf_token_is_refused(self):
        self.login(self.portal_a)
        response = self.post(
            f"/my/ili/{self.draft_a.id}/budget",
            {
                "csrf_token": "forged",
                "category": "other",
                "description": "Forged",
                "amount": "1",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Forged", self.draft_a.budget_line_ids.mapped("description"))

    # ------------------------------------------------------------------ isolation
    @mute_logger(*REFUSAL_LOGGERS)
    def test_another_organisation_reaches_none_of_the_routes_of_an_application(self):
        draft, grant = f"/my/ili/{self.draft_a.id}", f"/my/ili/{self.grant_a.id}"
        line, document = self.draft_a.budget_line_ids[0], self.draft_a.document_ids
        pdf = {"upload": ("intrusion.pdf", PDF, "application/pdf")}
        xlsx = {"upload": ("x.xlsx", self.workbook([date(2027, 2, 1), "S", "X-1", "D", "operating", 5]), "")}
        gets = [
            draft,
            grant,
            f"{draft}/document/{document.id}/download",
            f"{grant}/expense/{self.expense_a.id}/download",
            f"{grant}/decision/download",
            "/my/ili/999999999",
        ]
        posts = [
            (f"{draft}/edit", self.content_form(summary="Hijacked"), None),
            (f"{draft}/budget", {"category": "other", "description": "Intrusion", "amount": "1"}, None),
            (f"{draft}/budget/{line.id}/delete", {}, None),
            (f"{draft}/document", {"document_type_id": self.statutes.id}, pdf),
            (f"{draft}/document/{document.id}/delete", {}, None),
            (f"{draft}/submit", {}, None),
            (f"{grant}/expense", self.expense_form(invoice_number="INTRUSION"), None),
            (f"{grant}/expense/{self.expense_a.id}/delete", {}, None),
            (f"{grant}/expense/import", {}, xlsx),
            (f"{grant}/requirement/{self.requirement_a.id}/deliver", {}, pdf),
            ("/my/ili/999999999/submit", {}, None),
        ]
        self.login(self.portal_b)
        for url in gets:
            with self.subTest(get=url):
                response = self.get(url)
                self.assertRefused(response)
                self.assertNotIn(self.draft_a.name, response.text)
        for url, data, files in posts:
            with self.subTest(post=url):
                self.assertRefused(self.post(url, data, files))
        self.assertEqual(self.draft_a.state, "draft")
        self.assertNotEqual(self.draft_a.summary, "Hijacked")
        self.assertEqual(sorted(self.draft_a.budget_line_ids.mapped("description")), ["Room", "Trainer"])
        self.assertEqual(self.draft_a.document_ids, document)
        self.assertEqual(self.grant_a.expense_ids, self.expense_a)
        self.assertEqual(self.requirement_a.state, "due")

    @mute_logger(*REFUSAL_LOGGERS)
    def test_another_organisation_cannot_use_the_ids_of_an_application_in_its_own_forms(self):
        own_draft, own_grant = f"/my/ili/{self.draft_b.id}", f"/my/ili/{self.grant_b.id}"
        line, document = self.draft_a.budget_line_ids[0], self.draft_a.document_ids
        self.login(self.portal_b)
        for url in (
            f"{own_draft}/budget/{line.id}/delete",
            f"{own_draft}/document/{document.id}/delete",
            f"{own_grant}/expense/{self.expense_a.id}/delete",
            f"{own_grant}/requirement/{self.requirement_a.id}/deliver",
            f"{own_draft}/unknown/{line.id}/delete",
        ):
            with self.subTest(url=url):
                files = {"upload": ("r.pdf", PDF, "application/pdf")} if "deliver" in url else None
                self.assertEqual(self.post(url, files=files).status_code, 404)
        self.assertEqual(self.get(f"{own_draft}/document/{document.id}/download").status_code, 404)
        # the grant of a form is the one of the page: a posted application id is ignored
        response = self.post(f"{own_grant}/expense", self.expense_form(application_id=self.grant_a.id))
        self.assertDone(response, self.grant_b)
        self.assertEqual(self.grant_a.expense_ids, self.expense_a)
        self.assertEqual(self.grant_b.expense_ids.invoice_number, "P-42")
        self.assertTrue(line.exists() and document.exists() and self.expense_a.exists())
        self.assertEqual(self.requirement_a.state, "due")

    @mute_logger("odoo.http")
    def test_rpc_as_an_applicant_reads_neither_another_organisation_nor_the_opinion(self):
        self.login(self.portal_a)

        def call(model, method, *args):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": {}}
            )

        for model, records in (
            ("cri.ili.application", self.grant_b),
            ("cri.ili.expense", self.grant_b.expense_ids | self._declare(self.grant_b, self.portal_b)),
            ("cri.ili.grant.budget", self.grant_b.grant_budget_ids),
            ("cri.ili.requirement", self.grant_b.requirement_ids),
            ("cri.ili.instalment", self.grant_b.instalment_ids),
        ):
            with self.subTest(model=model):
                self.assertTrue(records)
                with self.assertRaises(JsonRpcException):
                    call(model, "read", records.ids, ["display_name"])
                found = call(model, "search_read", [], ["display_name"])
                self.assertFalse({row["id"] for row in found} & set(records.ids))
        for field in ("opinion", "opinion_motivation", "opinion_signed_by_id", "opinion_date"):
            with self.subTest(field=field), self.assertRaises(JsonRpcException):
                call("cri.ili.application", "read", self.grant_a.ids, [field])
        readable = call("cri.ili.application", "fields_get", [], ["string"])
        self.assertIn("summary", readable)
        self.assertFalse({"opinion", "opinion_motivation"} & set(readable))

    # ------------------------------------------------------------------ the grant
    def test_the_grant_page_shows_the_follow_up_but_never_the_opinion_nor_internal_notes(self):
        self.login(self.portal_a)
        page = self.page(self.grant_a)
        for text in (
            self.grant_a.decision_reference,
            formatLang(self.env(context={"lang": self.page_lang}), 10000),
            f"/my/ili/{self.grant_a.id}/decision/download",
            "Activity report",
            'id="ili_expense_form"',
            'id="ili_import_form"',
            "/cri_ili/expense_template.xlsx",
            'id="discussion"',
        ):
            self.assertIn(text, page)
        self.assertEqual(page.count('class="o_ili_grant_budget'), 4)
        self.assertEqual(page.count('class="o_ili_instalment"'), len(self.grant_a.instalment_ids))
        for secret in (MOTIVATION, INTERNAL_NOTE, "Favourable with reservations", self.manager.name):
            self.assertNotIn(secret, page)
        self.assertEqual(self.url_open(f"/my/ili/{self.grant_a.id}/decision/download").content, PDF)

    def chatter(self, application):
        """The bodies of the messages the portal's chatter shows on ``application``."""
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": application._name, "thread_id": application.id}
        )
        return " ".join(str(message["body"]) for message in fetched["data"]["mail.message"])

    def test_the_chatter_shows_the_messages_to_the_applicant_but_not_the_internal_notes(self):
        self.grant_a.with_user(self.agent).message_post(
            body="Zorglub: see you at the visit", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.login(self.portal_a)
        self.assertNotIn(INTERNAL_NOTE, self.page(self.grant_a))
        bodies = self.chatter(self.grant_a)
        self.assertIn("Zorglub: see you at the visit", bodies)
        for secret in (INTERNAL_NOTE, MOTIVATION):
            self.assertNotIn(secret, bodies)
        # the applicant answers in the chatter, on its own grant only
        post_data = {
            "body": "Zorglub: which room?",
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
        self.make_jsonrpc_request(
            "/mail/message/post",
            {"thread_model": self.grant_a._name, "thread_id": self.grant_a.id, "post_data": post_data},
        )
        answer = self.grant_a.message_ids.filtered(
            lambda message: "Zorglub: which room?" in str(message.body)
        )
        self.assertEqual(answer.author_id, self.portal_a.partner_id)
        with mute_logger(*REFUSAL_LOGGERS):
            refused = self.url_open(
                "/mail/message/post",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "thread_model": self.grant_b._name,
                            "thread_id": self.grant_b.id,
                            "post_data": post_data,
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertTrue(refused.status_code != 200 or "error" in refused.json(), refused.text[:500])
        self.assertNotIn("Zorglub: which room?", str(self.grant_b.message_ids.mapped("body")))

    def test_the_completion_request_reaches_the_applicant_in_the_chatter(self):
        self.draft_a.action_submit()
        self.draft_a.write({"completion_request": "Zorglub: join the trainers' diplomas"})
        self.draft_a.with_user(self.agent).action_request_completion()
        self.draft_a.with_user(self.agent).message_post(body=INTERNAL_NOTE, subtype_xmlid="mail.mt_note")
        self.login(self.portal_a)
        bodies = self.chatter(self.draft_a)
        self.assertIn("Zorglub: join the trainers", bodies)
        self.assertNotIn(INTERNAL_NOTE, bodies)

    def test_an_expense_declared_on_the_portal_shows_its_review(self):
        url = f"/my/ili/{self.grant_a.id}"
        self.login(self.portal_a)
        files = {"upload": ("leaflets.pdf", PDF, "application/pdf")}
        self.assertDone(self.post(f"{url}/expense", self.expense_form(), files=files), self.grant_a)
        expense = self.grant_a.expense_ids - self.expense_a
        self.assertEqual(
            (expense.amount, expense.review_state, expense.document_name, expense.create_uid),
            (250.4, "to_review", "leaflets.pdf", self.portal_a),
        )
        self.assertEqual(self.url_open(f"{url}/expense/{expense.id}/download").content, PDF)
        self.assertIn('data-review="to_review"', self.page(self.grant_a))

        expense.rejection_reason = "Zorglub: the invoice is addressed to another association"
        expense.with_user(self.accountant).action_reject()
        page = self.page(self.grant_a)
        self.assertIn("Zorglub: the invoice is addressed to another association", page)
        self.assertIn('data-review="rejected"', page)
        self.assertShown(
            self.post(f"{url}/expense/{expense.id}/delete"), self.tr("A reviewed expense is kept.")
        )
        self.assertTrue(expense.exists())
        # an expense still to review is withdrawn
        self.assertDone(self.post(f"{url}/expense/{self.expense_a.id}/delete"), self.grant_a)
        self.assertFalse(self.expense_a.exists())

    def test_no_expense_is_declared_before_the_grant_runs(self):
        self.login(self.portal_a)
        self.assertNotIn('id="ili_expense_form"', self.page(self.draft_a))
        response = self.post(f"/my/ili/{self.draft_a.id}/expense", self.expense_form())
        self.assertShown(
            response,
            self.tr("%(grant)s is not running: no expense is declared on it.", grant=self.draft_a.name),
        )
        self.assertFalse(self.draft_a.expense_ids)

    def test_a_requirement_document_is_delivered_once(self):
        url = f"/my/ili/{self.grant_a.id}/requirement/{self.requirement_a.id}/deliver"
        self.login(self.portal_a)
        self.assertIn(url, self.page(self.grant_a))
        files = {"upload": ("report.pdf", PDF, "application/pdf")}
        self.assertDone(self.post(url, files=files), self.grant_a)
        self.assertEqual(
            (self.requirement_a.state, self.requirement_a.document_name), ("received", "report.pdf")
        )
        page = self.page(self.grant_a)
        self.assertNotIn(url, page)
        download = f"/my/ili/{self.grant_a.id}/requirement/{self.requirement_a.id}/download"
        self.assertIn(download, page)
        self.assertEqual(self.url_open(download).content, PDF)
        self.assertShown(
            self.post(url, files=files),
            self.tr("The requirement %(name)s is not expected any more.", name=self.requirement_a.name),
        )
        self.assertShown(self.post(url), self.tr("Choose the file to send."))

    def test_the_expense_import_declares_all_lines_or_lists_the_wrong_ones(self):
        url = f"/my/ili/{self.grant_a.id}/expense/import"
        day = legal_today() - timedelta(days=10)
        wrong = self.workbook(
            [day, "Imprimerie Import", "I-1", "Leaflets", "operating", 80],
            [day, "Imprimerie Import", "I-2", "Posters", "operating", "a lot"],
        )
        self.login(self.portal_a)
        response = self.post(url, files={"upload": ("expenses.xlsx", wrong, "")})
        self.assertShown(response, self.tr("Line %(line)s: %(reason)s", line=3, reason="").strip())
        self.assertEqual(self.grant_a.expense_ids, self.expense_a)
        response = self.post(url, files={"upload": ("notes.txt", b"not a workbook", "text/plain")})
        self.assertShown(
            response,
            self.tr(
                "The file %(file)s cannot be imported: %(reason)s Nothing was recorded.",
                file="notes.txt",
                reason=self.tr("it is not an Excel workbook (.xlsx). Fill in the template and import it."),
            ),
        )
        right = self.workbook(
            [day, "Imprimerie Import", "I-1", "Leaflets", "operating", 80],
            [day, "Imprimerie Import", "I-2", "Posters", "Personnel", "19,90"],
        )
        self.assertDone(self.post(url, files={"upload": ("expenses.xlsx", right, "")}), self.grant_a)
        imported = self.grant_a.expense_ids - self.expense_a
        self.assertEqual(sorted(imported.mapped("amount")), [19.9, 80])
        self.assertEqual(set(imported.mapped("create_uid")), {self.portal_a})
