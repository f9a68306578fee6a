import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import create_index, format_date
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.cri_base.tools import legal_today

from .cri_pathway_module import RUNNING_STATES

# an attendance sheet is a scan or a photo: refuse what cannot be one
SHEET_MIMETYPES = ("application/pdf", "image/jpeg", "image/png")
MAX_SHEET_SIZE = 10 * 1024 * 1024
# what an operator's form on the portal offers: nothing else is theirs to write
PORTAL_FIELDS = frozenset({"module_id", "date", "hours", "status", "sheet", "sheet_name"})


class CriPathwayAttendance(models.Model):
    """Hours of one session of a module, entered by the CRI or by the operator on the portal."""

    _name = "cri.pathway.attendance"
    _description = "Module Attendance"
    _order = "date desc, id desc"

    module_id = fields.Many2one("cri.pathway.module", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="module_id.company_id", string="Company", store=True, index=True)
    operator_id = fields.Many2one(related="module_id.operator_id", string="Operator", store=True, index=True)
    # stored as an attachment of this line: whoever may read the line may read the sheet, nobody
    # else, and no other document can be linked in its place
    sheet = fields.Binary(
        string="Attendance Sheet",
        attachment=True,
        copy=False,
        help="Scanned attendance sheet signed by the learner (PDF, JPEG or PNG).",
    )
    sheet_name = fields.Char(string="Sheet File Name", copy=False)
    date = fields.Date(required=True, default=legal_today)
    hours = fields.Float(required=True)
    status = fields.Selection(
        [("present", "Present"), ("excused", "Excused"), ("absent", "Absent")],
        string="Attendance",
        required=True,
        default="present",
    )
    locked = fields.Boolean(
        compute="_compute_locked",
        help="The CRI has locked the period of this session: its operator no longer changes it.",
    )

    _sql_constraints = [
        ("module_date_unique", "unique(module_id, date)", "Attendance for this date is already recorded."),
    ]

    def init(self):
        result = super().init()
        # the record rule company_id in company_ids with the date: the lines of a CRI in the
        # list's order, the hours of a year (the dashboard's figure, the statistics)
        create_index(
            self.env.cr,
            "cri_pathway_attendance_company_date_index",
            self._table,
            ["company_id", "date DESC", "id DESC"],
        )
        return result

    @api.depends("date", "company_id")
    def _compute_locked(self):
        locked_until = self._locked_until()
        for line in self:
            limit = locked_until.get(line.company_id.id)
            line.locked = bool(limit and line.date and line.date <= limit)

    def _locked_until(self):
        """{company id: date up to which its CRI locked the operators' attendance}. The centres
        are closed to portal users: the lock is read as superuser, to refuse, never to allow."""
        centers = (
            self.env["cri.center"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids), ("attendance_locked_until", "!=", False)])
        )
        return {center.company_id.id: center.attendance_locked_until for center in centers}

    def _check_portal_lock(self, days=()):
        """An operator changes neither a line of a locked period nor a session dated in one.

        :param days: the dates a write or create gives its lines
        """
        locked_until = self._locked_until()
        for line in self:
            limit = locked_until.get(line.company_id.id)
            if limit and any(day and day <= limit for day in (line.date, *days)):
                raise UserError(
                    self.env._(
                        "The CRI has locked the attendance of the sessions up to %(date)s: ask the "
                        "CRI to change them.",
                        date=format_date(self.env, limit),
                    )
                )

    @api.constrains("hours", "date", "status")
    def _check_hours(self):
        today = legal_today()
        for line in self:
            if not 0 < line.hours <= 12:
                raise ValidationError(self.env._("A session lasts more than 0 and at most 12 hours."))
            if line.date > today:
                raise ValidationError(self.env._("Attendance cannot be recorded for a future date."))
            module = line.module_id
            if module.state not in RUNNING_STATES:
                # worded from what an operator may read: the learner's name, not the file number
                types = dict(module._fields["module_type"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "The %(module)s module of %(learner)s is closed: no attendance can be added.",
                        module=types.get(module.module_type, ""),
                        learner=module.learner_name,
                    )
                )

    @api.constrains("sheet")
    def _check_sheet(self):
        for line in self.filtered("sheet"):
            data = base64.b64decode(line.with_context(bin_size=False).sheet)
            if len(data) > MAX_SHEET_SIZE:
                raise ValidationError(self.env._("The attendance sheet is too large (10 MB at most)."))
            if guess_mimetype(data) not in SHEET_MIMETYPES:
                raise ValidationError(self.env._("The attendance sheet must be a PDF, JPEG or PNG file."))

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share:
            for vals in vals_list:
                self._check_portal_fields(vals)
        lines = super().create(vals_list)
        if self.env.user.share:
            lines._check_portal_lock()
        return lines

    def write(self, vals):
        if "module_id" in vals and any(line.module_id.id != vals["module_id"] for line in self):
            raise UserError(self.env._("An attendance line stays on its module: record a new one instead."))
        if self.env.user.share:
            self._check_portal_fields(vals)
            self._check_portal_lock([fields.Date.to_date(vals["date"])] if vals.get("date") else [])
            if {"sheet", "sheet_name"} & set(vals) and any(line.sheet for line in self):
                raise UserError(
                    self.env._(
                        "The attendance sheet of this session is already recorded: ask the CRI to change it."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_or_closed_for_operators(self):
        if self.env.user.share:
            self._check_portal_lock()
            closed = self.module_id.filtered(lambda module: module.state not in RUNNING_STATES)
            if closed:
                raise UserError(
                    self.env._(
                        "The module of %(learner)s is closed: its attendance no longer changes.",
                        learner=closed[0].learner_name,
                    )
                )

    def _check_portal_fields(self, vals):
        """An operator writes what the portal form shows (date, hours, status, its own sheet)."""
        if set(vals) - PORTAL_FIELDS:
            raise AccessError(
                self.env._(
                    "An operator records the date, the hours, the attendance and the sheet of a session only."
                )
            )
