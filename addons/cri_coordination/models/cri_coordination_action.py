from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACTION_STATES = [
    ("planned", "Planned"),
    ("running", "Running"),
    ("done", "Done"),
    ("abandoned", "Abandoned"),
]


class CriCoordinationAction(models.Model):
    """An action of a plan's action plan: the priority it answers, the partners who carry it,
    where and when, its means and its indicators."""

    _name = "cri.coordination.action"
    _description = "Action of a Local Integration Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cri.workflow.mixin",
        "cri.coordination.record",
        "cri.coordination.owned",
    ]
    _order = "plan_id, date_start, id"
    _cri_workflow_fields = frozenset({"state"})

    # identity
    name = fields.Char(string="Action", required=True, tracking=True)
    # relations
    plan_id = fields.Many2one(
        "cri.coordination.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    priority_id = fields.Many2one(
        "cri.coordination.priority",
        tracking=True,
        domain="[('plan_id', '=', plan_id)]",
        check_company=True,
        help="The priority of the plan the action answers.",
    )
    life_domain = fields.Selection(related="priority_id.life_domain", store=True)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Carrying Partners",
        domain="[('is_company', '=', True)]",
        help="The organisations that carry the action.",
    )
    commune_ids = fields.Many2many(
        "cri.commune",
        string="Communes",
        help="Where the action takes place.",
    )
    indicator_ids = fields.One2many("cri.coordination.indicator", "action_id", string="Indicators")
    pcs_axis = fields.Char(
        string="PCS Axis",
        help="The axis of a commune's social cohesion plan (PCS) the action is shared with, if any.",
    )
    # dates
    date_start = fields.Date(string="Start", tracking=True)
    date_end = fields.Date(string="End", tracking=True)
    means = fields.Text(help="The human, material and financial means of the action.")
    # state
    state = fields.Selection(
        ACTION_STATES,
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        readonly=True,
        copy=False,
    )
    # computed
    can_edit = fields.Boolean(
        string="Editable by Me",
        compute="_compute_can_edit",
        help="Whether the current user runs this action's plan (a coordination officer of its CRI).",
    )

    @api.depends_context("uid")
    @api.depends("plan_id.can_edit")
    def _compute_can_edit(self):
        for action in self:
            action.can_edit = action.plan_id.can_edit

    @api.constrains("priority_id", "plan_id")
    def _check_priority(self):
        for action in self.filtered("priority_id"):
            if action.priority_id.plan_id != action.plan_id:
                raise ValidationError(
                    self.env._(
                        "Action “%(action)s” answers a priority of its own plan only.", action=action.name
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for action in self:
            if action.date_start and action.date_end and action.date_end < action.date_start:
                raise ValidationError(
                    self.env._("Action “%(action)s” cannot end before it starts.", action=action.name)
                )

    # ------------------------------------------------------------------ transitions
    def action_start(self):
        self._move(["planned"], "running")

    def action_done(self):
        self._move(["running"], "done")

    def action_abandon(self):
        self._move(["planned", "running"], "abandoned")
