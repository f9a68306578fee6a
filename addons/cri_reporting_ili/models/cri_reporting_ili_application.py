from odoo import fields, models

from odoo.addons.cri_ili_grants.models.cri_ili_application import APPLICATION_STATES, OPINIONS

# the states of an application the Region granted, whatever became of the grant since
GRANTED_STATES = ("decided", "running", "clearing", "closed")


class CriReportingIliApplication(models.Model):
    """One row per application of a local integration initiative, with the amounts its grant
    reached: applications and grants by CRI, call, axis, status and year. A PostgreSQL view:
    every figure is one aggregate query on it. Organisations and their grants, no person."""

    _name = "cri.reporting.ili.application"
    _description = "ILI Application Statistics"
    _auto = False
    _order = "count_date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    commune_id = fields.Many2one("cri.commune", string="Main Commune", readonly=True)
    call_id = fields.Many2one("cri.ili.call", readonly=True)
    axis_id = fields.Many2one("cri.ili.axis", readonly=True)
    count_date = fields.Date(
        string="Counted On",
        readonly=True,
        help="The date of the Region's decision; until the decision, the deadline of the call. The "
        "statistical tables count the application on this date: a grant counts in the year it was "
        "decided, whatever the year of its call.",
    )
    call_date = fields.Date(
        string="Call Deadline",
        readonly=True,
        help="The submission deadline of the call: the year of the call.",
    )
    submit_date = fields.Date(string="Submitted On", readonly=True)
    decision_date = fields.Date(string="Decided On", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    requested_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    granted_amount = fields.Monetary(currency_field="currency_id", readonly=True)
    paid_amount = fields.Monetary(string="Paid", currency_field="currency_id", readonly=True)
    declared_amount = fields.Monetary(string="Declared Expenses", currency_field="currency_id", readonly=True)
    accepted_amount = fields.Monetary(string="Accepted Expenses", currency_field="currency_id", readonly=True)
    rejected_amount = fields.Monetary(string="Rejected Expenses", currency_field="currency_id", readonly=True)
    opinion = fields.Selection(OPINIONS, string="Opinion of the CRI", readonly=True)
    state = fields.Selection(APPLICATION_STATES, string="Status", readonly=True)
    is_granted = fields.Boolean(
        string="Granted", readonly=True, help="The Region granted it, whatever became of the grant since."
    )

    @property
    def _table_query(self):
        granted = ", ".join(f"'{state}'" for state in GRANTED_STATES)
        return f"""
            SELECT a.id AS id,
                   a.company_id AS company_id,
                   a.commune_id AS commune_id,
                   a.call_id AS call_id,
                   a.axis_id AS axis_id,
                   COALESCE(a.decision_date, c.date_submission) AS count_date,
                   c.date_submission AS call_date,
                   a.submit_date AS submit_date,
                   a.decision_date AS decision_date,
                   c.currency_id AS currency_id,
                   COALESCE(a.requested_amount, 0) AS requested_amount,
                   COALESCE(a.granted_amount, 0) AS granted_amount,
                   COALESCE(a.paid_amount, 0) AS paid_amount,
                   COALESCE(a.declared_amount, 0) AS declared_amount,
                   COALESCE(a.accepted_amount, 0) AS accepted_amount,
                   COALESCE(a.rejected_amount, 0) AS rejected_amount,
                   a.opinion AS opinion,
                   a.state AS state,
                   a.state IN ({granted}) AS is_granted
              FROM cri_ili_application a
              JOIN cri_ili_call c ON c.id = a.call_id
        """
