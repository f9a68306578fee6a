from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cri_base.tools import datetime_text

MEETING_STATES = [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")]


class CriCoordinationMeeting(models.Model):
    """A meeting of a platform, workshop or regional working group: its agenda, the invitations
    and their answers, the attendance, the minutes (which a CRI may keep internal: then neither
    the Region nor the members read them) and the decisions, which become follow-up actions
    with an owner and a due date."""

    _name = "cri.coordination.meeting"
    _description = "Coordination Meeting"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cri.workflow.mixin",
        "portal.mixin",
        "cri.coordination.owned",
    ]
    _check_company_auto = True
    _order = "date_start desc, id desc"
    _cri_workflow_fields = frozenset({"state", "invitation_date"})

    # identity
    name = fields.Char(string="Meeting", required=True, tracking=True)
    # relations
    platform_id = fields.Many2one(
        "cri.coordination.platform",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="platform_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    kind = fields.Selection(related="platform_id.kind", store=True, precompute=True)
    attendee_ids = fields.One2many("cri.coordination.meeting.attendee", "meeting_id", string="Attendees")
    decision_ids = fields.One2many("cri.coordination.decision", "meeting_id", string="Decisions")
    # dates and place
    date_start = fields.Datetime(string="Start", required=True, tracking=True, index=True)
    duration = fields.Float(default=2.0, help="In hours.")
    date_end = fields.Datetime(string="End", compute="_compute_date_end", store=True)
    location = fields.Char(tracking=True, help="A room and address, or the link of a video meeting.")
    # content
    agenda = fields.Html(help="The points of the meeting, sent with the invitation.")
    # the minutes are read by the CRIs' staff; the Region and the members read them through
    # ``minutes_shared``, only when the meeting was held and its minutes are not internal
    minutes = fields.Html(groups="cri_base.group_cri_staff", help="What was said and decided.")
    minutes_internal = fields.Boolean(
        string="Internal Minutes",
        tracking=True,
        help="Minutes kept within the CRIs: neither the Region nor the member organisations read "
        "them, nor the meeting's decisions.",
    )
    minutes_shared = fields.Html(
        string="Shared Minutes", compute="_compute_minutes_shared", compute_sudo=True, sanitize=False
    )
    # state
    state = fields.Selection(
        MEETING_STATES,
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        readonly=True,
        copy=False,
    )
    invitation_date = fields.Datetime(string="Invitations Sent", readonly=True, copy=False)
    # computed
    invited_count = fields.Integer(compute="_compute_counts", string="Invited")
    accepted_count = fields.Integer(compute="_compute_counts", string="Accepted")
    present_count = fields.Integer(compute="_compute_counts", string="Present")
    open_decision_count = fields.Integer(compute="_compute_counts", string="Open Decisions")
    date_display = fields.Char(string="When", compute="_compute_date_display")

    @api.depends_context("lang")
    @api.depends("date_start")
    def _compute_date_display(self):
        for meeting in self:
            meeting.date_display = datetime_text(self.env, meeting.date_start)

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        for meeting in self:
            meeting.date_end = meeting.date_start and meeting.date_start + timedelta(
                hours=meeting.duration or 0
            )

    @api.depends("state", "minutes_internal", "minutes")
    def _compute_minutes_shared(self):
        for meeting in self:
            shared = meeting.state == "held" and not meeting.minutes_internal
            meeting.minutes_shared = meeting.minutes if shared else False

    @api.depends("attendee_ids.response", "attendee_ids.attended", "decision_ids.state")
    def _compute_counts(self):
        for meeting in self:
            meeting.invited_count = len(meeting.attendee_ids)
            meeting.accepted_count = len(meeting.attendee_ids.filtered(lambda a: a.response == "accepted"))
            meeting.present_count = len(meeting.attendee_ids.filtered("attended"))
            meeting.open_decision_count = len(meeting.decision_ids.filtered(lambda d: d.state == "open"))

    def _compute_access_url(self):
        for meeting in self:
            meeting.access_url = f"/my/coordination/meetings/{meeting.id}"

    def _cri_editable(self):
        return self.state != "cancelled"

    # ------------------------------------------------------------------ rules
    @api.constrains("duration")
    def _check_duration(self):
        for meeting in self:
            if meeting.duration <= 0 or meeting.duration > 24:
                raise ValidationError(
                    self.env._(
                        "Meeting “%(meeting)s”: its duration is given in hours, between 0 and 24.",
                        meeting=meeting.name,
                    )
                )

    def write(self, vals):
        if "platform_id" in vals and any(meeting.platform_id.id != vals["platform_id"] for meeting in self):
            raise UserError(self.env._("A meeting stays with its platform: plan a new one instead."))
        if {"date_start", "duration"} & set(vals) and any(m.state != "planned" for m in self):
            raise UserError(self.env._("A meeting that was held or cancelled keeps its date."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unsent(self):
        sent = self.filtered(lambda meeting: meeting.invitation_date or meeting.state != "planned")
        if sent:
            raise UserError(
                self.env._(
                    "Meeting “%(meeting)s” was announced: cancel it instead, its invitees are told.",
                    meeting=sent[0].name,
                )
            )

    # ------------------------------------------------------------------ transitions
    def _check_states(self, allowed, action_label):
        states = dict(self._fields["state"]._description_selection(self.env))
        for meeting in self:
            if meeting.state not in allowed:
                raise UserError(
                    self.env._(
                        "Meeting “%(meeting)s” is “%(state)s”: %(action)s is not possible.",
                        meeting=meeting.name,
                        state=states[meeting.state],
                        action=action_label,
                    )
                )

    def action_send_invitations(self):
        """Invite the platform's members who were not invited yet (a second call invites only
        the new members) and e-mail them the agenda with the link to their portal page."""
        self._check_officer()
        self._check_states(["planned"], self.env._("sending invitations"))
        template = self.env.ref("cri_coordination.mail_template_meeting_invitation")
        for meeting in self:
            if meeting.date_start <= fields.Datetime.now():
                raise UserError(
                    self.env._(
                        "Meeting “%(meeting)s” starts %(date)s, in the past: change its date first.",
                        meeting=meeting.name,
                        date=datetime_text(self.env, meeting.date_start),
                    )
                )
            new = meeting.platform_id._invitees() - meeting.attendee_ids.partner_id
            if not new:
                raise UserError(
                    self.env._(
                        "Every member of “%(platform)s” is already invited: add members to the platform first.",
                        platform=meeting.platform_id.name,
                    )
                )
            meeting.attendee_ids = [fields.Command.create({"partner_id": partner.id}) for partner in new]
            meeting._workflow_write({"invitation_date": fields.Datetime.now()})
            meeting.message_post_with_source(
                template, partner_ids=new.ids, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        return True

    def action_held(self):
        self._check_officer()
        self._check_states(["planned"], self.env._("marking it held"))
        early = self.filtered(lambda meeting: meeting.date_start > fields.Datetime.now())
        if early:
            raise UserError(
                self.env._(
                    "Meeting “%(meeting)s” starts %(date)s: it can be marked held once it has started.",
                    meeting=early[0].name,
                    date=datetime_text(self.env, early[0].date_start),
                )
            )
        self._workflow_write({"state": "held"})

    def action_cancel(self):
        """Cancel a planned meeting; the invitees are told."""
        self._check_officer()
        self._check_states(["planned"], self.env._("cancelling it"))
        template = self.env.ref("cri_coordination.mail_template_meeting_cancelled")
        self._workflow_write({"state": "cancelled"})
        for meeting in self.filtered("attendee_ids"):
            meeting.message_post_with_source(
                template,
                partner_ids=meeting.attendee_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def action_send_minutes(self):
        """Send the shared minutes of a held meeting to its attendees."""
        self._check_officer()
        self._check_states(["held"], self.env._("sending the minutes"))
        template = self.env.ref("cri_coordination.mail_template_meeting_minutes")
        for meeting in self:
            if meeting.minutes_internal:
                raise UserError(
                    self.env._(
                        "The minutes of “%(meeting)s” are internal: they are not sent.", meeting=meeting.name
                    )
                )
            if not meeting.sudo().minutes:
                raise UserError(self.env._("Write the minutes of “%(meeting)s” first.", meeting=meeting.name))
            meeting.message_post_with_source(
                template,
                partner_ids=meeting.attendee_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
        return True
