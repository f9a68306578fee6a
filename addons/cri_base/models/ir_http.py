from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal's chatter is mail's (its thread, its messages' dates), but Odoo serves the
        pages of the portal the translations of web and portal only: without mail's, a French
        partner reads "The conversation is empty." and "Today at 10:30"."""
        return super()._get_translation_frontend_modules_name() + ["mail"]

    def session_info(self):
        """Each role lands where it works: a user of the CRIs without a home action of its own
        (or with the CRI app's, which the demo users had) opens its role's home."""
        info = super().session_info()
        user = self.env.user
        app_home = self.env.ref("cri_base.action_cri_home", raise_if_not_found=False)
        if user._is_internal() and user.action_id.id in (False, app_home and app_home.id):
            home = user._cri_home_action()
            if home:
                info["home_action_id"] = home.id
        return info
