from odoo import fields, models


class CriPartnerRole(models.Model):
    _name = "cri.partner.role"
    _description = "CRI Partner Role"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical code used by the other CRI modules, e.g. ili or fle.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another partner role already uses this code."),
    ]
