from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .cri_pathway_regime import CEFR_LEVELS

MODULE_TYPES = [
    ("french", "French as a foreign language"),
    ("citizenship", "Citizenship"),
    ("orientation", "Socio-professional orientation"),
]
LEVEL_RANK = {code: rank for rank, (code, _label) in enumerate(CEFR_LEVELS)}


class CriPathwayModule(models.Model):
    """One module of a file (French, citizenship, orientation) followed with an operator."""

    _name = "cri.pathway.module"
    _description = "Pathway Module"
    _inherit = ["mail.thread"]
    _order = "pathway_id, module_type"
    _check_company_auto = True

    module_type = fields.Selection(MODULE_TYPES, string="Module", required=True, tracking=True)
    pathway_id = fields.Many2one(
        "cri.pathway", string="Pathway File", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", string="Company", store=True, index=True)
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
    deadline = fields.Date(string="Due", compute="_compute_deadline", store=True)
    required_hours = fields.Float(
        compute="_compute_required_hours", store=True, readonly=False, tracking=True
    )
    attended_hours = fields.Float(compute="_compute_attended_hours", store=True)
    positioning_level = fields.Selection(CEFR_LEVELS, string="Positioning Test", tracking=True)
    validation_level = fields.Selection(CEFR_LEVELS, string="Validation Test", tracking=True)
    target_level = fields.Selection(CEFR_LEVELS, compute="_compute_target_level", store=True, readonly=False)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In progress"),
            ("done", "Completed"),
            ("early_done", "Completed early (level reached)"),
            ("abandoned", "Abandoned"),
        ],
        string="Status",
        default="planned",
        required=True,
        tracking=True,
    )
    progress = fields.Float(
        string="Progress (%)", compute="_compute_attended_hours", store=True, aggregator="avg"
    )

    _sql_constraints = [
        ("type_unique", "unique(pathway_id, module_type)", "A file has one module of each kind."),
    ]

    @api.depends("module_type", "pathway_id.regime_id")
    def _compute_required_hours(self):
        for module in self:
            regime = module.pathway_id.regime_id
            module.required_hours = (
                regime[f"{module.module_type}_hours"] if regime and module.module_type else 0.0
            )

    @api.depends("module_type", "pathway_id.regime_id")
    def _compute_target_level(self):
        for module in self:
            is_french = module.module_type == "french"
            module.target_level = module.pathway_id.regime_id.french_target_level if is_french else False

    @api.depends(
        "module_type",
        "pathway_id.french_deadline",
        "pathway_id.citizenship_deadline",
        "pathway_id.orientation_deadline",
    )
    def _compute_deadline(self):
        for module in self:
            module.deadline = (
                module.pathway_id[f"{module.module_type}_deadline"] if module.module_type else False
            )

    @api.depends("attendance_ids.hours", "attendance_ids.status", "required_hours")
    def _compute_attended_hours(self):
        for module in self:
            hours = sum(a.hours for a in module.attendance_ids if a.status == "present")
            module.attended_hours = hours
            module.progress = (
                min(100.0, 100.0 * hours / module.required_hours) if module.required_hours else 0.0
            )

    @api.constrains("required_hours")
    def _check_required_hours(self):
        if any(m.required_hours < 0 for m in self):
            raise ValidationError(self.env._("Required hours cannot be negative."))

    @api.depends("module_type", "pathway_id.name")
    def _compute_display_name(self):
        types = dict(self._fields["module_type"]._description_selection(self.env))
        for module in self:
            module.display_name = f"{module.pathway_id.name} – {types.get(module.module_type, '')}"

    def _target_reached(self):
        self.ensure_one()
        return bool(
            self.validation_level
            and self.target_level
            and LEVEL_RANK[self.validation_level] >= LEVEL_RANK[self.target_level]
        )

    def action_start(self):
        for module in self:
            if module.state != "planned":
                raise UserError(self.env._("%(module)s has already started.", module=module.display_name))
            module.write(
                {"state": "in_progress", "start_date": module.start_date or fields.Date.context_today(self)}
            )

    def action_complete(self):
        for module in self:
            if module.state not in ("planned", "in_progress"):
                raise UserError(self.env._("%(module)s is not running.", module=module.display_name))
            if module.attended_hours >= module.required_hours:
                module.state = "done"
            elif module.module_type == "french" and module._target_reached():
                module.state = "early_done"
            else:
                raise UserError(
                    self.env._(
                        "%(module)s: %(attended)s h attended of %(required)s h required, and the target level "
                        "is not validated: it cannot be completed yet.",
                        module=module.display_name,
                        attended=module.attended_hours,
                        required=module.required_hours,
                    )
                )
        # a completed module ends the sanction procedure about its own deadline
        for module in self:
            if module.pathway_id.sanction_deadline_kind == module.module_type:
                module.pathway_id._end_sanction_procedure()

    def action_abandon(self):
        for module in self:
            if module.state not in ("planned", "in_progress"):
                raise UserError(self.env._("%(module)s is not running.", module=module.display_name))
        self.state = "abandoned"

    def action_reopen(self):
        for module in self:
            if module.pathway_id.state != "convention":
                raise UserError(
                    self.env._("%(module)s belongs to a closed file.", module=module.display_name)
                )
        self.state = "in_progress"
