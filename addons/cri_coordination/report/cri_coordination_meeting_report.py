"""The minutes of a meeting: printed by whoever reads the meeting (the CRIs' staff and the Region in
the back end, the members in their portal) once it is held; the template shows the minutes to the
CRIs' staff and the shared minutes to the others."""

from odoo import api, models
from odoo.exceptions import UserError


class ReportMeetingMinutes(models.AbstractModel):
    _name = "report.cri_coordination.report_meeting_minutes"
    _inherit = "cri.report.mixin"
    _description = "Minutes of a Coordination Meeting"
    _cri_report_model = "cri.coordination.meeting"
    _cri_report_groups = ("base.group_user", "base.group_portal")

    @api.model
    def _cri_printing_refusal(self):
        return self.env._(
            "The minutes are printed by the CRIs' staff, the Region and the platform's members."
        )

    @api.model
    def _cri_check_qualifies(self, docs):
        unheld = docs.filtered(lambda meeting: meeting.state != "held")
        if unheld:
            raise UserError(
                self.env._(
                    "Meeting(s) %(meetings)s not held: the minutes are printed once a meeting is held.",
                    meetings=", ".join(unheld.mapped("name")),
                )
            )
