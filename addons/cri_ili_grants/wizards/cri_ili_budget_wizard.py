from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.cri_ili_budget_line import BUDGET_CATEGORIES
from ..models.cri_ili_grant_budget import BUDGET_TOKEN

AGENT = "cri_ili_grants.group_ili_agent"
# a decided grant's budget and amount change until it is closed
CHANGING_STATES = ("decided", "running", "clearing")


class CriIliBudgetWizard(models.TransientModel):
    """Re-allocate a decided grant's budget between its categories, or change its granted amount
    (an amendment of the Region's decision): always with a reason, posted on the grant."""

    _name = "cri.ili.budget.wizard"
    _description = "Re-allocate an ILI Grant's Budget"

    application_id = fields.Many2one("cri.ili.application", string="Grant", required=True, readonly=True)
    currency_id = fields.Many2one(related="application_id.currency_id")
    line_ids = fields.One2many("cri.ili.budget.wizard.line", "wizard_id", string="Allocation")
    granted_amount = fields.Monetary(
        string="Current Granted Amount", related="application_id.granted_amount", currency_field="currency_id"
    )
    new_granted_amount = fields.Monetary(currency_field="currency_id", compute="_compute_new_granted_amount")
    reason = fields.Text(
        required=True, help="Why the budget or the amount changes: kept in the grant's history."
    )

    @api.depends("line_ids.amount")
    def _compute_new_granted_amount(self):
        for wizard in self:
            wizard.new_granted_amount = wizard.currency_id.round(sum(wizard.line_ids.mapped("amount")))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        application = self.env["cri.ili.application"].browse(values.get("application_id"))
        if application and "line_ids" in fields_list:
            values["line_ids"] = [
                Command.create({"budget_id": line.id, "amount": line.amount})
                for line in application.grant_budget_ids
            ]
        return values

    def action_confirm(self):
        self.ensure_one()
        application = self.application_id
        self._check_allowed(application)
        changes = [(wl.budget_id, wl.amount) for wl in self.line_ids if wl.budget_id.amount != wl.amount]
        new_total = self.new_granted_amount
        amount_changes = application.currency_id.compare_amounts(new_total, application.granted_amount) != 0
        if not changes:
            raise UserError(self.env._("Nothing changes: set the new amounts of the categories."))
        body = self._history(application, changes, new_total if amount_changes else None)
        if amount_changes:
            application._change_granted_amount(new_total)
        for budget, amount in changes:
            budget.with_context(cri_ili_budget=BUDGET_TOKEN).write({"amount": amount})
        application.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"type": "ir.actions.act_window_close"}

    def _check_allowed(self, application):
        if not self.env.user.has_group(AGENT):
            raise AccessError(self.env._("Only the CRI's ILI agents change a grant's budget."))
        application.check_access("write")
        if application.state not in CHANGING_STATES:
            raise UserError(
                self.env._(
                    "%(grant)s is not a grant in progress: its budget no longer changes.",
                    grant=application.name,
                )
            )
        if not (self.reason or "").strip():
            raise UserError(
                self.env._("Say why the budget changes: the reason is kept in the grant's history.")
            )
        if any(line.amount < 0 for line in self.line_ids):
            raise UserError(self.env._("An allocation cannot be negative."))
        if self.line_ids.budget_id.application_id != application:
            raise AccessError(self.env._("These budget lines belong to another grant."))

    def _history(self, application, changes, new_total):
        labels = dict(BUDGET_CATEGORIES)
        fmt = application.currency_id.format if application.currency_id else str
        items = Markup("").join(
            Markup("<li>%s: %s → %s</li>")
            % (self.env._(labels[budget.category]), fmt(budget.amount), fmt(amount))
            for budget, amount in changes
        )
        title = self.env._("Budget re-allocated")
        if new_total is not None:
            title = self.env._(
                "Granted amount changed from %(old)s to %(new)s",
                old=fmt(application.granted_amount),
                new=fmt(new_total),
            )
        return Markup("<p><b>%s</b></p><ul>%s</ul><p>%s %s</p>") % (
            title,
            items,
            self.env._("Reason:"),
            self.reason.strip(),
        )


class CriIliBudgetWizardLine(models.TransientModel):
    _name = "cri.ili.budget.wizard.line"
    _description = "Category of an ILI Grant's Budget Re-allocation"

    wizard_id = fields.Many2one("cri.ili.budget.wizard", required=True, ondelete="cascade")
    budget_id = fields.Many2one("cri.ili.grant.budget", required=True, readonly=True)
    category = fields.Selection(related="budget_id.category")
    currency_id = fields.Many2one(related="budget_id.currency_id")
    current_amount = fields.Monetary(related="budget_id.amount", string="Allocated Now")
    accepted_amount = fields.Monetary(related="budget_id.accepted_amount")
    amount = fields.Monetary(string="New Allocation", currency_field="currency_id")
