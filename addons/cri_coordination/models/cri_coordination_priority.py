from odoo import fields, models

from .cri_coordination_record import LIFE_DOMAINS


class CriCoordinationPriority(models.Model):
    """A priority of a plan, drawn from its diagnosis: the actions answer one."""

    _name = "cri.coordination.priority"
    _description = "Priority of a Local Integration Plan"
    _inherit = ["cri.coordination.record"]
    _order = "plan_id, sequence, id"

    # identity
    name = fields.Char(string="Priority", required=True)
    sequence = fields.Integer(default=10)
    # relations
    plan_id = fields.Many2one(
        "cri.coordination.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    life_domain = fields.Selection(LIFE_DOMAINS, required=True)
