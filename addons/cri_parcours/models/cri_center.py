from odoo import api, models


class CriCenter(models.Model):
    _inherit = "cri.center"

    @api.model_create_multi
    def create(self, vals_list):
        centers = super().create(vals_list)
        # a new CRI numbers its files and certificates from its first day
        self.env["cri.pathway"]._ensure_sequences(centers)
        return centers
