import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

INSTALMENT_STATES = [("planned", "Planned"), ("paid", "Paid")]
ACCOUNTANT = "cri_base.group_accountant"
# the grant states in which money is paid
PAYING_STATES = ("running", "clearing")
TOKEN = object()
# set by the grant while it writes its plan: the grant checks the sum once, after all its lines
PLAN_TOKEN = object()


class CriIliInstalment(models.Model):
    """A payment of a grant: a share of the granted amount with its planned date and the
    requirement that releases it. The instalments of a grant always sum to its granted amount."""

    _name = "cri.ili.instalment"
    _description = "ILI Grant Instalment"
    _inherit = ["cri.ili.grant.record", "mail.thread"]
    _order = "application_id, planned_date, id"

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

    @api.constrains("amount", "application_id")
    def _check_sum(self):
        # a plan edited through its grant is checked once, by the grant, after all its lines
        if self.env.context.get("cri_ili_plan") is PLAN_TOKEN:
            return
        self.application_id._check_instalment_sum()

    def write(self, vals):
        if not (self.env.su or self.env.context.get("cri_ili") is TOKEN):
            if {"state", "payment_date", "application_id"} & set(vals):
                raise UserError(self.env._("An instalment is paid through its button only."))
            if any(line.state == "paid" for line in self):
                raise UserError(self.env._("A paid instalment no longer changes."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # deleting one would break the sum: the plan is changed by changing the amounts
        if not self.env.su:
            raise UserError(
                self.env._("An instalment is not deleted: change the amounts of the plan instead.")
            )

    def action_pay(self, payment_date=None):
        """Record the payment as notified, once: the row is locked so that two accountants
        paying at the same moment cannot pay it twice."""
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT):
            raise AccessError(self.env._("Only the CRI's accountants mark instalments paid."))
        self.check_access("write")
        try:
            # a lock refused is the expected answer to a concurrent payment, not a server error
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL("SELECT id FROM cri_ili_instalment WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids))
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._("Someone else is recording this payment: try again in a moment.")
            ) from None
        self.invalidate_recordset(["state"])
        for line in self:
            line._check_payable()
        self.with_context(cri_ili=TOKEN).write(
            {"state": "paid", "payment_date": payment_date or fields.Date.context_today(self)}
        )
        return True

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
