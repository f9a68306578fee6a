import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.cri_base.tools import legal_today

INSTALMENT_STATES = [("planned", "Planned"), ("paid", "Paid")]
ACCOUNTANT = "cri_base.group_accountant"
# the grant states in which money is paid
PAYING_STATES = ("running", "clearing")
# everything an instalment holds is the workflow's: the grant's plan creates it, the budget
# re-allocation (ILI agents, with a reason) changes its amount, date and release condition, the
# pay button (accountants) records its payment
WORKFLOW_FIELDS = frozenset(
    {"application_id", "name", "amount", "planned_date", "release_requirement_id", "state", "payment_date"}
)


class CriIliInstalment(models.Model):
    """A payment of a grant: a share of the granted amount with its planned date and the
    requirement that releases it. The instalments of a grant always sum to its granted amount
    (checked on the grant, see ``cri.ili.application._check_instalment_sum``)."""

    _name = "cri.ili.instalment"
    _description = "ILI Grant Instalment"
    _inherit = ["cri.ili.grant.record", "mail.thread", "cri.workflow.mixin"]
    _order = "application_id, planned_date, id"
    _cri_workflow_fields = WORKFLOW_FIELDS

    name = fields.Char(string="Instalment", required=True)
    currency_id = fields.Many2one(related="application_id.currency_id")
    amount = fields.Monetary(currency_field="currency_id", required=True, tracking=True)
    planned_date = fields.Date(required=True, tracking=True)
    release_requirement_id = fields.Many2one(
        "cri.ili.requirement",
        string="Released By",
        domain="[('application_id', '=', application_id)]",
        help="The requirement that must be accepted before this instalment is paid.",
    )
    state = fields.Selection(INSTALMENT_STATES, default="planned", required=True, tracking=True, copy=False)
    payment_date = fields.Date(readonly=True, copy=False, tracking=True, help="As notified by the Region.")

    @api.constrains("release_requirement_id", "application_id")
    def _check_release_requirement(self):
        for line in self.filtered("release_requirement_id"):
            if line.release_requirement_id.application_id != line.application_id:
                raise ValidationError(
                    self.env._(
                        "%(instalment)s is released by a requirement of its own grant only.",
                        instalment=line.name,
                    )
                )

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "%(fields)s of an instalment change only through the grant's plan, “Re-allocate the "
            "Budget” (with a reason) or its payment button.",
            fields=labels,
        )

    def write(self, vals):
        # a payment is final, for the workflow too
        if WORKFLOW_FIELDS & set(vals) and not self.env.su and any(line.state == "paid" for line in self):
            raise UserError(self.env._("A paid instalment no longer changes."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # deleting one would break the sum: the plan is changed through the re-allocation
        if not self.env.su:
            raise UserError(
                self.env._("An instalment is not deleted: change the amounts of the plan instead.")
            )

    def action_pay(self, payment_date=None):
        """Record the payment as notified, once: the row is locked so that two accountants
        paying at the same moment cannot pay it twice."""
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT):
            raise AccessError(self.env._("Only the CRI's accountants mark instalments paid."))
        if not self:
            return True
        # the accountants of the grant's CRI (record rules); they write an instalment through
        # this button only, which writes as superuser once these checks passed
        self.check_access("read")
        self._lock_for_payment()
        self.invalidate_recordset(["state"])
        for line in self:
            line._check_payable()
        self.sudo()._workflow_write({"state": "paid", "payment_date": payment_date or legal_today()})
        return True

    def _lock_for_payment(self):
        """Lock the rows, or tell the loser of a concurrent payment to try again: an expected
        answer, not a server error (no ERROR in the log)."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM cri_ili_instalment WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids)
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._("Someone else is recording this payment: try again in a moment.")
            ) from None

    def _check_payable(self):
        self.ensure_one()
        if self.state == "paid":
            raise UserError(self.env._("%(instalment)s is already paid.", instalment=self.name))
        if self.application_id.state not in PAYING_STATES:
            raise UserError(
                self.env._("%(grant)s is not running: nothing is paid on it.", grant=self.application_id.name)
            )
        requirement = self.release_requirement_id
        if requirement and requirement.state != "accepted":
            raise UserError(
                self.env._(
                    "%(instalment)s is released by “%(requirement)s”, which is not accepted yet.",
                    instalment=self.name,
                    requirement=requirement.name,
                )
            )
        if (
            not self.env.su
            and requirement.accepted_by_id == self.env.user
            and self.application_id.center_id.ili_separate_duties
        ):
            raise UserError(
                self.env._(
                    "You accepted “%(requirement)s”, which releases %(instalment)s: another accountant "
                    "pays it (separation of duties, a setting of the CRI).",
                    requirement=requirement.name,
                    instalment=self.name,
                )
            )
