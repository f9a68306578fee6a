from odoo import fields, models

SANCTION_STEPS = [
    ("reminder", "Reminder"),
    ("formal_notice", "Formal notice"),
    ("report", "Reported to the authority"),
]
DEADLINE_KINDS = [
    ("presentation", "Presentation at the reception office"),
    ("french", "French module"),
    ("citizenship", "Citizenship module"),
    ("orientation", "Socio-professional orientation"),
]


class CriPathwaySanction(models.Model):
    """A step of the sanction procedure of a mandatory file that missed a deadline."""

    _name = "cri.pathway.sanction"
    _description = "Sanction Step"
    _order = "date desc, id desc"

    pathway_id = fields.Many2one(
        "cri.pathway", string="Pathway File", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", string="Company", store=True)
    currency_id = fields.Many2one(related="pathway_id.regime_id.currency_id", string="Currency")
    step = fields.Selection(SANCTION_STEPS, required=True)
    deadline_kind = fields.Selection(DEADLINE_KINDS, string="Missed Deadline", required=True)
    deadline = fields.Date(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    fine_min = fields.Monetary(string="Fine From", currency_field="currency_id")
    fine_max = fields.Monetary(string="Fine Up To", currency_field="currency_id")
