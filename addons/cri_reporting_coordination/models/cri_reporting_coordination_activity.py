from odoo import fields, models

from odoo.addons.cri_coordination.models.cri_coordination_activity import ACTIVITY_STATES, ACTIVITY_TYPES


class CriReportingCoordinationActivity(models.Model):
    """One row per participation or awareness activity of a CRI: activities and the public they
    reached by CRI, commune, type, status, plan and month. The public is a count of persons: this
    statistic stays within the CRI (the Region gets its tables, small counts hidden)."""

    _name = "cri.reporting.coordination.activity"
    _description = "Activity Statistics"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    commune_id = fields.Many2one("cri.commune", readonly=True)
    plan_action_id = fields.Many2one("cri.coordination.action", readonly=True)
    plan_id = fields.Many2one("cri.coordination.plan", readonly=True)
    activity_type = fields.Selection(ACTIVITY_TYPES, string="Type", readonly=True)
    date = fields.Date(readonly=True)
    state = fields.Selection(ACTIVITY_STATES, string="Status", readonly=True)
    activity_count = fields.Integer(string="Activities", readonly=True)
    public_total = fields.Integer(
        string="Public Reached", readonly=True, help="The persons reached, all categories together."
    )

    @property
    def _table_query(self):
        return """
            SELECT ac.id AS id,
                   ac.company_id AS company_id,
                   ac.commune_id AS commune_id,
                   ac.plan_action_id AS plan_action_id,
                   pa.plan_id AS plan_id,
                   ac.activity_type AS activity_type,
                   ac.date AS date,
                   ac.state AS state,
                   1 AS activity_count,
                   COALESCE(ac.public_total, 0) AS public_total
              FROM cri_coordination_activity ac
              LEFT JOIN cri_coordination_action pa ON pa.id = ac.plan_action_id
        """
