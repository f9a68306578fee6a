from odoo import api, fields, models
from odoo.exceptions import ValidationError

BUDGET_CATEGORIES = [
    ("personnel", "Personnel"),
    ("operating", "Operating"),
    ("investment", "Investment"),
    ("other", "Other"),
]


class CriIliBudgetLine(models.Model):
    """A line of the budget of an application: what the requested amount is made of."""

    _name = "cri.ili.budget.line"
    _description = "ILI Application Budget Line"
    _inherit = ["cri.ili.application.line"]
    _order = "application_id, category, id"

    category = fields.Selection(BUDGET_CATEGORIES, required=True, default="operating")
    description = fields.Char(required=True)
    currency_id = fields.Many2one(related="application_id.currency_id", string="Currency")
    amount = fields.Monetary(currency_field="currency_id", required=True)

    @api.constrains("amount")
    def _check_amount(self):
        if any(line.amount < 0 for line in self):
            raise ValidationError(self.env._("A budget line cannot be negative."))
