from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cri_training_attendance_threshold = fields.Float(
        string="Attendance Threshold (%)",
        default=80.0,
        help="Share of a session's hours a participant must attend to receive the certificate of attendance.",
    )
    cri_training_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey of Trainings",
        help="Sent to those who attended a training session of this CRI, the day after it ends. "
        "Without it, the survey shipped with the trainings is sent.",
    )
