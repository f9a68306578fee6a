from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cri_base.tools import legal_today

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
    """The annual tables as a workbook: a CRI's own exact figures, or the Region's tables as
    they leave the CRIs, small counts hidden."""

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

    def action_export(self):
        self._check_export()
        return self.env.ref("cri_reporting.action_report_cri_reporting_tables_xlsx").report_action(self)

    def _period(self):
        Table = self.env["cri.reporting.table"]
        date_from, date_to = Table._year_bounds(self.year)
        return date_from, min(date_to, Table._today())

    def _tables(self):
        """[(cells, suppressed table or None)] of the export: the CRI's tables with their exact
        figures, or the Region's tables suppressed with the pattern of the Region's last
        snapshot of the year, so that the annual table reveals nothing the months hid."""
        self._check_export()
        Table = self.env["cri.reporting.table"]
        date_from, date_to = self._period()
        if self.kind == "cri":
            return [
                (Table._cells(spec, self.company_id, date_from, date_to), None)
                for spec in Table._specs_of_scope("cri")
            ]
        k = Table._k_threshold()
        last = (
            self.env["cri.reporting.snapshot"]
            .sudo()
            .search(
                [("scope", "=", "region"), ("state", "=", "current"), ("period", ">=", date_from),
                 ("period", "<=", date_to)],
                order="period desc",
                limit=1,
            )
        )  # fmt: skip
        patterns = last._patterns()
        tables = []
        for spec in Table._specs_of_scope("region"):
            cells = Table._cells(spec, Table._cri_companies(), date_from, date_to)
            hidden, counts = patterns.get(spec.code, (set(), {}))
            tables.append((cells, Table._suppress(cells, k, forced=hidden, previous=counts or None)))
        return tables
