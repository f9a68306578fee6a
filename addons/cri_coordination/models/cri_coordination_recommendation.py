from odoo import fields, models

ADDRESSEE_LEVELS = [
    ("commune", "Commune"),
    ("province", "Province"),
    ("region", "Walloon Region"),
    ("federation", "Federation Wallonia-Brussels"),
    ("federal", "Federal State"),
]


class CriCoordinationRecommendation(models.Model):
    """A recommendation of a plan, addressed to a level of government."""

    _name = "cri.coordination.recommendation"
    _description = "Recommendation of a Local Integration Plan"
    _inherit = ["cri.coordination.record"]
    _order = "plan_id, addressee_level, id"
    _rec_name = "text"

    # identity
    text = fields.Text(string="Recommendation", required=True)
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
    addressee_level = fields.Selection(
        ADDRESSEE_LEVELS, string="Addressed to", required=True, help="The level of government the plan asks."
    )
