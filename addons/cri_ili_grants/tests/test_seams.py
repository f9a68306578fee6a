"""Where roles meet: who delivers a requirement, how a Region administrator puts a call back to
draft, what a portal user may point at and read. Tried through the web client's RPC route (and
the portal's forms) as the weakest role that reaches each model, across two CRIs and two
applicant organisations."""

import base64
import html
import re
from datetime import date, timedelta

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import legal_today

from .common import PDF, IliHttpCase

DOCUMENT = base64.b64encode(PDF).decode()
# what a portal user's fields_get must never list: the CRI's internal fields, and the fields
# computed from other organisations' records
INTERNAL_FIELDS = {
    "cri.ili.application": {
        "opinion",
        "opinion_motivation",
        "opinion_signed_by_id",
        "opinion_date",
        "visit_ids",
    },
    "cri.ili.expense": {"duplicate_count"},
    "cri.ili.requirement": {"accepted_by_id"},
}
PORTAL_MODELS = (
    "cri.ili.application",
    "cri.ili.budget.line",
    "cri.ili.application.document",
    "cri.ili.requirement",
    "cri.ili.instalment",
    "cri.ili.expense",
    "cri.ili.grant.budget",
    "cri.ili.indicator",
    "cri.ili.call",
)


@tagged("post_install", "-at_install")
class TestSeams(RpcMixin, IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call.id, "name": "Activity report", "due_date": date(2028, 3, 1)}
        )
        cls.grant_a = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant_b = cls.to_decided(cls.make_application(partner=cls.org_b), amount=5000)
        for grant in cls.grant_a | cls.grant_b:
            grant.with_user(cls.agent).action_start()
        cls.requirement_a, cls.requirement_b = cls.grant_a.requirement_ids, cls.grant_b.requirement_ids
        cls.rep_b = cls.env["res.partner"].create({"name": "Camille Otherorg", "parent_id": cls.org_b.id})

    # ------------------------------------------------------------------ delivering a requirement
    def deliver(self, login, requirement):
        return self.call_kw(
            login, "cri.ili.requirement", "action_deliver", [requirement.ids, DOCUMENT, "r.pdf"]
        )

    def test_the_observer_and_an_accountant_cannot_deliver_a_requirement(self):
        for login in ("ili-observer", "ili-accountant-cric"):
            with self.subTest(login=login):
                # both read the requirement
                self.assertIsNone(
                    self.call_kw(login, "cri.ili.requirement", "read", [self.requirement_a.ids, ["state"]])[1]
                )
                self.assertRefused(self.deliver(login, self.requirement_a))
        self.assertEqual((self.requirement_a.state, self.requirement_a.document), ("due", False))

    def test_an_applicant_delivers_the_requirements_of_its_own_grants_only(self):
        self.assertRefused(self.deliver("ili-portal-b", self.requirement_a))
        self.assertEqual(self.requirement_a.state, "due")
        self.assertIsNone(self.deliver("ili-portal-a", self.requirement_a)[1])
        self.assertEqual((self.requirement_a.state, self.requirement_a.document_name), ("received", "r.pdf"))

    def test_an_agent_of_the_cri_delivers_on_behalf_of_the_applicant_another_cri_cannot(self):
        self.assertRefused(self.deliver("ili-agent-cai", self.requirement_b))
        self.assertEqual(self.requirement_b.state, "due")
        self.assertIsNone(self.deliver("ili-agent-cric", self.requirement_b)[1])
        self.assertEqual(self.requirement_b.state, "received")

    # ------------------------------------------------------------------ a call back to draft
    def test_a_region_administrator_puts_a_call_without_application_back_to_draft(self):
        call = self.call.copy({"name": "Call without applications"})
        call.action_open()
        result, error = self.call_kw("ili-region-admin", "cri.ili.call", "action_reset_draft", [call.ids])
        self.assertIsNone(error, result)
        self.assertEqual(call.state, "draft")
        # which does not open the applications to it
        self.assertRefused(
            self.call_kw("ili-region-admin", "cri.ili.application", "search_read", [[], ["name"]])
        )

    def test_a_call_with_applications_stays_published_with_a_french_message(self):
        self.assertRefused(
            self.call_kw("ili-region-admin", "cri.ili.call", "action_reset_draft", [self.call.ids])
        )
        self.assertEqual(self.call.state, "open")
        call = self.call.with_user(self.region_admin).with_context(lang="fr_BE")
        with self.assertRaisesRegex(UserError, "reste publié"):
            call.action_reset_draft()
        # nor does anyone else put a call back to draft
        empty = self.call.copy({"name": "Another call"})
        empty.action_open()
        for login in ("ili-agent-cric", "ili-manager-cric", "ili-observer"):
            with self.subTest(login=login):
                self.assertRefused(self.call_kw(login, "cri.ili.call", "action_reset_draft", [empty.ids]))
        self.assertEqual(empty.state, "open")

    # ------------------------------------------------------------------ the representative
    def test_the_representative_is_a_contact_of_the_applicant_whoever_writes_it(self):
        draft = self.make_application()
        for login in ("ili-portal-a", "ili-agent-cric"):
            for partner in (self.rep_b, self.org_b, self.org_a):
                with self.subTest(login=login, partner=partner.name):
                    self.assertRefused(
                        self.call_kw(
                            login,
                            "cri.ili.application",
                            "write",
                            [draft.ids, {"representative_id": partner.id}],
                        )
                    )
        self.assertEqual(draft.representative_id, self.rep_a)
        with self.assertRaises(ValidationError):
            self.make_application(env=self.env(user=self.agent), representative_id=self.rep_b.id)
        # the applicant chooses among its own contacts
        contact = self.portal_a.partner_id
        result, error = self.call_kw(
            "ili-portal-a", "cri.ili.application", "write", [draft.ids, {"representative_id": contact.id}]
        )
        self.assertIsNone(error, result)
        self.assertEqual(draft.representative_id, contact)

    def test_the_portal_form_offers_the_applicants_contacts_only(self):
        draft = self.make_application()
        self.authenticate("ili-portal-a", "ili-portal-a")
        page = self.url_open(f"/my/ili/{draft.id}").text
        select = re.search(r'<select[^>]*name="representative_id".*?</select>', page, re.S).group(0)
        offered = {int(value) for value in re.findall(r'value="(\d+)"', select)}
        self.assertEqual(offered, {self.rep_a.id, self.portal_a.partner_id.id})
        self.assertNotIn("Camille Otherorg", page)
        form = {
            "csrf_token": http.Request.csrf_token(self),
            "axis_id": str(self.axis_fle.id),
            "commune_id": str(self.charleroi.id),
            "summary": "Changed summary",
            "expected_participants": "10",
            "expected_hours": "10",
        }
        response = self.url_open(
            f"/my/ili/{draft.id}/edit",
            data=dict(form, representative_id=str(self.rep_b.id)),
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="ili_error"', response.text)
        self.assertEqual(
            (draft.representative_id, draft.summary), (self.rep_a, "French lessons in the evening")
        )
        contact = self.portal_a.partner_id
        response = self.url_open(
            f"/my/ili/{draft.id}/edit",
            data=dict(form, representative_id=str(contact.id)),
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, html.unescape(response.text)[-2000:])
        self.assertEqual((draft.representative_id, draft.summary), (contact, "Changed summary"))

    # ------------------------------------------------------------------ what a portal user reads
    def test_the_double_funding_flag_is_for_the_cris_reviewers_only(self):
        values = {
            "date": str(legal_today() - timedelta(days=3)),
            "supplier": "Papeterie Partagée",
            "invoice_number": "PP-1",
            "description": "Notebooks",
            "amount": 50,
        }
        expense_a = (
            self.env["cri.ili.expense"]
            .with_user(self.portal_a)
            .create(dict(values, application_id=self.grant_a.id))
        )
        expense_b = (
            self.env["cri.ili.expense"]
            .with_user(self.portal_b)
            .create(dict(values, application_id=self.grant_b.id))
        )
        # another organisation declared the same invoice: the applicant is not told
        fields = self.call_kw(
            "ili-portal-a", "cri.ili.expense", "fields_get", [], {"attributes": ["string"]}
        )[0]
        self.assertNotIn("duplicate_count", fields)
        self.assertIn("amount", fields)
        self.assertRefused(
            self.call_kw("ili-portal-a", "cri.ili.expense", "read", [expense_a.ids, ["duplicate_count"]])
        )
        # its page shows its expense, without the flag
        self.authenticate("ili-portal-a", "ili-portal-a")
        page = self.url_open(f"/my/ili/{self.grant_a.id}").text
        self.assertIn("PP-1", page)
        # the CRI's reviewers see it
        for login in ("ili-accountant-cric", "ili-agent-cric"):
            with self.subTest(login=login):
                rows, error = self.call_kw(
                    login, "cri.ili.expense", "read", [(expense_a | expense_b).ids, ["duplicate_count"]]
                )
                self.assertIsNone(error)
                self.assertEqual([row["duplicate_count"] for row in rows], [1, 1])

    def test_no_field_a_portal_user_reads_tells_of_the_cri_or_other_organisations(self):
        own = {
            "cri.ili.application": self.grant_a,
            "cri.ili.budget.line": self.grant_a.budget_line_ids,
            "cri.ili.application.document": self.grant_a.document_ids,
            "cri.ili.requirement": self.requirement_a,
            "cri.ili.instalment": self.grant_a.instalment_ids,
            "cri.ili.grant.budget": self.grant_a.grant_budget_ids,
            "cri.ili.indicator": self.grant_a.indicator_ids,
            "cri.ili.call": self.call,
        }
        for model in PORTAL_MODELS:
            with self.subTest(model=model):
                fields, error = self.call_kw(
                    "ili-portal-a", model, "fields_get", [], {"attributes": ["type"]}
                )
                self.assertIsNone(error)
                self.assertFalse(INTERNAL_FIELDS.get(model, set()) & set(fields))
                if model in own:
                    # every value it is offered, it reads on its own records (the lines of the
                    # records it may not read aside)
                    names = [
                        name
                        for name, field in fields.items()
                        if field["type"] not in ("binary", "one2many", "many2many")
                    ]
                    self.assertIsNone(self.call_kw("ili-portal-a", model, "read", [own[model].ids, names])[1])
        # the count of a call's applications is its own organisation's
        [row], _error = self.call_kw(
            "ili-portal-a", "cri.ili.call", "read", [self.call.ids, ["application_count"]]
        )
        self.assertEqual(row["application_count"], 1)

    def test_a_portal_user_writes_none_of_its_lines_nor_posts_on_them(self):
        draft = self.make_application()
        expense = (
            self.env["cri.ili.expense"]
            .with_user(self.portal_a)
            .create(
                {
                    "application_id": self.grant_a.id,
                    "date": str(legal_today()),
                    "supplier": "S",
                    "invoice_number": "W-1",
                    "description": "D",
                    "amount": 5,
                }
            )
        )
        for model, record, vals in (
            ("cri.ili.budget.line", draft.budget_line_ids[:1], {"amount": 1}),
            ("cri.ili.application.document", draft.document_ids, {"filename": "x.pdf"}),
            ("cri.ili.expense", expense, {"amount": 1}),
            ("cri.ili.requirement", self.requirement_a, {"rejection_reason": "x"}),
            ("cri.ili.instalment", self.grant_a.instalment_ids[:1], {"name": "x"}),
        ):
            with self.subTest(model=model):
                self.assertRefused(self.call_kw("ili-portal-a", model, "write", [record.ids, vals]))
        # no write access, no message on the records of the CRI that have a chatter (on its own
        # expenses it declared, it follows them and posts to their followers only, cri_base)
        for record in (self.requirement_a, self.grant_a.instalment_ids[:1]):
            with self.subTest(chatter=record._name):
                self.assertRefused(
                    self.call_kw(
                        "ili-portal-a", record._name, "message_post", [record.ids], {"body": "Zorglub"}
                    )
                )
        self.assertEqual(sorted(draft.budget_line_ids.mapped("amount")), [2500.25, 12000.10])
        self.assertEqual(expense.amount, 5)
        self.assertFalse(self.env["mail.message"].search([("body", "ilike", "Zorglub")]))
        # its application's chatter stays open to it
        result, error = self.call_kw(
            "ili-portal-a", "cri.ili.application", "message_post", [draft.ids], {"body": "Hello the CRI"}
        )
        self.assertIsNone(error, result)

    def test_the_portal_still_adds_and_deletes_its_lines(self):
        draft = self.make_application()
        line_id, error = self.call_kw(
            "ili-portal-a",
            "cri.ili.budget.line",
            "create",
            [{"application_id": draft.id, "category": "other", "description": "Insurance", "amount": 100}],
        )
        self.assertIsNone(error, line_id)
        self.assertIsNone(self.call_kw("ili-portal-a", "cri.ili.budget.line", "unlink", [[line_id]])[1])
        self.assertEqual(len(draft.budget_line_ids), 2)
        # the line of another organisation's application, by guessing its id
        other = self.make_application(partner=self.org_b)
        self.assertRefused(
            self.call_kw("ili-portal-a", "cri.ili.budget.line", "unlink", [other.budget_line_ids.ids])
        )
        self.assertEqual(len(other.budget_line_ids), 2)
