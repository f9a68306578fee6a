from odoo import api, fields, models

from odoo.addons.cri_base.tools import legal_today


class CriPathwayExemption(models.Model):
    """An exemption claimed on a file, with its evidence document and date."""

    _name = "cri.pathway.exemption"
    _description = "Pathway Exemption"
    _inherit = ["cri.pathway.line"]
    _order = "date desc, id desc"

    reason_id = fields.Many2one("cri.pathway.exemption.reason", required=True)
    # stored as an attachment of this exemption: whoever may read the exemption may read the
    # document (a medical certificate stays with social workers and managers), nobody else
    evidence_file = fields.Binary(
        string="Evidence Document",
        attachment=True,
        copy=False,
        help="Scan of the document that proves the reason.",
    )
    evidence_filename = fields.Char(string="Evidence File Name", copy=False)
    date = fields.Date(string="Evidence Date", required=True, default=legal_today)
    note = fields.Char()
    is_medical = fields.Boolean(related="reason_id.is_medical", string="Medical", store=True)

    @api.depends("reason_id", "date")
    def _compute_display_name(self):
        for exemption in self:
            exemption.display_name = exemption.reason_id.name or ""
