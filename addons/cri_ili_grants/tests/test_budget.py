"""The budget of a decided grant by category: its allocation out of the granted amount, what the
expenses consume of it, the overspending alerts, and its changes, always with a reason."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import INVOICE, IliCase

CATEGORIES = ["personnel", "operating", "investment", "other"]


@tagged("post_install", "-at_install")
class TestGrantBudget(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # requested: personnel 12,000.10 + operating 2,500.25 = 14,500.35; granted 10,000
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)

    def budget(self, grant=None):
        return {line.category: line for line in (grant or self.grant).grant_budget_ids}

    def declare(self, category, amount, number, user=None):
        return (
            self.env["cri.ili.expense"]
            .with_user(user or self.portal_a)
            .create(
                {
                    "application_id": self.grant.id,
                    "date": date(2027, 3, 1),
                    "supplier": "Fournisseur Test",
                    "invoice_number": number,
                    "description": "Test expense",
                    "category": category,
                    "amount": amount,
                    "document": INVOICE,
                    "document_name": f"{number}.pdf",
                }
            )
        )

    def reallocate(
        self, amounts, reason="Amendment AG/2027/15-bis of the Region", user=None, instalments=None
    ):
        """Re-allocate the grant's categories to ``amounts`` (the others unchanged) and its
        instalments still to pay to ``instalments`` ({instalment: amount}, the others unchanged)."""
        wizard = (
            self.env["cri.ili.budget.wizard"]
            .with_user(user or self.agent)
            .with_context(default_application_id=self.grant.id)
            .create({"reason": reason})
        )
        for line in wizard.line_ids:
            if line.category in amounts:
                line.amount = amounts[line.category]
        for line in wizard.instalment_line_ids:
            if line.instalment_id in (instalments or {}):
                line.amount = instalments[line.instalment_id]
        return wizard.action_confirm()

    # ------------------------------------------------------------------ allocation
    def test_the_decision_allocates_the_granted_amount_in_the_requested_proportions(self):
        budget = self.budget()
        self.assertEqual(list(budget), CATEGORIES, "one line per category, in their order")
        personnel = round(10000 * 12000.10 / 14500.35, 2)
        self.assertEqual(budget["personnel"].amount, personnel)
        self.assertEqual(
            budget["operating"].amount, round(10000 - personnel, 2), "the last one takes the rest"
        )
        self.assertEqual((budget["investment"].amount, budget["other"].amount), (0, 0))
        self.assertEqual(sum(line.amount for line in budget.values()), 10000)
        self.assertEqual(budget["personnel"].requested_amount, 12000.10)

    def test_the_expenses_consume_their_category_to_the_cent(self):
        self.grant.with_user(self.agent).action_start()
        accepted = self.declare("operating", 1000.10, "F-1")
        partial = self.declare("operating", 500.05, "F-2")
        rejected = self.declare("operating", 200.00, "F-3")
        self.declare("operating", 99.99, "F-4")
        self.declare("personnel", 0.01, "F-5")
        accepted.with_user(self.accountant).action_accept()
        partial.with_user(self.accountant).rejection_reason = "Part is outside the project"
        partial.with_user(self.accountant).action_accept_partly(300.03)
        rejected.with_user(self.accountant).rejection_reason = "No invoice"
        rejected.with_user(self.accountant).action_reject()
        operating = self.budget()["operating"]
        self.assertEqual(operating.declared_amount, 1800.14)
        self.assertEqual(operating.to_review_amount, 99.99)
        self.assertEqual(operating.accepted_amount, 1300.13)
        self.assertEqual(operating.rejected_amount, 400.02)
        self.assertEqual(operating.remaining_amount, round(operating.amount - 1300.13, 2))
        self.assertEqual(operating.consumption_rate, round(100 * 1300.13 / operating.amount, 2))
        self.assertFalse(operating.overspent)
        self.assertEqual(self.budget()["personnel"].declared_amount, 0.01)
        # the category totals add up to the grant's
        self.assertEqual(
            round(sum(self.grant.grant_budget_ids.mapped("accepted_amount")), 2), self.grant.accepted_amount
        )

    def test_declaring_beyond_a_category_raises_the_alert(self):
        self.grant.with_user(self.agent).action_start()
        operating = self.budget()["operating"]
        self.declare("operating", operating.amount, "F-10")
        self.assertFalse(operating.overspent, "exactly the allocation is not an overspending")
        self.assertFalse(self.grant.has_overspending)
        extra = self.declare("operating", 0.01, "F-11")
        self.assertTrue(operating.overspent)
        self.assertTrue(self.grant.has_overspending)
        self.assertIn(self.grant, self.env["cri.ili.application"].search([("has_overspending", "=", True)]))
        # a category without allocation is overspent by its first expense
        self.declare("investment", 10, "F-12")
        self.assertTrue(self.budget()["investment"].overspent)
        # a rejected expense no longer consumes the allocation
        extra.with_user(self.accountant).rejection_reason = "Double"
        extra.with_user(self.accountant).action_reject()
        self.assertFalse(operating.overspent)

    # ------------------------------------------------------------------ changes with a reason
    def test_the_budget_is_changed_only_through_the_reallocation(self):
        personnel = self.budget()["personnel"]
        for user in (self.agent, self.manager, self.accountant):
            with self.subTest(user=user.login), self.assertRaises(UserError):  # AccessError included
                personnel.with_user(user).write({"amount": 1})
        with self.assertRaises(UserError):
            personnel.with_user(self.agent).unlink()
        with self.assertRaises(UserError):
            self.env["cri.ili.grant.budget"].with_user(self.agent).create(
                {"application_id": self.grant.id, "category": "other", "amount": 5}
            )
        with self.assertRaises(UserError):
            self.grant.with_user(self.manager).write({"granted_amount": 9000})
        self.assertEqual(self.grant.granted_amount, 10000)

    def test_a_reallocation_keeps_the_amount_and_says_why(self):
        before = self.budget()
        personnel, operating = before["personnel"].amount, before["operating"].amount
        self.reallocate(
            {"personnel": personnel - 500, "investment": 500}, reason="New laptop for the trainer"
        )
        after = self.budget()
        self.assertEqual((after["personnel"].amount, after["investment"].amount), (personnel - 500, 500))
        self.assertEqual(after["operating"].amount, operating)
        self.assertEqual(self.grant.granted_amount, 10000)
        note = self.grant.message_ids[0]
        self.assertIn("New laptop for the trainer", note.body)
        self.assertEqual(note.author_id, self.agent.partner_id)

    def test_an_amendment_changes_the_granted_amount_and_the_instalments_to_pay(self):
        self.grant.with_user(self.agent).action_start()
        self.env.flush_all()
        self.env.cr.flush()  # the grant is created in this transaction: its tracking starts after its hooks
        instalments = self.grant.instalment_ids.sorted(lambda line: (line.planned_date, line.id))
        last_before = instalments[-1].amount
        personnel = self.budget()["personnel"].amount
        with self.assertRaisesRegex(UserError, "new granted amount"):
            # the instalments still to pay are re-planned with the amount
            self.reallocate({"personnel": personnel - 1000.01})
        self.assertEqual(self.grant.granted_amount, 10000)
        self.reallocate(
            {"personnel": personnel - 1000.01}, instalments={instalments[-1]: round(last_before - 1000.01, 2)}
        )
        self.assertEqual(self.grant.granted_amount, 8999.99)
        self.assertEqual(instalments[-1].amount, round(last_before - 1000.01, 2))
        self.assertEqual(round(sum(self.grant.instalment_ids.mapped("amount")), 2), 8999.99)
        self.env.flush_all()
        self.env.cr.flush()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "cri.ili.application"),
                ("mail_message_id.res_id", "=", self.grant.id),
                ("field_id.name", "=", "granted_amount"),
                ("new_value_float", "=", 8999.99),
            ]
        )
        self.assertEqual(tracked.mapped("old_value_float"), [10000])
        self.assertIn("Amendment AG/2027/15-bis", "".join(self.grant.message_ids.mapped("body")))

    def test_bad_changes_are_refused_and_change_nothing(self):
        amounts = {line.category: line.amount for line in self.grant.grant_budget_ids}

        def unchanged():
            self.assertEqual({line.category: line.amount for line in self.grant.grant_budget_ids}, amounts)
            self.assertEqual(self.grant.granted_amount, 10000)

        with self.assertRaises(UserError):
            self.reallocate({"other": 100, "personnel": amounts["personnel"] - 100}, reason="   ")
        unchanged()
        with self.assertRaises(UserError):
            self.reallocate({"other": -100, "personnel": amounts["personnel"] + 100})
        unchanged()
        with self.assertRaises(AccessError):
            self.reallocate({"other": 100, "personnel": amounts["personnel"] - 100}, user=self.accountant)
        unchanged()
        with self.assertRaises(ValidationError):
            # an amendment cannot grant more than was requested
            self.reallocate({"other": 5000})
        unchanged()
        with self.assertRaises(UserError):
            self.reallocate({})
        unchanged()

    def test_the_paid_instalments_cannot_absorb_a_cut(self):
        self.grant.with_user(self.agent).action_start()
        with freeze_time("2027-02-01"):
            self.grant.instalment_ids.with_user(self.accountant).action_pay()
        self.assertFalse(self.grant._unpaid_instalments())
        with self.assertRaisesRegex(UserError, "new granted amount"):
            self.reallocate({"personnel": self.budget()["personnel"].amount - 100})
        self.assertEqual(self.grant.granted_amount, 10000)

    def test_the_lines_of_another_grant_are_refused(self):
        other = self.to_decided(self.make_application(), amount=5000)
        wizard = (
            self.env["cri.ili.budget.wizard"]
            .with_user(self.agent)
            .create(
                {
                    "application_id": self.grant.id,
                    "reason": "Mixing grants",
                    "line_ids": [Command.create({"budget_id": other.grant_budget_ids[0].id, "amount": 1})],
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(other.grant_budget_ids[0].amount, self.budget(other)["personnel"].amount)

    def test_another_cri_cannot_reallocate(self):
        with self.assertRaises(AccessError):
            self.reallocate(
                {"other": 1, "personnel": self.budget()["personnel"].amount - 1}, user=self.agent_cai
            )

    def test_the_wizard_form_proposes_the_current_allocation_and_plan(self):
        self.grant.with_user(self.agent).action_start()
        action = self.grant.with_user(self.agent).action_open_budget_wizard()
        form = Form(self.env[action["res_model"]].with_user(self.agent).with_context(**action["context"]))
        self.assertEqual((form.new_granted_amount, form.planned_amount), (10000, 10000))
        self.assertEqual(len(form.instalment_line_ids), len(self.grant.instalment_ids))
        last = self.grant._unpaid_instalments()[-1]
        last_before = last.amount
        with form.line_ids.edit(0) as line:
            line.amount = line.amount - 10
        # the last instalment still to pay absorbs the difference, in the form
        self.assertEqual((form.new_granted_amount, form.planned_amount), (9990, 9990))
        form.reason = "Amendment of the Region"
        form.save().action_confirm()
        self.assertEqual((self.grant.granted_amount, last.amount), (9990, round(last_before - 10, 2)))
        self.assertEqual(round(sum(self.grant.instalment_ids.mapped("amount")), 2), 9990)

    # ------------------------------------------------------------------ the Region observer
    def test_the_observer_reads_the_totals_but_no_expense(self):
        self.grant.with_user(self.agent).action_start()
        expense = self.declare("operating", 10, "F-30")
        observer_grant = self.grant.with_user(self.observer)
        self.assertEqual(observer_grant.grant_budget_ids.mapped("category"), CATEGORIES)
        self.assertEqual(observer_grant.declared_amount, 10)
        with self.assertRaises(AccessError):
            expense.with_user(self.observer).read(["document", "amount"])
        # the grant's form opens for the observer, without the pages it may not read
        views = self.env["cri.ili.application"].with_user(self.observer).get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertNotIn('name="expense_ids"', arch)
        self.assertNotIn('name="visit_count"', arch)
        self.assertNotIn('name="document_ids"', arch)
        # the fields of the form (not those of its lines) are read as the web client does
        names = {
            node.get("name")
            for node in etree.fromstring(arch).iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }
        values = (
            self.env["cri.ili.application"]
            .with_user(self.observer)
            .browse(self.grant.id)
            .web_read({name: {} for name in names})
        )
        self.assertEqual(len(values[0]["grant_budget_ids"]), 4)
