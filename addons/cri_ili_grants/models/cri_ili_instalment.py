import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.cri_base.tools import legal_today

# an instalment is planned until its condition holds (the grant pays, its date is reached, the
# requirement that releases it is accepted), then due, then paid once by an accountant
PLANNED, DUE, PAID = "planned", "due", "paid"
INSTALMENT_STATES = [(PLANNED, "Planned"), (DUE, "To Pay"), (PAID, "Paid")]
ACCOUNTANT = "cri_base.group_accountant"
# the grant states in which money is paid
PAYING_STATES = ("running", "clearing")
# the state of a requirement that releases an instalment
RELEASED = "accepted"
# everything an instalment holds is the workflow's: the grant's plan creates it, the budget
# re-allocation (ILI agents, with a reason) changes its amount, date and release condition, the
# daily check and the requirement's acceptance make it due, the pay button (accountants) records
# its payment
WORKFLOW_FIELDS = frozenset(
    {"application_id", "name", "amount", "planned_date", "release_requirement_id", "state", "payment_date"}
)
# what decides whether an instalment is due
CONDITION_FIELDS = frozenset({"planned_date", "release_requirement_id"})


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
    partner_id = fields.Many2one(
        related="application_id.partner_id", string="Beneficiary", help="The organisation the grant pays."
    )
    state = fields.Selection(
        INSTALMENT_STATES, default=PLANNED, required=True, tracking=True, copy=False, index=True
    )
    payment_date = fields.Date(readonly=True, copy=False, tracking=True, help="As notified by the Region.")
    late = fields.Boolean(
        compute="_compute_late",
        search="_search_late",
        help="To pay, and its planned date is past.",
    )

    @api.depends("state", "planned_date")
    def _compute_late(self):
        today = legal_today()
        for line in self:
            line.late = line.state == DUE and line.planned_date < today

    def _search_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the late instalments with yes or no."))
        domain = [("state", "=", DUE), ("planned_date", "<", legal_today())]
        return domain if (operator == "=") == value else ["!", *domain]

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
        if WORKFLOW_FIELDS & set(vals) and not self.env.su and any(line.state == PAID for line in self):
            raise UserError(self.env._("A paid instalment no longer changes."))
        result = super().write(vals)
        if CONDITION_FIELDS & set(vals):
            # a re-planned instalment is due, or no longer, as its new date and release say
            self._update_due()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # deleting one would break the sum: the plan is changed through the re-allocation
        if not self.env.su:
            raise UserError(
                self.env._("An instalment is not deleted: change the amounts of the plan instead.")
            )

    # ------------------------------------------------------------------ due
    @api.model
    def _due_domain(self):
        """The instalments whose condition holds today: the grant pays, the planned date is
        reached (in Brussels) and the releasing requirement, if any, is accepted."""
        return [
            ("application_id.state", "in", PAYING_STATES),
            ("planned_date", "<=", legal_today()),
            "|",
            ("release_requirement_id", "=", False),
            ("release_requirement_id.state", "=", RELEASED),
        ]

    @api.model
    def _cron_mark_due(self):
        """Daily: the planned instalments whose condition now holds become due, selected in the
        database whatever the number of grants."""
        due = self.search([("state", "=", PLANNED), *self._due_domain()])
        due._workflow_write({"state": DUE})
        return due

    def _update_due(self):
        """Give these instalments still to pay the state their condition says: due when it
        holds, planned again when a re-allocation moved it beyond today or to a requirement not
        accepted yet."""
        unpaid = self.filtered(lambda line: line.state != PAID)
        if not unpaid:
            return
        holds = unpaid.filtered_domain(self._due_domain())
        holds.filtered(lambda line: line.state == PLANNED)._workflow_write({"state": DUE})
        (unpaid - holds).filtered(lambda line: line.state == DUE)._workflow_write({"state": PLANNED})

    # ------------------------------------------------------------------ payment
    def _check_accountant(self):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT):
            raise AccessError(self.env._("Only the CRI's accountants mark instalments paid."))

    def action_open_pay_wizard(self):
        """The payment date as notified, asked in a small window before the payment."""
        self.ensure_one()
        self._check_accountant()
        self.check_access("read")
        self._check_payable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the payment"),
            "res_model": "cri.ili.instalment.pay.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_instalment_id": self.id},
        }

    def action_pay(self, payment_date=None):
        """Record the payment as notified (today by default), once: the row is locked so that
        two accountants paying at the same moment cannot pay it twice. A payment that takes the
        grant's payments beyond its accepted expenses is noted in the grant's history."""
        self._check_accountant()
        if not self:
            return True
        payment_date = self._payment_date(payment_date)
        # the accountants of the grant's CRI (record rules); they write an instalment through
        # this button only, which writes as superuser once these checks passed
        self.check_access("read")
        self._lock_for_payment()
        self.invalidate_recordset(["state"])
        for line in self:
            line._check_payable()
            line._check_payment_date(payment_date)
        self.sudo()._workflow_write({"state": PAID, "payment_date": payment_date})
        self._note_overpayment()
        return True

    def _payment_date(self, value):
        """The date a caller gives (a date, or its text through RPC), today when none."""
        if not value:
            return legal_today()
        try:
            return fields.Date.to_date(value)
        except ValueError:
            raise UserError(self.env._("Give the payment date as a date.")) from None

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
        """Whether this instalment may be paid now, and by this user."""
        self.ensure_one()
        if self.state == PAID:
            raise UserError(self.env._("%(instalment)s is already paid.", instalment=self.name))
        if self.application_id.state not in PAYING_STATES:
            raise UserError(
                self.env._("%(grant)s is not running: nothing is paid on it.", grant=self.application_id.name)
            )
        requirement = self.release_requirement_id
        if requirement and requirement.state != RELEASED:
            raise UserError(
                self.env._(
                    "%(instalment)s is released by “%(requirement)s”, which is not accepted yet.",
                    instalment=self.name,
                    requirement=requirement.name,
                )
            )
        if self.state != DUE:
            raise UserError(
                self.env._(
                    "%(instalment)s is not to pay yet: it is planned on %(date)s.",
                    instalment=self.name,
                    date=format_date(self.env, self.planned_date),
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

    def _check_payment_date(self, payment_date):
        """A payment as the Region notified it: not in the future, not before the decision."""
        self.ensure_one()
        if payment_date > legal_today():
            raise UserError(
                self.env._(
                    "The payment date %(date)s is in the future: record the payment once the Region "
                    "has made it.",
                    date=format_date(self.env, payment_date),
                )
            )
        decision_date = self.application_id.decision_date
        if decision_date and payment_date < decision_date:
            raise UserError(
                self.env._(
                    "The payment date %(date)s is before the Region's decision on %(grant)s (%(decision)s).",
                    date=format_date(self.env, payment_date),
                    grant=self.application_id.name,
                    decision=format_date(self.env, decision_date),
                )
            )

    def _note_overpayment(self):
        """In the history of each grant now paid beyond its accepted expenses: what was paid
        despite the warning, and the two amounts."""
        for grant in self.application_id:
            currency = grant.currency_id
            if currency.compare_amounts(grant.paid_amount, grant.accepted_amount) <= 0:
                continue
            lines = self.filtered(lambda line, grant=grant: line.application_id == grant)
            # the accountant reads the grant and records its payments: the note is the payment's
            grant.sudo().message_post(
                body=self.env._(
                    "%(instalments)s paid although the payments of the grant (%(paid)s) now exceed its "
                    "accepted expenses (%(accepted)s).",
                    instalments=", ".join(lines.mapped("name")),
                    paid=currency.format(grant.paid_amount),
                    accepted=currency.format(grant.accepted_amount),
                ),
                subtype_xmlid="mail.mt_note",
            )
