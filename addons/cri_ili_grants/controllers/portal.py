"""Portal of the local integration initiatives: their applications to the Region's calls and,
once granted, the follow-up of their grants (requirements, instalments, budget, expenses).

Everything is read and written as the portal user: the access rights, the record rules and the
models' own checks (states, fields an applicant may write) decide what happens. The controller
turns the forms into values, refuses what they cannot mean, and shows the models' refusals.
"""

import base64
import math

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.cri_base.tools import legal_today
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.cri_ili_application_line import EDITABLE_STATES
from ..models.cri_ili_expense import DECLARING_STATES
from ..models.cri_ili_requirement import OPEN_STATES

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# the states in which an application is a grant, with its decision and follow-up
GRANT_STATES = ("decided", "running", "clearing", "closed")
# the free texts of the application form
TEXT_FIELDS = ("title", "summary", "objectives", "target_public", "planned_activities")
# what the page may delete, and while the application is in which states
DELETABLE = {
    "budget": ("cri.ili.budget.line", EDITABLE_STATES),
    "document": ("cri.ili.application.document", EDITABLE_STATES),
    "expense": ("cri.ili.expense", DECLARING_STATES),
}
# the files the page offers for download: model, binary field, file name field
DOWNLOADS = {
    "document": ("cri.ili.application.document", "file", "filename"),
    "requirement": ("cri.ili.requirement", "document", "document_name"),
    "expense": ("cri.ili.expense", "document", "document_name"),
}
PAGE_TEMPLATE = "cri_ili_grants.portal_my_ili_application"
NEW_TEMPLATE = "cri_ili_grants.portal_my_ili_new"
HISTORY = "my_ili_history"


