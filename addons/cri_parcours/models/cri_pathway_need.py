from odoo import fields, models

LIFE_DOMAINS = [
    ("housing", "Housing"),
    ("health", "Health"),
    ("schooling", "Schooling"),
    ("administration", "Administration"),
    ("employment", "Employment"),
    ("language", "Language"),
    ("legal", "Legal"),
    ("family", "Family"),
]


class CriPathwayNeed(models.Model):
    """A need found in the social assessment ("bilan social"), per life domain."""

    _name = "cri.pathway.need"
    _description = "Social Assessment Need"
    _inherit = ["cri.pathway.line"]
    _order = "pathway_id, priority desc, domain"

    domain = fields.Selection(LIFE_DOMAINS, string="Life Domain", required=True)
    description = fields.Text(string="Need", required=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    orientation = fields.Char(string="Oriented To", help="Service or partner the person is sent to.")
