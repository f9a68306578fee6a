from odoo import fields, models


class CriIliApplicationDocument(models.Model):
    """A document joined to an application, of one of the types its call requires. The file is
    an attachment of this record: readable by whoever may read the application only."""

    _name = "cri.ili.application.document"
    _description = "ILI Application Document"
    _inherit = ["cri.ili.application.line"]
    _order = "application_id, id"

    document_type_id = fields.Many2one("cri.ili.document.type", string="Document", required=True)
    file = fields.Binary(attachment=True, required=True, copy=False)
    filename = fields.Char(string="File Name")
