from odoo import api, fields, models

from odoo.addons.cri_base.tools import legal_today


class CriIliInstalmentPayWizard(models.TransientModel):
    """The payment of an instalment as the Region notified it: its date (today unless said
    otherwise), and a warning when the grant would then be paid beyond its accepted expenses.
    The instalment's ``action_pay`` checks it all again: an RPC caller never sees this window."""

    _name = "cri.ili.instalment.pay.wizard"
    _description = "Record the Payment of an ILI Instalment"

    instalment_id = fields.Many2one("cri.ili.instalment", required=True, readonly=True)
    application_id = fields.Many2one(related="instalment_id.application_id")
    currency_id = fields.Many2one(related="instalment_id.currency_id")
    amount = fields.Monetary(related="instalment_id.amount", currency_field="currency_id")
    payment_date = fields.Date(
        required=True,
        default=legal_today,
        help="The day the Region paid, as it notified it: not in the future, not before its decision.",
    )
    paid_after = fields.Monetary(
        string="Paid on the Grant with This Instalment",
        currency_field="currency_id",
        compute="_compute_overpaid",
    )
    accepted_amount = fields.Monetary(
        string="Accepted Expenses",
        related="instalment_id.application_id.accepted_amount",
        currency_field="currency_id",
    )
    overpaid = fields.Boolean(
        string="Beyond the Accepted Expenses",
        compute="_compute_overpaid",
        help="The grant would be paid more than its accepted expenses: allowed (an advance), noted in "
        "its history.",
    )

    @api.depends("instalment_id.amount", "application_id.paid_amount", "application_id.accepted_amount")
    def _compute_overpaid(self):
        for wizard in self:
            grant = wizard.application_id
            wizard.paid_after = grant.currency_id.round(grant.paid_amount + wizard.amount)
            wizard.overpaid = grant.currency_id.compare_amounts(wizard.paid_after, grant.accepted_amount) > 0

    def action_confirm(self):
        self.ensure_one()
        self.instalment_id.action_pay(self.payment_date)
        return {"type": "ir.actions.act_window_close"}
