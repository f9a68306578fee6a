from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.cri_base.models.cri_workflow_mixin import WORKFLOW_CONTEXT

from ..tools.suppression import TOTAL, suppress
from .cri_reporting_frozen import is_snapshot_writer
from .cri_reporting_table import SCOPES

SNAPSHOT_STATES = [("current", "Current"), ("superseded", "Superseded")]
MANAGER_GROUP = "cri_base.group_manager"
REGION_ADMIN_GROUP = "cri_base.group_region_admin"


class CriReportingSnapshot(models.Model):
    """The figures of one month, frozen: what was published stays what it was. The tables of a
    CRI (its own scope) or of the Region (the CRIs side by side), year to date, with the cells
    that may not leave the CRI marked. A correction is a new version with its reason; the
    version it replaces is kept, superseded."""

    _name = "cri.reporting.snapshot"
    _description = "Monthly Statistics Snapshot"
    _inherit = ["cri.reporting.frozen", "mail.thread"]
    _order = "period desc, scope, company_id, version desc"

    name = fields.Char(compute="_compute_name", store=True)
    scope = fields.Selection(SCOPES, required=True, readonly=True)
    company_id = fields.Many2one("res.company", string="CRI", readonly=True, index=True)
    period = fields.Date(
        string="Month", required=True, readonly=True, index=True, help="First day of the month."
    )
    date_from = fields.Date(string="Figures From", required=True, readonly=True)
    date_to = fields.Date(string="Figures Up To", required=True, readonly=True)
    version = fields.Integer(required=True, readonly=True, default=1)
    previous_version_id = fields.Many2one(
        "cri.reporting.snapshot", string="Corrects Version", readonly=True, ondelete="restrict"
    )
    reason = fields.Text(string="Reason of the Correction", readonly=True)
    k_threshold = fields.Integer(
        string="Threshold",
        readonly=True,
        help="Counts of people under this threshold are hidden.",
    )
    line_ids = fields.One2many("cri.reporting.snapshot.line", "snapshot_id", string="Figures", readonly=True)
    # the audit before release (cri.reporting.publication): what an attacker reading every table
    # published with this one learns of its hidden small counts
    audit_protected = fields.Integer(
        string="Audited Cells",
        readonly=True,
        help="Small counts (and their hours) of the tables, whose interval the audit computed over "
        "every table published with them.",
    )
    audit_added = fields.Integer(
        string="Complements of the Linked Tables",
        readonly=True,
        help="Cells hidden because the tables published together share cells.",
    )
    audit_narrowest = fields.Float(
        string="Narrowest Interval",
        readonly=True,
        digits=(16, 2),
        help="The narrowest interval an attacker finds for a hidden small count, as a multiple of "
        "the protection level (at least 1).",
    )
    audit_passed = fields.Boolean(readonly=True)
    audit_seconds = fields.Float(string="Audit Time (s)", readonly=True, digits=(16, 3))
    state = fields.Selection(
        SNAPSHOT_STATES, string="Status", default="current", required=True, readonly=True, tracking=True
    )
    line_count = fields.Integer(string="Cells", compute="_compute_line_count")
    tables_html = fields.Html(
        string="Tables",
        compute="_compute_tables_html",
        sanitize=False,
        help="The published tables of the month.",
    )

    _sql_constraints = [
        (
            "version_unique",
            "unique(scope, company_id, period, version)",
            "This version of the month's figures already exists.",
        ),
    ]

    @api.depends("scope", "company_id", "period", "version")
    def _compute_name(self):
        # a stored name: in the language of what is published, whoever takes the snapshot
        lang = self.env["cri.reporting.table"]._publication_lang()
        region = self.with_context(lang=lang).env._("Region")
        for snapshot in self:
            where = snapshot.company_id.name if snapshot.scope == "cri" else region
            month = snapshot.period and snapshot.period.strftime("%m/%Y") or ""
            snapshot.name = f"{where} {month} v{snapshot.version}"

    def _compute_line_count(self):
        counts = dict(
            self.env["cri.reporting.snapshot.line"]._read_group(
                [("snapshot_id", "in", self.ids)], ["snapshot_id"], ["__count"]
            )
        )
        for snapshot in self:
            snapshot.line_count = counts.get(snapshot, 0)

    @api.depends("line_ids", "k_threshold")
    def _compute_tables_html(self):
        """The month's tables as they are published: small counts and the cells that would
        reveal them shown as "<k"."""
        for snapshot in self:
            tables = {}
            for line in snapshot.line_ids:
                table = tables.setdefault(
                    line.table_code, {"title": line.table_title, "rows": {}, "cols": {}}
                )
                table["rows"].setdefault(line.row_key, line.row_label)
                table["cols"].setdefault(line.col_key, line.col_label)
                table[line.row_key, line.col_key] = line.display_value
            snapshot.tables_html = Markup().join(self._table_html(table) for table in tables.values())

    @api.model
    def _table_html(self, table):
        """One table as HTML, totals last (the lines put them last: keys are kept in order)."""

        def ordered(keys):
            return [key for key in keys if key != TOTAL] + ([TOTAL] if TOTAL in keys else [])

        rows, cols = ordered(table["rows"]), ordered(table["cols"])
        head = Markup().join(Markup("<th class='text-end'>%s</th>") % table["cols"][col] for col in cols)
        body = Markup()
        for row in rows:
            cells = Markup().join(
                Markup("<td class='text-end'>%s</td>") % table.get((row, col), "") for col in cols
            )
            style = Markup(" class='fw-bold'") if row == TOTAL else Markup()
            body += Markup("<tr%s><th>%s</th>%s</tr>") % (style, table["rows"][row], cells)
        return Markup(
            "<h5 class='mt-3'>%s</h5><table class='table table-sm table-bordered o_cri_reporting_table'>"
            "<thead><tr><th></th>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (table["title"], head, body)

    # immutability ---------------------------------------------------------------------------

    def write(self, vals):
        frozen = set(vals) & set(self._frozen_fields())
        if frozen and not (is_snapshot_writer(self.env) and frozen == {"state"}):
            self._refuse_change()
        return super().write(vals)

    @api.model
    def _frozen_fields(self):
        """Every field of the snapshot itself (not its chatter)."""
        return [name for name, field in self._fields.items() if field.model_name == self._name]

    # taking snapshots -------------------------------------------------------------------------

    @api.model
    def _cron_monthly_snapshots(self):
        """The figures of last month, for every CRI and for the Region, unless already taken."""
        month = self.env["cri.reporting.table"]._today().replace(day=1) - relativedelta(months=1)
        return self._take_month(month)

    @api.model
    def _take_demo_months(self, months):
        """Demo data: the snapshots of the last ``months`` months, in the CRIs' language as the
        monthly job takes them. An installation loads the translations of its addons only at
        its end: those of the addons the tables read are loaded first."""
        lang = self.env["cri.reporting.table"]._publication_lang()
        if lang != "en_US":
            Module = self.env["ir.module.module"]
            modules = Module.search([("name", "=like", "cri_%")]) | Module.search(
                [("name", "=", "partner_contact_gender")]
            )
            modules._update_translations(filter_lang=lang)
        first = self.env["cri.reporting.table"]._today().replace(day=1)
        for number in range(months, 0, -1):
            self._take_month(first - relativedelta(months=number))

    @api.model
    def _take_month(self, month):
        """The snapshots of ``month`` not taken yet, every CRI's and the Region's, protected
        together (they are published together)."""
        month = month.replace(day=1)
        Table = self.env["cri.reporting.table"]
        existing = self.sudo().search([("period", "=", month)])
        taken = {(snapshot.scope, snapshot.company_id.id) for snapshot in existing}
        wanted = [("cri", company) for company in Table._cri_companies()] + [
            ("region", self.env["res.company"])
        ]
        missing = [(scope, company) for scope, company in wanted if (scope, company.id) not in taken]
        return self._take(missing, month) if missing else self.browse()

    @api.model
    def _take(self, wanted, month, corrected=None, reason=None):
        """The snapshots of ``wanted`` [(scope, company)] for ``month``, suppressed together.

        Each table hides its small counts and keeps the pattern of the last earlier snapshot of
        the same year (a cell hidden then stays hidden, a cell whose count changed by less than the
        threshold is hidden, so that two months cannot be subtracted); a correction also keeps the
        pattern of the version it replaces. Then the tables are protected together and audited
        (cri.reporting.publication). Titles and labels are in the CRIs' language, whoever takes
        them."""
        caller = self
        self = self.with_context(lang=self.env["cri.reporting.table"]._publication_lang())  # noqa: PLW0642
        # the statistics are SQL views of the files: what the files still have to compute first
        self.env.flush_all()
        Table = self.env["cri.reporting.table"]
        k = Table._k_threshold()
        date_from, date_to = Table._month_bounds(month)
        prepared = [
            (scope, company, self._suppressed_tables(scope, company, month, k, corrected))
            for scope, company in wanted
        ]
        published = [
            (scope, company, cells, table, previous, floors)
            for scope, company, tables in prepared
            for cells, table, previous, floors in tables
        ]
        protection, _system, placed = self.env["cri.reporting.publication"]._protect_together(published, k)
        grids = {id(table): grid for table, grid in placed}
        snapshots = self.browse()
        for scope, company, tables in prepared:
            audit = self.env["cri.reporting.publication"]._audit_summary(
                protection, [grids[id(table)] for _cells, table, *_rest in tables if id(table) in grids]
            )
            snapshot = (
                self.sudo()
                .with_context(**WORKFLOW_CONTEXT, mail_create_nolog=True)
                .create(
                    {
                        "scope": scope,
                        "company_id": company.id,
                        "period": month,
                        "date_from": date_from,
                        "date_to": date_to,
                        "version": corrected.version + 1 if corrected else 1,
                        "previous_version_id": corrected.id if corrected else False,
                        "reason": reason,
                        "k_threshold": k,
                        **audit,
                    }
                )
            )
            lines = []
            for cells, table, *_rest in tables:
                lines += self._line_values(cells, table)
            self._insert_lines(snapshot, lines)
            snapshots |= snapshot
        # in the caller's environment: not the superuser's, nor the publication's language
        return caller.browse(snapshots.ids)

    @api.model
    def _suppressed_tables(self, scope, company, month, k, corrected=None):
        """[(cells, suppressed table, [counts published before], {key: value published last
        month})] of one snapshot, each table alone. Last month's published values are what a
        reader may take as floors of this month's year-to-date figures."""
        Table = self.env["cri.reporting.table"]
        date_from, date_to = Table._month_bounds(month)
        companies = company if scope == "cri" else Table._cri_companies()
        earlier = self.sudo().search(
            [
                ("scope", "=", scope),
                ("company_id", "=", company.id),
                ("state", "=", "current"),
                ("period", "<", month),
                ("period", ">=", date_from),
            ],
            order="period desc",
            limit=1,
        )
        before, since = earlier._patterns(), corrected._patterns() if corrected else {}
        floors = earlier._published_values()
        tables = []
        for spec in Table._specs_of_scope(scope):
            cells = Table._cells(spec, companies, date_from, date_to)
            hidden, counts = before.get(spec.code, (set(), {}))
            forced = set(hidden)
            if corrected:
                old_hidden, old_counts = since.get(spec.code, (set(), {}))
                forced |= old_hidden
                forced |= self._changed_keys(cells, old_counts, k)
            table = Table._suppress(cells, k, forced=forced, previous=counts or None)
            # what the published counts of this table may be compared with: last month's, and the
            # version a correction replaces
            compared = [counts] + ([since.get(spec.code, (set(), {}))[1]] if corrected else [])
            tables.append(
                (
                    cells,
                    table,
                    [earlier_counts for earlier_counts in compared if earlier_counts],
                    floors.get(spec.code, {}),
                )
            )
        return tables

    @api.model
    def _insert_lines(self, snapshot, lines):
        """The cells of a new snapshot, in one INSERT whatever their number: they are written
        once, by the snapshot itself, and never again."""
        Line = self.env["cri.reporting.snapshot.line"]
        names = list(lines[0]) if lines else []
        if not names:
            return
        arrays = [
            SQL(
                "%s::%s[]",
                [line[name] if line[name] is not False else None for line in lines],
                SQL(Line._fields[name].column_type[1]),
            )
            for name in names
        ]
        self.env.cr.execute(
            SQL(
                """INSERT INTO cri_reporting_snapshot_line
                       (snapshot_id, scope, company_id, period, state,
                        create_uid, create_date, write_uid, write_date, %s)
                   SELECT %s, %s, %s, %s, %s, %s, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC', cell.*
                     FROM unnest(%s) AS cell""",
                SQL(", ").join(SQL.identifier(name) for name in names),
                snapshot.id,
                snapshot.scope,
                snapshot.company_id.id or None,
                snapshot.period,
                snapshot.state,
                self.env.uid,
                self.env.uid,
                SQL(", ").join(arrays),
            )
        )
        snapshot.invalidate_recordset(["line_ids"])

    @api.model
    def _changed_keys(self, cells, old_counts, k):
        """Cells of a correction whose count changed by less than the threshold: published
        next to the old version, the difference would be a small count."""
        rows, cols = [key for key, _label in cells.rows], [key for key, _label in cells.cols]
        margins = suppress(cells.counts, k=0, rows=rows, cols=cols)
        return {
            key
            for key, count in margins.counts.items()
            if key in old_counts and 0 < abs(count - old_counts[key]) < k
        }

    @api.model
    def _line_values(self, cells, table):
        row_labels, col_labels = cells.labels()
        total = self.env._("Total")
        lines = []
        for row in [*table.rows, TOTAL]:
            for col in [*table.cols, TOTAL]:
                hidden = table.is_hidden(row, col)
                lines.append(
                    {
                        "table_code": cells.spec.code,
                        "table_title": cells.spec.title,
                        "row_key": row,
                        "row_label": total if row == TOTAL else row_labels[row],
                        "col_key": col,
                        "col_label": total if col == TOTAL else col_labels[col],
                        "value": table.values[row, col],
                        "people_count": table.counts[row, col],
                        "published_value": False if hidden else table.values[row, col],
                        "hidden": hidden,
                        "primary": (row, col) in table.primary,
                        "is_total": TOTAL in (row, col),
                    }
                )
        return lines

    def _published_values(self):
        """{table code: {(row key, col key): published value}} of the cells this snapshot
        published (not hidden)."""
        values = {}
        if not self:
            return values
        self.ensure_one()
        lines = (
            self.env["cri.reporting.snapshot.line"]
            .sudo()
            .search_read(
                [("snapshot_id", "=", self.id), ("hidden", "=", False)],
                ["table_code", "row_key", "col_key", "published_value"],
            )
        )
        for line in lines:
            values.setdefault(line["table_code"], {})[line["row_key"], line["col_key"]] = line[
                "published_value"
            ]
        return values

    def _patterns(self):
        """{table code: (hidden keys, counts by key)} of this snapshot, as the next month's
        suppression keeps them."""
        patterns = {}
        if not self:
            return patterns
        self.ensure_one()
        lines = (
            self.env["cri.reporting.snapshot.line"]
            .sudo()
            .search_read(
                [("snapshot_id", "=", self.id)],
                ["table_code", "row_key", "col_key", "hidden", "people_count"],
            )
        )
        for line in lines:
            hidden, counts = patterns.setdefault(line["table_code"], (set(), {}))
            key = (line["row_key"], line["col_key"])
            counts[key] = line["people_count"]
            if line["hidden"]:
                hidden.add(key)
        return patterns

    # correction -------------------------------------------------------------------------------

    def _check_may_correct(self):
        self.ensure_one()
        user = self.env.user
        if self.scope == "cri":
            allowed = user.has_group(MANAGER_GROUP) and self.company_id in user.company_ids
        else:
            allowed = user.has_group(REGION_ADMIN_GROUP)
        if not allowed:
            raise AccessError(
                self.env._(
                    "Only a manager of the CRI corrects its figures, and a Region administrator the Region's."
                )
            )
        if self.state != "current":
            raise UserError(self.env._("Only the current version of a month's figures can be corrected."))

    def _correct(self, reason):
        """A new version of this month's figures, computed again, with ``reason``; this version
        is kept, superseded."""
        self._check_may_correct()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the correction: it is published with it."))
        old = self.sudo().with_context(**WORKFLOW_CONTEXT)
        old.state = "superseded"
        new = self._take([(self.scope, self.company_id)], self.period, corrected=old, reason=reason.strip())
        body = self.env._("Corrected by version %(version)s: %(reason)s", version=new.version, reason=reason)
        old.message_post(body=body)
        new.message_post(
            body=self.env._(
                "Correction of version %(version)s: %(reason)s", version=old.version, reason=reason
            )
        )
        return new

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cri_reporting.action_cri_reporting_snapshot_line"
        )
        action["domain"] = [("snapshot_id", "=", self.id)]
        action["context"] = {"group_by": ["table_title", "row_label"]}
        return action
