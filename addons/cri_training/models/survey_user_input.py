from odoo import api, fields, models


class SurveyUserInput(models.Model):
    """An answer to the satisfaction survey of a training session, linked to the session and the
    registration it was sent for; the session's module, theme, trainer and CRI are stored to
    analyse the answers by them."""

    _inherit = "survey.user_input"

    cri_event_id = fields.Many2one(
        "event.event", string="Training Session", index="btree_not_null", readonly=True, ondelete="set null"
    )
    cri_registration_id = fields.Many2one(
        "event.registration",
        string="Registration",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )
    cri_module_id = fields.Many2one(
        related="cri_event_id.cri_module_id", store=True, string="Training Module"
    )
    cri_theme_id = fields.Many2one(related="cri_event_id.cri_theme_id", store=True, string="Training Theme")
    cri_trainer_id = fields.Many2one(related="cri_event_id.cri_trainer_id", store=True, string="Trainer")
    cri_company_id = fields.Many2one(
        related="cri_event_id.company_id", store=True, index="btree_not_null", string="CRI"
    )
    cri_score = fields.Float(
        string="Satisfaction (%)",
        compute="_compute_cri_score",
        store=True,
        aggregator="avg",
        help="The score of a completed answer of a scored survey; for a survey without scores, the "
        "average of its scale answers, each as a share of its scale.",
    )

    @api.depends(
        "state",
        "scoring_percentage",
        "survey_id.scoring_type",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.question_id.scale_min",
        "user_input_line_ids.question_id.scale_max",
    )
    def _compute_cri_score(self):
        for answer in self:
            if answer.state != "done":
                answer.cri_score = 0.0
            elif answer.survey_id.scoring_type != "no_scoring":
                answer.cri_score = answer.scoring_percentage
            else:
                answer.cri_score = answer._cri_scale_average()

    def _cri_scale_average(self):
        self.ensure_one()
        shares = [
            100.0
            * (line.value_scale - line.question_id.scale_min)
            / (line.question_id.scale_max - line.question_id.scale_min)
            for line in self.user_input_line_ids
            if line.answer_type == "scale" and not line.skipped
        ]
        return round(sum(shares) / len(shares), 2) if shares else 0.0
