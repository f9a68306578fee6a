"""What the ILI grants write in French: amounts "1 250,50 €" (a no-break space between
thousands, never "1.250,50"), hours "240 h", shares "90 %"."""

import re
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import INVOICE, IliCase, IliHttpCase

NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestFrenchFormats(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_BE")
        cls.accountant.lang = "fr_BE"
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        with freeze_time("2027-01-15"):
            cls.grant.with_user(cls.agent).action_start()

    def test_a_partly_accepted_expense_is_notified_with_french_amounts(self):
        declared = (
            self.env["cri.ili.expense"]
            .with_user(self.portal_a)
            .create(
                {
                    "application_id": self.grant.id,
                    "date": date(2027, 3, 1),
                    "supplier": "Fournisseur Test",
                    "invoice_number": "F-1250",
                    "description": "Trainer",
                    "category": "personnel",
                    "amount": 2000,
                    "document": INVOICE,
                    "document_name": "F-1250.pdf",
                }
            )
        )
        # declared and reviewed in two transactions, as on the server: a record created in the
        # transaction that changes it has no tracking, its creation message says it all
        self.env.flush_all()
        self.env.cr.precommit.run()
        expense = declared.with_env(self.env)
        reviewed = expense.with_user(self.accountant).with_context(lang="fr_BE")
        reviewed.rejection_reason = "Hours outside the project"
        reviewed.action_accept_partly(1250.50)
        # the tracking is written when the transaction commits
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(expense.review_state, "partial")
        expense.invalidate_recordset()
        [message] = expense.message_ids.filtered(
            lambda message: "accepted_amount" in message.sudo().tracking_value_ids.field_id.mapped("name")
        )
        context = expense.with_context(lang="fr_BE")._notify_by_email_prepare_rendering_context(
            message, force_email_lang="fr_BE"
        )
        changes = {field: (before, after) for field, before, after in context["tracking_values"]}
        accepted = self.env["cri.ili.expense"]._fields["accepted_amount"]
        label = accepted._description_string(self.env(context={"lang": "fr_BE"}))
        self.assertEqual(changes[label][1], f"1{NBSP}250,50{NBSP}€")
        self.assertNotIn("1250.5", str(changes))

    def test_the_shares_of_a_plan_are_refused_in_french_numbers(self):
        call = self.call.with_context(lang="fr_BE")
        with self.assertRaises(ValidationError) as error:
            call.write(
                {
                    "instalment_template_ids": [
                        Command.create(
                            {"name": "Advance", "percent": 60.5, "planned_date": date(2027, 2, 1)}
                        ),
                        Command.create({"name": "Balance", "percent": 30, "planned_date": date(2027, 6, 1)}),
                    ]
                }
            )
        self.assertIn("90,5 %", str(error.exception))
        self.assertNotRegex(str(error.exception), r"90\.5")


@tagged("post_install", "-at_install")
class TestFrenchFormatsOnThePortal(IliHttpCase):
    def test_the_portal_shows_the_expected_hours_as_hours(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        self.portal_a.lang = "fr_BE"
        application = self.make_application(expected_hours=1240.5)
        # sent, the application reads as the applicant wrote it
        application.action_submit()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/ili/{application.id}").text
        self.assertTrue(re.search(r"1(\xa0|&nbsp;|&#160;)240,5 h", page), "hours in French, with their unit")
        self.assertNotIn("1240.5", page)
