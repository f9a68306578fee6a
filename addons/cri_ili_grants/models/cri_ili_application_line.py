from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError

# an application is written by its applicant while it is a draft or under completion only
EDITABLE_STATES = ("draft", "completion")


class CriIliApplicationLine(models.AbstractModel):
    """What the lines of an application share (budget lines, documents): the link to their
    application, which they never leave, and edits only while the application may change."""

    _name = "cri.ili.application.line"
    _description = "Line of an ILI Application"
    _check_company_auto = True

    application_id = fields.Many2one(
        "cri.ili.application",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="application_id.company_id", string="Company", store=True, index=True, precompute=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        applications = self.env["cri.ili.application"].browse(
            {vals["application_id"] for vals in vals_list if vals.get("application_id")}
        )
        self._check_application_editable(applications)
        return super().create(vals_list)

    def write(self, vals):
        if "application_id" in vals and any(
            line.application_id.id != vals["application_id"] for line in self
        ):
            raise UserError(self.env._("A line stays on its application: add a new line instead."))
        self._check_application_editable(self.application_id)
        return super().write(vals)

    def unlink(self):
        self._check_application_editable(self.application_id)
        return super().unlink()

    def _check_application_editable(self, applications):
        if self.env.su:
            return
        try:
            applications.check_access("write")
            missing = applications - applications.exists()
        except (AccessError, MissingError):
            missing = applications
        if missing:
            raise AccessError(self.env._("Only an application you may change can receive this line."))
        locked = applications.filtered(lambda a: a.state not in EDITABLE_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "Application %(application)s is submitted: its budget and documents no longer change.",
                    application=locked[0].name,
                )
            )
