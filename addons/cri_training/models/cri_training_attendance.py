from odoo import api, fields, models
from odoo.exceptions import UserError

ATTENDANCE_STATES = [("present", "Present"), ("absent", "Absent"), ("excused", "Excused")]


class CriTrainingAttendance(models.Model):
    """Whether a participant attended a day or half-day of a session, as its trainer marks it."""

    _name = "cri.training.attendance"
    _description = "Training Attendance"
    _order = "slot_id, registration_id"
    _check_company_auto = True

    registration_id = fields.Many2one("event.registration", required=True, ondelete="cascade", index=True)
    slot_id = fields.Many2one(
        "cri.training.slot", string="Day", required=True, ondelete="cascade", index=True
    )
    event_id = fields.Many2one(related="slot_id.event_id", store=True, index=True, string="Session")
    company_id = fields.Many2one(related="slot_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="registration_id.partner_id", string="Participant")
    date = fields.Date(related="slot_id.date", store=True)
    state = fields.Selection(ATTENDANCE_STATES, string="Attendance")
    hours = fields.Float(compute="_compute_hours", store=True, help="Hours attended on this day or half-day.")

    _sql_constraints = [
        (
            "attendance_unique",
            "unique(registration_id, slot_id)",
            "A participant is marked once a day or half-day.",
        ),
    ]

    @api.depends("state", "slot_id.hours")
    def _compute_hours(self):
        for line in self:
            line.hours = line.slot_id.hours if line.state == "present" else 0.0

    def write(self, vals):
        if set(vals) - {"state"} and not self.env.su:
            raise UserError(self.env._("Only the attendance itself is marked: present, absent or excused."))
        if "state" in vals and any(line.registration_id.state not in ("open", "done") for line in self):
            raise UserError(self.env._("Attendance is marked for confirmed participants only."))
        return super().write(vals)

    def action_present(self):
        self.write({"state": "present"})

    def action_absent(self):
        self.write({"state": "absent"})
