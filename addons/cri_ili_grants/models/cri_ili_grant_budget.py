from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .cri_ili_budget_line import BUDGET_CATEGORIES

# written by the decision and the re-allocation wizard only (cri.workflow.mixin), with the totals
# the overspending alert rests on
WORKFLOW_FIELDS = frozenset(
    {
        "application_id",
        "category",
        "sequence",
        "requested_amount",
        "amount",
        "declared_amount",
        "to_review_amount",
        "accepted_amount",
        "rejected_amount",
        "remaining_amount",
        "consumption_rate",
        "overspent",
    }
)


class CriIliGrantBudget(models.Model):
    """The budget of a decided grant in one of the four categories: the amount allocated out of
    the granted amount, and what the expenses declared in that category consume of it."""

    _name = "cri.ili.grant.budget"
    _description = "ILI Grant Budget by Category"
    _inherit = ["cri.ili.grant.record", "cri.workflow.mixin"]
    _order = "application_id, sequence, id"
    _cri_workflow_fields = WORKFLOW_FIELDS

    category = fields.Selection(BUDGET_CATEGORIES, required=True, readonly=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True)
    currency_id = fields.Many2one(related="application_id.currency_id")
    requested_amount = fields.Monetary(
        string="Requested", currency_field="currency_id", readonly=True, help="Asked in the application."
    )
    amount = fields.Monetary(
        string="Allocated",
        currency_field="currency_id",
        readonly=True,
        help="Part of the granted amount allocated to this category; changed with a reason only.",
    )
    declared_amount = fields.Monetary(
        string="Declared", currency_field="currency_id", compute="_compute_totals", store=True
    )
    to_review_amount = fields.Monetary(
        string="To Review", currency_field="currency_id", compute="_compute_totals", store=True
    )
    accepted_amount = fields.Monetary(
        string="Accepted", currency_field="currency_id", compute="_compute_totals", store=True
    )
    rejected_amount = fields.Monetary(
        string="Rejected", currency_field="currency_id", compute="_compute_totals", store=True
    )
    remaining_amount = fields.Monetary(
        string="Remaining",
        currency_field="currency_id",
        compute="_compute_totals",
        store=True,
        help="Allocated amount not yet covered by accepted expenses (negative when overspent).",
    )
    consumption_rate = fields.Float(
        string="Consumption (%)", compute="_compute_totals", store=True, aggregator="avg"
    )
    overspent = fields.Boolean(
        compute="_compute_totals",
        store=True,
        help="The expenses declared in this category exceed its allocation.",
    )

    _sql_constraints = [
        ("category_unique", "unique(application_id, category)", "A grant has one budget line per category.")
    ]

    @api.depends("category")
    def _compute_sequence(self):
        order = [key for key, _label in BUDGET_CATEGORIES]
        for line in self:
            line.sequence = order.index(line.category) if line.category in order else len(order)

    @api.depends(
        "amount",
        "application_id.expense_ids.category",
        "application_id.expense_ids.amount",
        "application_id.expense_ids.accepted_amount",
        "application_id.expense_ids.review_state",
    )
    def _compute_totals(self):
        for line in self:
            expenses = line.application_id.expense_ids.filtered(lambda e, c=line.category: e.category == c)
            round_ = line.currency_id.round if line.currency_id else (lambda x: round(x, 2))
            to_review = expenses.filtered(lambda e: e.review_state == "to_review")
            reviewed = expenses - to_review
            line.declared_amount = round_(sum(expenses.mapped("amount")))
            line.to_review_amount = round_(sum(to_review.mapped("amount")))
            line.accepted_amount = round_(sum(reviewed.mapped("accepted_amount")))
            line.rejected_amount = round_(sum(reviewed.mapped("amount")) - line.accepted_amount)
            line.remaining_amount = round_(line.amount - line.accepted_amount)
            line.consumption_rate = (
                round(100.0 * line.accepted_amount / line.amount, 2) if line.amount else 0.0
            )
            compare = (
                line.currency_id.compare_amounts if line.currency_id else (lambda a, b: (a > b) - (a < b))
            )
            line.overspent = compare(line.declared_amount - line.rejected_amount, line.amount) > 0

    @api.constrains("amount")
    def _check_amount(self):
        if any(line.amount < 0 for line in self):
            raise ValidationError(self.env._("An allocation cannot be negative."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("The budget of a grant is kept: re-allocate it instead."))

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "The budget of a decided grant changes through “Re-allocate the budget”, with a reason."
        )
