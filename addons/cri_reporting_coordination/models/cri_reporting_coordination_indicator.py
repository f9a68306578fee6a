from odoo import fields, models

from odoo.addons.cri_coordination.models.cri_coordination_action import ACTION_STATES
from odoo.addons.cri_coordination.models.cri_coordination_record import LIFE_DOMAINS


class CriReportingCoordinationIndicator(models.Model):
    """One row per yearly value of an indicator of a plan's action: the value achieved in a year
    against the indicator's target, by CRI, plan, action, life domain and year."""

    _name = "cri.reporting.coordination.indicator"
    _description = "Plan Indicator Statistics"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    plan_id = fields.Many2one("cri.coordination.plan", readonly=True)
    action_id = fields.Many2one("cri.coordination.action", readonly=True)
    indicator_id = fields.Many2one("cri.coordination.indicator", readonly=True)
    life_domain = fields.Selection(LIFE_DOMAINS, readonly=True)
    action_state = fields.Selection(ACTION_STATES, string="Action Status", readonly=True)
    date = fields.Date(string="Year", readonly=True, help="January 1 of the year measured.")
    year = fields.Char(string="Year Measured", readonly=True)
    target = fields.Float(readonly=True, aggregator="avg", help="The indicator's target for its plan.")
    value = fields.Float(string="Achieved Value", readonly=True)
    progress = fields.Float(
        string="Progress (%)",
        readonly=True,
        aggregator="avg",
        help="The value achieved that year as a share of the target; empty without target.",
    )

    @property
    def _table_query(self):
        return """
            SELECT v.id AS id,
                   i.company_id AS company_id,
                   i.plan_id AS plan_id,
                   i.action_id AS action_id,
                   i.id AS indicator_id,
                   a.life_domain AS life_domain,
                   a.state AS action_state,
                   make_date(v.year, 1, 1) AS date,
                   v.year::varchar AS year,
                   COALESCE(i.target, 0) AS target,
                   v.value AS value,
                   CASE WHEN COALESCE(i.target, 0) = 0 THEN NULL
                        ELSE 100.0 * v.value / i.target END AS progress
              FROM cri_coordination_indicator_value v
              JOIN cri_coordination_indicator i ON i.id = v.indicator_id
              JOIN cri_coordination_action a ON a.id = i.action_id
        """
