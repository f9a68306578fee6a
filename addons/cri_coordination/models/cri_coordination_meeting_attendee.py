from odoo import api, fields, models
from odoo.exceptions import UserError

RESPONSES = [("invited", "Invited"), ("accepted", "Accepted"), ("declined", "Declined")]


class CriCoordinationMeetingAttendee(models.Model):
    """An invitation to a meeting: the person or organisation invited, its answer (given in the
    portal or recorded by the CRI) and whether it attended."""

    _name = "cri.coordination.meeting.attendee"
    _description = "Meeting Attendee"
    _order = "meeting_id, organisation_id, partner_id"
    _rec_name = "partner_id"

    meeting_id = fields.Many2one("cri.coordination.meeting", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="meeting_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Invitee", required=True, index=True, ondelete="restrict"
    )
    organisation_id = fields.Many2one(
        "res.partner", compute="_compute_organisation_id", store=True, precompute=True
    )
    response = fields.Selection(RESPONSES, required=True, default="invited")
    attended = fields.Boolean(string="Present")

    _sql_constraints = [
        ("partner_unique", "unique(meeting_id, partner_id)", "A person is invited once to a meeting."),
    ]

    @api.depends("partner_id")
    def _compute_organisation_id(self):
        for attendee in self:
            attendee.organisation_id = attendee.partner_id.commercial_partner_id

    def write(self, vals):
        if "meeting_id" in vals and any(a.meeting_id.id != vals["meeting_id"] for a in self):
            raise UserError(self.env._("An invitation stays with its meeting."))
        if "attended" in vals and any(a.meeting_id.state != "held" for a in self):
            raise UserError(self.env._("The attendance is recorded once the meeting is held."))
        if "response" in vals and any(a.meeting_id.state != "planned" for a in self):
            raise UserError(self.env._("The answers to an invitation are given before the meeting."))
        return super().write(vals)

    def _answer(self, response):
        """The invitee's own answer, from the portal (the caller checked it is theirs)."""
        if response not in ("accepted", "declined"):
            raise UserError(self.env._("Answer the invitation by accepting or declining it."))
        meeting = self.meeting_id
        if meeting.state != "planned" or meeting.date_start <= fields.Datetime.now():
            raise UserError(
                self.env._("This meeting has started or is over: the invitation can no longer be answered.")
            )
        self.sudo().write({"response": response})
        partner = self.partner_id
        label = dict(self._fields["response"]._description_selection(self.env))[response]
        meeting.sudo().message_post(
            body=self.env._("%(name)s: %(answer)s.", name=partner.name, answer=label.lower()),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
