import base64
import binascii
import io
import math
import re
import zipfile
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import xlsxwriter
from openpyxl.utils.exceptions import InvalidFileException

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cri_base.tools import legal_today

from ..models.cri_ili_expense import DECLARING_STATES

MAX_FILE_SIZE = 5 * 1024 * 1024
# an XLSX is a zip: its unpacked content is bounded too, so that a small file cannot fill the memory
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
MAX_LINES = 2000
# the errors listed in one message: beyond, the applicant corrects the first ones and imports again
MAX_ERRORS_SHOWN = 100
COLUMNS = ("date", "supplier", "invoice_number", "description", "category", "amount")
TEXT_LIMITS = {"supplier": 128, "invoice_number": 64, "description": 256}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
CENT = Decimal("0.01")
# what is left of a binary rounding of a computed cell: far below a cent
RESIDUE = Decimal("0.000001")
# a text amount once its thousands separators are gone and its decimal separator is a dot
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_AMOUNT = Decimal(10) ** 12
# what a damaged or foreign file raises while openpyxl reads it (an XML error is a SyntaxError)
READ_ERRORS = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OSError,
    SyntaxError,
)


class CriIliExpenseImport(models.TransientModel):
    """Import of a grant's expenses from the XLSX template: every line is checked first, and
    either all the expenses are created, as the user who imports, or none."""

    _name = "cri.ili.expense.import"
    _description = "ILI Expense Import"

    application_id = fields.Many2one(
        "cri.ili.application",
        string="Grant",
        required=True,
        ondelete="cascade",
        domain=[("state", "in", DECLARING_STATES)],
    )
    file = fields.Binary(
        required=True,
        attachment=False,
        help="The expense template filled in: one line per invoice (XLSX, at most 5 MB).",
    )
    filename = fields.Char(string="File Name")

    # ------------------------------------------------------------------ template
    def _column_titles(self):
        """The titles of the template's columns, in the language of the environment."""
        return (
            self.env._("Date"),
            self.env._("Supplier"),
            self.env._("Invoice number"),
            self.env._("Description"),
            self.env._("Category"),
            self.env._("Amount"),
        )

    def _category_selection(self):
        return self.env["cri.ili.expense"]._fields["category"]._description_selection(self.env)

    @api.model
    def template_xlsx(self):
        """The bytes of the XLSX template, its titles and help in the user's language."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        self._write_expense_sheet(workbook)
        self._write_help_sheet(workbook)
        workbook.close()
        return output.getvalue()

    def _write_expense_sheet(self, workbook):
        sheet = workbook.add_worksheet(self.env._("Expenses"))
        bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        sheet.write_row(0, 0, self._column_titles(), bold)
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, 0, 12, workbook.add_format({"num_format": "dd/mm/yyyy"}))
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, 2, 18)
        sheet.set_column(3, 3, 45)
        sheet.set_column(4, 4, 16)
        sheet.set_column(5, 5, 14, workbook.add_format({"num_format": "#,##0.00"}))
        labels = [label for _code, label in self._category_selection()]
        sheet.data_validation(
            1,
            4,
            MAX_LINES,
            4,
            {
                "validate": "list",
                "source": labels,
                "error_title": self.env._("Unknown category"),
                "error_message": self.env._("Choose one of the budget categories of the list."),
            },
        )
        sheet.data_validation(
            1,
            5,
            MAX_LINES,
            5,
            {
                "validate": "decimal",
                "criteria": ">",
                "value": 0,
                "error_title": self.env._("Wrong amount"),
                "error_message": self.env._("The amount is a number greater than zero."),
            },
        )

    def _write_help_sheet(self, workbook):
        sheet = workbook.add_worksheet(self.env._("Help"))
        bold = workbook.add_format({"bold": True})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 90, wrap)
        sheet.write(0, 0, self.env._("How to fill in the expense sheet"), bold)
        sheet.write_row(2, 0, (self.env._("Column"), self.env._("What to enter")), bold)
        for row, (title, text) in enumerate(zip(self._column_titles(), self._column_help(), strict=True), 3):
            sheet.write(row, 0, title)
            sheet.write(row, 1, text)
        first = 3 + len(COLUMNS) + 1
        sheet.write_row(first, 0, (self.env._("Category code"), self.env._("Category")), bold)
        categories = self._category_selection()
        for row, (code, label) in enumerate(categories, first + 1):
            sheet.write_row(row, 0, (code, label))
        sheet.write(
            first + len(categories) + 2,
            0,
            self.env._(
                "One line per invoice, at most %(count)s lines; empty lines are skipped. Keep the first "
                "line of the sheet (the column titles) as it is. If a line is wrong, nothing is imported: "
                "the message lists the lines to correct.",
                count=MAX_LINES,
            ),
        )

    def _column_help(self):
        return (
            self.env._("Date of the supplier's invoice, as dd/mm/yyyy (e.g. 31/01/2027); not in the future."),
            self.env._("Name of the supplier, at most %(count)s characters.", count=TEXT_LIMITS["supplier"]),
            self.env._(
                "The supplier's invoice number, at most %(count)s characters. An invoice (supplier, "
                "number, amount) is declared once.",
                count=TEXT_LIMITS["invoice_number"],
            ),
            self.env._("What was bought, at most %(count)s characters.", count=TEXT_LIMITS["description"]),
            self.env._("One of the budget categories below, by its name or its code."),
            self.env._(
                "Amount of the invoice, greater than zero, at most 2 decimals, with a dot or a comma: "
                "1234.56 or 1234,56."
            ),
        )

    # ------------------------------------------------------------------ import
    def action_import(self):
        self.ensure_one()
        self._check_grant()
        rows = self._read_rows()
        vals_list = self._parse_rows(rows)
        # a caller that catches the error (the portal) keeps nothing of a refused create either
        with self.env.cr.savepoint():
            expenses = self.env["cri.ili.expense"].create(vals_list)
            # _message_log writes as superuser: the accountant, who imports too, only reads the
            # grant, and the expenses above were created with the user's own rights
            self.application_id._message_log(body=self._imported_message(len(expenses)))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Expenses"),
            "res_model": "cri.ili.expense",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", expenses.ids)],
            "context": {"create": False},
        }

    def _imported_message(self, count):
        if count == 1:
            return self.env._("1 expense imported from file %(file)s.", file=self._file_label())
        return self.env._(
            "%(count)s expenses imported from file %(file)s.", count=count, file=self._file_label()
        )

    def _check_grant(self):
        grant = self.application_id
        # reading the grant raises the access error of a grant out of the user's reach
        if grant.state not in DECLARING_STATES:
            raise UserError(
                self.env._("%(grant)s is not running: no expense is declared on it.", grant=grant.name)
            )

    def _file_label(self):
        return self.filename or self.env._("(without name)")

    def _file_error(self, reason):
        return UserError(
            self.env._(
                "The file %(file)s cannot be imported: %(reason)s Nothing was recorded.",
                file=self._file_label(),
                reason=reason,
            )
        )

    def _not_xlsx_error(self):
        return self._file_error(
            self.env._("it is not an Excel workbook (.xlsx). Fill in the template and import it.")
        )

    def _read_rows(self):
        """The lines under the titles, with their line number in the spreadsheet."""
        workbook = self._open_workbook(self._file_content())
        try:
            # the expenses are on the first sheet, whatever its name in the user's language
            rows = workbook.worksheets[0].iter_rows(max_col=len(COLUMNS), values_only=True)
            self._check_header(next(rows, ()))
            lines = self._collect_lines(rows)
        except READ_ERRORS:
            raise self._not_xlsx_error() from None
        finally:
            workbook.close()
        if not lines:
            raise self._file_error(self.env._("it holds no expense under the column titles."))
        return lines

    def _collect_lines(self, rows):
        lines = []
        for number, row in enumerate(rows, 2):
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
                continue
            if len(lines) == MAX_LINES:
                raise self._file_error(
                    self.env._(
                        "it has more than %(count)s lines: split it in several files.", count=MAX_LINES
                    )
                )
            lines.append((number, tuple(row) + (None,) * (len(COLUMNS) - len(row))))
        return lines

    def _file_content(self):
        try:
            content = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            content = b""
        if len(content) > MAX_FILE_SIZE:
            raise self._file_error(
                self.env._("it is larger than %(size)s MB.", size=MAX_FILE_SIZE // (1024 * 1024))
            )
        if content.startswith(XLS_MAGIC):
            raise self._file_error(
                self.env._("it is an old Excel file (.xls): save it as an Excel workbook (.xlsx) first.")
            )
        return content

    def _open_workbook(self, content):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_SIZE:
                raise self._not_xlsx_error()
            return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except READ_ERRORS:
            raise self._not_xlsx_error() from None

    def _check_header(self, header):
        langs = {"en_US"} | {code for code, _name in self.env["res.lang"].get_installed()}
        accepted = [
            {title.casefold() for title in titles}
            for titles in zip(*(self.with_context(lang=lang)._column_titles() for lang in langs), strict=True)
        ]
        found = [" ".join(str(value).split()).casefold() if value is not None else "" for value in header]
        found += [""] * (len(COLUMNS) - len(found))
        if any(value not in titles for value, titles in zip(found, accepted, strict=True)):
            raise self._file_error(
                self.env._(
                    "its first line must hold the column titles of the template: %(titles)s. Download the "
                    "template and copy the expenses into it.",
                    titles=", ".join(self._column_titles()),
                )
            )

    # ------------------------------------------------------------------ lines
    def _parse_rows(self, rows):
        """The values of the expenses of ``rows``, or one error listing every wrong line."""
        categories = self._category_codes()
        seen = self._declared_invoices()
        vals_list, errors = [], []
        for number, row in rows:
            vals, reasons = self._parse_row(dict(zip(COLUMNS, row, strict=True)), categories)
            key = self._invoice_key(vals)
            if key and key in seen:
                reasons.append(self._duplicate_reason(seen[key]))
            elif key:
                seen[key] = number
            errors += [self.env._("Line %(line)s: %(reason)s", line=number, reason=r) for r in reasons]
            vals_list.append(dict(vals, application_id=self.application_id.id))
        if errors:
            self._raise_line_errors(errors)
        return vals_list

    def _raise_line_errors(self, errors):
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(self.env._("… and %(count)s more errors.", count=len(errors) - MAX_ERRORS_SHOWN))
        raise UserError(
            self.env._(
                "The file %(file)s was not imported, nothing was recorded. Correct these lines and "
                "import it again:\n%(errors)s",
                file=self._file_label(),
                errors="\n".join(shown),
            )
        )

    def _parse_row(self, cells, categories):
        vals, reasons = {}, []
        parsers = {
            "date": self._parse_date,
            "supplier": self._parse_text,
            "invoice_number": self._parse_text,
            "description": self._parse_text,
            "category": lambda _name, value: self._parse_category(value, categories),
            "amount": self._parse_amount,
        }
        for name in COLUMNS:
            value, reason = parsers[name](name, cells[name])
            if reason:
                reasons.append(reason)
            else:
                vals[name] = value
        return vals, reasons

    def _parse_date(self, name, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, self.env._("the date is missing.")
        day = self._to_date(value)
        if not day:
            return None, self.env._("the date is not a date as dd/mm/yyyy (e.g. 31/01/2027).")
        if day > legal_today():
            return None, self.env._("the date %(date)s is in the future.", date=day.strftime("%d/%m/%Y"))
        return day, None

    @staticmethod
    def _to_date(value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), date_format).date()
            except ValueError:
                continue
        return None

    def _parse_text(self, name, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = " ".join(str(value).split()) if value is not None else ""
        if not text:
            missing = {
                "supplier": self.env._("the supplier is missing."),
                "invoice_number": self.env._("the invoice number is missing."),
                "description": self.env._("the description is missing."),
            }
            return None, missing[name]
        if len(text) > TEXT_LIMITS[name]:
            return None, self.env._(
                "the column “%(column)s” is longer than %(count)s characters.",
                column=dict(zip(COLUMNS, self._column_titles(), strict=True))[name],
                count=TEXT_LIMITS[name],
            )
        return text, None

    def _parse_category(self, value, categories):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, self.env._("the category is missing.")
        code = categories.get(str(value).strip().casefold())
        if not code:
            return None, self.env._(
                "the category “%(category)s” is unknown: use one of %(categories)s.",
                category=value,
                categories=", ".join(label for _code, label in self._category_selection()),
            )
        return code, None

    def _parse_amount(self, name, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, self.env._("the amount is missing.")
        amount = self._to_decimal(value)
        if amount is None:
            return None, self.env._("the amount “%(amount)s” is not a number.", amount=value)
        if amount <= 0:
            return None, self.env._("the amount must be greater than zero.")
        if amount >= MAX_AMOUNT:
            return None, self.env._("the amount %(amount)s is too large.", amount=value)
        if amount != amount.quantize(CENT):
            return None, self.env._("the amount %(amount)s has more than 2 decimals.", amount=value)
        return float(amount), None

    @staticmethod
    def _to_decimal(value):
        """A number of the spreadsheet, or a text such as 1234.56, 1234,56, 1.234,56 or 1 234,56."""
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            return None
        if isinstance(value, int | float):
            # a number the spreadsheet computed may carry a binary rounding residue
            number = Decimal(repr(value))
            rounded = number.quantize(CENT, rounding=ROUND_HALF_UP) if abs(number) < MAX_AMOUNT else number
            return rounded if abs(number - rounded) < RESIDUE else number
        if not isinstance(value, str):
            return None
        text = "".join(value.replace("€", "").split())
        if "," in text and "." in text:
            thousands = "." if text.rindex(",") > text.rindex(".") else ","
            text = text.replace(thousands, "")
        elif text.count(".") > 1 or text.count(",") > 1:
            text = text.replace(".", "").replace(",", "")
        text = text.replace(",", ".")
        return Decimal(text) if NUMBER.fullmatch(text) else None

    def _category_codes(self):
        """The budget categories by code and by label, in every installed language."""
        Expense = self.env["cri.ili.expense"]
        field = Expense._fields["category"]
        langs = {"en_US"} | {code for code, _name in self.env["res.lang"].get_installed()}
        codes = {code.casefold(): code for code, _label in field.selection}
        for lang in langs:
            for code, label in field._description_selection(Expense.with_context(lang=lang).env):
                codes[label.casefold()] = code
        return codes

    @staticmethod
    def _invoice_key(vals):
        if not all(vals.get(name) for name in ("supplier", "invoice_number", "amount")):
            return None
        return vals["supplier"].casefold(), vals["invoice_number"].casefold(), round(vals["amount"], 2)

    def _declared_invoices(self):
        """The invoices already declared on the grant: importing a file twice declares nothing twice."""
        names = ["supplier", "invoice_number", "amount"]
        expenses = self.env["cri.ili.expense"].search_fetch(
            [("application_id", "=", self.application_id.id)], names
        )
        keys = (self._invoice_key({name: expense[name] for name in names}) for expense in expenses)
        return dict.fromkeys(key for key in keys if key)

    def _duplicate_reason(self, first_line):
        if first_line is None:
            return self.env._(
                "this invoice (supplier, invoice number, amount) is already declared on the grant."
            )
        return self.env._(
            "the same invoice (supplier, invoice number, amount) is already on line %(line)s.",
            line=first_line,
        )
