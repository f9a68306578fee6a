"""Who reaches what, tried through the web client's RPC route as each role: two CRIs, two
applicants with a portal user each, id guessing included."""

import base64
import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PDF, IliHttpCase


@tagged("post_install", "-at_install")
class TestAccess(IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_a = cls.make_application()
        cls.app_b = cls.make_application(partner=cls.org_b)

    def call_kw(self, login, model, method, args, kwargs=None):
        """(result, error name) of a call_kw as ``login``."""
        self.authenticate(login, login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        with mute_logger("odoo.http"):
            body = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            ).json()
        if "error" in body:
            return None, body["error"]["data"]["name"].rsplit(".", 1)[-1]
        return body.get("result"), None

    def assertRefused(self, outcome):
        self.assertIsNotNone(outcome[1], f"the server accepted: {outcome[0]}")

    def test_an_applicant_sees_and_changes_its_own_applications_only(self):
        own = self.call_kw("ili-portal-a", "cri.ili.application", "search_read", [[], ["name"]])[0]
        self.assertEqual([r["id"] for r in own], self.app_a.ids)
        self.assertRefused(
            self.call_kw("ili-portal-a", "cri.ili.application", "read", [self.app_b.ids, ["name"]])
        )
        self.assertRefused(
            self.call_kw(
                "ili-portal-a", "cri.ili.application", "write", [self.app_b.ids, {"summary": "Hijacked"}]
            )
        )
        self.assertNotEqual(self.app_b.summary, "Hijacked")
        self.assertRefused(
            self.call_kw(
                "ili-portal-a",
                "cri.ili.budget.line",
                "create",
                [{"application_id": self.app_b.id, "description": "Intrusion", "amount": 1}],
            )
        )
        self.assertEqual(len(self.app_b.budget_line_ids), 2)
        result, error = self.call_kw(
            "ili-portal-a", "cri.ili.application", "write", [self.app_a.ids, {"summary": "Evening lessons"}]
        )
        self.assertIsNone(error)
        self.assertEqual(self.app_a.summary, "Evening lessons")

    def test_an_applicant_applies_for_its_own_organisation_only(self):
        result, error = self.call_kw(
            "ili-portal-a",
            "cri.ili.application",
            "create",
            [
                {
                    "call_id": self.call.id,
                    "axis_id": self.axis_fle.id,
                    "commune_id": self.charleroi.id,
                    "partner_id": self.org_b.id,
                }
            ],
        )
        self.assertIsNone(error)
        self.assertEqual(self.env["cri.ili.application"].browse(result).partner_id, self.org_a)

    def test_an_applicant_never_reads_the_opinion_nor_writes_the_workflow(self):
        self.to_opinion(self.app_a)
        self.assertRefused(
            self.call_kw(
                "ili-portal-a", "cri.ili.application", "read", [self.app_a.ids, ["opinion_motivation"]]
            )
        )
        for vals in (
            {"state": "decided"},
            {"granted_amount": 1},
            {"opinion": "favourable"},
            {"partner_id": self.org_b.id},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(
                    self.call_kw("ili-portal-a", "cri.ili.application", "write", [self.app_a.ids, vals])
                )
        self.assertEqual((self.app_a.state, self.app_a.granted_amount), ("opinion", 0))

    def test_an_applicant_cannot_read_another_applicants_documents(self):
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "cri.ili.application.document"),
                ("res_id", "in", self.app_b.document_ids.ids),
                ("res_field", "=", "file"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        self.assertRefused(self.call_kw("ili-portal-a", "ir.attachment", "read", [attachment.ids, ["datas"]]))
        self.authenticate("ili-portal-a", "ili-portal-a")
        self.assertNotIn(PDF, self.url_open(f"/web/content/{attachment.id}").content)
        # nor link one of its own documents to the other's application
        own = self.app_a.document_ids[:1]
        self.assertRefused(
            self.call_kw(
                "ili-portal-a",
                "cri.ili.application.document",
                "write",
                [own.ids, {"application_id": self.app_b.id}],
            )
        )
        self.assertEqual(own.application_id, self.app_a)

    def test_a_draft_call_is_invisible_to_applicants(self):
        draft = self.call.copy({"name": "Secret call"})
        found = self.call_kw("ili-portal-a", "cri.ili.call", "search_read", [[], ["name"]])[0]
        self.assertIn(self.call.id, [c["id"] for c in found])
        self.assertNotIn(draft.id, [c["id"] for c in found])

    def test_a_cri_sees_the_applications_of_its_territory_only(self):
        app_cai = self.make_application(commune=self.namur, partner=self.org_b)
        self.assertRefused(
            self.call_kw("ili-agent-cai", "cri.ili.application", "read", [self.app_a.ids, ["name"]])
        )
        # the test call's applications (the demo has others)
        domain = [("call_id", "=", self.call.id)]
        found = self.call_kw("ili-agent-cai", "cri.ili.application", "search_read", [domain, ["name"]])[0]
        self.assertEqual([r["id"] for r in found], app_cai.ids)
        found = self.call_kw("ili-observer", "cri.ili.application", "search_read", [domain, ["name"]])[0]
        self.assertEqual({r["id"] for r in found}, {self.app_a.id, self.app_b.id, app_cai.id})

    def test_the_region_and_the_accountant_read_without_writing(self):
        for login in ("ili-observer", "ili-accountant-cric"):
            with self.subTest(login=login):
                self.assertIsNone(
                    self.call_kw(
                        login, "cri.ili.application", "read", [self.app_a.ids, ["requested_amount"]]
                    )[1]
                )
                self.assertRefused(
                    self.call_kw(login, "cri.ili.application", "write", [self.app_a.ids, {"summary": "x"}])
                )
                self.assertRefused(
                    self.call_kw(login, "cri.ili.call", "write", [self.call.ids, {"envelope": 1}])
                )
        self.assertRefused(
            self.call_kw(
                "ili-observer",
                "cri.ili.application.document",
                "read",
                [self.app_a.document_ids.ids, ["file"]],
            )
        )

    def test_a_document_uploaded_by_the_applicant_belongs_to_its_application(self):
        result, error = self.call_kw(
            "ili-portal-a",
            "cri.ili.application.document",
            "create",
            [
                {
                    "application_id": self.app_a.id,
                    "document_type_id": self.statutes.id,
                    "file": base64.b64encode(PDF).decode(),
                    "filename": "statutes.pdf",
                }
            ],
        )
        self.assertIsNone(error)
        self.assertEqual(self.env["cri.ili.application.document"].browse(result).application_id, self.app_a)
