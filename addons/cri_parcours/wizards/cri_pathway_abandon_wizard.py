from odoo import fields, models

from odoo.addons.cri_base.tools import legal_today


class CriPathwayAbandonWizard(models.TransientModel):
    _name = "cri.pathway.abandon.wizard"
    _description = "Abandon Pathway Files"

    pathway_ids = fields.Many2many("cri.pathway", string="Pathway Files", required=True)
    reason = fields.Text(required=True)
    date = fields.Date(
        string="Abandoned On",
        required=True,
        default=legal_today,
        help="The day the pathway was abandoned: today or earlier, never before the file's last step.",
    )

    def action_confirm(self):
        self.pathway_ids._do_abandon(self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}
