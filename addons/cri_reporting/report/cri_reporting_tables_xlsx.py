"""The annual statistical tables as a workbook (OCA ``report_xlsx``): one sheet a table for a
CRI or the Region, or one flat sheet for IWEPS and the coordination committee."""

import re

from odoo import api, models

from odoo.addons.cri_base.tools import legal_today

from ..tools.suppression import TOTAL
from ..wizards.cri_reporting_export import REGION_EXPORT_GROUPS

# characters Excel refuses in a sheet name
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 6
IWEPS_MARKER = ":c"


class ReportCriReportingTablesXlsx(models.AbstractModel):
    _name = "report.cri_reporting.tables_xlsx"
    _inherit = ["cri.report.mixin", "report.report_xlsx.abstract"]
    _description = "Statistical Tables (XLSX)"
    _cri_report_model = "cri.reporting.export"
    # the Region's readers and the CRIs' managers; which export each may have: _check_export
    _cri_report_groups = REGION_EXPORT_GROUPS

    @api.model
    def _cri_printing_refusal(self):
        return self.env._("You may not export these statistics.")

    @api.model
    def _cri_check_qualifies(self, docs):
        # an export is its author's (transient record), of a kind and a CRI its author may have
        for export in docs:
            export._check_export()

    def generate_xlsx_report(self, workbook, data, exports):
        styles = self._styles(workbook)
        for export in exports:
            tables = export._tables()
            k = export._k()
            # the same lines above every table of the export
            filters = self._filters(export, k)
            if export.kind == "iweps":
                self._write_flat(workbook, styles, export, tables, filters)
            else:
                for number, (cells, table) in enumerate(tables, start=1):
                    self._write_table(workbook, styles, number, cells, table, k, filters)

    @api.model
    def _styles(self, workbook):
        header = {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
        total = {"bold": True, "top": 1}
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "filter": workbook.add_format({"italic": True}),
            "header": workbook.add_format(header),
            "label": workbook.add_format({"valign": "top"}),
            "number": workbook.add_format({"num_format": "#,##0.##"}),
            "hidden": workbook.add_format({"align": "right", "font_color": "#7F7F7F"}),
            "total": workbook.add_format(total),
            "total_number": workbook.add_format(dict(total, num_format="#,##0.##")),
            "total_hidden": workbook.add_format(dict(total, align="right", font_color="#7F7F7F")),
        }

    @api.model
    def _filters(self, export, k):
        """The lines that say, above every table, what it holds."""
        date_from, date_to = export._period()
        where = (
            self.env._("CRI: %(cri)s", cri=export.company_id.name)
            if export.kind == "cri"
            else self.env._("Region: every CRI")
        )
        period = self.env._(
            "Period: %(start)s to %(end)s (year %(year)s)",
            start=date_from.strftime("%d/%m/%Y"),
            end=date_to.strftime("%d/%m/%Y"),
            year=export.year,
        )
        if export.kind == "cri":
            rule = self.env._("Exact figures, for the CRI's own use: they do not leave the CRI.")
        else:
            marker = IWEPS_MARKER if export.kind == "iweps" else f"<{k}"
            rule = self.env._(
                "Counts of people from 1 to %(last)s, and the cells that would reveal them, are shown "
                "as %(marker)s; their hours or amounts as %(secret)s.",
                last=k - 1,
                marker=marker,
                secret=IWEPS_MARKER if export.kind == "iweps" else self.env._("confidential"),
            )
        generated = self.env._("Generated on %(date)s", date=legal_today().strftime("%d/%m/%Y"))
        return [where, period, rule, generated]

    @api.model
    def _marker(self, spec, k):
        """What a hidden cell shows: "<k" for a count, "confidential" for hours or amounts, which
        are no small number, only secret."""
        return self.env._("confidential") if spec.measure else f"<{k}"

    @api.model
    def _write_table(self, workbook, styles, number, cells, table, k, filters):
        spec = cells.spec
        sheet = workbook.add_worksheet(self._sheet_name(f"{number}. {spec.title}"))
        sheet.write(0, 0, spec.title, styles["title"])
        for offset, text in enumerate(filters, start=1):
            sheet.write(offset, 0, text, styles["filter"])
        model = self.env[spec.model]
        rows, cols = cells.rows, cells.cols
        total = self.env._("Total")
        sheet.write(HEADER_ROW, 0, model._fields[spec.row]._description_string(self.env), styles["header"])
        for column, (_key, label) in enumerate([*cols, (TOTAL, total)], start=1):
            sheet.write(HEADER_ROW, column, label, styles["header"])
        values = self._values(cells, table)
        marker = self._marker(spec, k)
        for line, (row, label) in enumerate([*rows, (TOTAL, total)], start=HEADER_ROW + 1):
            is_total_row = row == TOTAL
            sheet.write(line, 0, label, styles["total" if is_total_row else "label"])
            for column, (col, _label) in enumerate([*cols, (TOTAL, None)], start=1):
                bold = is_total_row or col == TOTAL
                if table is not None and table.is_hidden(row, col):
                    sheet.write(line, column, marker, styles["total_hidden" if bold else "hidden"])
                else:
                    sheet.write_number(
                        line, column, values[row, col], styles["total_number" if bold else "number"]
                    )
        sheet.freeze_panes(HEADER_ROW + 1, 1)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, len(cols) + 1, 14)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)

    @api.model
    def _sheet_name(self, title):
        """A sheet name Excel accepts (31 characters at most), cut between two words."""
        name = SHEET_NAME_FORBIDDEN.sub("-", title)
        if len(name) > 31:
            name = name[:30].rsplit(" ", 1)[0] + "…"
        return name

    @api.model
    def _values(self, cells, table):
        """Values with their totals: those of the suppressed table, or computed."""
        if table is None:
            table = self.env["cri.reporting.table"]._suppress(cells, 0)
        return table.values

    @api.model
    def _write_flat(self, workbook, styles, export, tables, filters):
        sheet = workbook.add_worksheet("IWEPS")
        sheet.write(0, 0, self.env._("Integration pathway statistics of the CRIs"), styles["title"])
        for offset, text in enumerate(filters, start=1):
            sheet.write(offset, 0, text, styles["filter"])
        headers = [
            self.env._("Table"),
            self.env._("Table Code"),
            self.env._("Year"),
            self.env._("Row"),
            self.env._("Column"),
            self.env._("Value"),
        ]
        for column, header in enumerate(headers):
            sheet.write(HEADER_ROW, column, header, styles["header"])
        line = HEADER_ROW + 1
        total = self.env._("Total")
        for cells, table in tables:
            row_labels, col_labels = cells.labels()
            row_labels[TOTAL] = col_labels[TOTAL] = total
            for row in [*table.rows, TOTAL]:
                for col in [*table.cols, TOTAL]:
                    sheet.write_row(
                        line,
                        0,
                        (cells.spec.title, cells.spec.code, export.year, row_labels[row], col_labels[col]),
                    )
                    if table.is_hidden(row, col):
                        sheet.write(line, 5, IWEPS_MARKER, styles["hidden"])
                    else:
                        sheet.write_number(line, 5, table.values[row, col], styles["number"])
                    line += 1
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        sheet.autofilter(HEADER_ROW, 0, max(line - 1, HEADER_ROW), len(headers) - 1)
        for column, width in enumerate((40, 22, 8, 36, 28, 12)):
            sheet.set_column(column, column, width)
