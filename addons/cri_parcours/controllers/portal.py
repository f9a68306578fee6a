"""Portal of the French-course and citizenship-course operators: their learners and attendance.

Everything is read and written as the portal user, so that the access rights and the record
rules of ``cri.pathway.module`` and ``cri.pathway.attendance`` decide what an operator sees.
"""

import base64

import psycopg2

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.cri_base.tools import legal_today
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.cri_pathway_attendance import MAX_SHEET_SIZE, SHEET_MIMETYPES
from ..models.cri_pathway_module import RUNNING_STATES


class CriOperatorPortal(CustomerPortal):
    # ------------------------------------------------------------------ helpers
    def _learner_domain(self):
        """Modules of the operator of the current user; the record rules enforce it for portal
        users, the explicit term keeps internal users visiting /my to their own company too."""
        return [("operator_id", "=", request.env.user.commercial_partner_id.id)]

    def _learner_searchbar_sortings(self):
        return {
            "deadline": {"label": request.env._("Due Date"), "order": "deadline asc, id"},
            "type": {"label": request.env._("Module"), "order": "module_type, deadline asc, id"},
            "progress": {"label": request.env._("Progress"), "order": "progress asc, deadline asc, id"},
            "start": {"label": request.env._("Start Date"), "order": "start_date desc, id desc"},
            "learner": {"label": request.env._("Learner"), "order": "learner_name, id"},
        }

    def _learner_module_check_access(self, module_id):
        """The module as the current user (not sudo), if it is one of the operator's.

        :raise AccessError, MissingError: not the operator's module
        """
        module_sudo = self._document_check_access("cri.pathway.module", module_id)
        module = request.env["cri.pathway.module"].browse(module_sudo.id)
        if module.operator_id != request.env.user.commercial_partner_id:
            raise AccessError(request.env._("This learner is not followed by your organisation."))
        return module

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "learner_count" in counters:
            Module = request.env["cri.pathway.module"]
            values["learner_count"] = (
                Module.search_count(self._learner_domain() + [("state", "in", RUNNING_STATES)])
                if Module.has_access("read")
                else 0
            )
        return values

    def _learner_module_values(self, module, error=None, success=None, form=None):
        status_field = request.env["cri.pathway.attendance"]._fields["status"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "learner",
                "learner_module": module,
                "attendances": module.attendance_ids,
                "status_options": status_field._description_selection(request.env),
                "is_running": module.state in RUNNING_STATES,
                "today": legal_today(),
                "error": error,
                "success": success,
                "form": form or {},
            }
        )
        return values

    # ------------------------------------------------------------------ routes
    @http.route(["/my/learners", "/my/learners/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_learners(self, page=1, sortby=None, filterby=None, **kw):
        Module = request.env["cri.pathway.module"]
        if not Module.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        searchbar_sortings = self._learner_searchbar_sortings()
        if sortby not in searchbar_sortings:
            sortby = "deadline"
        searchbar_filters = {
            "running": {"label": request.env._("Running"), "domain": [("state", "in", RUNNING_STATES)]},
            "all": {"label": request.env._("All"), "domain": []},
        }
        if filterby not in searchbar_filters:
            filterby = "running"
        domain = self._learner_domain() + searchbar_filters[filterby]["domain"]

        pager = portal_pager(
            url="/my/learners",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Module.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        modules = Module.search(
            domain,
            order=searchbar_sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values.update(
            {
                "learner_modules": modules,
                "page_name": "learners",
                "default_url": "/my/learners",
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
            }
        )
        return request.render("cri_parcours.portal_my_learners", values)

    @http.route("/my/learners/<int:module_id>", type="http", auth="user", website=True)
    def portal_my_learner(self, module_id, saved=None, **kw):
        try:
            module = self._learner_module_check_access(module_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        success = self._learner_messages().get(saved)
        return request.render(
            "cri_parcours.portal_my_learner", self._learner_module_values(module, success=success)
        )

    @http.route(
        "/my/learners/<int:module_id>/attendance", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_learner_attendance(self, module_id, date=None, hours=None, status=None, sheet=None, **kw):
        try:
            module = self._learner_module_check_access(module_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        form = {"date": date, "hours": hours, "status": status}
        try:
            vals = self._parse_attendance_form(module, date, hours, status)
            sheet_name, sheet_data = self._parse_attendance_sheet(sheet)
            if sheet_data:
                vals.update(sheet=base64.b64encode(sheet_data), sheet_name=sheet_name)
            with request.env.cr.savepoint():
                request.env["cri.pathway.attendance"].create(vals)
        except (UserError, ValidationError, AccessError) as error:
            values = self._learner_module_values(module, error=error.args[0], form=form)
            return request.render("cri_parcours.portal_my_learner", values, status=400)
        except psycopg2.IntegrityError:
            # another session recorded the same date between the check and the insert
            values = self._learner_module_values(
                module, error=request.env._("Attendance for this date is already recorded."), form=form
            )
            return request.render("cri_parcours.portal_my_learner", values, status=400)
        return request.redirect(f"/my/learners/{module.id}?saved=1")

    @http.route(
        "/my/learners/<int:module_id>/attendance/<int:attendance_id>/edit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_learner_attendance_edit(self, module_id, attendance_id, hours=None, status=None, **kw):
        def correct(attendance):
            attendance.write(self._parse_correction(hours, status))

        return self._learner_attendance_post(module_id, attendance_id, correct, "corrected")

    @http.route(
        "/my/learners/<int:module_id>/attendance/<int:attendance_id>/delete",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_learner_attendance_delete(self, module_id, attendance_id, **kw):
        return self._learner_attendance_post(
            module_id, attendance_id, lambda attendance: attendance.unlink(), "removed"
        )

    def _learner_messages(self):
        """What the page says after a successful post, by code: no free text travels in the URL."""
        return {
            "1": request.env._("The session was recorded."),
            "corrected": request.env._("The session was corrected."),
            "removed": request.env._("The session was removed."),
        }

    def _learner_attendance_post(self, module_id, attendance_id, action, saved):
        """Run ``action(attendance)`` as the operator on a line of its module, in a savepoint;
        the models refuse what the operator may not do (locked period, closed module)."""
        try:
            module = self._learner_module_check_access(module_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                # searched with the operator's record rules: another operator's line is not found
                attendance = request.env["cri.pathway.attendance"].search(
                    [("id", "=", attendance_id), ("module_id", "=", module.id)]
                )
                if not attendance:
                    raise UserError(request.env._("This session is not recorded for this learner."))
                action(attendance)
        except (UserError, ValidationError, AccessError) as error:
            values = self._learner_module_values(module, error=error.args[0])
            return request.render("cri_parcours.portal_my_learner", values, status=400)
        return request.redirect(f"/my/learners/{module.id}?saved={saved}")

    @http.route("/my/learners/<int:module_id>/sheet/<int:attendance_id>", type="http", auth="user")
    def portal_my_learner_sheet(self, module_id, attendance_id, **kw):
        try:
            module = self._learner_module_check_access(module_id)
            attendance = request.env["cri.pathway.attendance"].browse(attendance_id).exists()
            attendance.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not attendance or attendance.module_id != module or not attendance.sheet:
            return request.not_found()
        # read as the operator: the sheet is an attachment of this very line
        stream = request.env["ir.binary"]._get_stream_from(attendance, "sheet", filename_field="sheet_name")
        return stream.get_response(as_attachment=True)

    # ------------------------------------------------------------------ form handling
    def _parse_attendance_form(self, module, date, hours, status):
        """Values of a new attendance line, or a UserError explaining what is wrong."""
        if module.state not in RUNNING_STATES:
            raise UserError(request.env._("This module is closed: no attendance can be added."))
        try:
            day = fields.Date.to_date(date)
        except ValueError:
            day = False
        if not day:
            raise UserError(request.env._("Enter the date of the session."))
        vals = self._parse_correction(hours, status)
        if request.env["cri.pathway.attendance"].search_count(
            [("module_id", "=", module.id), ("date", "=", day)], limit=1
        ):
            raise UserError(request.env._("Attendance for this date is already recorded."))
        return dict(vals, module_id=module.id, date=day)

    def _parse_correction(self, hours, status):
        """The hours and attendance of a session as its forms give them."""
        try:
            duration = float((hours or "").replace(",", "."))
        except ValueError:
            raise UserError(request.env._("Enter the hours of the session as a number, e.g. 2.5.")) from None
        status_codes = dict(request.env["cri.pathway.attendance"]._fields["status"].selection)
        if status not in status_codes:
            raise UserError(request.env._("Choose whether the learner was present, excused or absent."))
        return {"hours": duration, "status": status}

    def _parse_attendance_sheet(self, sheet):
        """(file name, content) of the uploaded sheet, (False, False) without one."""
        if not sheet or not sheet.filename:
            return False, False
        data = sheet.read(MAX_SHEET_SIZE + 1)
        if len(data) > MAX_SHEET_SIZE:
            raise UserError(request.env._("The attendance sheet is too large (10 MB at most)."))
        # checked here too so that the operator's form says it before anything is saved
        if guess_mimetype(data) not in SHEET_MIMETYPES:
            raise UserError(request.env._("The attendance sheet must be a PDF, JPEG or PNG file."))
        return sheet.filename, data
