from odoo import api, fields, models
from odoo.exceptions import UserError


class CriCorrectionWizard(models.TransientModel):
    """The entry point of a correction of shared reference data: what the proposer writes
    becomes a proposal (``cri.correction.proposal``) that the Region administrators answer."""

    _name = "cri.correction.wizard"
    _description = "Proposed Correction of Reference Data"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", required=True, readonly=True)
    proposal = fields.Text(string="Proposed Correction", required=True)
    source = fields.Char(help="Decree, official list or letter that supports the correction.")

    @api.constrains("res_model")
    def _check_res_model(self):
        for wizard in self:
            model = self.env.get(wizard.res_model)
            if model is None or not issubclass(type(model), self.env.registry["cri.reference.mixin"]):
                raise UserError(self.env._("Corrections are proposed on reference data only."))

    def action_send(self):
        self.ensure_one()
        if not (self.proposal or "").strip():
            raise UserError(self.env._("Describe the correction you propose."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("This record no longer exists."))
        self.env["cri.correction.proposal"]._propose(
            record, self.proposal.strip(), (self.source or "").strip() or False
        )
        return {"type": "ir.actions.act_window_close"}
