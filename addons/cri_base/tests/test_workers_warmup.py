from unittest.mock import patch

import odoo
from odoo.service import server as odoo_server
from odoo.tests import TransactionCase, tagged
from odoo.tools import config
from odoo.tools.translate import code_translations


@tagged("post_install", "-at_install")
class TestWorkersWarmUp(TransactionCase):
    """In workers mode, the main process reads the web client's translations before it forks
    the workers; nowhere else (a test run, an update, a threaded server) does it spend the time."""

    def setUp(self):
        super().setUp()
        self.languages = [code for code, _name in self.env["res.lang"].get_installed()]
        self.modules = list(self.registry._init_modules) + (odoo.conf.server_wide_modules or [])
        # a process that never read them: neither the files' cache nor the hashes
        saved = dict(code_translations.web_translations)
        self.addCleanup(code_translations.web_translations.update, saved)
        code_translations.web_translations.clear()
        self.registry.clear_cache()

    def _register_hook_under(self, server, stop_after_init=False):
        with (
            patch.object(odoo_server, "server", server),
            patch.dict(config.options, {"stop_after_init": stop_after_init}),
        ):
            self.env["ir.http"]._register_hook()

    def _read(self):
        return {(module, lang) for module in self.modules for lang in self.languages} & set(
            code_translations.web_translations
        )

    def test_the_main_process_of_workers_mode_reads_them_for_every_module_and_language(self):
        prefork = odoo_server.PreforkServer.__new__(odoo_server.PreforkServer)
        self._register_hook_under(prefork)
        self.assertEqual(self._read(), {(module, lang) for module in self.modules for lang in self.languages})
        # the first web client load of a forked worker finds the hash already made
        IrHttp = self.env["ir.http"].sudo()
        with patch.object(
            type(IrHttp), "get_translations_for_webclient", side_effect=AssertionError("read again")
        ):
            for lang in self.languages:
                IrHttp.get_web_translations_hash(self.modules, lang)

    def test_no_other_process_spends_the_time(self):
        threaded = odoo_server.ThreadedServer.__new__(odoo_server.ThreadedServer)
        self._register_hook_under(threaded)
        self._register_hook_under(None)
        prefork = odoo_server.PreforkServer.__new__(odoo_server.PreforkServer)
        self._register_hook_under(prefork, stop_after_init=True)
        self.assertFalse(self._read())
