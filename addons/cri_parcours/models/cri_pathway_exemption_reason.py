from odoo import fields, models


class CriPathwayExemptionReason(models.Model):
    """A reason that exempts a primo-arrivant from the obligation (not from the right) to
    follow the pathway: a diploma, work, studies, a medical certificate..."""

    _name = "cri.pathway.exemption.reason"
    _description = "Pathway Exemption Reason"
    _order = "sequence, id"

    name = fields.Char(string="Reason", required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="Conditions",
        translate=True,
        help="What the evidence must show for the reason to apply, as the texts word it.",
    )
    evidence = fields.Char(
        string="Expected Evidence", translate=True, help="Document the person brings to prove the reason."
    )
    is_medical = fields.Boolean(
        string="Medical", help="Medical reasons are visible to social workers and managers only."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "Another exemption reason already uses this code.")]
