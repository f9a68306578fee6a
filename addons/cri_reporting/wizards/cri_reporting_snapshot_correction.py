from odoo import fields, models


class CriReportingSnapshotCorrection(models.TransientModel):
    """Correct a month's figures: a new version, computed from the data as it is now, with the
    reason that is published with it."""

    _name = "cri.reporting.snapshot.correction"
    _description = "Snapshot Correction"

    snapshot_id = fields.Many2one("cri.reporting.snapshot", required=True, readonly=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Why the published figures change (kept with the new version).")

    def action_correct(self):
        self.ensure_one()
        new = self.snapshot_id._correct(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cri.reporting.snapshot",
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }
