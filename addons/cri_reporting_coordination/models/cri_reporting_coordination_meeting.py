from odoo import fields, models

from odoo.addons.cri_base.tools import LEGAL_TZ
from odoo.addons.cri_coordination.models.cri_coordination_meeting import MEETING_STATES
from odoo.addons.cri_coordination.models.cri_coordination_platform import PLATFORM_KINDS
from odoo.addons.cri_coordination.models.cri_coordination_record import LIFE_DOMAINS


class CriReportingCoordinationMeeting(models.Model):
    """One row per meeting of a platform of a CRI: meetings, the organisations present and the
    decisions taken (open, done, overdue) by CRI, platform, kind of platform, life domain and
    month. Organisations and decisions, no persons."""

    _name = "cri.reporting.coordination.meeting"
    _description = "Platform Meeting Statistics"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    platform_id = fields.Many2one("cri.coordination.platform", readonly=True)
    kind = fields.Selection(PLATFORM_KINDS, string="Kind of Platform", readonly=True)
    life_domain = fields.Selection(LIFE_DOMAINS, readonly=True)
    date = fields.Date(readonly=True, help="The day of the meeting, in Belgium.")
    state = fields.Selection(MEETING_STATES, string="Status", readonly=True)
    meeting_count = fields.Integer(string="Meetings", readonly=True)
    invited_count = fields.Integer(string="Invited", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    present_count = fields.Integer(string="Attendees Present", readonly=True)
    organisation_count = fields.Integer(
        string="Organisations Present",
        readonly=True,
        help="The organisations with someone present (a person without organisation counts as one).",
    )
    decision_count = fields.Integer(
        string="Decisions", readonly=True, help="The decisions taken, the cancelled ones left out."
    )
    decision_open_count = fields.Integer(string="Open Decisions", readonly=True)
    decision_done_count = fields.Integer(string="Decisions Done", readonly=True)
    decision_overdue_count = fields.Integer(
        string="Overdue Decisions", readonly=True, help="Open decisions whose due date has passed."
    )

    @property
    def _table_query(self):
        tz = LEGAL_TZ.zone
        return f"""
            SELECT m.id AS id,
                   m.company_id AS company_id,
                   m.platform_id AS platform_id,
                   pf.kind AS kind,
                   pf.life_domain AS life_domain,
                   (m.date_start AT TIME ZONE 'UTC' AT TIME ZONE '{tz}')::date AS date,
                   m.state AS state,
                   1 AS meeting_count,
                   COALESCE(att.invited, 0) AS invited_count,
                   COALESCE(att.accepted, 0) AS accepted_count,
                   COALESCE(att.present, 0) AS present_count,
                   COALESCE(att.organisations, 0) AS organisation_count,
                   COALESCE(dec.decisions, 0) AS decision_count,
                   COALESCE(dec.open, 0) AS decision_open_count,
                   COALESCE(dec.done, 0) AS decision_done_count,
                   COALESCE(dec.overdue, 0) AS decision_overdue_count
              FROM cri_coordination_meeting m
              JOIN cri_coordination_platform pf ON pf.id = m.platform_id
              LEFT JOIN (SELECT a.meeting_id,
                                COUNT(*) AS invited,
                                COUNT(*) FILTER (WHERE a.response = 'accepted') AS accepted,
                                COUNT(*) FILTER (WHERE a.attended) AS present,
                                COUNT(DISTINCT COALESCE(a.organisation_id, a.partner_id))
                                    FILTER (WHERE a.attended) AS organisations
                           FROM cri_coordination_meeting_attendee a
                          GROUP BY a.meeting_id) att ON att.meeting_id = m.id
              LEFT JOIN (SELECT d.meeting_id,
                                COUNT(*) FILTER (WHERE d.state != 'cancelled') AS decisions,
                                COUNT(*) FILTER (WHERE d.state = 'open') AS open,
                                COUNT(*) FILTER (WHERE d.state = 'done') AS done,
                                COUNT(*) FILTER (WHERE d.state = 'open'
                                                   AND d.date_due < (now() AT TIME ZONE '{tz}')::date) AS overdue
                           FROM cri_coordination_decision d
                          GROUP BY d.meeting_id) dec ON dec.meeting_id = m.id
        """
