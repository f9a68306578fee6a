from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class EventRegistration(models.Model):
    """A practitioner's registration to a training session: on the waiting list when the session
    is full, promoted when a seat frees up; attended hours from the trainer's marks."""

    _inherit = "event.registration"

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
                and registration.state in ("open", "done")
                and rate >= registration.event_id.cri_attendance_threshold
            )

    # ------------------------------------------------------------------ waiting list
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share and not self.env.su:
            # the server decides who is confirmed, who waits and since when: a portal user registers
            for vals in vals_list:
                if {"cri_waiting", "cri_waiting_since"} & set(vals) or vals.get("state", "open") != "open":
                    raise AccessError(
                        self.env._("The state of a registration and the waiting list are the CRI's.")
                    )
        self._cri_check_deadline(vals_list)
        self._cri_route_to_waiting_list(vals_list)
        registrations = super().create(vals_list)
        registrations.filtered(lambda r: r.state in ("open", "done")).event_id._cri_prepare_attendance()
        return registrations

    def _cri_check_deadline(self, vals_list):
        if self.env.su:
            return
        today = fields.Date.context_today(self)
        for event in self.env["event.event"].browse(
            {vals.get("event_id") for vals in vals_list} - {None, False}
        ):
            if event.cri_registration_deadline and today > event.cri_registration_deadline:
                raise UserError(
                    self.env._(
                        "Registrations to %(session)s closed on %(date)s.",
                        session=event.name,
                        date=event.cri_registration_deadline,
                    )
                )

    def _cri_route_to_waiting_list(self, vals_list):
        """A registration beyond the seats of a full session goes on its waiting list."""
        taken = {}
        now = fields.Datetime.now()
        for vals in vals_list:
            event = self.env["event.event"].browse(vals.get("event_id"))
            if not event or not (event.seats_limited and event.seats_max):
                continue
            if vals.get("state", "open") not in ("open", "done"):
                continue
            taken[event] = taken.get(event, 0) + 1
            if taken[event] > event.seats_available:
                vals.update({"state": "draft", "cri_waiting": True, "cri_waiting_since": now})

    def write(self, vals):
        freed = self.env["event.event"]
        if vals.get("state") in ("cancel", "draft") and not self.env.context.get("cri_training_promote"):
            freed = self.filtered(lambda r: r.state in ("open", "done")).event_id
            if vals["state"] == "cancel":
                vals = dict(vals, cri_waiting=False)
        result = super().write(vals)
        if vals.get("state") in ("open", "done"):
            self.event_id._cri_prepare_attendance()
        if freed:
            freed._cri_promote_waiting()
        return result

    def unlink(self):
        freed = self.filtered(lambda r: r.state in ("open", "done")).event_id
        result = super().unlink()
        freed.exists()._cri_promote_waiting()
        return result

    def action_confirm(self):
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
        self.write({"cri_waiting": False})
        return super().action_confirm()

    # ------------------------------------------------------------------ certificate
    def _cri_center(self):
        """The CRI of the session, whose letterhead and signatory the certificate carries."""
        self.ensure_one()
        return (
            self.env["cri.center"].sudo().search([("company_id", "=", self.event_id.company_id.id)], limit=1)
        )

    def action_print_certificate(self):
        """The certificate of attendance, for those who reached the session's threshold only."""
        missing = self.filtered(lambda r: not r.cri_certificate_eligible)
        if missing:
            raise UserError(
                self.env._(
                    "%(participant)s attended %(rate)s %% of the session: the certificate needs %(threshold)s %%.",
                    participant=missing[0].partner_id.name,
                    rate=missing[0].cri_attendance_rate,
                    threshold=missing[0].event_id.cri_attendance_threshold,
                )
            )
        return self.env.ref("cri_training.action_report_certificate").report_action(self)
