"""Benchmark of the ILI grants at scale: the accountant's review queue and the summary statement.

Usage: bench_grants.py -c ODOO_CONF -d DB --sizes 100 1000 [--lines 30] [--statement-lines 500]
       [--repeat 3] [--json OUT]

In one transaction, rolled back at the end, it creates running grants up to each size in turn,
spread over the eight CRIs, each with ``--lines`` expenses (four in ten still to review, the
others accepted, partly accepted or rejected by the accountant), through the ORM in batches, so
that every constraint and stored total holds; and once, in the CRIC, one grant with
``--statement-lines`` expenses. The generation is not measured. Then, at each size, as an
accountant of the CRIC (the caches warmed by a first, unmeasured call; times are the best of
``--repeat`` calls):

- queue: the accountant's review queue as the web client opens it ("Expenses to Review": the
  expenses to review grouped by grant): the groups (web_read_group) and the first page of 80
  lines with the list view's fields and the pager's count (web_search_read);
- xlsx: the summary statement of the large grant as XLSX (``_render_xlsx``), beside the same
  cells written by xlsxwriter straight from ONE SQL query (the baseline), and their time ratio;
- pdf: the HTML of the statement's PDF (``_render_qweb_html``; wkhtmltopdf is not timed).

It prints one line per size and the ratios of the largest size to the smallest. The query
counts must not grow with the number of grants (but for one step: past 80 groups, the web
client's limit, the queue's grouping also counts all its groups for the pager); the XLSX's time
ratio to the baseline is reported against its goal (2x), not judged.
"""

import io
import sys
from datetime import date, datetime, timedelta

import _bench
import xlsxwriter

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

XLSX_REPORT = "cri_ili_grants.statement_xlsx"
PDF_REPORT = "cri_ili_grants.report_statement"
QUEUE_DOMAIN = [("review_state", "=", "to_review")]  # the review action's default filter
BATCH = 100  # grants created a batch
CATEGORIES = ("personnel", "operating", "investment", "other")
GOAL_RATIO = 2.0
MEASURED = ("groups", "page", "xlsx", "pdf")
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


# ------------------------------------------------------------------ data
def make_setting(env):
    """An open call without required document nor instalment plan (the grant is paid at once),
    the first commune of each CRI, and an accountant of the CRIC."""
    today = date.today()
    call = env["cri.ili.call"].create(
        {
            "name": "Benchmark call",
            "period": str(today.year + 1),
            "axis_ids": [Command.set(env.ref("cri_ili_grants.axis_fle").ids)],
            "date_submission": today + timedelta(days=30),
            "date_activity_start": date(today.year + 1, 1, 1),
            "date_activity_end": date(today.year + 1, 12, 31),
            "envelope": 10_000_000,
        }
    )
    call.action_open()
    cric = env.ref("cri_base.commune_52011")
    communes = [cric] + [
        center.commune_ids[:1]
        for center in env["cri.center"].search([("id", "!=", cric.center_id.id)])
        if center.commune_ids
    ]
    company = cric.center_id.company_id
    accountant = env["res.users"].create(
        {
            "name": "Benchmark Accountant",
            "login": "bench-grants-accountant",
            "email": "bench-grants-accountant@cric.example.org",
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([env.ref("cri_base.group_accountant").id])],
        }
    )
    return call, communes, accountant


