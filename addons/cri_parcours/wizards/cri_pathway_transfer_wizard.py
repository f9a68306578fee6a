from odoo import fields, models

from odoo.addons.cri_base.tools import legal_today


class CriPathwayTransferWizard(models.TransientModel):
    _name = "cri.pathway.transfer.wizard"
    _description = "Transfer a Pathway File"

    pathway_id = fields.Many2one("cri.pathway", string="Pathway File", required=True)
    commune_id = fields.Many2one(
        "cri.commune",
        string="New Commune",
        required=True,
        domain="[('german_speaking', '=', False), ('center_id', '!=', False)]",
        help="Commune where the person now lives; its CRI receives the file.",
    )
    date = fields.Date(
        string="Transferred On",
        required=True,
        default=legal_today,
        help="The day the file closes here: today or earlier, never before the file's last step.",
    )

    def action_confirm(self):
        self.pathway_id._do_transfer(self.commune_id, self.date)
        return {"type": "ir.actions.act_window_close"}
