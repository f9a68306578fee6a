from odoo import api, fields, models


class CriPathwayExemption(models.Model):
    """An exemption claimed on a file, with its evidence document and date."""

    _name = "cri.pathway.exemption"
    _description = "Pathway Exemption"
    _order = "date desc, id desc"

    pathway_id = fields.Many2one(
        "cri.pathway", string="Pathway File", required=True, ondelete="cascade", index=True
    )
    reason_id = fields.Many2one("cri.pathway.exemption.reason", required=True)
    company_id = fields.Many2one(related="pathway_id.company_id", string="Company", store=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="Evidence Document", help="Scan of the document that proves the reason."
    )
    date = fields.Date(string="Evidence Date", required=True, default=fields.Date.context_today)
    note = fields.Char()
    is_medical = fields.Boolean(related="reason_id.is_medical", string="Medical", store=True)

    @api.depends("reason_id", "date")
    def _compute_display_name(self):
        for exemption in self:
            exemption.display_name = exemption.reason_id.name or ""
