from odoo import fields, models

from odoo.addons.cri_coordination.models.cri_coordination_action import ACTION_STATES
from odoo.addons.cri_coordination.models.cri_coordination_record import LIFE_DOMAINS


class CriReportingCoordinationAction(models.Model):
    """One row per action of a local integration plan: actions by CRI, plan, life domain,
    status, commune and month, with the number and average progress of their indicators.
    A PostgreSQL view whose rows have the ids of the actions: the communes are the action's own
    (its relation table), so that an action counts once in each of its communes and once in a
    total. The figures are about actions, not persons."""

    _name = "cri.reporting.coordination.action"
    _description = "Plan Action Statistics"
    _auto = False
    _order = "date_start desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    plan_id = fields.Many2one("cri.coordination.plan", readonly=True)
    priority_id = fields.Many2one("cri.coordination.priority", readonly=True)
    commune_ids = fields.Many2many(
        "cri.commune",
        relation="cri_commune_cri_coordination_action_rel",
        column1="cri_coordination_action_id",
        column2="cri_commune_id",
        string="Communes",
        readonly=True,
    )
    life_domain = fields.Selection(LIFE_DOMAINS, readonly=True)
    date_start = fields.Date(
        string="Start",
        readonly=True,
        help="The start of the action, or the first day of its plan when it has no start date.",
    )
    date_end = fields.Date(string="End", readonly=True)
    state = fields.Selection(ACTION_STATES, string="Status", readonly=True)
    action_count = fields.Integer(string="Actions", readonly=True)
    indicator_count = fields.Integer(string="Indicators", readonly=True)
    progress = fields.Float(
        string="Progress (%)",
        readonly=True,
        aggregator="avg",
        help="The average progress of the action's indicators (latest achieved value as a share of "
        "the target); empty for an action without indicator.",
    )

    @property
    def _table_query(self):
        return """
            SELECT a.id AS id,
                   a.company_id AS company_id,
                   a.plan_id AS plan_id,
                   a.priority_id AS priority_id,
                   a.life_domain AS life_domain,
                   COALESCE(a.date_start, make_date(p.year_start, 1, 1)) AS date_start,
                   a.date_end AS date_end,
                   a.state AS state,
                   1 AS action_count,
                   COALESCE(i.indicators, 0) AS indicator_count,
                   i.progress AS progress
              FROM cri_coordination_action a
              JOIN cri_coordination_plan p ON p.id = a.plan_id
              LEFT JOIN (SELECT action_id, COUNT(*) AS indicators, AVG(progress) AS progress
                           FROM cri_coordination_indicator
                          GROUP BY action_id) i ON i.action_id = a.id
        """
