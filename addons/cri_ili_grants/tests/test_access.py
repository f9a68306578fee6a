"""Who reaches what, tried through the web client's RPC route as each role: two CRIs, two
applicants with a portal user each, id guessing included."""

import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import PDF, IliHttpCase


@tagged("post_install", "-at_install")
class TestAccess(RpcMixin, IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_a = cls.make_application()
        cls.app_b = cls.make_application(partner=cls.org_b)

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


@tagged("post_install", "-at_install")
class TestGrantFollowupAccess(RpcMixin, IliHttpCase):
    """The follow-up of two grants of two applicants, tried through RPC by the weakest roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant_a = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant_b = cls.to_decided(cls.make_application(partner=cls.org_b), amount=5000)
        for grant in cls.grant_a | cls.grant_b:
            grant.with_user(cls.agent).action_start()
        cls.requirement_b = cls.env["cri.ili.requirement"].create(
            {"application_id": cls.grant_b.id, "name": "Activity report", "due_date": "2028-03-01"}
        )
        cls.visit_a = cls.env["cri.ili.visit"].create(
            {"application_id": cls.grant_a.id, "notes": "Internal note"}
        )
        cls.expense_b = cls.env["cri.ili.expense"].create(
            {
                "application_id": cls.grant_b.id,
                "date": "2027-03-01",
                "supplier": "Fournisseur B",
                "invoice_number": "B-1",
                "description": "B's expense",
                "amount": 10,
            }
        )

    def test_an_applicant_reads_its_own_budget_and_indicators_only(self):
        own = self.call_kw("ili-portal-a", "cri.ili.grant.budget", "search_read", [[], ["application_id"]])[0]
        self.assertEqual({row["application_id"][0] for row in own}, {self.grant_a.id})
        for model, records in (
            ("cri.ili.grant.budget", self.grant_b.grant_budget_ids),
            ("cri.ili.indicator", self.grant_b.indicator_ids),
            ("cri.ili.expense", self.expense_b),
            ("cri.ili.requirement", self.requirement_b),
        ):
            with self.subTest(model=model):
                self.assertRefused(self.call_kw("ili-portal-a", model, "read", [records.ids, ["id"]]))
        # its own budget and indicators are read-only
        self.assertRefused(
            self.call_kw(
                "ili-portal-a",
                "cri.ili.grant.budget",
                "write",
                [self.grant_a.grant_budget_ids[:1].ids, {"amount": 1}],
            )
        )
        self.assertRefused(
            self.call_kw(
                "ili-portal-a",
                "cri.ili.indicator",
                "write",
                [self.grant_a.indicator_ids[:1].ids, {"achieved": 99}],
            )
        )

    def test_an_applicant_never_reaches_the_visits_nor_the_reallocation(self):
        self.assertRefused(self.call_kw("ili-portal-a", "cri.ili.visit", "search_read", [[], ["notes"]]))
        self.assertRefused(
            self.call_kw("ili-portal-a", "cri.ili.visit", "read", [self.visit_a.ids, ["notes"]])
        )
        self.assertRefused(
            self.call_kw(
                "ili-portal-a",
                "cri.ili.budget.wizard",
                "create",
                [{"application_id": self.grant_a.id, "reason": "x"}],
            )
        )
        self.assertRefused(
            self.call_kw("ili-portal-a", "cri.ili.application", "read", [self.grant_a.ids, ["visit_ids"]])
        )

    def test_an_applicant_cannot_deliver_another_applicants_requirement(self):
        requirement_b = self.requirement_b
        self.assertRefused(
            self.call_kw(
                "ili-portal-a",
                "cri.ili.requirement",
                "action_deliver",
                [requirement_b.ids, base64.b64encode(PDF).decode(), "x.pdf"],
            )
        )
        self.assertEqual(requirement_b.state, "due")

    def test_the_observer_reads_budgets_but_no_expense_nor_visit(self):
        budgets = self.call_kw(
            "ili-observer", "cri.ili.grant.budget", "search_read", [[], ["application_id"]]
        )[0]
        self.assertTrue({self.grant_a.id, self.grant_b.id} <= {row["application_id"][0] for row in budgets})
        self.assertRefused(
            self.call_kw("ili-observer", "cri.ili.expense", "read", [self.expense_b.ids, ["document"]])
        )
        self.assertRefused(
            self.call_kw("ili-observer", "cri.ili.visit", "read", [self.visit_a.ids, ["notes"]])
        )

    def test_an_agent_of_another_cri_reaches_nothing_of_the_grant(self):
        # grant_a and grant_b are both in Charleroi (CRIC); the CAI's agent sees neither
        for model, records in (
            ("cri.ili.grant.budget", self.grant_a.grant_budget_ids),
            ("cri.ili.visit", self.visit_a),
            ("cri.ili.indicator", self.grant_a.indicator_ids),
        ):
            with self.subTest(model=model):
                self.assertRefused(self.call_kw("ili-agent-cai", model, "read", [records.ids, ["id"]]))

    def test_a_closed_grant_keeps_its_budget(self):
        self.grant_a._workflow_write({"state": "closed"})
        wizard = (
            self.env["cri.ili.budget.wizard"]
            .with_user(self.agent)
            .with_context(default_application_id=self.grant_a.id)
            .create({"reason": "Too late"})
        )
        wizard.line_ids[:1].amount += 1
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self.grant_a.granted_amount, 10000)
