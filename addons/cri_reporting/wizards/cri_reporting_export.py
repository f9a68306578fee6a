import dataclasses
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.cri_base.tools import legal_today

from ..models.cri_reporting_table import TableCells
from ..tools.suppression import TOTAL, SuppressedTable

EXPORT_KINDS = [
    ("cri", "Annual tables of my CRI (exact figures)"),
    ("region", "Annual tables of the Region (small counts hidden)"),
    ("iweps", "File for IWEPS and the coordination committee (small counts hidden)"),
]
# who may have which export: the CRI's exact figures stay in the CRI
CRI_EXPORT_GROUPS = ("cri_base.group_manager",)
REGION_EXPORT_GROUPS = (
    "cri_base.group_manager",
    "cri_base.group_region_observer",
    "cri_base.group_region_admin",
)


class CriReportingExport(models.TransientModel):
    """The annual tables as a workbook: a CRI's own exact figures (live, for its own use), or
    the Region's tables as they left the CRIs: those of the last monthly snapshot of the year,
    frozen and audited, never figures computed again (two exports of the same year are the same
    publication)."""

    _name = "cri.reporting.export"
    _description = "Statistics Export"

    kind = fields.Selection(EXPORT_KINDS, string="Export", required=True, default="region")
    year = fields.Integer(required=True, default=lambda self: legal_today().year)
    company_id = fields.Many2one(
        "res.company",
        string="CRI",
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The CRI whose exact figures are exported: one of yours.",
    )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # the form offers each user the exports it may have; _check_export refuses the others
        result = super().fields_get(allfields, attributes)
        if "selection" in result.get("kind", {}):
            result["kind"]["selection"] = [
                (kind, label) for kind, label in result["kind"]["selection"] if self._may_export(kind)
            ]
        return result

    @api.model
    def _may_export(self, kind):
        groups = CRI_EXPORT_GROUPS if kind == "cri" else REGION_EXPORT_GROUPS
        return any(self.env.user.has_group(group) for group in groups)

    def _check_export(self):
        """The server's rule, whatever the form offered: exact figures of one's own CRI for its
        managers, hidden small counts for the Region's readers."""
        self.ensure_one()
        if not self._may_export(self.kind):
            raise AccessError(self.env._("You may not export these statistics."))
        if self.kind == "cri" and self.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("Only the exact figures of your own CRI can be exported."))
        if not 2000 <= self.year <= legal_today().year:
            raise UserError(self.env._("Choose a year from 2000 to this year."))
        if self.kind != "cri" and not self._region_snapshot():
            raise UserError(
                self.env._(
                    "No month of %(year)s is published yet: the Region's tables leave the CRIs with "
                    "the monthly snapshots only.",
                    year=self.year,
                )
            )

    def _region_snapshot(self):
        """The Region's figures of the year as last published: its latest current snapshot."""
        date_from, date_to = self.env["cri.reporting.table"]._year_bounds(self.year)
        return (
            self.env["cri.reporting.snapshot"]
            .sudo()
            .search(
                [
                    ("scope", "=", "region"),
                    ("state", "=", "current"),
                    ("period", ">=", date_from),
                    ("period", "<=", date_to),
                ],
                order="period desc",
                limit=1,
            )
        )

    def action_export(self):
        self._check_export()
        return self.env.ref("cri_reporting.action_report_cri_reporting_tables_xlsx").report_action(self)

    def _k(self):
        """The threshold of the figures exported: the snapshot's for the Region's tables."""
        if self.kind != "cri":
            return self._region_snapshot().k_threshold
        return self.env["cri.reporting.table"]._k_threshold()

    def _period(self):
        if self.kind != "cri":
            snapshot = self._region_snapshot()
            return snapshot.date_from, snapshot.date_to
        Table = self.env["cri.reporting.table"]
        date_from, date_to = Table._year_bounds(self.year)
        return date_from, min(date_to, Table._today())

    def _tables(self):
        """[(cells, suppressed table or None)] of the export: the CRI's tables with their exact
        figures, or the Region's tables as its last snapshot of the year published them."""
        self._check_export()
        Table = self.env["cri.reporting.table"]
        if self.kind == "cri":
            date_from, date_to = self._period()
            return [
                (Table._cells(spec, self.company_id, date_from, date_to), None)
                for spec in Table._specs_of_scope("cri")
            ]
        return self._published_tables(self._region_snapshot())

    @api.model
    def _published_tables(self, snapshot):
        """The tables of ``snapshot`` as published: labels, published figures, hidden cells."""
        Table = self.env["cri.reporting.table"]
        # the snapshot's cells read at once, in their order (the lines' _order), as plain values:
        # a record's field at a time cost more than writing the workbook
        Line = self.env["cri.reporting.snapshot.line"]
        Line.flush_model(["snapshot_id", "table_code", "table_title", "row_key", "row_label"])
        Line.flush_model(["col_key", "col_label", "published_value", "hidden"])
        by_table = defaultdict(list)
        for line in self.env.execute_query_dict(
            SQL(
                """SELECT table_code, table_title, row_key, row_label, col_key, col_label,
                          COALESCE(published_value, 0) AS published_value, hidden IS TRUE AS hidden
                     FROM cri_reporting_snapshot_line
                    WHERE snapshot_id = %s
                 ORDER BY id""",
                snapshot.id,
            )
        ):
            by_table[line["table_code"]].append(line)
        tables = []
        for spec in Table._specs_of_scope(snapshot.scope):
            own = by_table.get(spec.code)
            if not own:
                continue
            rows = {line["row_key"]: line["row_label"] for line in own if line["row_key"] != TOTAL}
            cols = {line["col_key"]: line["col_label"] for line in own if line["col_key"] != TOTAL}
            values = {(line["row_key"], line["col_key"]): line["published_value"] for line in own}
            hidden = {(line["row_key"], line["col_key"]) for line in own if line["hidden"]}
            spec = dataclasses.replace(spec, title=own[0]["table_title"])
            cells = TableCells(spec, list(rows.items()), list(cols.items()), {}, {})
            tables.append((cells, SuppressedTable(list(rows), list(cols), values, {}, hidden, set())))
        return tables
