from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .event_event import CONFIRMED_STATES

ATTENDANCE_STATES = [("present", "Present"), ("absent", "Absent"), ("excused", "Excused")]


class CriTrainingAttendance(models.Model):
    """Whether a participant attended a day or half-day of a session, as its trainer marks it.

    A line is a decision the certificate rests on: created for a confirmed participant on a day
    of its own session only, and never moved; its hours follow from the attendance marked."""

    _name = "cri.training.attendance"
    _description = "Training Attendance"
    _inherit = ["cri.workflow.mixin"]
    _order = "slot_id, registration_id"
    _check_company_auto = True
    _cri_workflow_fields = frozenset({"hours"})

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

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "%(fields)s of an attendance line follow from the attendance marked: present, absent or excused.",
            fields=labels,
        )

    @api.constrains("registration_id", "slot_id")
    def _check_session(self):
        for line in self:
            if line.slot_id.event_id != line.registration_id.event_id:
                raise ValidationError(
                    self.env._(
                        "%(day)s is not a day of %(session)s, the session %(participant)s is registered to.",
                        day=format_date(self.env, line.slot_id.date),
                        session=line.registration_id.event_id.name,
                        participant=line.registration_id.partner_id.name,
                    )
                )
        self.slot_id._check_within_session()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_confirmed()
        return lines

    def write(self, vals):
        if set(vals) - {"state"} and not self.env.su:
            raise UserError(self.env._("Only the attendance itself is marked: present, absent or excused."))
        if "state" in vals:
            self._check_confirmed()
        return super().write(vals)

    def _check_confirmed(self):
        """Attendance is for the participants who hold a seat, not for the waiting list."""
        if any(
            line.registration_id.state not in CONFIRMED_STATES or line.registration_id.cri_waiting
            for line in self
        ):
            raise UserError(self.env._("Attendance is marked for confirmed participants only."))

    def action_present(self):
        self.write({"state": "present"})

    def action_absent(self):
        self.write({"state": "absent"})
