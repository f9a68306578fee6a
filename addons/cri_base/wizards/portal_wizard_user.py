from odoo import models
from odoo.exceptions import AccessError

# who opens, closes and renews a partner's portal access: the CRI's manager (the installation's
# administrators too). A portal user reads its organisation's applications, grants and staff's
# registrations: inviting one is a decision about the partner network, not a contact edit.
INVITING_GROUPS = ("cri_base.group_manager", "base.group_system")


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _cri_check_may_invite(self):
        if not any(self.env.user.has_group(group) for group in INVITING_GROUPS):
            raise AccessError(
                self.env._(
                    "The CRI's manager gives, renews and takes back the portal access of its partners."
                )
            )

    def action_grant_access(self):
        self._cri_check_may_invite()
        return super().action_grant_access()

    def action_revoke_access(self):
        self._cri_check_may_invite()
        return super().action_revoke_access()

    def action_invite_again(self):
        self._cri_check_may_invite()
        return super().action_invite_again()
