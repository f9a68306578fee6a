import logging

import odoo
from odoo import api, models
from odoo.service import server as odoo_server
from odoo.tools import config

_logger = logging.getLogger(__name__)


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

    def _register_hook(self):
        """In workers mode, the main process reads the web client's translations once, before
        it forks the workers, which inherit them: otherwise each new worker reads the translation
        files of every module (about a second) at its first load of the web client."""
        result = super()._register_hook()
        if isinstance(odoo_server.server, odoo_server.PreforkServer) and not config["stop_after_init"]:
            self._cri_warm_web_translations()
        return result

    @api.model
    def _cri_warm_web_translations(self):
        """The translations of the web client in every installed language, as its first load
        asks them (every module, the server-wide ones included)."""
        modules = list(self.pool._init_modules) + (odoo.conf.server_wide_modules or [])
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        for lang in languages:
            self.sudo().get_web_translations_hash(modules, lang)
        _logger.info("Web client translations read for the workers: %s", ", ".join(languages))
