from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cri_base.tools import legal_today, number_text

CALL_STATES = [
    ("draft", "Draft"),
    ("open", "Open for applications"),
    ("review", "Under review"),
    ("closed", "Closed call"),
]
REGION_ADMIN = "cri_base.group_region_admin"


class CriIliCall(models.Model):
    """A call for projects of the Walloon Region for local integration initiatives: its period,
    axes, envelope, dates and what every application must join. Shared by the eight CRIs and
    edited by the Region administrators; a draft call is invisible to the partners."""

    _name = "cri.ili.call"
    _description = "ILI Call for Projects"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin"]
    _order = "date_submission desc, id desc"
    # the state is written by the buttons only
    _cri_workflow_fields = frozenset({"state"})

    # identity
    name = fields.Char(
        string="Call", required=True, translate=True, tracking=True, help="e.g. Call 2027-2028."
    )
    period = fields.Char(
        required=True, tracking=True, help="Year or period of the activities, e.g. 2027-2028."
    )
    # relations
    axis_ids = fields.Many2many(
        "cri.ili.axis", string="Axes", required=True, help="Axes a project may apply for."
    )
    required_document_type_ids = fields.Many2many(
        "cri.ili.document.type",
        string="Required Documents",
        help="Documents every application must join before it can be submitted.",
    )
    application_ids = fields.One2many("cri.ili.application", "call_id", string="Applications")
    requirement_template_ids = fields.One2many(
        "cri.ili.call.requirement",
        "call_id",
        string="Requirements",
        help="What every grant of the call must provide, with its due date.",
    )
    instalment_template_ids = fields.One2many(
        "cri.ili.call.instalment",
        "call_id",
        string="Instalment Plan",
        help="How a grant of the call is paid: shares of the granted amount, dates, releasing requirements.",
    )
    # dates
    date_submission = fields.Date(
        string="Submission Deadline", required=True, tracking=True, help="Last day to submit an application."
    )
    date_opinion = fields.Date(
        string="Opinion Deadline", tracking=True, help="The CRIs give their opinion by then."
    )
    date_decision = fields.Date(string="Expected Decision", tracking=True)
    date_activity_start = fields.Date(string="Activities From", required=True, tracking=True)
    date_activity_end = fields.Date(string="Activities Until", required=True, tracking=True)
    # amounts
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )
    envelope = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="Budget of the call for the whole Region.",
    )
    reminder_days = fields.Integer(
        string="Reminder (days before)",
        default=15,
        help="The applicant and the CRI are reminded of a requirement this many days before its due date.",
    )
    eligibility_conditions = fields.Html(help="What a project must meet, as published in the call.")
    # state
    state = fields.Selection(CALL_STATES, default="draft", required=True, tracking=True, copy=False)
    # computed
    application_count = fields.Integer(compute="_compute_application_count", string="Applications Count")

    def _compute_application_count(self):
        Application = self.env["cri.ili.application"]
        if not Application.has_access("read"):
            self.application_count = 0
            return
        # counted with the user's record rules: a CRI counts the applications of its territory
        counts = dict(Application._read_group([("call_id", "in", self.ids)], ["call_id"], ["__count"]))
        for call in self:
            call.application_count = counts.get(call, 0)

    @api.constrains("date_activity_start", "date_activity_end", "date_submission", "envelope")
    def _check_dates(self):
        for call in self:
            if call.date_activity_end < call.date_activity_start:
                raise ValidationError(
                    self.env._("Call %(call)s: the activities cannot end before they start.", call=call.name)
                )
            if call.envelope < 0:
                raise ValidationError(
                    self.env._("Call %(call)s: the envelope cannot be negative.", call=call.name)
                )

    @api.constrains("instalment_template_ids")
    def _check_instalment_plan(self):
        for call in self.filtered("instalment_template_ids"):
            total = sum(call.instalment_template_ids.mapped("percent"))
            if round(total, 2) != 100:
                raise ValidationError(
                    self.env._(
                        "Call %(call)s: the shares of the instalment plan sum to %(total)s %%, not 100 %%.",
                        call=call.name,
                        total=number_text(self.env, total),
                    )
                )

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._("The state of a call changes through its buttons only.")

    def _check_region_admin(self):
        if not self.env.su and not self.env.user.has_group(REGION_ADMIN):
            raise AccessError(self.env._("Only the Region administrators open and close calls."))

    def _move(self, allowed, new_state):
        self._check_region_admin()
        states = dict(self._fields["state"]._description_selection(self.env))
        for call in self:
            if call.state not in allowed:
                raise UserError(
                    self.env._(
                        "Call %(call)s is “%(state)s”: it cannot change that way.",
                        call=call.name,
                        state=states[call.state],
                    )
                )
        self._workflow_write({"state": new_state})

    def action_open(self):
        self._check_instalment_plan()
        self._move(["draft"], "open")

    def action_review(self):
        self._move(["open"], "review")

    def action_close(self):
        self._move(["review"], "closed")

    def action_reset_draft(self):
        self._check_region_admin()
        # a Region administrator reads no CRI's application: whether a call has any is counted
        # as superuser, and nothing but that count leaves the query
        counts = {
            call.id: count
            for call, count in self.env["cri.ili.application"]
            .sudo()
            ._read_group([("call_id", "in", self.ids)], ["call_id"], ["__count"])
        }
        for call in self:
            if counts.get(call.id):
                raise UserError(
                    self.env._("Call %(call)s already has applications: it stays published.", call=call.name)
                )
        self._move(["open"], "draft")

    def _accepts_applications(self, today=None):
        """Whether the call takes a new application on ``today`` (legal time: a Belgian day,
        whatever the caller's time zone)."""
        self.ensure_one()
        today = today or legal_today()
        return self.state == "open" and today <= self.date_submission
