from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow

from .cri_ili_budget_line import BUDGET_CATEGORIES

REVIEW_STATES = [
    ("to_review", "To review"),
    ("accepted", "Accepted"),
    ("partial", "Partly accepted"),
    ("rejected", "Rejected"),
]
# the reviews that accept (part of) an expense: on its supporting document only
ACCEPTED_STATES = ("accepted", "partial")
ACCOUNTANT = "cri_base.group_accountant"
# the CRI's staff who review the expenses and see the double-funding flag
REVIEWERS = "cri_base.group_accountant,cri_ili_grants.group_ili_agent"
# the grant states in which expenses are declared
DECLARING_STATES = ("running", "clearing")
# the review is the accountant's, through its buttons (cri.workflow.mixin)
REVIEW_FIELDS = frozenset({"review_state", "accepted_amount", "reviewed_by_id"})
# what the applicant's form offers (also on the portal)
DECLARED_FIELDS = frozenset(
    {
        "application_id",
        "date",
        "supplier",
        "invoice_number",
        "description",
        "category",
        "amount",
        "document",
        "document_name",
    }
)


class CriIliExpense(models.Model):
    """An expense declared on a grant with its supporting document, reviewed by the CRI's
    accountant: accepted, partly accepted or rejected with a reason the applicant reads."""

    _name = "cri.ili.expense"
    _description = "ILI Grant Expense"
    _inherit = ["cri.ili.grant.record", "mail.thread", "cri.workflow.mixin"]
    _order = "date, id"
    _cri_workflow_fields = REVIEW_FIELDS

    currency_id = fields.Many2one(related="application_id.currency_id")
    date = fields.Date(required=True, help="Date of the supplier's invoice.")
    supplier = fields.Char(required=True)
    invoice_number = fields.Char(required=True, help="The supplier's invoice number.")
    description = fields.Char(required=True)
    category = fields.Selection(BUDGET_CATEGORIES, required=True, default="operating")
    amount = fields.Monetary(currency_field="currency_id", required=True)
    document = fields.Binary(string="Supporting Document", attachment=True, copy=False)
    document_name = fields.Char(copy=False)
    review_state = fields.Selection(
        REVIEW_STATES,
        string="Review",
        default="to_review",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    accepted_amount = fields.Monetary(currency_field="currency_id", tracking=True, copy=False)
    rejection_reason = fields.Text(tracking=True, copy=False, help="Read by the applicant.")
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # counts the declarations of every CRI and applicant: for the CRI's reviewers only, never
    # for an applicant, whom it would tell of other organisations' invoices
    duplicate_count = fields.Integer(
        string="Declared Elsewhere",
        compute="_compute_duplicate_count",
        groups=REVIEWERS,
        help="Other declarations of the same supporting document (supplier, invoice number, amount), "
        "on this grant or another one, in any CRI.",
    )

    @api.depends("supplier", "invoice_number", "amount")
    def _compute_duplicate_count(self):
        """Count, in one query for all the lines shown, the declarations of the same supporting
        document in any CRI: the count only, the other grants stay out of reach."""
        keys = {expense: expense._document_key() for expense in self}
        known = {key for expense, key in keys.items() if expense.id and key}
        counts = {}
        if known:
            self.env["cri.ili.expense"].flush_model(["supplier", "invoice_number", "amount"])
            values = SQL(", ").join(SQL("(%s, %s, %s::numeric)", *key) for key in known)
            self.env.cr.execute(
                SQL(
                    """SELECT k.supplier, k.number, k.amount, count(e.id)
                         FROM (VALUES %s) AS k(supplier, number, amount)
                         JOIN cri_ili_expense e
                           ON lower(e.invoice_number) = lower(k.number)
                          AND e.amount = k.amount
                          AND lower(e.supplier) = lower(k.supplier)
                     GROUP BY 1, 2, 3""",
                    values,
                )
            )
            counts = {
                (supplier, number, float(amount)): n for supplier, number, amount, n in self.env.cr.fetchall()
            }
        for expense, key in keys.items():
            # the line itself is one of the declarations found
            expense.duplicate_count = max(counts.get(key, 0) - 1, 0) if expense.id and key else 0

    def _document_key(self):
        if not self.invoice_number:
            return None
        return (self.supplier or "", self.invoice_number, round(self.amount, 2))

    def init(self):
        create_index(
            self.env.cr, "cri_ili_expense_document_index", self._table, ["lower(invoice_number)", "amount"]
        )

    @api.constrains("amount", "accepted_amount")
    def _check_amounts(self):
        for expense in self:
            if expense.amount <= 0 or expense.accepted_amount < 0:
                raise ValidationError(self.env._("An expense is a positive amount."))
            if expense.currency_id.compare_amounts(expense.accepted_amount, expense.amount) > 0:
                raise ValidationError(self.env._("The accepted amount cannot exceed the declared amount."))

    # ------------------------------------------------------------------ CRUD
    @staticmethod
    def _normalise(vals):
        """A supporting document is known by its supplier, invoice number and amount: stored
        without stray spaces, so that the same document is found again."""
        for name in ("supplier", "invoice_number"):
            if isinstance(vals.get(name), str):
                vals[name] = " ".join(vals[name].split())

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalise(vals)
        if not is_workflow(self.env):
            for vals in vals_list:
                self._check_portal_fields(set(vals))
        expenses = super().create(vals_list)
        expenses._check_grant_declaring()
        return expenses

    def write(self, vals):
        self._normalise(vals)
        if not is_workflow(self.env):
            self._cri_refuse_workflow_fields([vals])
            self._check_portal_fields(set(vals))
            if "application_id" in vals and any(e.application_id.id != vals["application_id"] for e in self):
                raise UserError(
                    self.env._("An expense stays on its grant: declare it again on the other one.")
                )
            if any(expense.review_state != "to_review" for expense in self):
                raise UserError(self.env._("A reviewed expense no longer changes."))
            self._check_grant_declaring()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_reviewed(self):
        if self.env.su:
            return
        if any(expense.review_state != "to_review" for expense in self):
            raise UserError(self.env._("A reviewed expense is kept."))
        self._check_grant_declaring()

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._("The review of an expense is the accountant's, through its buttons.")

    def _check_portal_fields(self, names):
        if self.env.user.share and names - DECLARED_FIELDS:
            raise AccessError(self.env._("An applicant declares its expenses only."))

    def _check_grant_declaring(self):
        for expense in self:
            if expense.application_id.state not in DECLARING_STATES:
                raise UserError(
                    self.env._(
                        "%(grant)s is not running: no expense is declared on it.",
                        grant=expense.application_id.name,
                    )
                )

    # ------------------------------------------------------------------ review
    def _review(self, vals):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT):
            raise AccessError(self.env._("Only the CRI's accountants review the expenses."))
        if any(expense.review_state != "to_review" for expense in self):
            raise UserError(self.env._("This expense is already reviewed."))
        if vals["review_state"] in ACCEPTED_STATES:
            self._check_supporting_document()
        self._workflow_write(dict(vals, reviewed_by_id=self.env.user.id))

    def _check_supporting_document(self):
        """An expense is accepted, even in part, on its supporting document only."""
        # whether there is one, not its content
        for expense in self.with_context(bin_size=True):
            if not expense.document:
                raise UserError(
                    self.env._(
                        "The expense %(invoice)s of %(supplier)s has no supporting document: it is "
                        "accepted once the document is joined.",
                        invoice=expense.invoice_number,
                        supplier=expense.supplier,
                    )
                )

    def action_accept(self):
        for expense in self:
            expense._review({"review_state": "accepted", "accepted_amount": expense.amount})

    def action_accept_partly(self, accepted_amount):
        self.ensure_one()
        if not 0 < accepted_amount < self.amount:
            raise UserError(
                self.env._("A partly accepted expense keeps more than nothing and less than all.")
            )
        if not (self.rejection_reason or "").strip():
            raise UserError(
                self.env._("Say why part of the expense is not accepted: the applicant reads it.")
            )
        self._review({"review_state": "partial", "accepted_amount": accepted_amount})

    def action_open_partial(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Accept part of the expense"),
            "res_model": "cri.ili.expense.partial.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_expense_id": self.id, "default_accepted_amount": self.amount},
        }

    def action_reject(self):
        if any(not (expense.rejection_reason or "").strip() for expense in self):
            raise UserError(self.env._("Say why the expense is rejected: the applicant reads it."))
        self._review({"review_state": "rejected", "accepted_amount": 0})
