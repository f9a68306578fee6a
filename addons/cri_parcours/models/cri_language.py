from odoo import fields, models


class CriLanguage(models.Model):
    """A language a newcomer speaks, for orientation and interpreting requests."""

    _name = "cri.language"
    _description = "Spoken Language"
    _order = "name"

    name = fields.Char(string="Language", required=True, translate=True)
    code = fields.Char(help="ISO 639 code.")
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_unique", "unique(name)", "This language already exists.")]