def commune_of(communes, n):
    """Half of the grants in the CRIC (the first commune: the largest CRI, whose accountant is
    measured), the others spread over the other CRIs."""
    if n % 2 == 0 or len(communes) == 1:
        return communes[0]
    return communes[1 + (n // 2) % (len(communes) - 1)]


def make_grants(env, call, communes, numbers):
    """Running grants, one organisation each, through the workflow of the application."""
    partners = env["res.partner"].create(
        [
            {"name": f"ASBL Benchmark {n}", "is_company": True, "company_registry": f"0{n:09d}"}
            for n in numbers
        ]
    )
    applications = env["cri.ili.application"].create(
        [
            {
                "call_id": call.id,
                "axis_id": call.axis_ids[0].id,
                "partner_id": partner.id,
                "commune_id": commune_of(communes, n).id,
                "summary": "French lessons",
                "objectives": "Learners reach A2",
                "target_public": "Newcomers",
                "planned_activities": "Two evenings a week",
                "expected_participants": 20,
                "expected_hours": 120,
                "budget_line_ids": [
                    Command.create({"category": "personnel", "description": "Trainer", "amount": 20000}),
                    Command.create({"category": "operating", "description": "Room", "amount": 5000}),
                    Command.create({"category": "investment", "description": "Laptop", "amount": 1500}),
                    Command.create({"category": "other", "description": "Insurance", "amount": 1500}),
                ],
            }
            for n, partner in zip(numbers, partners, strict=True)
        ]
    )
    applications.action_submit()
    applications.write({"opinion": "favourable", "opinion_motivation": "Benchmark"})
    applications.action_sign_opinion()
    applications.write(
        {"granted_amount": 25000, "decision_reference": "AG/BENCH", "decision_date": call.date_activity_start}
    )
    applications.action_decide()
    applications.action_start()
    return applications


def make_expenses(env, grants, lines, accountant):
    """``lines`` expenses a grant, reviewed as the accountant would have (as superuser, who may
    write the review)."""
    vals = []
    start = grants[:1].call_id.date_activity_start
    for grant in grants:
        for n in range(lines):
            amount = 10 + (n * 37) % 60 + 0.25 * (n % 4)
            review = n % 10
            values = {
                "application_id": grant.id,
                "date": start + timedelta(days=(n * 7) % 360),
                "supplier": f"Supplier {n % 40}",
                "invoice_number": f"B{grant.id}-{n}",
                "description": f"Benchmark expense {n}",
                "category": CATEGORIES[n % len(CATEGORIES)],
                "amount": amount,
            }
            if review >= 4:
                values.update(reviewed_by_id=accountant.id, review_state="accepted", accepted_amount=amount)
            if review == 8:
                values.update(
                    review_state="partial", accepted_amount=round(amount / 2, 2), rejection_reason="Half"
                )
            if review == 9:
                values.update(review_state="rejected", accepted_amount=0, rejection_reason="Not eligible")
            vals.append(values)
    env["cri.ili.expense"].create(vals)


def populate(env, start, stop, lines, setting):
    call, communes, accountant = setting
    for first in range(start, stop, BATCH):
        grants = make_grants(env, call, communes, range(first, min(first + BATCH, stop)))
        make_expenses(env, grants, lines, accountant)
        env.flush_all()
        env.invalidate_all()


# ------------------------------------------------------------------ measures
def list_specification(env):
    """The fields of the expense list view, as the web client asks for them."""
    return _bench.list_specification(env["cri.ili.expense"])


def queue_calls(env, accountant, spec):
    Expense = env["cri.ili.expense"].with_user(accountant).with_context(lang="fr_BE", bin_size=True)

    def groups():
        return Expense.web_read_group(
            QUEUE_DOMAIN, ["amount:sum", "accepted_amount:sum"], ["application_id"], limit=80, lazy=True
        )

    def page():
        return Expense.web_search_read(QUEUE_DOMAIN, spec, limit=80, count_limit=10001)

    return groups, page


BASELINE_QUERY = """
    SELECT a.name, a.frozen_legal_name, a.frozen_company_registry, a.frozen_bank_account,
           a.frozen_representative, a.decision_reference, a.decision_date, a.granted_amount,
           a.accepted_amount, a.state, c.name->>'en_US', c.period, c.date_activity_start,
           c.date_activity_end, x.name->>'en_US', budget.rows, paid.amount,
           e.date, e.supplier, e.invoice_number, e.description, e.category, e.amount,
           e.review_state, e.accepted_amount, e.rejection_reason
      FROM cri_ili_application a
      JOIN cri_ili_call c ON c.id = a.call_id
      JOIN cri_ili_axis x ON x.id = a.axis_id
     CROSS JOIN LATERAL (
           SELECT json_agg(json_build_array(b.category, b.requested_amount, b.amount, b.declared_amount,
                  b.to_review_amount, b.accepted_amount, b.rejected_amount, b.remaining_amount,
                  b.consumption_rate, b.overspent) ORDER BY b.sequence) AS rows
             FROM cri_ili_grant_budget b WHERE b.application_id = a.id) budget
     CROSS JOIN LATERAL (
           SELECT COALESCE(SUM(i.amount), 0) AS amount
             FROM cri_ili_instalment i WHERE i.application_id = a.id AND i.state = 'paid') paid
      LEFT JOIN cri_ili_expense e ON e.application_id = a.id
     WHERE a.id = %s
  ORDER BY array_position(%s, e.category::text), e.date, e.id
"""


def baseline_xlsx(cr, grant_id, labels):
    """The statement's cells (header, budget, lines, totals) with its formats, from ONE query."""
    cr.execute(BASELINE_QUERY, [grant_id, list(CATEGORIES)])
    rows = cr.fetchall()
    head = rows[0]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output)
    money = "#,##0.00 €"
    styles = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "label": workbook.add_format({"bold": True}),
        "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
        "money": workbook.add_format({"num_format": money}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "percent": workbook.add_format({"num_format": "0.00 %"}),
        "total_money": workbook.add_format({"bold": True, "top": 1, "num_format": money}),
        "wrap": workbook.add_format({"text_wrap": True}),
    }
    sheet = workbook.add_worksheet(head[0].replace("/", "-"))
    sheet.write(0, 0, f"Summary statement of the grant {head[0]}", styles["title"])
    granted, accepted, paid = float(head[7]), float(head[8]), float(head[16])
    eligible = min(accepted, granted)
    grant_facts = [
        ("Grant", head[0]),
        ("Call", f"{head[10]} ({head[11]})"),
        ("Axis", head[14]),
        ("Activity period", f"{head[12]:%d/%m/%Y} to {head[13]:%d/%m/%Y}"),
        ("Decision", f"{head[5]} of {head[6]:%d/%m/%Y}"),
        ("State", labels["states"][head[9]]),
        ("Granted", granted),
    ]
    applicant_facts = [
        ("Applicant", head[1]),
        ("Company number", head[2]),
        ("Bank account", head[3]),
        ("Represented by", head[4]),
        ("Accepted, up to the granted amount", eligible),
        ("Paid instalments", paid),
        ("Balance (+ to pay, - to recover)", round(eligible - paid, 2)),
    ]
    for column, facts in ((0, grant_facts), (3, applicant_facts)):
        for row, (label, value) in enumerate(facts, start=3):
            sheet.write_string(row, column, label, styles["label"])
            if isinstance(value, float):
                sheet.write_number(row, column + 1, value, styles["money"])
            else:
                sheet.write_string(row, column + 1, value or "")
    row = 11
    sheet.write_row(row, 0, labels["budget_headers"], styles["header"])
    for row, budget in enumerate(head[15], start=12):
        sheet.write(row, 0, labels["categories"][budget[0]])
        for column, value in enumerate(budget[1:8], start=1):
            sheet.write_number(row, column, value, styles["money"])
        sheet.write_number(row, 8, budget[8] / 100, styles["percent"])
        sheet.write(row, 9, "Yes" if budget[9] else "")
    row += 1
    for column in range(1, 8):
        letter = chr(ord("A") + column)
        sheet.write_formula(row, column, f"=SUM({letter}13:{letter}{row})", styles["total_money"])
    header_row = row + 3
    sheet.write_row(header_row, 0, labels["line_headers"], styles["header"])
    sheet.freeze_panes(header_row + 1, 0)
    row = header_row
    for line in rows:
        if line[17] is None:
            continue
        row += 1
        sheet.write_datetime(row, 0, datetime.combine(line[17], datetime.min.time()), styles["date"])
        sheet.write_string(row, 1, line[18])
        sheet.write_string(row, 2, line[19])
        sheet.write_string(row, 3, line[20], styles["wrap"])
        sheet.write_string(row, 4, labels["categories"][line[21]])
        sheet.write_number(row, 5, float(line[22]), styles["money"])
        sheet.write_string(row, 6, labels["reviews"][line[23]])
        if line[23] != "to_review":
            sheet.write_number(row, 7, float(line[24]), styles["money"])
        sheet.write_string(row, 8, line[25] or "", styles["wrap"])
    sheet.autofilter(header_row, 0, row, 8)
    for column in (5, 7):
        letter = chr(ord("A") + column)
        sheet.write_formula(
            row + 1, column, f"=SUBTOTAL(9,{letter}{header_row + 2}:{letter}{row + 1})", styles["total_money"]
        )
    workbook.close()
    return output.getvalue()


def statement_calls(env, accountant, grant):
    Report = env["ir.actions.report"].with_user(accountant)
    Expense = env["cri.ili.expense"]
    # labels are cached resources (translations), not data: read once, outside the timing
    labels = {
        "categories": dict(Expense._fields["category"]._description_selection(env)),
        "reviews": dict(Expense._fields["review_state"]._description_selection(env)),
        "states": dict(grant._fields["state"]._description_selection(env)),
        "budget_headers": [
            "Category",
            "Requested",
            "Allocated",
            "Declared",
            "To review",
            "Accepted",
            "Rejected",
            "Remaining",
            "Consumption",
            "Overspent",
        ],
        "line_headers": [
            "Date",
            "Supplier",
            "Invoice number",
            "Description",
            "Category",
            "Declared",
            "Review",
            "Accepted",
            "Rejection reason",
        ],
    }
    return (
        lambda: Report._render_xlsx(XLSX_REPORT, grant.ids, {}),
        lambda: baseline_xlsx(env.cr, grant.id, labels),
        lambda: Report._render_qweb_html(PDF_REPORT, grant.ids),
    )


def run(conf, db, sizes, lines, statement_lines, repeat):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
        setting = make_setting(env)
        accountant = setting[2]
        # numbered apart from the grants of the sizes
        statement_grant = make_grants(env, setting[0], setting[1][:1], [10**6])
        make_expenses(env, statement_grant, statement_lines, accountant)
        env.flush_all()
        spec = list_specification(env)
        groups, page = queue_calls(env, accountant, spec)
        xlsx, baseline, pdf = statement_calls(env, accountant, statement_grant)
        done = 0
        for size in sorted(sizes):
            populate(env, done, size, lines, setting)
            done = size
            row = {"grants": size, "expenses": size * lines, "statement_lines": statement_lines}
            for name, call in (
                ("groups", groups),
                ("page", page),
                ("xlsx", xlsx),
                ("baseline", baseline),
                ("pdf", pdf),
            ):
                queries, seconds = _bench.measure(env, call, repeat)
                row[f"{name}_queries"] = queries
                row[f"{name}_ms"] = round(1000 * seconds, 1)
            row["xlsx_ratio"] = round(row["xlsx_ms"] / row["baseline_ms"], 2)
            # a page that is not full costs less: the sizes must fill it to compare
            row["page_rows"] = len(page()["records"])
            # past 80 groups the web client also counts all the groups for its pager: one query
            row["groups_rows"] = len(groups()["groups"])
            results.append(row)
        cr.rollback()
    return results


def report(results):
    lines = []
    for row in results:
        lines.append(
            f"{row['grants']:>6} grants {row['expenses']:>7} expenses"
            f" | queue groups ({row['groups_rows']}): {row['groups_queries']:>2} q {row['groups_ms']:>6.1f} ms"
            f" | queue page of {row['page_rows']}: {row['page_queries']:>3} q {row['page_ms']:>7.1f} ms"
            f" | statement of {row['statement_lines']} lines: xlsx {row['xlsx_queries']:>3} q {row['xlsx_ms']:>7.1f} ms,"
            f" baseline {row['baseline_queries']} q {row['baseline_ms']:.1f} ms, ratio x{row['xlsx_ratio']:.2f}"
            f" (goal x{GOAL_RATIO:g}); pdf html {row['pdf_queries']:>3} q {row['pdf_ms']:>7.1f} ms"
        )
    small, large = results[0], results[-1]
    factor = _bench.ratios(results, [f"{name}_{unit}" for unit in ("queries", "ms") for name in MEASURED])
    lines.append(
        f"ratio {large['grants']}/{small['grants']} grants: queries groups x{factor['groups_queries']:.2f},"
        f" page x{factor['page_queries']:.2f}, xlsx x{factor['xlsx_queries']:.2f}, pdf x{factor['pdf_queries']:.2f};"
        f" time groups x{factor['groups_ms']:.2f}, page x{factor['page_ms']:.2f}, xlsx x{factor['xlsx_ms']:.2f},"
        f" pdf x{factor['pdf_ms']:.2f}"
    )
    return "\n".join(lines)


def main(argv=None):
    parser = _bench.parser(__doc__, [100, 1000], "grants")
    parser.add_argument("--lines", type=int, default=30, help="expenses a grant")
    parser.add_argument("--statement-lines", type=int, default=500, help="expenses of the printed grant")
    parser.add_argument("--repeat", type=int, default=3, help="timed calls a measure (the best is kept)")
    args = parser.parse_args(argv)
    if min(args.sizes) < 1 or args.lines < 1 or args.statement_lines < 1 or args.repeat < 1:
        parser.error("sizes, lines, statement lines and repeat must be positive")
    results = run(args.conf, args.database, args.sizes, args.lines, args.statement_lines, args.repeat)
    _bench.publish(results, report(results), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
