from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cri_base.models.cri_workflow_mixin import WORKFLOW_KEY, WORKFLOW_TOKEN


def is_snapshot_writer(env):
    """The monthly snapshot and its correction are the only writers of snapshots: they pass the
    suite's workflow token (cri_base), which no RPC call can. Superuser code is no exception:
    published figures are never changed."""
    return env.context.get(WORKFLOW_KEY) is WORKFLOW_TOKEN


class CriReportingFrozen(models.AbstractModel):
    """What a published figure is made of: created by the snapshot only, never changed, never
    deleted."""

    _name = "cri.reporting.frozen"
    _description = "Frozen Statistics Record"

    @api.model_create_multi
    def create(self, vals_list):
        if not is_snapshot_writer(self.env):
            raise AccessError(self.env._("Snapshots are taken by the monthly job or by a correction only."))
        return super().create(vals_list)

    def _refuse_change(self):
        raise UserError(
            self.env._("A snapshot is frozen: its figures never change. Correct it with a new version.")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A snapshot is kept for ever: it cannot be deleted."))
