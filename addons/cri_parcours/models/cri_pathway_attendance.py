from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CriPathwayAttendance(models.Model):
    """Hours of one session of a module, entered by the CRI or by the operator on the portal."""

    _name = "cri.pathway.attendance"
    _description = "Module Attendance"
    _order = "date desc, id desc"

    module_id = fields.Many2one("cri.pathway.module", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="module_id.company_id", string="Company", store=True, index=True)
    operator_id = fields.Many2one(related="module_id.operator_id", string="Operator", store=True, index=True)
    sheet_id = fields.Many2one(
        "ir.attachment", string="Attendance Sheet", help="Scanned attendance sheet signed by the learner."
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True)
    status = fields.Selection(
        [("present", "Present"), ("excused", "Excused"), ("absent", "Absent")],
        string="Attendance",
        required=True,
        default="present",
    )

    _sql_constraints = [
        ("module_date_unique", "unique(module_id, date)", "Attendance for this date is already recorded."),
    ]

    @api.constrains("hours", "date", "status")
    def _check_hours(self):
        today = fields.Date.context_today(self)
        for line in self:
            if not 0 < line.hours <= 12:
                raise ValidationError(self.env._("A session lasts more than 0 and at most 12 hours."))
            if line.date > today:
                raise ValidationError(self.env._("Attendance cannot be recorded for a future date."))
            module = line.module_id
            if module.state not in ("planned", "in_progress"):
                # worded from what an operator may read: the learner's name, not the file number
                types = dict(module._fields["module_type"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "The %(module)s module of %(learner)s is closed: no attendance can be added.",
                        module=types.get(module.module_type, ""),
                        learner=module.learner_name,
                    )
                )
