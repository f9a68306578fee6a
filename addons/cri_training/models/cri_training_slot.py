from odoo import api, fields, models
from odoo.exceptions import ValidationError

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

    @api.model_create_multi
    def create(self, vals_list):
        slots = super().create(vals_list)
        slots.event_id._cri_prepare_attendance()
        return slots
