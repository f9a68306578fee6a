from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cri_base.tools import date_text, legal_today

PLAN_STATES = [
    ("diagnosis", "Diagnosis"),
    ("consultation", "Consultation"),
    ("adopted", "Adopted"),
    ("running", "Running"),
    ("evaluated", "Evaluated"),
    ("closed", "Closed"),
]
# the fields the buttons set: the state and the adoption (body and date, asked at the adoption)
WORKFLOW_FIELDS = frozenset({"state", "adoption_body", "adoption_date"})


class CriCoordinationPlan(models.Model):
    """The local integration plan (PLI) of a CRI for a period: its territory, the diagnosis of
    the needs of foreign persons by life domain, the priorities and recommendations drawn from
    it, and the actions shared with the partners who carry them. Written by the coordination
    officers of its CRI; every CRI staff member reads every CRI's plans (a regional view)."""

    _name = "cri.coordination.plan"
    _description = "Local Integration Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin", "cri.coordination.owned"]
    _check_company_auto = True
    _order = "year_start desc, company_id, id desc"
    _cri_workflow_fields = WORKFLOW_FIELDS

    # identity
    name = fields.Char(
        string="Plan",
        required=True,
        tracking=True,
        help="e.g. Local integration plan of Charleroi 2026-2031.",
    )
    # relations
    company_id = fields.Many2one(
        "res.company",
        string="CRI",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
        help="The centre whose plan this is: only its coordination officers change it.",
    )
    commune_ids = fields.Many2many(
        "cri.commune",
        string="Territory",
        domain="[('center_id.company_id', '=', company_id)]",
        help="The communes the plan covers, among those of the CRI.",
    )
    need_ids = fields.One2many("cri.coordination.need", "plan_id", string="Needs")
    priority_ids = fields.One2many("cri.coordination.priority", "plan_id", string="Priorities")
    recommendation_ids = fields.One2many(
        "cri.coordination.recommendation", "plan_id", string="Recommendations"
    )
    action_ids = fields.One2many("cri.coordination.action", "plan_id", string="Actions")
    # dates
    year_start = fields.Integer(
        string="First Year", required=True, tracking=True, default=lambda self: legal_today().year
    )
    year_end = fields.Integer(
        string="Last Year",
        required=True,
        tracking=True,
        default=lambda self: legal_today().year + 5,
        help="A plan runs several years, e.g. 2026-2031.",
    )
    adoption_body = fields.Char(
        string="Adopted by",
        tracking=True,
        readonly=True,
        copy=False,
        help="The body that adopted the plan, e.g. the commune council of Charleroi.",
    )
    adoption_date = fields.Date(tracking=True, readonly=True, copy=False)
    # state
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        required=True,
        default="diagnosis",
        tracking=True,
        readonly=True,
        copy=False,
    )
    # computed
    action_count = fields.Integer(compute="_compute_action_count")

    @api.depends("action_ids")
    def _compute_action_count(self):
        counts = dict(
            self.env["cri.coordination.action"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.action_count = counts.get(plan, 0)

    def _cri_editable(self):
        return self.state != "closed"

    # ------------------------------------------------------------------ rules
    @api.constrains("year_start", "year_end")
    def _check_period(self):
        for plan in self:
            if plan.year_end < plan.year_start:
                raise ValidationError(
                    self.env._(
                        "Plan “%(plan)s”: the last year (%(end)s) cannot come before the first (%(start)s).",
                        plan=plan.name,
                        end=plan.year_end,
                        start=plan.year_start,
                    )
                )

    @api.constrains("commune_ids", "company_id")
    def _check_territory(self):
        for plan in self:
            # a user reads its own CRI's centre only: the communes of the plan's CRI are searched
            foreign = plan.commune_ids - self.env["cri.commune"].search(
                [("id", "in", plan.commune_ids.ids), ("center_id.company_id", "=", plan.company_id.id)]
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Plan “%(plan)s”: %(commune)s is not in the territory of %(cri)s.",
                        plan=plan.name,
                        commune=foreign[0].name,
                        cri=plan.company_id.name,
                    )
                )

    def write(self, vals):
        if "company_id" in vals and any(plan.company_id.id != vals["company_id"] for plan in self):
            raise UserError(self.env._("A plan stays with its CRI: create a plan for the other CRI instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_diagnosis(self):
        started = self.filtered(lambda plan: plan.state != "diagnosis")
        if started:
            raise UserError(
                self.env._(
                    "Plan “%(plan)s” is past its diagnosis: it is closed, never deleted.",
                    plan=started[0].name,
                )
            )

    # ------------------------------------------------------------------ transitions
    def action_consultation(self):
        self._move(["diagnosis"], "consultation")

    def action_open_adopt_wizard(self):
        """The adoption asks its body and date in a dialog."""
        self.ensure_one()
        self._check_move(["consultation"], "adopted")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Adopt the Plan"),
            "res_model": "cri.coordination.plan.adopt",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_adopt(self, adoption_body, adoption_date):
        """Adopt the plans in consultation: by ``adoption_body`` on ``adoption_date`` (a date or
        its ISO text), neither of which may be missing, the date not in the future."""
        adoption_body = (adoption_body or "").strip()
        adoption_date = fields.Date.to_date(adoption_date)
        if not adoption_body:
            raise UserError(self.env._("Say which body adopted the plan, e.g. the commune council."))
        if not adoption_date:
            raise UserError(self.env._("Give the date the plan was adopted."))
        if adoption_date > legal_today():
            raise UserError(
                self.env._(
                    "The adoption date (%(date)s) is in the future: a plan is recorded once adopted.",
                    date=date_text(self.env, adoption_date),
                )
            )
        self._move(["consultation"], "adopted", adoption_body=adoption_body, adoption_date=adoption_date)

    def action_run(self):
        self._move(["adopted"], "running")

    def action_evaluate(self):
        self._move(["running"], "evaluated")

    def action_close(self):
        self._move(["evaluated"], "closed")

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cri_coordination.action_cri_coordination_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action
