"""Portal of the platforms: a member organisation's users read the platforms it belongs to, their
meetings (date, place, agenda), the minutes and decisions of the meetings held whose minutes are
not internal, and answer their own invitations.

Everything is read as the portal user: the access rights and the record rules decide what is seen
(``security/cri_coordination_platform_security.xml``; the minutes are read through
``minutes_shared``). One write runs as superuser, after the invitation is found among the user's
own: the answer to it (portal users write no invitation: they would change another's).
"""

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

PLATFORM = "cri.coordination.platform"
MEETING = "cri.coordination.meeting"


class CriCoordinationPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coordination_platform_count" in counters:
            Platform = request.env[PLATFORM]
            values["coordination_platform_count"] = (
                Platform.search_count(self._coordination_platform_domain())
                if Platform.has_access("read")
                else 0
            )
        return values

    @staticmethod
    def _coordination_platform_domain():
        """The platforms the user's organisation (or the user) is a member of; the record rules
        enforce it for portal users, the explicit terms keep an internal user on /my to its own."""
        user = request.env.user
        return [
            "|",
            ("partner_ids", "in", user.commercial_partner_id.ids),
            ("contact_ids", "in", user.partner_id.ids),
        ]

    def _coordination_record(self, model, record_id, domain=()):
        """The record as the user reads it.

        :raise MissingError: no such record for this user
        """
        record = request.env[model].search([("id", "=", record_id), *domain], limit=1)
        if not record:
            raise MissingError(request.env._("This page does not exist or is not yours."))
        return record

    def _coordination_meeting(self, meeting_id):
        return self._coordination_record(
            MEETING, meeting_id, [("platform_id", "in", self._coordination_platforms().ids)]
        )

    def _coordination_platforms(self):
        return request.env[PLATFORM].search(self._coordination_platform_domain())

    def _coordination_values(self, page_name, **values):
        result = self._prepare_portal_layout_values()
        result.update(page_name=page_name, now=fields.Datetime.now(), **values)
        return result

    @http.route("/my/coordination", type="http", auth="user", website=True)
    def portal_my_coordination(self, **kw):
        platforms = self._coordination_platforms() if request.env[PLATFORM].has_access("read") else None
        if platforms is None:
            return request.redirect("/my")
        meetings = request.env[MEETING].search(
            [
                ("platform_id", "in", platforms.ids),
                ("state", "=", "planned"),
                ("date_start", ">=", fields.Datetime.now()),
            ],
            order="date_start",
        )
        return request.render(
            "cri_coordination.portal_my_coordination",
            self._coordination_values("coordination_list", platforms=platforms, meetings=meetings),
        )

    @http.route("/my/coordination/platforms/<int:platform_id>", type="http", auth="user", website=True)
    def portal_my_coordination_platform(self, platform_id, **kw):
        try:
            platform = self._coordination_record(PLATFORM, platform_id, self._coordination_platform_domain())
        except (AccessError, MissingError):
            return request.redirect("/my/coordination")
        meetings = request.env[MEETING].search(
            [("platform_id", "=", platform.id), ("state", "!=", "cancelled")]
        )
        return request.render(
            "cri_coordination.portal_my_coordination_platform",
            self._coordination_values("coordination_platform", platform=platform, meetings=meetings),
        )

    def _coordination_meeting_values(self, meeting, message=None, error=None):
        partner = request.env.user.partner_id
        invitation = meeting.attendee_ids.filtered(lambda attendee: attendee.partner_id == partner)
        decisions = request.env["cri.coordination.decision"].search([("meeting_id", "=", meeting.id)])
        messages = {
            "accepted": request.env._("Thank you: your attendance is recorded."),
            "declined": request.env._("Thank you: your absence is recorded."),
        }
        return self._coordination_values(
            "coordination_meeting",
            platform=meeting.platform_id,
            meeting=meeting,
            invitation=invitation,
            decisions=decisions,
            message=messages.get(message),
            error=error,
        )

    @http.route("/my/coordination/meetings/<int:meeting_id>", type="http", auth="user", website=True)
    def portal_my_coordination_meeting(self, meeting_id, message=None, **kw):
        try:
            meeting = self._coordination_meeting(meeting_id)
        except (AccessError, MissingError):
            return request.redirect("/my/coordination")
        return request.render(
            "cri_coordination.portal_my_coordination_meeting",
            self._coordination_meeting_values(meeting, message),
        )

    @http.route(
        "/my/coordination/meetings/<int:meeting_id>/answer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_coordination_meeting_answer(self, meeting_id, response=None, **kw):
        try:
            meeting = self._coordination_meeting(meeting_id)
        except (AccessError, MissingError):
            return request.redirect("/my/coordination")
        partner = request.env.user.partner_id
        invitation = meeting.attendee_ids.filtered(lambda attendee: attendee.partner_id == partner)
        try:
            if not invitation:
                raise UserError(request.env._("You are not invited to this meeting."))
            invitation._answer(response)
        except UserError as error:
            request.env.cr.rollback()
            return request.render(
                "cri_coordination.portal_my_coordination_meeting",
                self._coordination_meeting_values(meeting, error=error.args[0]),
            )
        return request.redirect(f"/my/coordination/meetings/{meeting.id}?message={response}")
