from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow
from odoo.addons.cri_base.tools import legal_today, number_text

from .cri_pathway import CLOSED_STATES as PATHWAY_CLOSED_STATES
from .cri_pathway_regime import CEFR_LEVELS

LEVEL_RANK = {code: rank for rank, (code, _label) in enumerate(CEFR_LEVELS)}
MODULE_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Completed"),
    ("early_done", "Completed early (level reached)"),
    ("abandoned", "Abandoned"),
]
RUNNING_STATES = ("planned", "in_progress")
COMPLETED_STATES = ("done", "early_done")
CLOSED_STATES = (*COMPLETED_STATES, "abandoned")
# set by the action methods and computations only (cri.workflow.mixin)
MODULE_WORKFLOW_FIELDS = frozenset(
    {"state", "required_hours", "attended_hours", "progress", "deadline", "target_level"}
)
# what a manager sets, with a reason, to change the hours the regime requires
HOURS_ADJUSTMENT_FIELDS = frozenset({"hours_adjusted", "hours_adjustment_reason"})


class CriPathwayModule(models.Model):
    """One module of a file (French, citizenship, orientation) followed with an operator."""

    _name = "cri.pathway.module"
    _description = "Pathway Module"
    _inherit = ["cri.pathway.line", "mail.thread", "cri.workflow.mixin"]
    _cri_workflow_fields = MODULE_WORKFLOW_FIELDS
    # not by file: the operators (portal) may not read the file
    _order = "learner_name, module_type, id"

    # an operator (portal) never learns the file number: only the learner's name
    pathway_id = fields.Many2one(groups="base.group_user")

    module_type = fields.Selection(
        selection="_selection_module_types",
        string="Module",
        required=True,
        tracking=True,
        help="A module type of the file's regime (reference data of the Region).",
    )
    regime_line_id = fields.Many2one(
        "cri.pathway.regime.line",
        string="Regime Module",
        compute="_compute_regime_line_id",
        store=True,
        index="btree_not_null",
        help="What the file's regime requires of this module: hours, deadline, target level.",
    )
    learner_name = fields.Char(
        related="pathway_id.partner_id.name",
        string="Learner",
        store=True,
        help="The only thing an operator knows of the person: the name.",
    )
    operator_id = fields.Many2one(
        "res.partner",
        tracking=True,
        index=True,
        domain="[('is_company', '=', True)]",
        help="Recognised operator giving the module; its portal users enter the attendance.",
    )
    attendance_ids = fields.One2many("cri.pathway.attendance", "module_id")
    start_date = fields.Date(string="Start", tracking=True)
    deadline = fields.Date(string="Due", compute="_compute_deadline", store=True, tracking=True)
    required_hours = fields.Float(
        compute="_compute_required_hours",
        store=True,
        tracking=True,
        help="The hours of the file's regime, unless a manager adjusted them with a reason.",
    )
    hours_adjusted = fields.Float(
        string="Adjusted Required Hours",
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Set by a manager, with a reason, to replace the hours of the regime for this module.",
    )
    hours_adjustment_reason = fields.Text(
        string="Reason of the Adjustment", tracking=True, copy=False, groups="base.group_user"
    )
    attended_hours = fields.Float(compute="_compute_attended_hours", store=True)
    positioning_level = fields.Selection(CEFR_LEVELS, string="Positioning Test", tracking=True)
    validation_level = fields.Selection(CEFR_LEVELS, string="Validation Test", tracking=True)
    target_level = fields.Selection(CEFR_LEVELS, compute="_compute_target_level", store=True)
    state = fields.Selection(
        MODULE_STATES,
        string="Status",
        default="planned",
        required=True,
        copy=False,
        tracking=True,
    )
    progress = fields.Float(
        string="Progress (%)", compute="_compute_attended_hours", store=True, aggregator="avg"
    )

    _sql_constraints = [
        ("type_unique", "unique(pathway_id, module_type)", "A file has one module of each kind."),
    ]

    @api.model
    def _selection_module_types(self):
        return self.env["cri.pathway.module.type"]._selection()

    @api.depends("module_type", "pathway_id.regime_id.line_ids.module_code")
    def _compute_regime_line_id(self):
        for module in self:
            module.regime_line_id = module.pathway_id.regime_id._line_for(module.module_type)

    @api.depends("hours_adjusted", "regime_line_id.hours")
    def _compute_required_hours(self):
        for module in self:
            if module.state in CLOSED_STATES and module.required_hours:
                # a closed module keeps the figure it was closed with: a later correction of
                # the regime does not rewrite its history
                module.required_hours = module.required_hours
            else:
                module.required_hours = module.hours_adjusted or module.regime_line_id.hours

    @api.depends("regime_line_id.target_level")
    def _compute_target_level(self):
        for module in self:
            if module.state in CLOSED_STATES and module.target_level:
                # a closed module keeps the level it was closed with (see _compute_required_hours)
                module.target_level = module.target_level
            else:
                module.target_level = module.regime_line_id.target_level

    @api.depends(
        "regime_line_id.deadline_months",
        "pathway_id.convention_date",
        "pathway_id.extension_ids.months",
    )
    def _compute_deadline(self):
        for module in self:
            pathway = module.pathway_id
            if (module.state in CLOSED_STATES or pathway.state in PATHWAY_CLOSED_STATES) and module.deadline:
                module.deadline = module.deadline
                continue
            months = module.regime_line_id.deadline_months
            if not (pathway.convention_date and months):
                module.deadline = False
                continue
            extension = sum(pathway.extension_ids.mapped("months"))
            module.deadline = pathway.regime_id._add_months(pathway.convention_date, months + extension)

    @api.depends("attendance_ids.hours", "attendance_ids.status", "required_hours")
    def _compute_attended_hours(self):
        for module in self:
            hours = sum(a.hours for a in module.attendance_ids if a.status == "present")
            module.attended_hours = hours
            module.progress = (
                min(100.0, 100.0 * hours / module.required_hours) if module.required_hours else 0.0
            )

    @api.constrains("module_type", "pathway_id")
    def _check_module_of_the_regime(self):
        types = dict(self._fields["module_type"]._description_selection(self.env))
        for module in self:
            regime = module.pathway_id.regime_id
            if regime and not module.regime_line_id:
                raise ValidationError(
                    self.env._(
                        "The regime %(regime)s has no %(module)s module: choose one of its modules.",
                        regime=regime.name,
                        module=types.get(module.module_type, module.module_type),
                    )
                )

    @api.constrains("hours_adjusted", "hours_adjustment_reason")
    def _check_hours_adjustment(self):
        for module in self:
            if module.hours_adjusted < 0:
                raise ValidationError(self.env._("Required hours cannot be negative."))
            if module.hours_adjusted and not (module.hours_adjustment_reason or "").strip():
                raise ValidationError(
                    self.env._("Say why the required hours of %(module)s change.", module=module.display_name)
                )

    @api.depends("module_type", "pathway_id.name", "learner_name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        types = dict(self._fields["module_type"]._description_selection(self.env))
        # an operator (portal user) knows the learner, not the file number
        internal = not self.env.user.share
        for module in self:
            reference = module.sudo().pathway_id.name if internal else module.learner_name
            module.display_name = f"{reference or ''} – {types.get(module.module_type, '')}"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                self._check_hours_rights({name for name, value in vals.items() if value})
        return super().create(vals_list)

    def write(self, vals):
        if not is_workflow(self.env):
            self._check_hours_rights(set(vals))
            moved = "pathway_id" in vals and any(m.pathway_id.id != vals["pathway_id"] for m in self)
            retyped = "module_type" in vals and any(m.module_type != vals["module_type"] for m in self)
            if moved or retyped:
                raise UserError(
                    self.env._(
                        "A module stays on its file and keeps its kind: create another module instead."
                    )
                )
        return super().write(vals)

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "%(fields)s of a module change only through its buttons (start, complete, abandon, "
            "reopen), its attendance and its regime; a manager adjusts the required hours with a "
            "reason.",
            fields=labels,
        )

    def _check_hours_rights(self, names):
        if HOURS_ADJUSTMENT_FIELDS & names and not self.env.user.has_group("cri_base.group_manager"):
            raise AccessError(self.env._("Only a manager can adjust the hours a module requires."))

    def _target_reached(self):
        self.ensure_one()
        return bool(
            self.validation_level
            and self.target_level
            and LEVEL_RANK[self.validation_level] >= LEVEL_RANK[self.target_level]
        )

    def _check_planned(self):
        for module in self:
            if module.state != "planned":
                raise UserError(self.env._("%(module)s has already started.", module=module.display_name))

    def action_ask_start_date(self):
        """The dialog that asks the day the module started."""
        self.ensure_one()
        self._check_planned()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Start the Module"),
            "res_model": "cri.pathway.date.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_pathway_id": self.pathway_id.id,
                "default_module_id": self.id,
                "default_step": "module_start",
            },
        }

    def _start_date_floors(self):
        """The module starts once the convention of its file is signed (see the file's
        _check_step_date)."""
        self.ensure_one()
        return [
            (
                self.pathway_id.convention_date,
                lambda date: self.env._(
                    "%(module)s cannot start before the convention was signed (%(date)s).",
                    module=self.display_name,
                    date=date,
                ),
            )
        ]

    def action_start(self, start_date=None):
        """The module started on ``start_date`` (its planned start when not given and already
        past, else legal today)."""
        self._check_planned()
        self.check_access("write")
        day = self.env["cri.pathway"]._to_step_date(start_date)
        today = legal_today()
        for module in self:
            planned = module.start_date if module.start_date and module.start_date <= today else False
            date = day or planned or today
            module.pathway_id._check_step_date(date, module._start_date_floors())
            module._workflow_write({"state": "in_progress", "start_date": date})

    def action_complete(self):
        for module in self:
            if module.state not in RUNNING_STATES:
                raise UserError(self.env._("%(module)s is not running.", module=module.display_name))
            if module.attended_hours >= module.required_hours:
                module._workflow_write({"state": "done"})
            elif module._target_reached():
                module._workflow_write({"state": "early_done"})
            else:
                raise UserError(
                    self.env._(
                        "%(module)s: %(attended)s h attended of %(required)s h required, and the target level "
                        "is not validated: it cannot be completed yet.",
                        module=module.display_name,
                        attended=number_text(self.env, module.attended_hours),
                        required=number_text(self.env, module.required_hours),
                    )
                )
        # a completed module ends the sanction procedure about its own deadline
        for module in self:
            if module.pathway_id.sanction_deadline_kind == module.module_type:
                module.pathway_id._end_sanction_procedure()

    def action_abandon(self):
        for module in self:
            if module.state not in RUNNING_STATES:
                raise UserError(self.env._("%(module)s is not running.", module=module.display_name))
        self._workflow_write({"state": "abandoned"})

    def action_reopen(self):
        if not self.env.user.has_group("cri_base.group_manager"):
            raise AccessError(self.env._("Only a manager can reopen a module."))
        for module in self:
            if module.state in RUNNING_STATES:
                raise UserError(self.env._("%(module)s is still running.", module=module.display_name))
            if module.pathway_id.state != "convention":
                raise UserError(
                    self.env._("%(module)s belongs to a closed file.", module=module.display_name)
                )
        self._workflow_write({"state": "in_progress"})
