from odoo import models
from odoo.exceptions import AccessError

# who proposes corrections: the centres' managers and the Region's observers
PROPOSING_GROUPS = ("cri_base.group_manager", "cri_base.group_region_observer")


class CriReferenceMixin(models.AbstractModel):
    """Reference data shared by the eight CRIs (communes, regimes, reasons...): a Region
    administrator edits it; a centre's manager or the Region's observer who reads it proposes a
    correction (``cri.correction.proposal``), which the Region administrators find as an activity
    on the record."""

    _name = "cri.reference.mixin"
    _description = "Reference Data Shared by the CRIs"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # readers post: a centre's manager proposes a correction without the right to make it
    _mail_post_access = "read"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # a proposer who only reads the record assigns the review to the Region administrators,
        # which makes them follow it (mail.activity): following needs no more than reading then
        admins = self.env.ref("cri_base.group_region_admin").sudo().users.partner_id
        if partner_ids and not self.env.su and set(partner_ids) <= set(admins.ids):
            self.check_access("read")
            return self._message_subscribe(partner_ids, subtype_ids)
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _check_may_propose(self):
        if not any(self.env.user.has_group(group) for group in PROPOSING_GROUPS):
            raise AccessError(self.env._("A centre's manager or the Region's observer proposes corrections."))

    def action_propose_correction(self):
        self.ensure_one()
        self._check_may_propose()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Propose a correction"),
            "res_model": "cri.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }
