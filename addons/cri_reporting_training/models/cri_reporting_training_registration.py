from odoo import api, fields, models

# the registration states of the people who take part in a session (the others wait, are not
# confirmed yet or cancelled)
PARTICIPANT_STATES = ("open", "done")
OUTCOMES = [
    ("absent", "No hours attended"),
    ("partial", "Attended, without certificate"),
    ("certified", "Certificate of attendance"),
]


def local_date_sql(utc_column, tz_column):
    """The SQL of the calendar day of a UTC timestamp in the session's time zone."""
    return f"({utc_column} AT TIME ZONE 'UTC' AT TIME ZONE COALESCE({tz_column}, 'UTC'))::date"


class CriReportingTrainingRegistration(models.Model):
    """One row per registration to a training session of a CRI: participants, attendance,
    certificates and hours by CRI, theme, module, trainer and organisation. A PostgreSQL view:
    every figure is one aggregate query on it. No name: a row of a statistic is not a person."""

    _name = "cri.reporting.training.registration"
    _description = "Training Participation Statistics"
    _auto = False
    _order = "session_date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    event_id = fields.Many2one("event.event", string="Training Session", readonly=True)
    module_id = fields.Many2one("cri.training.module", string="Training Module", readonly=True)
    theme_id = fields.Many2one("cri.training.theme", readonly=True)
    trainer_id = fields.Many2one("res.users", readonly=True)
    organisation_id = fields.Many2one("res.partner", readonly=True)
    session_date = fields.Date(readonly=True, help="The first day of the session, in its time zone.")
    session_hours = fields.Float(string="Hours of the Session", readonly=True)
    attended_hours = fields.Float(string="Hours Attended", readonly=True)
    attendance_rate = fields.Float(string="Attendance (%)", readonly=True, aggregator="avg")
    state = fields.Selection(selection="_selection_states", string="Registration Status", readonly=True)
    is_participant = fields.Boolean(
        string="Participant", readonly=True, help="Confirmed registration: neither waiting nor cancelled."
    )
    waiting = fields.Boolean(string="On the Waiting List", readonly=True)
    outcome = fields.Selection(
        OUTCOMES,
        string="Attendance",
        readonly=True,
        help="What a participant's attendance led to; empty for a registration that is not confirmed.",
    )
    certificate_eligible = fields.Boolean(string="Certificate", readonly=True)

    @api.model
    def _selection_states(self):
        return self.env["event.registration"]._fields["state"]._description_selection(self.env)

    @property
    def _table_query(self):
        participant = ", ".join(f"'{state}'" for state in PARTICIPANT_STATES)
        return f"""
            SELECT r.id AS id,
                   e.company_id AS company_id,
                   e.id AS event_id,
                   e.cri_module_id AS module_id,
                   e.cri_theme_id AS theme_id,
                   e.cri_trainer_id AS trainer_id,
                   r.cri_organisation_id AS organisation_id,
                   {local_date_sql("e.date_begin", "e.date_tz")} AS session_date,
                   COALESCE(e.cri_total_hours, 0) AS session_hours,
                   COALESCE(r.cri_attended_hours, 0) AS attended_hours,
                   COALESCE(r.cri_attendance_rate, 0) AS attendance_rate,
                   r.state AS state,
                   r.state IN ({participant}) AS is_participant,
                   COALESCE(r.cri_waiting, FALSE) AS waiting,
                   CASE WHEN r.state NOT IN ({participant}) THEN NULL
                        WHEN r.cri_certificate_eligible THEN 'certified'
                        WHEN COALESCE(r.cri_attended_hours, 0) > 0 THEN 'partial'
                        ELSE 'absent' END AS outcome,
                   COALESCE(r.cri_certificate_eligible, FALSE) AS certificate_eligible
              FROM event_registration r
              JOIN event_event e ON e.id = r.event_id
             WHERE e.cri_module_id IS NOT NULL
        """