class CriIliPortal(CustomerPortal):
    # ------------------------------------------------------------------ access
    def _ili_domain(self):
        """The applications of the user's organisation; the record rules enforce it for portal
        users, the explicit term keeps an internal user visiting /my to its own organisation."""
        return [("partner_id", "=", request.env.user.commercial_partner_id.id)]

    def _ili_application_check_access(self, application_id):
        """The application as the current user (not sudo), if it is its organisation's.

        :raise AccessError, MissingError: not an application of the user's organisation
        """
        application_sudo = self._document_check_access("cri.ili.application", application_id)
        application = request.env["cri.ili.application"].browse(application_sudo.id)
        if application.partner_id != request.env.user.commercial_partner_id:
            raise AccessError(request.env._("This application is not your organisation's."))
        return application

    @staticmethod
    def _ili_line(application, model, line_id):
        """The record ``line_id`` of ``model`` if it belongs to ``application``, read with the
        user's record rules.

        :raise MissingError: no such record on this application
        """
        line = request.env[model].search([("id", "=", line_id), ("application_id", "=", application.id)])
        if not line:
            raise MissingError(request.env._("This item does not exist on your application."))
        return line

    def _ili_open_calls(self):
        return request.env["cri.ili.call"].search(
            [("state", "=", "open"), ("date_submission", ">=", legal_today())],
            order="date_submission, id",
        )

    # ------------------------------------------------------------------ home and list
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ili_count" in counters:
            Application = request.env["cri.ili.application"]
            values["ili_count"] = (
                Application.search_count(self._ili_domain()) if Application.has_access("read") else 0
            )
        return values

    def _ili_searchbar_sortings(self):
        return {
            "newest": {"label": request.env._("Newest"), "order": "id desc"},
            "reference": {"label": request.env._("Reference"), "order": "name, id"},
            "call": {"label": request.env._("Call"), "order": "call_id, id desc"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }

    def _ili_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "to_complete": {
                "label": request.env._("To complete"),
                "domain": [("state", "in", EDITABLE_STATES)],
            },
            "grants": {"label": request.env._("Grants"), "domain": [("state", "in", GRANT_STATES)]},
        }

    @http.route(["/my/ili", "/my/ili/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_ili(self, page=1, sortby=None, filterby=None, **kw):
        Application = request.env["cri.ili.application"]
        if not Application.has_access("read"):
            return request.redirect("/my")
        sortings, filters = self._ili_searchbar_sortings(), self._ili_searchbar_filters()
        sortby = sortby if sortby in sortings else "newest"
        filterby = filterby if filterby in filters else "all"
        domain = self._ili_domain() + filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/ili",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Application.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        applications = Application.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        request.session[HISTORY] = applications.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "applications": applications,
                "open_calls": self._ili_open_calls(),
                "page_name": "ili_list",
                "default_url": "/my/ili",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("cri_ili_grants.portal_my_ili", values)

    # ------------------------------------------------------------------ new application
    def _ili_new_values(self, call, error=None, form=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "ili_new",
                "call": call,
                "communes": self._ili_communes(),
                "contacts": self._ili_contacts(),
                "error": error,
                "form": form or {},
            }
        )
        return values

    def _ili_call(self, call_id):
        """The open call ``call_id`` that still accepts applications, or an empty record."""
        Call = request.env["cri.ili.call"]
        try:
            # searched, not browsed: the record rules hide the calls not published
            call = Call.search([("id", "=", int(call_id))])
        except (TypeError, ValueError):
            return Call
        return call if call and call._accepts_applications() else Call

    @http.route("/my/ili/new", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_ili_new(self, call_id=None, **kw):
        call = self._ili_call(call_id)
        if not call or not request.env["cri.ili.application"].has_access("create"):
            return request.redirect("/my/ili")
        return request.render(NEW_TEMPLATE, self._ili_new_values(call))

    @http.route("/my/ili/new", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_ili_create(self, call_id=None, **form):
        call = self._ili_call(call_id)
        if not call:
            return request.redirect("/my/ili")
        try:
            with request.env.cr.savepoint():
                vals = dict(self._ili_content_vals(call, form), call_id=call.id)
                application = request.env["cri.ili.application"].create(vals)
        except (UserError, ValidationError, AccessError) as error:
            return request.render(NEW_TEMPLATE, self._ili_new_values(call, error.args[0], form), status=400)
        return request.redirect(f"/my/ili/{application.id}?message=created")

    # ------------------------------------------------------------------ application page
    def _ili_messages(self):
        """What the page says after a successful post, by code: no free text travels in the URL."""
        return {
            "created": request.env._("Your application is created as a draft: complete it, then submit it."),
            "saved": request.env._("Your application is saved."),
            "budget": request.env._("The budget line is added."),
            "document": request.env._("The document is added."),
            "deleted": request.env._("The line is deleted."),
            "submitted": request.env._("Your application is submitted to the CRI."),
            "delivered": request.env._("The document is delivered: the CRI will review it."),
            "expense": request.env._("The expense is declared: the CRI's accountant will review it."),
            "imported": request.env._(
                "The expenses of the file are declared: the CRI's accountant will review them."
            ),
        }

    def _ili_application_values(self, application, error=None, message=None, form=None, posted=None):
        """Values of the application page; ``form`` is the content form as posted, ``posted`` the
        budget line or expense form as posted, so that an error keeps what was typed."""
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(application, None, values, HISTORY, False)
        category = request.env["cri.ili.budget.line"]._fields["category"]
        editable = application.state in EDITABLE_STATES
        values.update(
            {
                "page_name": "ili_application",
                "application": application,
                "call": application.call_id,
                "editable": editable,
                "is_grant": application.state in GRANT_STATES,
                "declaring": application.state in DECLARING_STATES,
                "open_requirement_states": OPEN_STATES,
                "categories": category._description_selection(request.env),
                "communes": self._ili_communes() if editable else None,
                "contacts": self._ili_contacts() if editable else None,
                "error": error,
                "message": self._ili_messages().get(message),
                "form": form or self._ili_form_of(application),
                "posted": posted or {},
                "today": legal_today(),
            }
        )
        return values

    @staticmethod
    def _ili_form_of(application):
        """The values of the edit form, as the application holds them."""
        form = {name: application[name] or "" for name in TEXT_FIELDS}
        form.update(
            axis_id=application.axis_id.id,
            commune_id=application.commune_id.id,
            representative_id=application.representative_id.id or "",
            expected_participants=application.expected_participants,
            expected_hours=application.expected_hours,
        )
        return form

    @http.route("/my/ili/<int:application_id>", type="http", auth="user", website=True)
    def portal_my_ili_application(self, application_id, message=None, **kw):
        try:
            application = self._ili_application_check_access(application_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return request.render(PAGE_TEMPLATE, self._ili_application_values(application, message=message))

    def _ili_post(self, application_id, action, message, form=None, posted=None):
        """Run ``action(application)`` in a savepoint as the portal user, then show the page with
        ``message``; a refusal shows the page with the error, and nothing is written."""
        try:
            application = self._ili_application_check_access(application_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                action(application)
        except MissingError:
            return request.not_found()
        except (UserError, ValidationError, AccessError) as error:
            values = self._ili_application_values(application, error=error.args[0], form=form, posted=posted)
            return request.render(PAGE_TEMPLATE, values, status=400)
        return request.redirect(f"/my/ili/{application.id}?message={message}")

    @http.route("/my/ili/<int:application_id>/edit", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_ili_edit(self, application_id, **form):
        def save(application):
            application.write(self._ili_content_vals(application.call_id, form))

        return self._ili_post(application_id, save, "saved", form=form)

    @http.route(
        "/my/ili/<int:application_id>/submit", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_ili_submit(self, application_id, **kw):
        return self._ili_post(application_id, lambda application: application.action_submit(), "submitted")

    @http.route(
        "/my/ili/<int:application_id>/budget", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_ili_budget_add(self, application_id, **posted):
        def add(application):
            request.env["cri.ili.budget.line"].create(
                {
                    "application_id": application.id,
                    "category": self._ili_category(posted.get("category")),
                    "description": self._ili_required_text(
                        posted.get("description"), request.env._("Describe the budget line.")
                    ),
                    "amount": self._ili_amount(posted.get("amount")),
                }
            )

        return self._ili_post(application_id, add, "budget", posted=posted)

    @http.route(
        "/my/ili/<int:application_id>/document", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_ili_document_add(self, application_id, document_type_id=None, upload=None, **kw):
        def add(application):
            document_type = self._ili_choice(
                document_type_id,
                application.call_id.required_document_type_ids,
                request.env._("Choose which document of the call this file is."),
            )
            filename, data = self._ili_upload(upload, required=True)
            request.env["cri.ili.application.document"].create(
                {
                    "application_id": application.id,
                    "document_type_id": document_type.id,
                    "file": data,
                    "filename": filename,
                }
            )

        return self._ili_post(application_id, add, "document")

    @http.route(
        "/my/ili/<int:application_id>/<string:kind>/<int:line_id>/delete",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_ili_delete(self, application_id, kind, line_id, **kw):
        if kind not in DELETABLE:
            return request.not_found()
        model, states = DELETABLE[kind]

        def delete(application):
            line = self._ili_line(application, model, line_id)
            if application.state not in states:
                raise UserError(request.env._("This line can no longer be deleted."))
            line.unlink()

        return self._ili_post(application_id, delete, "deleted")

    # ------------------------------------------------------------------ grant follow-up
    @http.route(
        "/my/ili/<int:application_id>/requirement/<int:requirement_id>/deliver",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_ili_deliver(self, application_id, requirement_id, upload=None, **kw):
        def deliver(application):
            requirement = self._ili_line(application, "cri.ili.requirement", requirement_id)
            filename, data = self._ili_upload(upload, required=True)
            requirement.action_deliver(data, filename)

        return self._ili_post(application_id, deliver, "delivered")

    @http.route(
        "/my/ili/<int:application_id>/expense", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_ili_expense_add(self, application_id, upload=None, **posted):
        def add(application):
            vals = self._ili_expense_vals(posted)
            filename, data = self._ili_upload(upload)
            if data:
                vals.update(document=data, document_name=filename)
            request.env["cri.ili.expense"].create(dict(vals, application_id=application.id))

        return self._ili_post(application_id, add, "expense", posted=posted)

    @http.route(
        "/my/ili/<int:application_id>/expense/import",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_ili_expense_import(self, application_id, upload=None, **kw):
        def import_file(application):
            filename, data = self._ili_upload(upload, required=True)
            wizard = request.env["cri.ili.expense.import"].create(
                {"application_id": application.id, "file": data, "filename": filename}
            )
            wizard.action_import()

        return self._ili_post(application_id, import_file, "imported")

    # ------------------------------------------------------------------ downloads
    @http.route(
        "/my/ili/<int:application_id>/<string:kind>/<int:record_id>/download", type="http", auth="user"
    )
    def portal_my_ili_download(self, application_id, kind, record_id, **kw):
        if kind not in DOWNLOADS:
            return request.not_found()
        model, field, filename_field = DOWNLOADS[kind]
        try:
            application = self._ili_application_check_access(application_id)
            record = self._ili_line(application, model, record_id)
        except (AccessError, MissingError):
            return request.not_found()
        return self._ili_stream(record, field, filename_field)

    @http.route("/my/ili/<int:application_id>/decision/download", type="http", auth="user")
    def portal_my_ili_decision(self, application_id, **kw):
        try:
            application = self._ili_application_check_access(application_id)
        except (AccessError, MissingError):
            return request.not_found()
        if application.state not in GRANT_STATES:
            return request.not_found()
        return self._ili_stream(application, "decision_document", "decision_document_name")

    @staticmethod
    def _ili_stream(record, field, filename_field):
        # read as the portal user: the file is an attachment of this very record
        if not record[field]:
            return request.not_found()
        stream = request.env["ir.binary"]._get_stream_from(record, field, filename_field=filename_field)
        return stream.get_response(as_attachment=True)

    # ------------------------------------------------------------------ form parsing
    def _ili_communes(self):
        """The communes an application may name. Communes are public reference data, yet the CRI's
        records are closed to portal users (``cri_base``): their names are read as superuser. A
        commune without a competent CRI (German-speaking region) has no one to follow a project."""
        return request.env["cri.commune"].sudo().search([("center_id", "!=", False)])

    def _ili_contacts(self):
        """The persons of the user's organisation, who may represent it for a project: read with
        the user's rights (a portal user reads its own organisation's contacts)."""
        organisation = request.env.user.commercial_partner_id
        return request.env["res.partner"].search(
            [("id", "child_of", organisation.id), ("id", "!=", organisation.id), ("is_company", "=", False)],
            order="name, id",
        )

    def _ili_content_vals(self, call, form):
        """The content of an application as its form gives it, or a UserError saying what is wrong."""
        vals = {name: (form.get(name) or "").strip() for name in TEXT_FIELDS}
        if "representative_id" in form:
            # a person of the user's organisation, or nobody; the model refuses anyone else too
            chosen = form["representative_id"] and self._ili_choice(
                form["representative_id"],
                self._ili_contacts(),
                request.env._("Choose the representative among the contacts of your organisation."),
            )
            vals["representative_id"] = chosen.id if chosen else False
        vals["axis_id"] = self._ili_choice(
            form.get("axis_id"), call.axis_ids, request.env._("Choose an axis of the call.")
        ).id
        vals["commune_id"] = self._ili_choice(
            form.get("commune_id"),
            self._ili_communes(),
            request.env._("Choose the main commune of the activities."),
        ).id
        vals["expected_participants"] = int(
            self._ili_number(
                form.get("expected_participants"),
                request.env._("Enter the expected participants as a whole number."),
            )
        )
        vals["expected_hours"] = self._ili_number(
            form.get("expected_hours"), request.env._("Enter the expected hours as a number, e.g. 60.")
        )
        return vals

    def _ili_expense_vals(self, form):
        try:
            day = fields.Date.to_date(form.get("date") or False)
        except ValueError:
            day = False
        if not day:
            raise UserError(request.env._("Enter the date of the invoice."))
        return {
            "date": day,
            "supplier": self._ili_required_text(form.get("supplier"), request.env._("Enter the supplier.")),
            "invoice_number": self._ili_required_text(
                form.get("invoice_number"), request.env._("Enter the invoice number of the supplier.")
            ),
            "description": self._ili_required_text(
                form.get("description"), request.env._("Describe the expense.")
            ),
            "category": self._ili_category(form.get("category")),
            "amount": self._ili_amount(form.get("amount")),
        }

    @staticmethod
    def _ili_choice(value, records, message):
        """The record of ``records`` whose id is ``value``, or a UserError with ``message``."""
        try:
            chosen = records.filtered(lambda record: record.id == int(value))
        except (TypeError, ValueError):
            chosen = records.browse()
        if not chosen:
            raise UserError(message)
        return chosen

    @staticmethod
    def _ili_required_text(value, message):
        value = " ".join((value or "").split())
        if not value:
            raise UserError(message)
        return value

    @staticmethod
    def _ili_number(value, message):
        """A number typed with a comma or a dot; empty is zero."""
        try:
            number = float((value or "0").strip().replace(",", "."))
        except ValueError:
            raise UserError(message) from None
        if not math.isfinite(number):
            raise UserError(message)
        return number

    def _ili_amount(self, value):
        amount = self._ili_number(value, request.env._("Enter the amount as a number, e.g. 1250.50."))
        if amount <= 0:
            raise UserError(request.env._("The amount must be more than zero."))
        return amount

    @staticmethod
    def _ili_category(value):
        categories = dict(request.env["cri.ili.budget.line"]._fields["category"].selection)
        if value not in categories:
            raise UserError(request.env._("Choose a budget category."))
        return value

    @staticmethod
    def _ili_upload(upload, required=False):
        """(file name, base64 content) of an uploaded file, (False, False) without one.

        :raise UserError: the file is missing while required, empty, or larger than 10 MB
        """
        if not upload or not upload.filename:
            if required:
                raise UserError(request.env._("Choose the file to send."))
            return False, False
        data = upload.read(MAX_UPLOAD_SIZE + 1)
        if len(data) > MAX_UPLOAD_SIZE:
            raise UserError(
                request.env._("The file %(name)s is too large: 10 MB at most.", name=upload.filename)
            )
        if not data:
            raise UserError(request.env._("The file %(name)s is empty.", name=upload.filename))
        return upload.filename, base64.b64encode(data)
