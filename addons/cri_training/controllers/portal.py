"""Portal of the trainings of practitioners: the open sessions of every CRI, the registration of
an organisation's staff, their registrations and certificates, and the "à la carte" requests.

Everything is read and written as the portal user: the access rights and the record rules decide
what is seen and created (``security/cri_training_portal_security.xml``). Three writes run as
superuser, each after the record is found through the user's own rights: a new staff member is
created as a contact under the user's organisation (portal users create no contacts), a
registration is cancelled (portal users write no registration: they would change its session or
its state), and the certificate is rendered (the CRI's letterhead is not theirs to read). Read as
superuser, for configuration closed to portal users: the names of the CRIs, the ids of the event
stages that end a session, and whether a session's ticket sales started.
"""

import re

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import email_normalize

from odoo.addons.cri_base.tools import legal_today
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

CERTIFICATE_REPORT = "cri_training.action_report_certificate"
REGISTER_TEMPLATE = "cri_training.portal_my_training_register"
REQUEST_TEMPLATE = "cri_training.portal_my_training_request"
# the registration states a person holds a seat or a place on the waiting list in
ACTIVE_STATES = ("draft", "open", "done")
REFUSALS = (UserError, ValidationError, AccessError)


class CriTrainingPortal(CustomerPortal):
    # ------------------------------------------------------------------ who and what
    @staticmethod
    def _training_organisation():
        """The organisation the portal user speaks for, or an empty record for a person alone."""
        user = request.env.user
        organisation = user.commercial_partner_id
        return organisation if organisation != user.partner_id else organisation.browse()

    def _training_registration_domain(self):
        """The organisation's staff's registrations, or the user's own; the record rules enforce
        it for portal users, the explicit term keeps an internal user visiting /my to its own."""
        organisation = self._training_organisation()
        if organisation:
            return [("cri_organisation_id", "=", organisation.id)]
        return [("partner_id", "=", request.env.user.partner_id.id)]

    @staticmethod
    def _training_open_domain():
        """Training sessions still to come, neither over nor cancelled, before their deadline (a day
        in Brussels)."""
        # the stages are the event module's configuration, closed to portal users: their ids only
        ended = request.env["event.stage"].sudo().search([("pipe_end", "=", True)])
        return [
            ("cri_module_id", "!=", False),
            ("stage_id", "not in", ended.ids),
            ("date_begin", ">", fields.Datetime.now()),
            "|",
            ("cri_registration_deadline", "=", False),
            ("cri_registration_deadline", ">=", legal_today()),
        ]

    def _training_open_session(self, session_id):
        """The open session ``session_id`` as the user reads it, or an empty record."""
        Event = request.env["event.event"]
        return self._training_selling(Event.search([("id", "=", session_id), *self._training_open_domain()]))

    @staticmethod
    def _training_selling(sessions):
        """The ``sessions`` whose registrations started (the event's tickets may set a date; they
        are the event module's configuration, closed to portal users: the flag only is read)."""
        return sessions.filtered(lambda session: session.sudo().event_registrations_started)

    def _training_registration(self, registration_id):
        """The registration ``registration_id`` if it is the organisation's or the user's own.

        :raise MissingError: no such registration for this user
        """
        registration = request.env["event.registration"].search(
            [("id", "=", registration_id), *self._training_registration_domain()]
        )
        if not registration:
            raise MissingError(request.env._("This registration is not one of yours."))
        return registration

    @staticmethod
    def _training_centers():
        """The CRIs an organisation may ask for a training. The centres are public reference data,
        yet closed to portal users (``cri_base``): their names are read as superuser."""
        return request.env["cri.center"].sudo().search([])

    # ------------------------------------------------------------------ home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "training_count" in counters:
            Registration = request.env["event.registration"]
            values["training_count"] = (
                Registration.search_count(self._training_registration_domain())
                if Registration.has_access("read")
                else 0
            )
        return values

    def _training_layout_values(self, page_name, **values):
        result = self._prepare_portal_layout_values()
        result.update(page_name=page_name, organisation=self._training_organisation(), **values)
        return result

    def _training_messages(self):
        """What a page says after a successful post, by code: no free text travels in the URL."""
        return {
            "registered": request.env._("The registrations are recorded."),
            "waiting": request.env._(
                "The registrations are recorded; the session is full: some are on its waiting list "
                "and move up as soon as a seat frees up."
            ),
            "cancelled": request.env._("The registration is cancelled: the seat is freed."),
            "requested": request.env._("Your request is sent to the CRI: it will contact you."),
        }

    @staticmethod
    def _training_apply(action):
        """(result of ``action()``, None), or (None, the message of its refusal) once all it wrote
        is undone. Not a savepoint: confirming a registration runs the event's mail schedulers,
        which commit."""
        try:
            return action(), None
        except REFUSALS as error:
            request.env.cr.rollback()
            return None, error.args[0]

    def _training_pager(self, url, model, domain, page, order):
        pager = portal_pager(url=url, total=model.search_count(domain), page=page, step=self._items_per_page)
        records = model.search(domain, order=order, limit=self._items_per_page, offset=pager["offset"])
        return pager, records

    # ------------------------------------------------------------------ registrations
    def _training_list_values(self, page=1, message=None, error=None):
        pager, registrations = self._training_pager(
            "/my/trainings",
            request.env["event.registration"],
            self._training_registration_domain(),
            page,
            "cri_session_date desc, id desc",
        )
        return self._training_layout_values(
            "training_list",
            registrations=registrations,
            pager=pager,
            default_url="/my/trainings",
            message=self._training_messages().get(message),
            error=error,
            now=fields.Datetime.now(),
        )

    @http.route(["/my/trainings", "/my/trainings/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_trainings(self, page=1, message=None, **kw):
        if not request.env["event.registration"].has_access("read"):
            return request.redirect("/my")
        return request.render("cri_training.portal_my_trainings", self._training_list_values(page, message))

    @http.route(
        "/my/trainings/<int:registration_id>/cancel", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_training_cancel(self, registration_id, **kw):
        try:
            registration = self._training_registration(registration_id)
        except MissingError:
            return request.not_found()

        def cancel():
            if registration.state == "cancel" or registration.event_id.date_begin <= fields.Datetime.now():
                raise UserError(
                    request.env._("Only a registration to a session not started yet can be cancelled.")
                )
            # found above through the user's own rights; cancelling frees the seat and promotes
            # the waiting list, which a portal user may not write
            registration.sudo().action_cancel()

        error = self._training_apply(cancel)[1]
        if error:
            values = self._training_list_values(error=error)
            return request.render("cri_training.portal_my_trainings", values, status=400)
        return request.redirect("/my/trainings?message=cancelled")

    @http.route("/my/trainings/<int:registration_id>/certificate", type="http", auth="user", website=True)
    def portal_my_training_certificate(self, registration_id, **kw):
        try:
            registration = self._training_registration(registration_id)
        except MissingError:
            return request.not_found()
        if not registration.cri_certificate_eligible:
            return request.not_found()
        # found above through the user's own rights; the certificate carries the CRI's letterhead
        report = request.env["ir.actions.report"].sudo().with_company(registration.company_id)
        pdf = report._render_qweb_pdf(CERTIFICATE_REPORT, registration.ids)[0]
        name = re.sub(r"\W+", "_", f"{registration.event_id.name} {registration.partner_id.name}")
        filename = f"{name}.pdf"
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename)),
        ]
        return request.make_response(pdf, headers=headers)

    # ------------------------------------------------------------------ open sessions
    @http.route(
        ["/my/trainings/sessions", "/my/trainings/sessions/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_training_sessions(self, page=1, **kw):
        Event = request.env["event.event"]
        if not Event.has_access("read"):
            return request.redirect("/my")
        pager, sessions = self._training_pager(
            "/my/trainings/sessions", Event, self._training_open_domain(), page, "date_begin, id"
        )
        values = self._training_layout_values(
            "training_sessions",
            sessions=self._training_selling(sessions),
            centers={center.company_id: center for center in self._training_centers()},
            pager=pager,
        )
        return request.render("cri_training.portal_my_training_sessions", values)

    def _training_register_values(self, session, error=None, form=None):
        organisation = self._training_organisation()
        return self._training_layout_values(
            "training_register",
            session=session,
            center=self._training_centers().filtered(lambda c: c.company_id == session.company_id)[:1],
            staff=request.env["res.partner"].search(
                [("parent_id", "=", organisation.id), ("type", "=", "contact")], order="name"
            ),
            error=error,
            form=form or {},
            chosen=set((form or {}).get("partner_ids", [])),
        )

    @http.route(
        "/my/trainings/sessions/<int:session_id>/register",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_training_register(self, session_id, **kw):
        session = self._training_open_session(session_id)
        if not session or not self._training_organisation():
            return request.redirect("/my/trainings/sessions")
        return request.render(REGISTER_TEMPLATE, self._training_register_values(session))

    @http.route(
        "/my/trainings/sessions/<int:session_id>/register",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_training_register_post(self, session_id, **form):
        session = self._training_open_session(session_id)
        organisation = self._training_organisation()
        if not session or not organisation:
            return request.redirect("/my/trainings/sessions")
        form["partner_ids"] = request.httprequest.form.getlist("partner_ids")
        registrations, error = self._training_apply(
            lambda: self._training_register(session, organisation, form)
        )
        if error:
            values = self._training_register_values(session, error=error, form=form)
            return request.render(REGISTER_TEMPLATE, values, status=400)
        message = "waiting" if any(registrations.mapped("cri_waiting")) else "registered"
        return request.redirect(f"/my/trainings?message={message}")

    def _training_register(self, session, organisation, form):
        """Register the staff members the form names, existing or new, to ``session``."""
        people = self._training_staff(organisation, form["partner_ids"]) | self._training_new_staff(
            organisation, form
        )
        if not people:
            raise UserError(request.env._("Choose at least one member of your staff, or add a new one."))
        already = request.env["event.registration"].search(
            [("event_id", "=", session.id), ("partner_id", "in", people.ids), ("state", "in", ACTIVE_STATES)]
        )
        if already:
            raise UserError(
                request.env._(
                    "Already registered to this session: %(names)s.",
                    names=", ".join(already.partner_id.mapped("name")),
                )
            )
        return request.env["event.registration"].create(
            [
                {"event_id": session.id, "partner_id": person.id, "name": person.name, "email": person.email}
                for person in people
            ]
        )

    @staticmethod
    def _training_staff(organisation, partner_ids):
        """The organisation's contacts of ``partner_ids``, read with the user's rights.

        :raise UserError: an id that is not a contact of the organisation
        """
        try:
            ids = {int(partner_id) for partner_id in partner_ids}
        except (TypeError, ValueError):
            ids = {0}
        staff = request.env["res.partner"].search(
            [("id", "in", list(ids)), ("parent_id", "=", organisation.id)]
        )
        if len(staff) != len(ids):
            raise UserError(request.env._("Only the members of your organisation's staff can be registered."))
        return staff

    @staticmethod
    def _training_new_staff(organisation, form):
        """The new staff member of the form, created under the organisation, or an empty record.

        :raise UserError: a name without a valid e-mail, or a person already among the contacts
        """
        Partner = request.env["res.partner"]
        name = " ".join((form.get("new_name") or "").split())
        raw_email = (form.get("new_email") or "").strip()
        if not name and not raw_email:
            return Partner
        email = email_normalize(raw_email)
        if not name or not email:
            raise UserError(
                request.env._("Enter the name and a valid e-mail address of the new staff member.")
            )
        if Partner.search_count([("parent_id", "=", organisation.id), ("email_normalized", "=", email)]):
            raise UserError(
                request.env._(
                    "%(email)s is already a contact of your organisation: tick them in the list.", email=email
                )
            )
        # portal users create no contact: the new person is placed under the user's organisation
        # only, with what the form gives
        return Partner.sudo().create(
            {
                "name": name,
                "email": email,
                "parent_id": organisation.id,
                "type": "contact",
                "company_id": organisation.company_id.id,
            }
        )

    # ------------------------------------------------------------------ "à la carte" requests
    def _training_request_values(self, error=None, form=None):
        organisation = self._training_organisation() or request.env.user.partner_id
        TrainingRequest = request.env["cri.training.request"]
        return self._training_layout_values(
            "training_request",
            centers=self._training_centers(),
            requests=TrainingRequest.search([("organisation_id", "=", organisation.id)]),
            states=dict(TrainingRequest._fields["state"]._description_selection(request.env)),
            error=error,
            form=form or {},
            message=None,
        )

    @http.route("/my/trainings/request", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_training_request(self, message=None, **kw):
        if not request.env["cri.training.request"].has_access("create"):
            return request.redirect("/my")
        values = self._training_request_values()
        values["message"] = self._training_messages().get(message)
        return request.render(REQUEST_TEMPLATE, values)

    @http.route("/my/trainings/request", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_training_request_post(self, **form):
        def ask():
            training_request = request.env["cri.training.request"].create(self._training_request_vals(form))
            training_request.action_submit()

        error = self._training_apply(ask)[1]
        if error:
            return request.render(
                REQUEST_TEMPLATE, self._training_request_values(error=error, form=form), status=400
            )
        return request.redirect("/my/trainings/request?message=requested")

    def _training_request_vals(self, form):
        """The values of a request as its form gives them, or a UserError saying what is wrong."""
        subject = " ".join((form.get("subject") or "").split())
        if not subject:
            raise UserError(request.env._("Enter the subject of the training you wish."))
        try:
            company = (
                self._training_centers()
                .filtered(lambda center: center.id == int(form.get("center_id")))
                .company_id
            )
        except (TypeError, ValueError):
            company = None
        if not company:
            raise UserError(request.env._("Choose the CRI you ask for the training."))
        try:
            participants = int(form.get("participants") or 0)
        except ValueError:
            participants = -1
        if participants <= 0:
            raise UserError(request.env._("Enter the number of people to train, e.g. 12."))
        user = request.env.user
        return {
            "organisation_id": (self._training_organisation() or user.partner_id).id,
            "contact_id": user.partner_id.id,
            "company_id": company.id,
            "subject": subject,
            "audience": (form.get("audience") or "").strip(),
            "participants": participants,
            "wished_dates": (form.get("wished_dates") or "").strip(),
        }
