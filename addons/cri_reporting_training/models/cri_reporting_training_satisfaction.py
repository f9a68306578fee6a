from odoo import fields, models

from .cri_reporting_training_registration import local_date_sql


class CriReportingTrainingSatisfaction(models.Model):
    """One row per completed satisfaction answer of a training session: the average
    satisfaction by CRI, theme, module, trainer and period. Test answers are left out."""

    _name = "cri.reporting.training.satisfaction"
    _description = "Training Satisfaction Statistics"
    _auto = False
    _order = "session_date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    event_id = fields.Many2one("event.event", string="Training Session", readonly=True)
    module_id = fields.Many2one("cri.training.module", string="Training Module", readonly=True)
    theme_id = fields.Many2one("cri.training.theme", readonly=True)
    trainer_id = fields.Many2one("res.users", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    session_date = fields.Date(readonly=True, help="The first day of the session, in its time zone.")
    answer_date = fields.Date(string="Answered On", readonly=True)
    score = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="The score of the answer, or the average of its scale answers as shares of their scale.",
    )

    @property
    def _table_query(self):
        return f"""
            SELECT ui.id AS id,
                   ui.cri_company_id AS company_id,
                   ui.cri_event_id AS event_id,
                   ui.cri_module_id AS module_id,
                   ui.cri_theme_id AS theme_id,
                   ui.cri_trainer_id AS trainer_id,
                   ui.survey_id AS survey_id,
                   {local_date_sql("e.date_begin", "e.date_tz")} AS session_date,
                   {local_date_sql("COALESCE(ui.end_datetime, ui.write_date)", "e.date_tz")} AS answer_date,
                   COALESCE(ui.cri_score, 0) AS score
              FROM survey_user_input ui
              JOIN event_event e ON e.id = ui.cri_event_id
             WHERE ui.state = 'done'
               AND NOT COALESCE(ui.test_entry, FALSE)
               AND ui.cri_company_id IS NOT NULL
        """
