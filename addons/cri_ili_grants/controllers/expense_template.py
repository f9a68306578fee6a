from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IliExpenseTemplate(http.Controller):
    """The XLSX template of the expense import, in the language of the user who downloads it."""

    @http.route("/cri_ili/expense_template.xlsx", type="http", auth="user", methods=["GET"])
    def expense_template(self, **kwargs):
        content = request.env["cri.ili.expense.import"].template_xlsx()
        filename = request.env._("expense-template.xlsx")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
                ("Content-Length", str(len(content))),
                ("Cache-Control", "no-store"),
            ],
        )
