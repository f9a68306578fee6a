from odoo import fields, models


class CriIliDocumentType(models.Model):
    """A document a call asks every applicant to join (statutes, trainers' qualifications...)."""

    _name = "cri.ili.document.type"
    _description = "ILI Application Document Type"
    _order = "sequence, id"

    name = fields.Char(string="Document", required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What the applicant must provide.")
    active = fields.Boolean(default=True)
