"""Browser tours in French: an association applies on the portal, an accountant reviews an
expense in the web client."""

import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import PDF, IliHttpCase


@tagged("post_install", "-at_install")
class TestIliTours(IliHttpCase):
    def test_an_association_applies_on_the_portal(self):
        organisation = self.env["res.partner"].create(
            {"name": "ASBL Tournesol Solidaire", "is_company": True}
        )
        contact = self.env["res.partner"].create({"name": "Camille Tournesol", "parent_id": organisation.id})
        user = new_test_user(
            self.env,
            login="ili-tour-portal",
            password="ili-tour-portal",
            groups="base.group_portal",
            partner_id=contact.id,
            lang="fr_BE",
            tz="Europe/Brussels",
        )

        self.start_tour("/my/ili", "cri_ili_portal_apply_tour", login=user.login)

        application = self.env["cri.ili.application"].search([("partner_id", "=", organisation.id)])
        self.assertEqual(len(application), 1, "the tour applies once, for its own organisation")
        self.assertEqual(application.state, "submitted")
        self.assertEqual((application.call_id, application.commune_id), (self.call, self.charleroi))
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

    def test_an_accountant_accepts_an_expense_in_the_web_client(self):
        self.accountant.write({"lang": "fr_BE", "tz": "Europe/Brussels"})
        grant = self.to_decided(self.make_application(), amount=10000)
        grant.with_user(self.agent).action_start()
        expense = (
            self.env["cri.ili.expense"]
            .with_user(self.portal_a)
            .create(
                {
                    "application_id": grant.id,
                    "date": fields.Date.today() - timedelta(days=5),
                    "supplier": "Librairie Tournesol",
                    "invoice_number": "LT-2027-001",
                    "description": "Manuels de français",
                    "category": "operating",
                    "amount": 315.20,
                    "document": base64.b64encode(PDF),
                    "document_name": "facture.pdf",
                }
            )
        )

        self.start_tour(
            "/odoo/action-cri_ili_grants.action_cri_ili_expense_review",
            "cri_ili_expense_review_tour",
            login=self.accountant.login,
        )

        self.assertEqual(expense.review_state, "accepted")
        self.assertEqual(expense.accepted_amount, 315.20)
        self.assertEqual(expense.reviewed_by_id, self.accountant)
        self.assertEqual(grant.accepted_amount, 315.20)
