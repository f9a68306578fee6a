from odoo import api, models


class CriPathwaySanction(models.Model):
    _inherit = "cri.pathway.sanction"

    @api.model_create_multi
    def create(self, vals_list):
        sanctions = super().create(vals_list)
        for sanction, vals in zip(sanctions, vals_list, strict=True):
            self.env["cri.privacy.access.log"]._cri_log(sanction, "change", sorted(vals))
        return sanctions

    def write(self, vals):
        result = super().write(vals)
        self.env["cri.privacy.access.log"]._cri_log(self, "change", sorted(vals))
        return result
