from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow
from odoo.addons.cri_base.tools import datetime_text, legal_now, legal_today

from .event_event import CONFIRMED_STATES, to_legal

OFFICER = "cri_training.group_training_officer"
TRAINER = "cri_base.group_trainer"
CERTIFICATE_REPORT = "cri_training.action_report_certificate"
CYCLE_CERTIFICATE_REPORT = "cri_training.action_report_cycle_certificate"
# set by the waiting list, the attendance marked and the follow-up after the session only
REGISTRATION_WORKFLOW_FIELDS = frozenset(
    {
        "cri_waiting",
        "cri_waiting_since",
        "cri_attended_hours",
        "cri_attendance_rate",
        "cri_certificate_eligible",
        "cri_followup_sent",
    }
)
# what an organisation's portal user gives when it registers a person ("state" only as "open")
PORTAL_FIELDS = frozenset({"event_id", "partner_id", "name", "email", "phone", "state"})


class EventRegistration(models.Model):
    """A practitioner's registration to a training session: on the waiting list when the session
    is full, promoted when a seat frees up; attended hours from the trainer's marks."""

    _name = "event.registration"
    _inherit = ["event.registration", "cri.workflow.mixin"]
    _cri_workflow_fields = REGISTRATION_WORKFLOW_FIELDS

    cri_organisation_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        compute="_compute_cri_organisation_id",
        store=True,
        index=True,
        help="The organisation the practitioner works for.",
    )
    cri_theme_id = fields.Many2one(related="event_id.cri_theme_id", store=True, string="Theme")
    cri_session_date = fields.Datetime(related="event_id.date_begin", store=True, string="Session Date")
    cri_waiting = fields.Boolean(string="On the Waiting List", readonly=True, copy=False, index=True)
    cri_waiting_since = fields.Datetime(string="On the Waiting List Since", readonly=True, copy=False)
    cri_attendance_ids = fields.One2many("cri.training.attendance", "registration_id", string="Attendance")
    cri_attended_hours = fields.Float(
        string="Attended Hours", compute="_compute_cri_attendance", store=True, aggregator="sum"
    )
    cri_attendance_rate = fields.Float(string="Attendance (%)", compute="_compute_cri_attendance", store=True)
    cri_certificate_eligible = fields.Boolean(
        string="Certificate",
        compute="_compute_cri_attendance",
        store=True,
        index=True,
        help="Reached the session's attendance threshold: the certificate of attendance is delivered.",
    )

    @api.depends("partner_id.commercial_partner_id")
    def _compute_cri_organisation_id(self):
        for registration in self:
            partner = registration.partner_id
            organisation = partner.commercial_partner_id
            registration.cri_organisation_id = organisation if organisation != partner else partner.parent_id

    @api.depends(
        "state",
        "cri_attendance_ids.hours",
        "event_id.cri_total_hours",
        "event_id.cri_attendance_threshold",
    )
    def _compute_cri_attendance(self):
        for registration in self:
            hours = sum(registration.cri_attendance_ids.mapped("hours"))
            total = registration.event_id.cri_total_hours
            rate = round(100.0 * hours / total, 2) if total else 0.0
            registration.cri_attended_hours = hours
            registration.cri_attendance_rate = rate
            registration.cri_certificate_eligible = (
                bool(total)
                and registration.state in CONFIRMED_STATES
                and rate >= registration.event_id.cri_attendance_threshold
            )

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "%(fields)s of a registration follow from the seats, the waiting list and the attendance "
            "marked: nobody sets them by hand.",
            fields=labels,
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            # the user's values are checked before the waiting list adds its own
            self = self._cri_without_workflow_defaults()
            vals_list = self._cri_checked_values(vals_list)
        if self.env.user.share and not self.env.su:
            self._cri_check_portal_vals(vals_list)
        self._cri_check_session_open(vals_list)
        self._cri_route_to_waiting_list(vals_list)
        registrations = super().create(vals_list)
        registrations.filtered(lambda r: r.state in CONFIRMED_STATES).event_id._cri_prepare_attendance()
        return registrations

    def write(self, vals):
        if "event_id" in vals and any(registration.event_id.id != vals["event_id"] for registration in self):
            raise UserError(
                self.env._(
                    "A registration stays with its session: cancel it and register the person to the "
                    "other session."
                )
            )
        self._cri_refuse_workflow_fields([vals])
        state = vals.get("state")
        workflow_vals = {}
        freed = self.env["event.event"]
        if state in CONFIRMED_STATES:
            self.filtered(lambda r: r.state not in CONFIRMED_STATES).event_id._cri_lock_seats()
            if any(self.mapped("cri_waiting")):
                workflow_vals["cri_waiting"] = False
        elif state in ("cancel", "draft"):
            freed = self.filtered(lambda r: r.state in CONFIRMED_STATES).event_id
            if state == "cancel" and any(self.mapped("cri_waiting")):
                workflow_vals["cri_waiting"] = False
        registrations = self._cri_workflow() if workflow_vals else self
        result = super(EventRegistration, registrations).write(dict(vals, **workflow_vals))
        if state in CONFIRMED_STATES:
            self.event_id._cri_prepare_attendance()
        if freed:
            freed._cri_promote_waiting()
        return result

    def unlink(self):
        freed = self.filtered(lambda r: r.state in CONFIRMED_STATES).event_id
        result = super().unlink()
        freed.exists()._cri_promote_waiting()
        return result

    # ------------------------------------------------------------------ who registers whom, when
    @api.model
    def _cri_check_portal_vals(self, vals_list):
        """An organisation's portal user registers its own staff, or itself, and nothing more: the
        server decides who is confirmed, who waits and since when."""
        user = self.env.user
        organisation = user.commercial_partner_id if user.commercial_partner_id != user.partner_id else None
        # the people are checked before the user may read them
        Partner = self.env["res.partner"].sudo()
        for vals in vals_list:
            if set(vals) - PORTAL_FIELDS or vals.get("state", "open") != "open":
                raise AccessError(
                    self.env._("The state of a registration and the waiting list are the CRI's.")
                )
            person = Partner.browse(vals.get("partner_id"))
            staff = organisation and person.parent_id == organisation and person.type == "contact"
            if not person or (person != user.partner_id and not staff):
                raise AccessError(self.env._("An organisation registers its own staff only."))

    @api.model
    def _cri_check_session_open(self, vals_list):
        """No registration to a session that ended, nor after its deadline (a day in Brussels).
        Server code (data, the generator) records past registrations as superuser."""
        if self.env.su:
            return
        now, today = legal_now(), legal_today()
        for event in self.env["event.event"].browse(
            {vals.get("event_id") for vals in vals_list} - {None, False}
        ):
            if event.date_end and to_legal(event.date_end) < now:
                raise UserError(
                    self.env._(
                        "%(session)s ended on %(date)s: it takes no more registrations.",
                        session=event.name,
                        date=datetime_text(self.env, event.date_end),
                    )
                )
            if event.cri_registration_deadline and today > event.cri_registration_deadline:
                raise UserError(
                    self.env._(
                        "Registrations to %(session)s closed on %(date)s.",
                        session=event.name,
                        date=format_date(self.env, event.cri_registration_deadline),
                    )
                )

    @api.model
    def _cri_route_to_waiting_list(self, vals_list):
        """A registration beyond the seats of a full session goes on its waiting list. The seats are
        counted once the sessions are locked (see ``event.event._cri_lock_seats``)."""
        events = (
            self.env["event.event"]
            .browse({vals.get("event_id") for vals in vals_list} - {None, False})
            .filtered(lambda event: event.seats_limited and event.seats_max)
        )
        if not events:
            return
        events._cri_lock_seats()
        taken = Counter()
        now = fields.Datetime.now()
        for vals in vals_list:
            event = events.browse(vals.get("event_id"))
            if event not in events or vals.get("state", "open") not in CONFIRMED_STATES:
                continue
            taken[event] += 1
            if taken[event] > event.seats_available:
                vals.update({"state": "draft", "cri_waiting": True, "cri_waiting_since": now})

    def action_confirm(self):
        self.event_id._cri_lock_seats()
        full = self.filtered(
            lambda r: r.event_id.seats_limited and r.event_id.seats_max and r.event_id.seats_available <= 0
        )
        if full:
            raise UserError(
                self.env._(
                    "%(session)s is full: the registration stays on the waiting list until a seat frees up.",
                    session=full[0].event_id.name,
                )
            )
        return super().action_confirm()

    # ------------------------------------------------------------------ certificates
    def _cri_check_officer(self):
        if not self.env.su and not self.env.user.has_group(OFFICER):
            raise AccessError(
                self.env._("The certificates of the trainings are printed by the CRI's training officers.")
            )

    def _cri_check_certificate_printer(self):
        """The certificate of attendance is printed by the CRI's training officers and by the
        trainer of the session, for its own sessions' participants only."""
        user = self.env.user
        if self.env.su or user.has_group(OFFICER):
            return
        if not user.has_group(TRAINER) or any(
            registration.event_id.cri_trainer_id != user for registration in self
        ):
            raise AccessError(
                self.env._(
                    "The certificates of attendance are printed by the CRI's training officers and by the "
                    "trainer of the session."
                )
            )

    def _cri_center(self):
        """The CRI of the session, whose letterhead and signatory the certificates carry."""
        self.ensure_one()
        return (
            self.env["cri.center"].sudo().search([("company_id", "=", self.event_id.company_id.id)], limit=1)
        )

    def _cri_check_certificate(self):
        """The certificate of attendance is for those who reached the session's threshold only."""
        missing = self.filtered(lambda r: not r.cri_certificate_eligible)
        if missing:
            raise UserError(
                self.env._(
                    "No certificate of attendance for %(participants)s: the attendance threshold of the "
                    "session is not reached.",
                    participants=", ".join(missing.mapped("partner_id.name")),
                )
            )

    def action_print_certificate(self):
        self.check_access("read")
        self._cri_check_certificate_printer()
        self._cri_check_certificate()
        return self.env.ref(CERTIFICATE_REPORT).report_action(self)

    def _cri_completed_cycles(self):
        """The cycles of this session's module that its participant completed, with the
        registrations that count for each: (cycle, registrations) pairs. Read with the current
        user's rights: a CRI certifies what it can see, the sessions of its own CRIs."""
        self.ensure_one()
        completed = []
        for cycle in self.event_id.cri_module_id.cycle_ids:
            registrations = cycle._certificate_registrations(self.partner_id)
            if cycle.module_ids and not (cycle.module_ids - registrations.event_id.cri_module_id):
                completed.append((cycle, registrations))
        return completed

    def _cri_check_cycle_certificate(self):
        """Each registration's participant completed a cycle of its session's module."""
        for registration in self:
            cycles = registration.event_id.cri_module_id.cycle_ids
            if not cycles:
                raise UserError(
                    self.env._(
                        "%(module)s is part of no cycle.",
                        module=registration.event_id.cri_module_id.name or registration.event_id.name,
                    )
                )
            if not registration._cri_completed_cycles():
                cycle = cycles[0]
                missing = cycle.module_ids - cycle._modules_completed_by(registration.partner_id)
                raise UserError(
                    self.env._(
                        "%(person)s has not completed the cycle %(cycle)s yet. Missing: %(modules)s.",
                        person=registration.partner_id.name,
                        cycle=cycle.name,
                        modules=", ".join(missing.mapped("name")),
                    )
                )

    def action_print_cycle_certificate(self):
        """The certificate of the cycles of this session's module that the participant completed."""
        self._cri_check_officer()
        self._cri_check_cycle_certificate()
        # config=False: the certificate has the CRI's own letterhead, no company layout to set up
        return self.env.ref(CYCLE_CERTIFICATE_REPORT).report_action(self, config=False)
