"""Each role of the grants walks its main job in French from the login page, as its demo user:
the CAI's ILI agent asks for the completion of a submitted application, the CAI's accountant
accepts an expense of its review queue, an initiative applies to the open call on its portal."""

import base64

from odoo.tests import tagged

from .common import PDF, IliHttpCase


@tagged("post_install", "-at_install")
class TestIliRoleTours(IliHttpCase):
    def test_an_ili_agent_asks_for_the_completion_of_a_submitted_application(self):
        agent = self.env.ref("cri_ili_grants.user_cai_ili")
        organisation = self.env["res.partner"].create(
            {"name": "ASBL Jardin Rôletour", "is_company": True, "company_id": self.company_cai.id}
        )
        application = self.make_application(partner=organisation, commune=self.namur)
        application.action_submit()
        self.assertEqual((application.state, application.company_id), ("submitted", self.company_cai))

        self.start_tour("/web/login", "cri_ili_agent_role_tour", login=None)

        self.assertEqual(application.state, "completion")
        self.assertIn("frais de salle", application.completion_request)
        request = application.message_ids.filtered(
            lambda message: message.message_type == "comment" and message.author_id == agent.partner_id
        )
        self.assertIn("frais de salle", request.body, "the agent's request is posted to the applicant")

    def test_an_accountant_accepts_an_expense_of_its_review_queue(self):
        accountant = self.env.ref("cri_base.user_cai_comptable")
        expense = self.env.ref("cri_ili_grants.expense_horizons_5")
        grant = expense.application_id
        self.assertEqual((expense.review_state, expense.company_id), ("to_review", self.company_cai))
        accepted_before = grant.accepted_amount

        self.start_tour("/web/login", "cri_ili_accountant_role_tour", login=None)

        self.assertEqual(expense.review_state, "accepted")
        self.assertEqual(expense.accepted_amount, expense.amount)
        self.assertEqual(expense.reviewed_by_id, accountant)
        self.assertEqual(grant.accepted_amount, accepted_before + expense.amount)

    def test_an_initiative_applies_to_the_open_call_on_its_portal(self):
        user = self.env.ref("cri_base.user_portal_ili_cai")
        organisation = user.commercial_partner_id

        self.start_tour("/web/login", "cri_ili_portal_role_tour", login=None)

        application = self.env["cri.ili.application"].search(
            [("partner_id", "=", organisation.id), ("call_id", "=", self.call.id)]
        )
        self.assertEqual(len(application), 1, "the tour applies once, for its own organisation")
        self.assertEqual(application.state, "submitted")
        self.assertEqual((application.commune_id, application.company_id), (self.namur, self.company_cai))
        self.assertIn(application.axis_id, self.call.axis_ids)
        self.assertEqual(application.summary, "Tables de conversation en soirée")
        self.assertEqual((application.expected_participants, application.expected_hours), (30, 60))
        self.assertEqual(
            application.budget_line_ids.mapped(lambda line: (line.category, line.description, line.amount)),
            [("personnel", "Formatrice", 4500)],
        )
        self.assertEqual(application.requested_amount, 4500)
        document = application.document_ids
        self.assertEqual((document.document_type_id, document.filename), (self.statutes, "statuts-tour.pdf"))
        self.assertEqual(base64.b64decode(document.file), PDF)
        self.assertEqual(application.create_uid, user)
