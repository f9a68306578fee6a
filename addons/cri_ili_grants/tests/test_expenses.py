from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import INVOICE, IliCase


@tagged("post_install", "-at_install")
class TestExpenses(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant.with_user(cls.agent).action_start()
        # a grant of the other CRI, taken through its workflow as superuser
        cls.other_grant = cls.make_application(partner=cls.org_b, commune=cls.namur)
        cls.other_grant.action_submit()
        cls.other_grant.write({"opinion": "favourable", "opinion_motivation": "Useful"})
        cls.other_grant.action_sign_opinion()
        cls.other_grant.write(
            {"granted_amount": 5000, "decision_reference": "AG/2", "decision_date": date(2027, 1, 10)}
        )
        cls.other_grant.action_decide()
        cls.other_grant.action_start()

    def declare(self, grant=None, user=None, **vals):
        values = {
            "application_id": (grant or self.grant).id,
            "date": date(2027, 3, 1),
            "supplier": "Papeterie Test",
            "invoice_number": "F-2027-001",
            "description": "Notebooks",
            "category": "operating",
            "amount": 100.10,
            "document": INVOICE,
            "document_name": "invoice.pdf",
        }
        values.update(vals)
        return self.env["cri.ili.expense"].with_user(user or self.portal_a).create(values)

    def test_the_review_sets_the_totals_of_the_grant_to_the_cent(self):
        first = self.declare(amount=100.10)
        second = self.declare(invoice_number="F-2027-002", amount=50.05)
        third = self.declare(invoice_number="F-2027-003", amount=20.00)
        self.assertEqual(self.grant.declared_amount, 170.15)
        first.with_user(self.accountant).action_accept()
        second.with_user(self.accountant).rejection_reason = "Part is a private purchase"
        second.with_user(self.accountant).action_accept_partly(30.00)
        third.with_user(self.accountant).rejection_reason = "Outside the activity period"
        third.with_user(self.accountant).action_reject()
        self.assertEqual(
            (self.grant.accepted_amount, self.grant.rejected_amount, self.grant.remaining_amount),
            (130.10, 40.05, 9869.90),
        )
        self.assertEqual(self.grant.consumption_rate, 1.3)
        self.assertEqual((second.review_state, second.reviewed_by_id), ("partial", self.accountant))

    def test_an_accepted_amount_never_exceeds_the_declared_one(self):
        expense = self.declare()
        expense.with_user(self.accountant).rejection_reason = "Too much"
        for amount in (100.10, 150, 0):
            with self.subTest(amount=amount), self.assertRaises(UserError):
                expense.with_user(self.accountant).action_accept_partly(amount)
        with self.assertRaises(ValidationError):
            self.declare(invoice_number="F-NEG", amount=-5)
        self.assertEqual(expense.review_state, "to_review")

    def test_a_rejection_needs_its_reason(self):
        expense = self.declare()
        with self.assertRaisesRegex(UserError, "reads it"):
            expense.with_user(self.accountant).action_reject()
        self.assertEqual(expense.review_state, "to_review")

    @mute_logger("odoo.models")
    def test_only_an_accountant_reviews(self):
        expense = self.declare()
        with self.assertRaises(AccessError):
            expense.with_user(self.agent).action_accept()
        for vals in ({"review_state": "accepted"}, {"accepted_amount": 100.10}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                expense.with_user(self.portal_a).write(vals)
        self.assertEqual((expense.review_state, expense.accepted_amount), ("to_review", 0))

    def test_a_reviewed_expense_no_longer_changes(self):
        expense = self.declare()
        expense.with_user(self.accountant).action_accept()
        with self.assertRaises(UserError):
            expense.with_user(self.portal_a).amount = 500
        with self.assertRaises(UserError):
            expense.with_user(self.portal_a).unlink()
        with self.assertRaises(UserError):
            expense.with_user(self.accountant).action_accept()

    def test_expenses_are_declared_on_a_running_grant_only(self):
        decided = self.to_decided(self.make_application(), amount=100)
        with self.assertRaisesRegex(UserError, "not running"):
            self.declare(grant=decided)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_an_applicant_reaches_its_own_expenses_only(self):
        expense = self.declare()
        with self.assertRaises(AccessError):
            expense.with_user(self.portal_b).read(["amount"])
        with self.assertRaises(AccessError):
            self.declare(user=self.portal_b)
        with self.assertRaises(UserError):
            expense.with_user(self.portal_a).application_id = self.other_grant

    def test_the_same_supporting_document_declared_twice_is_flagged_across_cris(self):
        here = self.declare()
        self.assertEqual(here.duplicate_count, 0)
        # the other CRI's grant declares the same invoice of the same supplier
        elsewhere = self.declare(grant=self.other_grant, user=self.portal_b, supplier=" papeterie  test ")
        here.invalidate_recordset(["duplicate_count"])
        self.assertEqual(here.with_user(self.accountant).duplicate_count, 1)
        self.assertEqual(elsewhere.duplicate_count, 1)
        # the flag does not open the other CRI's grant
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            elsewhere.with_user(self.accountant).read(["amount"])
        # declared twice on the same grant
        self.declare()
        here.invalidate_recordset(["duplicate_count"])
        self.assertEqual(here.duplicate_count, 2)
        # another amount is another document
        self.assertEqual(self.declare(invoice_number="F-2027-001", amount=99).duplicate_count, 0)

    def test_an_expense_to_review_stays_once_the_grant_is_closed(self):
        expense = self.declare()
        self.grant._workflow_write({"state": "closed"})
        with self.assertRaises(UserError):
            expense.with_user(self.portal_a).unlink()
        self.assertTrue(expense.exists())

    def test_the_same_document_is_found_whatever_the_case_and_only_it(self):
        first = self.declare(supplier="Éditions Élan", invoice_number="F_1", amount=80)
        self.declare(supplier="éditions élan", invoice_number="f_1", amount=80)
        self.declare(supplier="Éditions Élan", invoice_number="F11", amount=80)  # not a wildcard
        first.invalidate_recordset(["duplicate_count"])
        self.assertEqual(first.duplicate_count, 1)
        # one query for a whole page of lines
        page = self.env["cri.ili.expense"].search([("application_id", "=", self.grant.id)])
        page.invalidate_recordset(["duplicate_count"])
        with self.assertQueryCount(2):
            page.mapped("duplicate_count")
