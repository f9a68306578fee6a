"""18.0.1.3.0 pays an instalment once it is to pay (its grant running, its planned date reached,
its releasing requirement accepted): the planned instalments whose condition already holds are to
pay at once, without waiting for the first run of the daily check."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["cri.ili.instalment"]._cron_mark_due()
