from odoo import api, fields, models

from .cri_reporting_snapshot import MANAGER_GROUP


class CriReportingSnapshotLine(models.Model):
    """One cell of a table of a monthly snapshot. The exact figure and why a cell is hidden are
    for the CRI's managers; the Region reads the published figure, empty where hidden."""

    _name = "cri.reporting.snapshot.line"
    _description = "Monthly Statistics Cell"
    _inherit = ["cri.reporting.frozen"]
    _order = "snapshot_id, id"

    snapshot_id = fields.Many2one(
        "cri.reporting.snapshot",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    scope = fields.Selection(related="snapshot_id.scope", store=True)
    company_id = fields.Many2one(related="snapshot_id.company_id", string="CRI", store=True, index=True)
    period = fields.Date(related="snapshot_id.period", string="Month", store=True)
    state = fields.Selection(related="snapshot_id.state", string="Version Status", store=True)
    table_code = fields.Char(required=True, readonly=True)
    table_title = fields.Char(string="Table", required=True, readonly=True)
    row_key = fields.Char(required=True, readonly=True)
    row_label = fields.Char(string="Row", required=True, readonly=True)
    col_key = fields.Char(string="Column Key", required=True, readonly=True)
    col_label = fields.Char(string="Column", required=True, readonly=True)
    is_total = fields.Boolean(string="Total", readonly=True)
    value = fields.Float(string="Exact Figure", readonly=True, groups=MANAGER_GROUP)
    people_count = fields.Integer(string="People", readonly=True, groups=MANAGER_GROUP)
    primary = fields.Boolean(
        string="Small Count",
        readonly=True,
        groups=MANAGER_GROUP,
        help="Hidden for its own sake (a count under the threshold); the other hidden cells protect it.",
    )
    hidden = fields.Boolean(
        readonly=True, help="Not published: a small count, or a cell that would reveal one."
    )
    published_value = fields.Float(string="Published Figure", readonly=True, digits=(16, 0))
    display_value = fields.Char(string="Figure", compute="_compute_display_value")

    @api.depends("hidden", "published_value", "snapshot_id.k_threshold", "table_code")
    def _compute_display_value(self):
        # a hidden count reads "<k"; hidden hours or amounts are no small number, only secret
        specs = {spec.code: spec for spec in self.env["cri.reporting.table"]._table_specs()}
        confidential = self.env._("confidential")
        for line in self:
            spec = specs.get(line.table_code)
            if line.hidden and spec and spec.measure:
                line.display_value = confidential
            elif line.hidden:
                line.display_value = f"<{line.snapshot_id.k_threshold}"
            else:
                line.display_value = f"{line.published_value:g}"

    def write(self, vals):
        if vals:
            self._refuse_change()
        return super().write(vals)
