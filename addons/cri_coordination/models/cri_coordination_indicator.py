from odoo import api, fields, models


class CriCoordinationIndicator(models.Model):
    """An indicator of an action: what is measured, in which unit, toward which target, and the
    value achieved each year of the plan."""

    _name = "cri.coordination.indicator"
    _description = "Indicator of a Plan Action"
    _inherit = ["cri.coordination.record"]
    _order = "action_id, id"
    _cri_parent_field = "action_id"

    # identity
    name = fields.Char(string="Indicator", required=True, help="e.g. Persons informed.")
    unit = fields.Char(help="e.g. persons, sessions, organisations.")
    # relations
    action_id = fields.Many2one(
        "cri.coordination.action",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    plan_id = fields.Many2one(related="action_id.plan_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(
        related="action_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    life_domain = fields.Selection(related="action_id.life_domain", store=True)
    value_ids = fields.One2many("cri.coordination.indicator.value", "indicator_id", string="Yearly Values")
    # amounts
    target = fields.Float(help="The value the action aims at by the end of the plan.")
    # computed
    last_year = fields.Integer(string="Last Year Measured", compute="_compute_last_value", store=True)
    last_value = fields.Float(
        string="Latest Achieved Value",
        compute="_compute_last_value",
        store=True,
        help="The value achieved in the last year measured.",
    )
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_last_value",
        store=True,
        aggregator="avg",
        help="The latest achieved value as a share of the target.",
    )
    can_edit = fields.Boolean(
        string="Editable by Me",
        compute="_compute_can_edit",
        help="Whether the current user runs this indicator's plan (a coordination officer of its CRI).",
    )

    @api.depends_context("uid")
    @api.depends("action_id.can_edit")
    def _compute_can_edit(self):
        for indicator in self:
            indicator.can_edit = indicator.action_id.can_edit

    @api.depends("target", "value_ids.year", "value_ids.value")
    def _compute_last_value(self):
        for indicator in self:
            last = indicator.value_ids.sorted("year")[-1:]
            indicator.last_year = last.year
            indicator.last_value = last.value
            indicator.progress = 100.0 * last.value / indicator.target if indicator.target else 0.0
