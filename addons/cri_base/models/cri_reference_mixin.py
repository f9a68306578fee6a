from odoo import models


class CriReferenceMixin(models.AbstractModel):
    """Reference data shared by the eight CRIs (communes, regimes, reasons...): a Region
    administrator edits it; anyone who reads it may propose a correction in its chatter."""

    _name = "cri.reference.mixin"
    _description = "Reference Data Shared by the CRIs"
    _inherit = ["mail.thread"]
    # readers post: a centre's manager proposes a correction without the right to make it
    _mail_post_access = "read"

    def action_propose_correction(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose a correction"),
            "res_model": "cri.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }
