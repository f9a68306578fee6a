from odoo import fields, models

from odoo.addons.cri_base.tools import legal_today


class CriCoordinationPlanAdopt(models.TransientModel):
    """The adoption of a plan: which body adopted it, and when."""

    _name = "cri.coordination.plan.adopt"
    _description = "Adoption of a Local Integration Plan"

    plan_id = fields.Many2one("cri.coordination.plan", required=True, ondelete="cascade")
    adoption_body = fields.Char(
        string="Adopted by", required=True, help="e.g. the commune council of Charleroi, the CRI's board."
    )
    adoption_date = fields.Date(required=True, default=legal_today)

    def action_confirm(self):
        self.ensure_one()
        self.plan_id.action_adopt(self.adoption_body, self.adoption_date)
        return {"type": "ir.actions.act_window_close"}
