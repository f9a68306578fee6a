from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cri_coordination_record import LIFE_DOMAINS


class CriCoordinationNeed(models.Model):
    """A need of the foreign persons of the territory found by the diagnosis of a plan, in a
    life domain and, where it is local, a commune."""

    _name = "cri.coordination.need"
    _description = "Need Found by the Diagnosis"
    _inherit = ["cri.coordination.record"]
    _order = "plan_id, life_domain, id"
    _rec_name = "description"

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
    commune_id = fields.Many2one(
        "cri.commune",
        help="Where the need was found, if it is local; empty for the whole territory.",
    )
    description = fields.Text(required=True)
    source = fields.Char(help="Where the need comes from: a survey, a workshop, figures, a partner.")

    @api.constrains("commune_id", "plan_id")
    def _check_commune(self):
        for need in self.filtered("commune_id"):
            if need.commune_id not in need.plan_id.commune_ids:
                raise ValidationError(
                    self.env._(
                        "%(commune)s is not in the territory of plan “%(plan)s”.",
                        commune=need.commune_id.name,
                        plan=need.plan_id.name,
                    )
                )
