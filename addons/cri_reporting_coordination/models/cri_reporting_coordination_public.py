from odoo import fields, models

from odoo.addons.cri_coordination.models.cri_coordination_activity import (
    ACTIVITY_STATES,
    ACTIVITY_TYPES,
    PUBLIC_CATEGORIES,
)


class CriReportingCoordinationPublic(models.Model):
    """One row per public counted by an activity: the persons reached by CRI, commune, activity
    type, category of public and month. Persons, never names: within the CRI only."""

    _name = "cri.reporting.coordination.public"
    _description = "Public Reached Statistics"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    activity_id = fields.Many2one("cri.coordination.activity", readonly=True)
    commune_id = fields.Many2one("cri.commune", readonly=True)
    activity_type = fields.Selection(ACTIVITY_TYPES, readonly=True)
    category = fields.Selection(PUBLIC_CATEGORIES, string="Public", readonly=True)
    date = fields.Date(readonly=True, help="The date of the activity.")
    state = fields.Selection(ACTIVITY_STATES, string="Activity Status", readonly=True)
    count = fields.Integer(string="Persons Reached", readonly=True)

    @property
    def _table_query(self):
        return """
            SELECT pu.id AS id,
                   ac.company_id AS company_id,
                   ac.id AS activity_id,
                   ac.commune_id AS commune_id,
                   ac.activity_type AS activity_type,
                   pu.category AS category,
                   ac.date AS date,
                   ac.state AS state,
                   COALESCE(pu.count, 0) AS count
              FROM cri_coordination_activity_public pu
              JOIN cri_coordination_activity ac ON ac.id = pu.activity_id
        """
