from odoo import fields, models


class CriIliExpensePartialWizard(models.TransientModel):
    """The part of an expense the accountant accepts, and why the rest is not."""

    _name = "cri.ili.expense.partial.wizard"
    _description = "Accept Part of an ILI Expense"

    expense_id = fields.Many2one("cri.ili.expense", required=True, readonly=True)
    currency_id = fields.Many2one(related="expense_id.currency_id")
    amount = fields.Monetary(related="expense_id.amount", string="Declared")
    accepted_amount = fields.Monetary(string="Accepted", currency_field="currency_id", required=True)
    reason = fields.Text(string="Why the Rest Is Not Accepted", required=True, help="Read by the applicant.")

    def action_confirm(self):
        self.ensure_one()
        self.expense_id.rejection_reason = self.reason
        self.expense_id.action_accept_partly(self.accepted_amount)
        return {"type": "ir.actions.act_window_close"}
