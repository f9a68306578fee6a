from odoo import api, fields, models

from odoo.addons.cri_parcours.models.cri_pathway import ELIGIBILITY, PERMIT_TYPES, STATES

AGE_BANDS = [
    ("0_17", "Under 18"),
    ("18_25", "18-25"),
    ("26_35", "26-35"),
    ("36_45", "36-45"),
    ("46_55", "46-55"),
    ("56_plus", "56 and over"),
    ("unknown", "Unknown"),
]
OBLIGATIONS = [("mandatory", "Mandatory"), ("voluntary", "Voluntary")]
STAGES = [
    ("referral", "Referral"),
    ("reception", "Reception"),
    ("convention", "Convention"),
    ("done", "Certificate issued"),
]


def age_band_sql(birthdate, on_date):
    """The SQL of the age band of a person born on ``birthdate`` (column) at ``on_date``."""
    age = f"date_part('year', age({on_date}, {birthdate}))"
    return f"""CASE WHEN {birthdate} IS NULL OR {on_date} IS NULL THEN 'unknown'
                    WHEN {age} < 18 THEN '0_17'
                    WHEN {age} <= 25 THEN '18_25'
                    WHEN {age} <= 35 THEN '26_35'
                    WHEN {age} <= 45 THEN '36_45'
                    WHEN {age} <= 55 THEN '46_55'
                    ELSE '56_plus' END"""


class CriReportingPathwayDimensions(models.AbstractModel):
    """What every statistic of the pathway is broken down by: the file's CRI, commune and
    month of registration, the person's nationality, gender and age band. No name, no number:
    a row of a statistic is not a file."""

    _name = "cri.reporting.pathway.dimensions"
    _description = "Pathway Statistics Dimensions"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    center_id = fields.Many2one("cri.center", string="Centre", readonly=True)
    commune_id = fields.Many2one("cri.commune", readonly=True)
    nationality_id = fields.Many2one("res.country", readonly=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female"), ("other", "Other")], readonly=True)
    age_band = fields.Selection(AGE_BANDS, readonly=True, help="Age on the commune registration date.")
    registration_date = fields.Date(string="Registered On", readonly=True)
    registration_year = fields.Char(
        string="Year", readonly=True, help="Year of the commune registration, the year of the statistics."
    )
    eligibility = fields.Selection(ELIGIBILITY, readonly=True)
    obligation = fields.Selection(OBLIGATIONS, string="Mandatory or Voluntary", readonly=True)
    regime_id = fields.Many2one("cri.pathway.regime", readonly=True)

    @api.model
    def _dimensions_select(self):
        """The dimension columns, from ``p`` (cri_pathway) and ``person`` (res_partner)."""
        return f"""
            p.company_id AS company_id,
            p.center_id AS center_id,
            p.commune_id AS commune_id,
            person.nationality_id AS nationality_id,
            person.gender AS gender,
            {age_band_sql("person.birthdate_date", "p.registration_date")} AS age_band,
            p.registration_date AS registration_date,
            to_char(p.registration_date, 'YYYY') AS registration_year,
            p.eligibility AS eligibility,
            CASE WHEN p.is_mandatory THEN 'mandatory' ELSE 'voluntary' END AS obligation,
            p.regime_id AS regime_id"""


class CriReportingPathway(models.Model):
    """One row per pathway file, for the pivots and graphs of the CRI's staff: entries,
    eligibility, regime, stage reached, completion and durations, missed deadlines and sanctions.
    A PostgreSQL view: every figure is one aggregate query on it."""

    _name = "cri.reporting.pathway"
    _inherit = ["cri.reporting.pathway.dimensions"]
    _description = "Pathway Statistics"
    _auto = False
    _order = "registration_date desc"

    file_count = fields.Integer(string="Files", readonly=True)
    permit_type = fields.Selection(PERMIT_TYPES, string="Residence Permit", readonly=True)
    state = fields.Selection(STATES, string="Stage", readonly=True)
    stage_reached = fields.Selection(
        STAGES, readonly=True, help="The furthest stage the file went through, even if it was then closed."
    )
    is_exempted = fields.Boolean(string="Exempted", readonly=True)
    deadline_missed = fields.Boolean(readonly=True)
    sanction_step_id = fields.Many2one(
        "cri.pathway.regime.sanction.step", string="Sanction Step Reached", readonly=True
    )
    sanction_count = fields.Integer(string="Sanction Steps", readonly=True)
    module_count = fields.Integer(string="Modules", readonly=True)
    attended_hours = fields.Float(string="Hours Attended", readonly=True)
    completion_rate = fields.Float(
        string="Completion Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Of the closed files, the share that ended with the certificate (abandoned and "
        "transferred files count as not completed).",
    )
    days_to_reception = fields.Float(
        string="Days to Reception",
        readonly=True,
        aggregator="avg",
        help="Days from the commune registration to the reception (their average in a pivot).",
    )
    days_to_certificate = fields.Float(
        string="Days to Certificate",
        readonly=True,
        aggregator="avg",
        help="Days from the commune registration to the certificate (their average in a pivot).",
    )

    @property
    def _table_query(self):
        return f"""
            SELECT p.id AS id,
                   {self._dimensions_select()},
                   1 AS file_count,
                   p.permit_type AS permit_type,
                   p.state AS state,
                   CASE WHEN p.certificate_date IS NOT NULL OR p.state = 'done' THEN 'done'
                        WHEN p.convention_date IS NOT NULL THEN 'convention'
                        WHEN p.reception_date IS NOT NULL THEN 'reception'
                        ELSE 'referral' END AS stage_reached,
                   p.eligibility = 'exempted' AS is_exempted,
                   COALESCE(p.deadline_missed, FALSE) AS deadline_missed,
                   p.sanction_step_id AS sanction_step_id,
                   COALESCE(sanction.steps, 0) AS sanction_count,
                   COALESCE(module.modules, 0) AS module_count,
                   COALESCE(module.hours, 0) AS attended_hours,
                   CASE WHEN p.state = 'done' THEN 100.0
                        WHEN p.state IN ('abandoned', 'transferred') THEN 0.0 END AS completion_rate,
                   (p.reception_date - p.registration_date)::float AS days_to_reception,
                   (p.certificate_date - p.registration_date)::float AS days_to_certificate
              FROM cri_pathway p
         LEFT JOIN res_partner person ON person.id = p.partner_id
         LEFT JOIN (SELECT pathway_id, count(*) AS steps
                      FROM cri_pathway_sanction GROUP BY pathway_id) sanction ON sanction.pathway_id = p.id
         LEFT JOIN (SELECT pathway_id, count(*) AS modules, sum(attended_hours) AS hours
                      FROM cri_pathway_module GROUP BY pathway_id) module ON module.pathway_id = p.id
        """
