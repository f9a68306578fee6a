from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cri_base.tools import legal_today

STEPS = [
    ("reception", "Reception"),
    ("convention", "Convention signed"),
    ("certificate", "Certificate issued"),
    ("module_start", "Module started"),
]


class CriPathwayDateWizard(models.TransientModel):
    """Asks the day a step of a file happened before its button records it: a convention signed
    on paper last week is recorded with that day, and its deadlines count from it. The step's
    method checks the date again (an RPC call reaches it without this dialog)."""

    _name = "cri.pathway.date.wizard"
    _description = "Date of a Pathway Step"

    pathway_id = fields.Many2one("cri.pathway", string="Pathway File", required=True)
    module_id = fields.Many2one(
        "cri.pathway.module",
        domain="[('pathway_id', '=', pathway_id)]",
        help="The module that starts, for the step “Module started”.",
    )
    step = fields.Selection(STEPS, required=True)
    date = fields.Date(
        required=True,
        default=legal_today,
        help="The day it happened: today or earlier, never before the file's previous step.",
    )
    date_min = fields.Date(
        string="Not Before",
        compute="_compute_date_min",
        help="The date of the previous step of the file: the step cannot be dated earlier.",
    )

    @api.depends("pathway_id", "module_id", "step")
    def _compute_date_min(self):
        for wizard in self:
            if wizard.step == "module_start":
                floors = wizard.module_id._start_date_floors() if wizard.module_id else []
                wizard.date_min = max((date for date, _message in floors if date), default=False)
            elif wizard.step and wizard.pathway_id:
                wizard.date_min = wizard.pathway_id._step_date_min(wizard.step)
            else:
                wizard.date_min = False

    def action_confirm(self):
        self.ensure_one()
        if self.step == "module_start":
            if not self.module_id:
                raise UserError(self.env._("Choose the module that started."))
            self.module_id.action_start(self.date)
            return {"type": "ir.actions.act_window_close"}
        transition = {
            "reception": self.pathway_id.action_start_reception,
            "convention": self.pathway_id.action_sign_convention,
            "certificate": self.pathway_id.action_issue_certificate,
        }[self.step]
        result = transition(self.date)
        if isinstance(result, dict) and result.get("type") == "ir.actions.report":
            # the certificate prints, and the dialog closes once it is downloaded
            return dict(result, close_on_report_download=True)
        return {"type": "ir.actions.act_window_close"}
