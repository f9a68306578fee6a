from odoo import fields, models


class CriIliAxis(models.Model):
    """An axis of the Region's calls for projects (citizenship, French as a foreign language...)."""

    _name = "cri.ili.axis"
    _description = "ILI Call Axis"
    _order = "sequence, id"

    name = fields.Char(string="Axis", required=True, translate=True)
    code = fields.Char(required=True, help="Technical name, the same in every language.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "Another axis already uses this code.")]
