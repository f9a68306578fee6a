import psycopg2
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, mute_logger

from odoo.addons.cri_base.tools import LEGAL_TZ, legal_today

# the states of a registration that holds a seat
CONFIRMED_STATES = ("open", "done")
# the seats of a session, counted by the event module from its registrations (not stored)
SEAT_FIELDS = ["seats_reserved", "seats_used", "seats_available", "seats_taken"]


def to_legal(value):
    """A datetime as Odoo stores it (naive UTC), as the naive wall-clock time in Brussels."""
    return pytz.utc.localize(value).astimezone(LEGAL_TZ).replace(tzinfo=None)


class EventEvent(models.Model):
    """A training session of the CRI is an event: a dated occurrence of a catalogue module, with
    its trainer, its days or half-days and its registration deadline."""

    _inherit = "event.event"

    # the organisers' internal note stays with the CRI's staff (portal users read the sessions)
    note = fields.Html(groups="base.group_user")
    # so do the attendees: the portal's record rules read them as superuser, and a portal user
    # reading them afterwards would get every organisation's registrations from the cache
    registration_ids = fields.One2many(groups="base.group_user")
    cri_module_id = fields.Many2one(
        "cri.training.module", string="Training Module", index=True, tracking=True
    )
    cri_theme_id = fields.Many2one(related="cri_module_id.theme_id", store=True, string="Theme")
    cri_trainer_id = fields.Many2one(
        "res.users",
        string="Trainer",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        help="Sees this session and marks its attendance.",
    )
    cri_registration_deadline = fields.Date(string="Registration Deadline", tracking=True)
    cri_online_link = fields.Char(string="Online Link", help="For a session held online.")
    cri_slot_ids = fields.One2many("cri.training.slot", "event_id", string="Days and Half-days")
    cri_total_hours = fields.Float(string="Hours", compute="_compute_cri_total_hours", store=True)
    cri_attendance_threshold = fields.Float(
        string="Attendance Threshold (%)",
        help="Share of the session's hours a participant attends to receive the certificate.",
    )
    cri_waiting_count = fields.Integer(string="Waiting List", compute="_compute_cri_waiting_count")
    cri_participant_count = fields.Integer(
        string="Participants",
        compute="_compute_cri_participant_count",
        help="Confirmed participants of the session, the waiting list aside.",
    )
    cri_fill_rate = fields.Float(
        string="Fill Rate (%)",
        compute="_compute_cri_participant_count",
        help="Confirmed participants out of the seats, for a session with limited seats.",
    )

    @api.depends("cri_slot_ids.hours")
    def _compute_cri_total_hours(self):
        for event in self:
            event.cri_total_hours = sum(event.cri_slot_ids.mapped("hours"))

    def _compute_cri_waiting_count(self):
        counts = dict(
            self.env["event.registration"]._read_group(
                [("event_id", "in", self.ids), ("cri_waiting", "=", True)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.cri_waiting_count = counts.get(event, 0)

    def _compute_cri_participant_count(self):
        counts = dict(
            self.env["event.registration"]._read_group(
                [
                    ("event_id", "in", self.ids),
                    ("state", "in", CONFIRMED_STATES),
                    ("cri_waiting", "=", False),
                ],
                ["event_id"],
                ["__count"],
            )
        )
        for event in self:
            event.cri_participant_count = counts.get(event, 0)
            event.cri_fill_rate = (
                100.0 * event.cri_participant_count / event.seats_max
                if event.seats_limited and event.seats_max
                else 0.0
            )

    @api.constrains("cri_attendance_threshold")
    def _check_cri_threshold(self):
        if any(not 0 < event.cri_attendance_threshold <= 100 for event in self):
            raise ValidationError(
                self.env._("The attendance threshold is a share of more than 0 and at most 100 %.")
            )

    @api.constrains("cri_registration_deadline", "date_begin")
    def _check_cri_deadline(self):
        for event in self:
            if (
                event.cri_registration_deadline
                and event.date_begin
                and (event.cri_registration_deadline > event.date_begin.date())
            ):
                raise ValidationError(self.env._("Registrations close before the session starts."))

    @api.constrains("date_begin", "date_end")
    def _check_cri_slot_dates(self):
        self.cri_slot_ids._check_within_session()

    @api.depends("cri_registration_deadline")
    def _compute_event_registrations_open(self):
        result = super()._compute_event_registrations_open()
        today = legal_today()
        for event in self.filtered("cri_registration_deadline"):
            if today > event.cri_registration_deadline:
                event.event_registrations_open = False
        return result

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("cri_attendance_threshold"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["cri_attendance_threshold"] = company.cri_training_attendance_threshold
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if "seats_max" in vals or "seats_limited" in vals:
            self._cri_promote_waiting()
        return result

    def action_cri_open_participants(self):
        """The participants of the session: their registration, attendance and certificate."""
        self.ensure_one()
        self.env["cri.training.slot"]._cri_check_attendance_marker()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cri_training.action_cri_training_registration"
        )
        action.update(
            name=self.env._("Participants of %(session)s", session=self.name),
            domain=[("event_id", "=", self.id)],
            context={"create": False},
        )
        return action

    def _cri_legal_dates(self):
        """The first and last days of the session in Brussels."""
        self.ensure_one()
        return to_legal(self.date_begin).date(), to_legal(self.date_end).date()

    # ------------------------------------------------------------------ seats
    def _cri_lock_seats(self):
        """Lock the sessions' rows before their seats are counted, so that two people never take
        the last seat: a second transaction registering at the same moment is refused at once,
        and the row is touched, so that a transaction whose snapshot predates this one's commit
        fails to serialise (the HTTP layer retries it) instead of counting stale seats. The seats
        are then counted again from the database."""
        ids = tuple(sorted(set(self._origin.ids)))
        if not ids:
            return
        try:
            # a lock refused is the expected answer to a concurrent registration, not a server error
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL("SELECT id FROM event_event WHERE id IN %s ORDER BY id FOR UPDATE NOWAIT", ids)
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._("Someone else is registering to this session at this moment: try again.")
            ) from None
        self.env.cr.execute(
            SQL("UPDATE event_event SET write_date = (now() AT TIME ZONE 'UTC') WHERE id IN %s", ids)
        )
        self.invalidate_recordset(["write_date", *SEAT_FIELDS])

    def _cri_promote_waiting(self):
        """Confirm the oldest registrations of the waiting lists while seats are free."""
        self._cri_lock_seats()
        Registration = self.env["event.registration"].sudo()
        for event in self:
            waiting = Registration.search(
                [("event_id", "=", event.id), ("cri_waiting", "=", True)], order="cri_waiting_since, id"
            )
            free = event.seats_available if event.seats_limited and event.seats_max else len(waiting)
            promoted = waiting[: max(free, 0)]
            if promoted:
                promoted._workflow_write({"state": "open", "cri_waiting": False})
                for registration in promoted:
                    registration.message_post(
                        body=self.env._(
                            "A seat freed up: the registration moves from the waiting list to confirmed."
                        ),
                        subtype_xmlid="mail.mt_note",
                    )

    def _cri_prepare_attendance(self):
        """One attendance line a confirmed participant and a day or half-day, ready to mark."""
        # a portal user registering its staff creates their lines too: the lines are the
        # server's, read and written as superuser
        events = self.sudo()
        existing = {(line.registration_id.id, line.slot_id.id) for line in events.cri_slot_ids.attendance_ids}
        self.env["cri.training.attendance"].sudo().create(
            [
                {"registration_id": registration.id, "slot_id": slot.id}
                for event in events
                for slot in event.cri_slot_ids
                for registration in event.registration_ids.filtered(
                    lambda r: r.state in CONFIRMED_STATES and not r.cri_waiting
                )
                if (registration.id, slot.id) not in existing
            ]
        )
