from odoo import fields, models


class CriDashboardTile(models.Model):
    _inherit = "cri.dashboard.tile"

    section = fields.Selection(
        selection_add=[("pathway", "Integration Pathway")], ondelete={"pathway": "cascade"}
    )
