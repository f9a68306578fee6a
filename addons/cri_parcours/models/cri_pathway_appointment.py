from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CriPathwayAppointment(models.Model):
    """An appointment at a reception office: reception, assessment, evaluation interview."""

    _name = "cri.pathway.appointment"
    _description = "Pathway Appointment"
    _inherit = ["cri.pathway.line", "mail.thread"]
    _order = "start desc"

    partner_id = fields.Many2one(related="pathway_id.partner_id", string="Person", store=True)
    office_id = fields.Many2one(
        "cri.office", string="Reception Office", domain="[('company_id', '=', company_id)]"
    )
    user_id = fields.Many2one("res.users", string="Agent", default=lambda self: self.env.user, index=True)
    kind = fields.Selection(
        [
            ("reception", "Reception"),
            ("assessment", "Social assessment"),
            ("convention", "Convention signature"),
            ("evaluation", "Evaluation interview"),
            ("other", "Other"),
        ],
        required=True,
        default="reception",
    )
    interpreter_needed = fields.Boolean()
    start = fields.Datetime(required=True, tracking=True)
    stop = fields.Datetime(string="End", required=True, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Held"), ("missed", "Missed"), ("cancelled", "Cancelled")],
        string="Status",
        default="planned",
        required=True,
        tracking=True,
    )

    @api.onchange("start")
    def _onchange_start(self):
        if self.start and (not self.stop or self.stop <= self.start):
            self.stop = fields.Datetime.add(self.start, hours=1)

    @api.constrains("start", "stop")
    def _check_dates(self):
        for appointment in self:
            if appointment.stop <= appointment.start:
                raise ValidationError(self.env._("An appointment must end after it starts."))

    @api.depends("pathway_id.partner_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for appointment in self:
            appointment.display_name = (
                f"{kinds.get(appointment.kind, '')} – {appointment.pathway_id.partner_id.name or ''}"
            )
