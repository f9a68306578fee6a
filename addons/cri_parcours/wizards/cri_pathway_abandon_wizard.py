from odoo import fields, models


class CriPathwayAbandonWizard(models.TransientModel):
    _name = "cri.pathway.abandon.wizard"
    _description = "Abandon Pathway Files"

    pathway_ids = fields.Many2many("cri.pathway", string="Pathway Files", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.pathway_ids._do_abandon(self.reason)
        return {"type": "ir.actions.act_window_close"}
