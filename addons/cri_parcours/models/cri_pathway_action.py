from odoo import fields, models

from odoo.addons.cri_base.tools import legal_today

from .cri_pathway_need import LIFE_DOMAINS


class CriPathwayAction(models.Model):
    """A step of the individual social follow-up, in one life domain, with its outcome."""

    _name = "cri.pathway.action"
    _description = "Social Follow-up Action"
    _inherit = ["cri.pathway.line"]
    _order = "date desc, id desc"

    user_id = fields.Many2one("res.users", string="Done By", default=lambda self: self.env.user)
    domain = fields.Selection(LIFE_DOMAINS, string="Life Domain", required=True)
    date = fields.Date(required=True, default=legal_today)
    description = fields.Text(string="Action", required=True)
    outcome = fields.Selection(
        [
            ("pending", "Pending"),
            ("solved", "Solved"),
            ("oriented", "Oriented elsewhere"),
            ("failed", "Not solved"),
        ],
        default="pending",
        required=True,
    )
