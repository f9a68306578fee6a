"""The summary statement of a grant as a workbook (OCA ``report_xlsx``), from the figures of
``report.cri_ili_grants.report_statement``: printed by the same staff, for the same grants."""

import re
from datetime import datetime

from odoo import api, models

from .cri_ili_statement import BUDGET_AMOUNTS, PRINTING_GROUPS

# characters Excel refuses in a sheet name
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class ReportCriIliStatementXlsx(models.AbstractModel):
    """The summary statement as a workbook: one sheet a grant, its lines ready to filter."""

    _name = "report.cri_ili_grants.statement_xlsx"
    # the mixin first: the grants come from the document ids, checked, never from the options
    _inherit = ["cri.report.mixin", "report.report_xlsx.abstract"]
    _description = "ILI Grant Summary Statement (XLSX)"
    _cri_report_model = "cri.ili.application"
    _cri_report_groups = PRINTING_GROUPS

    @api.model
    def _cri_printing_refusal(self):
        return self.env["report.cri_ili_grants.report_statement"]._cri_printing_refusal()

    @api.model
    def _cri_check_qualifies(self, docs):
        self.env["report.cri_ili_grants.report_statement"]._cri_check_qualifies(docs)

    def generate_xlsx_report(self, workbook, data, grants):
        statements = self.env["report.cri_ili_grants.report_statement"]._statements(grants)
        styles = {}
        for statement in statements:
            currency = statement["currency"]
            if currency.id not in styles:
                styles[currency.id] = self._styles(workbook, self._report_xlsx_currency_format(currency))
            self._write_sheet(workbook, styles[currency.id], statement)

    @api.model
    def _styles(self, workbook, money_format):
        header = {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
        total = {"bold": True, "top": 1}
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "subtitle": workbook.add_format({"italic": True}),
            "label": workbook.add_format({"bold": True}),
            "text": workbook.add_format({"valign": "top"}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "header": workbook.add_format(header),
            "money": workbook.add_format({"num_format": money_format, "valign": "top"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
            "percent": workbook.add_format({"num_format": "0.00 %"}),
            "total": workbook.add_format(total),
            "total_money": workbook.add_format(dict(total, num_format=money_format)),
            "total_percent": workbook.add_format(dict(total, num_format="0.00 %")),
            "alert": workbook.add_format({"bold": True, "font_color": "#C00000"}),
            "alert_money": workbook.add_format({"num_format": money_format, "font_color": "#C00000"}),
        }

    @api.model
    def _write_sheet(self, workbook, styles, statement):
        grant = statement["grant"]
        env = self.with_context(lang=statement["lang"]).env
        sheet = workbook.add_worksheet(SHEET_NAME_FORBIDDEN.sub("-", grant.name)[:31])
        for column, width in enumerate((20, 26, 16, 36, 16, 16, 16, 16, 40, 12)):
            sheet.set_column(column, column, width)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.write(
            0, 0, env._("Summary statement of the grant %(grant)s", grant=grant.name), styles["title"]
        )
        sheet.write(
            1,
            0,
            env._(
                "%(center)s – statement of %(date)s",
                center=statement["center"].name,
                date=statement["format_date"](statement["date"]),
            ),
            styles["subtitle"],
        )
        row = self._write_header(env, sheet, styles, statement, 3)
        row = self._write_categories(env, sheet, styles, statement, row + 1)
        # the summary above the frozen header of the lines folds away (outline), so that the
        # lines get the whole window
        for summary_row in range(2, row + 1):
            sheet.set_row(summary_row, None, None, {"level": 1})
        self._write_lines(env, sheet, styles, statement, row + 1)

    @api.model
    def _write_header(self, env, sheet, styles, statement, row):
        """The grant on the left; on the right the applicant as frozen at the decision and the
        balance of the payments. Amounts are numbers, the rest text."""
        grant = statement["grant"]
        call = grant.call_id
        date = statement["format_date"]
        grant_facts = [
            (env._("Grant"), grant.name),
            (env._("Call"), f"{call.name} ({call.period})"),
            (env._("Axis"), grant.axis_id.name),
            (
                env._("Activity period"),
                env._(
                    "%(start)s to %(end)s",
                    start=date(call.date_activity_start),
                    end=date(call.date_activity_end),
                ),
            ),
            (
                env._("Decision"),
                env._(
                    "%(reference)s of %(date)s",
                    reference=grant.decision_reference,
                    date=date(grant.decision_date),
                ),
            ),
            (env._("State"), statement["state"]),
            (env._("Granted"), grant.granted_amount),
        ]
        applicant_facts = [
            (env._("Applicant"), grant.frozen_legal_name),
            (env._("Company number"), grant.frozen_company_registry),
            (env._("Bank account"), grant.frozen_bank_account),
            (env._("Represented by"), grant.frozen_representative),
            (env._("Accepted, up to the granted amount"), statement["eligible"]),
            (env._("Paid instalments"), statement["paid"]),
            (env._("Balance (+ to pay, - to recover)"), statement["balance"]),
        ]
        for column, facts in ((0, grant_facts), (3, applicant_facts)):
            for line, (label, value) in enumerate(facts, start=row):
                sheet.write_string(line, column, label, styles["label"])
                if isinstance(value, float):
                    sheet.write_number(line, column + 1, value, styles["money"])
                else:
                    sheet.write_string(line, column + 1, value or "", styles["text"])
        return row + max(len(grant_facts), len(applicant_facts))

    @api.model
    def _write_categories(self, env, sheet, styles, statement, row):
        """The budget by category with a total row of formulas (their values cached)."""
        headers = [
            env._("Category"),
            env._("Requested"),
            env._("Allocated"),
            env._("Declared"),
            env._("To review"),
            env._("Accepted"),
            env._("Rejected"),
            env._("Remaining"),
            env._("Consumption"),
            env._("Overspent"),
        ]
        amounts = BUDGET_AMOUNTS
        sheet.write_row(row, 0, headers, styles["header"])
        first = row + 1
        for row, category in enumerate(statement["categories"], start=first):
            money = styles["alert_money"] if category["overspent"] else styles["money"]
            sheet.write(
                row, 0, category["label"], styles["alert"] if category["overspent"] else styles["text"]
            )
            for column, name in enumerate(amounts, start=1):
                sheet.write_number(row, column, category[name], money)
            sheet.write_number(row, 8, category["consumption_rate"] / 100, styles["percent"])
            sheet.write(row, 9, env._("Yes") if category["overspent"] else "", styles["alert"])
        last = first + len(statement["categories"]) - 1
        row = last + 1
        total = statement["total"]
        sheet.write(row, 0, env._("Total"), styles["total"])
        for column, name in enumerate(amounts, start=1):
            letter = chr(ord("A") + column)
            sheet.write_formula(
                row,
                column,
                f"=SUM({letter}{first + 1}:{letter}{last + 1})",
                styles["total_money"],
                total[name],
            )
        sheet.write_formula(
            row,
            8,
            f"=IF(C{row + 1}=0,0,F{row + 1}/C{row + 1})",
            styles["total_percent"],
            total["consumption_rate"] / 100,
        )
        return row + 1

    @api.model
    def _write_lines(self, env, sheet, styles, statement, row):
        """The expense lines under a frozen header with an autofilter; their totals follow the
        filter (SUBTOTAL), so that the accountant reads the total of what is shown."""
        headers = [
            env._("Date"),
            env._("Supplier"),
            env._("Invoice number"),
            env._("Description"),
            env._("Category"),
            env._("Declared"),
            env._("Review"),
            env._("Accepted"),
            env._("Rejection reason"),
        ]
        sheet.write(row, 0, env._("Expenses"), styles["title"])
        header_row = row + 1
        sheet.write_row(header_row, 0, headers, styles["header"])
        sheet.freeze_panes(header_row + 1, 0)
        sheet.repeat_rows(header_row)
        row = header_row
        for group in statement["groups"]:
            for line in group["lines"]:
                row += 1
                sheet.write_datetime(
                    row, 0, datetime.combine(line["date"], datetime.min.time()), styles["date"]
                )
                sheet.write_string(row, 1, line["supplier"], styles["text"])
                sheet.write_string(row, 2, line["invoice_number"], styles["text"])
                sheet.write_string(row, 3, line["description"], styles["wrap"])
                sheet.write_string(row, 4, line["category"], styles["text"])
                sheet.write_number(row, 5, line["amount"], styles["money"])
                sheet.write_string(row, 6, line["review"], styles["text"])
                if line["accepted_amount"] is not None:
                    sheet.write_number(row, 7, line["accepted_amount"], styles["money"])
                sheet.write_string(row, 8, line["rejection_reason"], styles["wrap"])
        last = row
        sheet.autofilter(header_row, 0, max(last, header_row), 8)
        row = last + 1
        sheet.write(row, 0, env._("Total"), styles["total"])
        for column, value in ((5, statement["declared"]), (7, statement["accepted"])):
            letter = chr(ord("A") + column)
            sheet.write_formula(
                row,
                column,
                f"=SUBTOTAL(9,{letter}{header_row + 2}:{letter}{last + 1})",
                styles["total_money"],
                value,
            )
        return row
