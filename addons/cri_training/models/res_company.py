from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cri_training_attendance_threshold = fields.Float(
        string="Attendance Threshold (%)",
        default=80.0,
        help="Share of a session's hours a participant must attend to receive the certificate of attendance.",
    )
