from odoo import api, fields, models
from odoo.exceptions import UserError


class CriInterpretingRequest(models.Model):
    """A request for free interpreting (SeTIS wallon): on site, by phone or written."""

    _name = "cri.interpreting.request"
    _description = "Interpreting Request"
    _inherit = ["cri.pathway.line", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    language_id = fields.Many2one("cri.language", required=True, tracking=True)
    provider_id = fields.Many2one(
        "res.partner",
        string="Interpreting Service",
        domain="[('cri_role_ids.code', '=', 'interpreting')]",
        tracking=True,
    )
    appointment_id = fields.Many2one("cri.pathway.appointment", domain="[('pathway_id', '=', pathway_id)]")
    mode = fields.Selection(
        [("on_site", "On site"), ("phone", "By phone"), ("written", "Written translation")],
        required=True,
        default="on_site",
        tracking=True,
    )
    date = fields.Datetime(string="When", required=True, tracking=True)
    note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("confirmed", "Confirmed"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        tracking=True,
    )

    @api.depends("language_id", "mode")
    def _compute_display_name(self):
        modes = dict(self._fields["mode"]._description_selection(self.env))
        for request in self:
            request.display_name = f"{request.language_id.name or ''} ({modes.get(request.mode, '')})"

    def _move(self, allowed, new_state):
        for request in self:
            if request.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "This interpreting request is “%(state)s”: it cannot change that way.",
                        state=states[request.state],
                    )
                )
        self.state = new_state

    def action_request(self):
        for request in self:
            if not request.provider_id:
                raise UserError(self.env._("Choose the interpreting service before sending the request."))
        self._move(["draft"], "requested")

    def action_confirm(self):
        self._move(["requested"], "confirmed")

    def action_done(self):
        self._move(["confirmed"], "done")

    def action_cancel(self):
        self._move(["draft", "requested", "confirmed"], "cancelled")
