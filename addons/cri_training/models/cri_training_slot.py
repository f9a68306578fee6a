from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

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
    def _compute_display_name(self):
        periods = dict(self._fields["period"]._description_selection(self.env))
        for slot in self:
            slot.display_name = f"{fields.Date.to_string(slot.date) or ''} – {periods.get(slot.period, '')}"

    @api.constrains("hours", "period")
    def _check_hours(self):
        for slot in self:
            limit = 10 if slot.period == "day" else 5
            if not 0 < slot.hours <= limit:
                raise ValidationError(
                    self.env._(
                        "A day lasts up to 10 hours, a half-day up to 5: %(hours)s is not possible.",
                        hours=slot.hours,
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

    def write(self, vals):
        if "event_id" in vals and any(slot.event_id.id != vals["event_id"] for slot in self):
            raise UserError(self.env._("A day belongs to its session: it never moves to another one."))
        return super().write(vals)
