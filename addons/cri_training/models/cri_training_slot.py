from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.cri_base.tools import hours_text

# who marks the attendance of a day: the CRI's training officers and the session's trainer
ATTENDANCE_MARKERS = ("cri_training.group_training_officer", "cri_base.group_trainer")
PERIODS = [("day", "Full day"), ("morning", "Morning"), ("afternoon", "Afternoon")]


class CriTrainingSlot(models.Model):
    """A day or half-day of a session: the unit in which attendance is marked."""

    _name = "cri.training.slot"
    _description = "Training Session Day or Half-day"
    _order = "event_id, date, period, id"
    _check_company_auto = True

    event_id = fields.Many2one("event.event", string="Session", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="event_id.company_id", store=True, index=True)
    date = fields.Date(required=True)
    period = fields.Selection(PERIODS, required=True, default="day")
    hours = fields.Float(required=True, default=6.0)
    attendance_ids = fields.One2many("cri.training.attendance", "slot_id")

    _sql_constraints = [
        ("slot_unique", "unique(event_id, date, period)", "A session has this day or half-day once."),
    ]

    @api.depends("date", "period")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The date as the reader's language writes it: "07/11/2026 – Journée complète"."""
        periods = dict(self._fields["period"]._description_selection(self.env))
        for slot in self:
            day = format_date(self.env, slot.date) if slot.date else ""
            slot.display_name = f"{day} – {periods.get(slot.period, '')}"

    @api.constrains("hours", "period")
    def _check_hours(self):
        for slot in self:
            limit = 10 if slot.period == "day" else 5
            if not 0 < slot.hours <= limit:
                raise ValidationError(
                    self.env._(
                        "A day lasts up to 10 hours, a half-day up to 5: %(hours)s is not possible.",
                        hours=hours_text(self.env, slot.hours),
                    )
                )

    @api.constrains("date", "event_id")
    def _check_within_session(self):
        """A day of a session lies between its first and last days, in Brussels."""
        for slot in self:
            begin, end = slot.event_id._cri_legal_dates()
            if not begin <= slot.date <= end:
                raise ValidationError(
                    self.env._(
                        "%(day)s is not within the session %(session)s, from %(begin)s to %(end)s.",
                        day=format_date(self.env, slot.date),
                        session=slot.event_id.name,
                        begin=format_date(self.env, begin),
                        end=format_date(self.env, end),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        slots = super().create(vals_list)
        slots.event_id._cri_prepare_attendance()
        return slots

    @api.model
    def _cri_check_attendance_marker(self):
        """The buttons of the sessions' participants and days are their training officers' and
        trainers' (the record rules then keep a trainer to its own sessions)."""
        if not self.env.su and not any(self.env.user.has_group(group) for group in ATTENDANCE_MARKERS):
            raise AccessError(
                self.env._(
                    "The participants and the attendance of a session are the CRI's training officers' "
                    "and the session's trainer's."
                )
            )

    def action_cri_mark_attendance(self):
        """The attendance of this day, one editable line a participant."""
        self.ensure_one()
        self._cri_check_attendance_marker()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("cri_training.action_cri_training_attendance")
        action.update(
            name=self.env._("Attendance of %(day)s", day=self.display_name),
            domain=[("slot_id", "=", self.id)],
            context={"create": False},
        )
        return action

    def write(self, vals):
        if "event_id" in vals and any(slot.event_id.id != vals["event_id"] for slot in self):
            raise UserError(self.env._("A day belongs to its session: it never moves to another one."))
        return super().write(vals)
