from odoo import api, fields, models


class CriCenter(models.Model):
    _inherit = "cri.center"

    attendance_locked_until = fields.Date(
        tracking=True,
        help="The operators no longer add, correct or remove the attendance of sessions on or "
        "before this date: the CRI has checked that period. Its staff still can.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        centers = super().create(vals_list)
        # a new CRI numbers its files and certificates from its first day
        self.env["cri.pathway"]._ensure_sequences(centers)
        return centers
