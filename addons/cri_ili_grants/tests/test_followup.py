"""The follow-up of a grant: visits and meetings (internal to the CRI), evaluation indicators,
and the documents the applicant delivers for its requirements."""

import base64
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.cri_base.tools import legal_today

from .common import PDF, IliCase


@tagged("post_install", "-at_install")
class TestFollowup(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant.with_user(cls.agent).action_start()
        cls.grant_b = cls.to_decided(cls.make_application(partner=cls.org_b), amount=5000)
        cls.grant_b.with_user(cls.agent).action_start()
        cls.requirement = cls.env["cri.ili.requirement"].create(
            {"application_id": cls.grant.id, "name": "Activity report", "due_date": date(2028, 3, 1)}
        )

    # ------------------------------------------------------------------ visits
    def visit(self, user=None, grant=None, **vals):
        return (
            self.env["cri.ili.visit"]
            .with_user(user or self.agent)
            .create(dict({"application_id": (grant or self.grant).id, "notes": "Good attendance"}, **vals))
        )

    def test_an_agent_records_a_visit_with_its_recommendations(self):
        visit = self.visit(recommendations="Keep a waiting list", kind="meeting")
        self.assertEqual((visit.user_id, visit.company_id), (self.agent, self.grant.company_id))
        self.assertEqual(visit.date, legal_today())
        self.assertEqual(self.grant.with_user(self.agent).visit_count, 1)
        self.assertIn(self.grant.name, visit.display_name)

    def test_visits_stay_in_the_cri(self):
        visit = self.visit()
        for user in (self.agent_cai, self.portal_a, self.accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                visit.with_user(user).read(["notes"])
        with self.assertRaises(AccessError):
            self.visit(user=self.portal_a)
        with self.assertRaises(AccessError):
            self.visit(user=self.agent_cai)

    def test_no_visit_on_an_application_or_a_closed_grant(self):
        draft = self.make_application()
        with self.assertRaises(UserError):
            self.visit(grant=draft)
        self.assertFalse(self.env["cri.ili.visit"].search([("application_id", "=", draft.id)]))
        visit = self.visit()
        with self.assertRaises(UserError):
            visit.with_user(self.agent).write({"application_id": self.grant_b.id})

    # ------------------------------------------------------------------ indicators
    def test_indicators_take_their_targets_from_the_application(self):
        indicators = {i.kind: i for i in self.grant.indicator_ids}
        self.assertEqual(set(indicators), {"participants", "hours", "completions"})
        self.assertEqual(indicators["participants"].target, 60)
        self.assertEqual(indicators["hours"].target, 240)
        indicators["participants"].with_user(self.agent).achieved = 45
        self.assertEqual(indicators["participants"].achievement_rate, 75.0)
        with self.assertRaises(ValidationError):
            indicators["hours"].with_user(self.agent).achieved = -1

    def test_the_applicant_reads_its_indicators_only(self):
        own = self.env["cri.ili.indicator"].with_user(self.portal_a).search([])
        self.assertEqual(own.application_id, self.grant)
        with self.assertRaises(AccessError):
            self.grant_b.indicator_ids.with_user(self.portal_a).read(["achieved"])
        with self.assertRaises(AccessError):
            own[0].with_user(self.portal_a).write({"achieved": 1000})

    # ------------------------------------------------------------------ requirements
    def test_the_applicant_delivers_a_requirement(self):
        document = base64.b64encode(PDF)
        self.requirement.with_user(self.portal_a).action_deliver(document, "report.pdf")
        self.assertEqual(self.requirement.state, "received")
        self.assertEqual(self.requirement.received_date, legal_today())
        self.assertEqual(self.requirement.document_name, "report.pdf")
        self.assertEqual(base64.b64decode(self.requirement.document), PDF)
        with self.assertRaises(UserError):
            self.requirement.with_user(self.portal_a).action_deliver(document, "again.pdf")
        self.assertEqual(self.requirement.document_name, "report.pdf")

    def test_delivering_someone_else_s_requirement_is_refused(self):
        with self.assertRaises(AccessError):
            self.requirement.with_user(self.portal_b).action_deliver(base64.b64encode(PDF), "x.pdf")
        with self.assertRaises(UserError):
            self.requirement.with_user(self.portal_a).action_deliver(False, "empty.pdf")
        with self.assertRaises(UserError):
            self.requirement.with_user(self.portal_a).write({"document": base64.b64encode(PDF)})
        self.assertEqual((self.requirement.state, self.requirement.document), ("due", False))

    def test_overdue_requirements_are_flagged(self):
        late = self.env["cri.ili.requirement"].create(
            {
                "application_id": self.grant.id,
                "name": "Interim report",
                "due_date": legal_today() - timedelta(days=1),
            }
        )
        self.assertTrue(late.overdue)
        self.assertFalse(self.requirement.overdue)
        found = self.env["cri.ili.requirement"].search(
            [("application_id", "=", self.grant.id), ("overdue", "=", True)]
        )
        self.assertEqual(found, late)
        late.action_receive()
        self.assertFalse(late.overdue)
