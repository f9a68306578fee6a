"""Benchmark of a local integration plan's action plan as XLSX (and the HTML of its PDF).

Usage: bench_coordination.py -c ODOO_CONF -d DB --sizes 150 1500 [--repeat 3] [--json OUT]

In one transaction, rolled back at the end, it creates for each size a plan of the CRIC over six
years (2024-2029) with that many actions, each with two carrying partners, a commune, two
indicators and a value for each of the six years, through the ORM in batches (so that every
constraint and stored progress holds); the generation is not measured. Then, for each plan, as
a reception agent of another CRI (every CRI's staff reads every CRI's plans; the caches warmed
by a first, unmeasured call; times are the best of ``--repeat`` calls):

- xlsx: the action plan as XLSX (``_render_xlsx``), beside the same cells written by plain
  xlsxwriter from the report's own ONE query (the baseline, the same rows with the same user's
  record rules), and their time ratio, against its goal (2x), reported, not judged;
- pdf: the HTML of the plan's PDF (``_render_qweb_html``; wkhtmltopdf is not timed);
- list: the first page (80 lines) of the plan's actions as the web client's list asks for it
  (``web_search_read`` with the list's fields and its count);
- regional: the first page of the plans of every CRI (the regional view, with each plan's
  number of actions).

It prints one line per size and the ratios of the largest size to the smallest. The reports'
query counts must not grow with the number of actions; ``rows`` checks that the report wrote a
row an action, as the baseline did.
"""

import io
import sys
from datetime import date, datetime

import _bench
import xlsxwriter
from openpyxl import load_workbook

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

XLSX_REPORT = "cri_coordination.action_plan_xlsx"
PDF_REPORT = "cri_coordination.report_plan"
YEARS = range(2024, 2030)
BATCH = 250  # actions created a batch
INDICATORS = 2  # indicators an action
GOAL_RATIO = 2.0
MEASURED = ("xlsx", "baseline", "pdf", "list", "regional")
HEADER_ROW = 3
ACTION_COLUMNS = 10
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
DOMAINS = ("social", "education", "housing", "employment", "participation")


# ------------------------------------------------------------------ data
def make_setting(env):
    """The CRIC's territory, organisations to carry the actions, and a reception agent of the
    CAI, who reads the CRIC's plans."""
    center = env.ref("cri_base.center_cric")
    reader_company = env.ref("cri_base.center_cai").company_id
    reader = env["res.users"].create(
        {
            "name": "Benchmark Reception",
            "login": "bench-coordination-reader",
            "email": "bench-coordination-reader@cai.example.org",
            "lang": "fr_BE",
            "company_id": reader_company.id,
            "company_ids": [Command.set(reader_company.ids)],
            "groups_id": [Command.set([env.ref("cri_base.group_reception_agent").id])],
        }
    )
    partners = env["res.partner"].create(
        [{"name": f"ASBL Banc d'essai {n}", "is_company": True} for n in range(12)]
    )
    return center.company_id, center.commune_ids[:3], partners, reader


def make_plan(env, setting, size):
    """A plan of ``size`` actions with their indicators and yearly values."""
    company, communes, partners, _reader = setting
    plan = env["cri.coordination.plan"].create(
        {
            "name": f"Plan banc d'essai {size}",
            "company_id": company.id,
            "year_start": YEARS[0],
            "year_end": YEARS[-1],
            "commune_ids": [Command.set(communes.ids)],
            "priority_ids": [
                Command.create({"name": f"Priorité {domain}", "life_domain": domain, "sequence": n})
                for n, domain in enumerate(DOMAINS)
            ],
        }
    )
    priorities = plan.priority_ids
    for first in range(0, size, BATCH):
        actions = env["cri.coordination.action"].create(
            [
                {
                    "name": f"Action {n}",
                    "plan_id": plan.id,
                    "priority_id": priorities[n % len(priorities)].id,
                    "partner_ids": [Command.set(partners[n % 6 : n % 6 + 2].ids)],
                    "commune_ids": [Command.set(communes[n % len(communes)].ids)],
                    "date_start": date(YEARS[0] + n % 3, 1 + n % 12, 1),
                    "date_end": date(YEARS[-1], 12, 31),
                    "pcs_axis": f"Axe {1 + n % 4}",
                    "indicator_ids": [
                        Command.create(
                            {"name": f"Indicateur {k}", "unit": "personnes", "target": 100 + 10 * k}
                        )
                        for k in range(INDICATORS)
                    ],
                }
                for n in range(first, min(first + BATCH, size))
            ]
        )
        env["cri.coordination.indicator.value"].create(
            [
                {"indicator_id": indicator.id, "year": year, "value": (indicator.id * 7 + year) % 90 + 0.5}
                for indicator in actions.indicator_ids
                for year in YEARS
            ]
        )
        env.flush_all()
        env.invalidate_all()
    analyze(env)
    return plan


def analyze(env):
    """The statistics of the tables just filled: autovacuum keeps them on a live database, but
    in the benchmark's one transaction the planner would take them for empty (and pick nested
    loops over whole tables)."""
    Action = env["cri.coordination.action"]
    tables = [
        Action._table,
        env["cri.coordination.priority"]._table,
        env["cri.coordination.indicator"]._table,
        env["cri.coordination.indicator.value"]._table,
        Action._fields["partner_ids"].relation,
        Action._fields["commune_ids"].relation,
    ]
    env.cr.execute(SQL("ANALYZE %s", SQL(", ").join(SQL.identifier(table) for table in tables)))


# ------------------------------------------------------------------ baseline
def baseline_xlsx(cr, query, labels):
    """The report's cells with its formats, written by xlsxwriter from the report's query."""
    cr.execute(query)
    rows = cr.dictfetchall()
    head = rows[0]
    years = list(range(head["year_start"], head["year_end"] + 1))
    actions = [row for row in rows if row["action_id"]]
    blocks = max((len(row["indicators"] or []) for row in actions), default=0)
    width = len(years) + 4
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header = {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
    styles = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({"italic": True}),
        "header": workbook.add_format(header),
        "indicator_header": workbook.add_format(dict(header, bg_color="#E2EFDA")),
        "text": workbook.add_format({"valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
        "number": workbook.add_format({"num_format": "#,##0.##", "valign": "top"}),
        "percent": workbook.add_format({"num_format": "0 %", "valign": "top"}),
    }
    sheet = workbook.add_worksheet(head["plan_name"][:31])
    sheet.write(0, 0, f"Plan d'actions de {head['plan_name']}", styles["title"])
    sheet.write(1, 0, f"{years[0]}-{years[-1]} – {len(actions)} actions", styles["subtitle"])
    sheet.write_row(HEADER_ROW, 0, labels["headers"], styles["header"])
    block_headers = ["Unité", "Cible", *(str(year) for year in years), "Progression"]
    for block in range(blocks):
        sheet.write_row(
            HEADER_ROW,
            ACTION_COLUMNS + block * width,
            [f"Indicateur {block + 1}", *block_headers],
            styles["indicator_header"],
        )
    sheet.freeze_panes(HEADER_ROW + 1, 4)
    row = HEADER_ROW
    for action in actions:
        row += 1
        sheet.write_string(row, 0, action["plan_name"], styles["text"])
        sheet.write_string(row, 1, action["priority"] or "", styles["text"])
        sheet.write_string(row, 2, labels["domains"].get(action["life_domain"], ""), styles["text"])
        sheet.write_string(row, 3, action["name"], styles["wrap"])
        sheet.write_string(row, 4, action["partners"] or "", styles["wrap"])
        sheet.write_string(row, 5, action["communes"] or "", styles["wrap"])
        for column, day in ((6, action["date_start"]), (7, action["date_end"])):
            if day:
                sheet.write_datetime(row, column, datetime.combine(day, datetime.min.time()), styles["date"])
        sheet.write_string(row, 8, labels["states"][action["state"]], styles["text"])
        sheet.write_string(row, 9, action["pcs_axis"] or "", styles["text"])
        for block, indicator in enumerate(action["indicators"] or []):
            column = ACTION_COLUMNS + block * width
            sheet.write_string(row, column, indicator["name"], styles["wrap"])
            sheet.write_string(row, column + 1, indicator["unit"] or "", styles["text"])
            sheet.write_number(row, column + 2, indicator["target"] or 0.0, styles["number"])
            values = indicator["values"] or {}
            for offset, year in enumerate(years, start=3):
                value = values.get(str(year))
                if value is not None:
                    sheet.write_number(row, column + offset, value, styles["number"])
            sheet.write_number(
                row, column + 3 + len(years), (indicator["progress"] or 0) / 100, styles["percent"]
            )
    sheet.autofilter(HEADER_ROW, 0, row, ACTION_COLUMNS + blocks * width - 1)
    workbook.close()
    return output.getvalue()


def labels_of(env):
    """Labels are cached resources (translations), not data: read once, outside the timing."""
    env = env(context=dict(env.context, lang="fr_BE"))
    Action = env["cri.coordination.action"]
    return {
        "domains": dict(Action._fields["life_domain"]._description_selection(env)),
        "states": dict(Action._fields["state"]._description_selection(env)),
        "headers": [
            "Plan",
            "Priorité",
            "Domaine de vie",
            "Action",
            "Partenaires porteurs",
            "Communes",
            "Début",
            "Fin",
            "Statut",
            "Axe PCS",
        ],
    }


def report_calls(env, reader, plan, labels):
    Report = env["ir.actions.report"].with_user(reader).with_context(lang="fr_BE")
    # the report's own query, built as the reader (the same record rules), once
    query = env["report.cri_coordination.action_plan_xlsx"].with_user(reader)._rows_query(plan)
    return (
        lambda: Report._render_xlsx(XLSX_REPORT, plan.ids, {})[0],
        lambda: baseline_xlsx(env.cr, query, labels),
        lambda: Report._render_qweb_html(PDF_REPORT, plan.ids),
    )


ACTION_LIST = {
    "name": {},
    "plan_id": {"fields": {"display_name": {}}},
    "company_id": {"fields": {"display_name": {}}},
    "priority_id": {"fields": {"display_name": {}}},
    "partner_ids": {"fields": {"display_name": {}}},
    "date_start": {},
    "date_end": {},
    "state": {},
}
PLAN_LIST = {
    "name": {},
    "company_id": {"fields": {"display_name": {}}},
    "year_start": {},
    "year_end": {},
    "adoption_date": {},
    "action_count": {},
    "state": {},
}


def list_calls(env, reader, plan):
    """The first page of the plan's actions and of every CRI's plans, as the web client asks."""
    Action = env["cri.coordination.action"].with_user(reader).with_context(lang="fr_BE")
    Plan = env["cri.coordination.plan"].with_user(reader).with_context(lang="fr_BE")
    return (
        lambda: Action.web_search_read([("plan_id", "=", plan.id)], ACTION_LIST, limit=80, count_limit=10001),
        lambda: Plan.web_search_read([], PLAN_LIST, limit=80, count_limit=10001),
    )


def action_rows(content):
    """The rows of actions of a workbook: those below the header."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return sum(1 for row in sheet.iter_rows(min_row=HEADER_ROW + 2, max_col=1, values_only=True) if row[0])


def run(conf, db, sizes, repeat):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
        setting = make_setting(env)
        reader = setting[3]
        labels = labels_of(env)
        for size in sorted(sizes):
            plan = make_plan(env, setting, size)
            xlsx, baseline, pdf = report_calls(env, reader, plan, labels)
            action_list, regional = list_calls(env, reader, plan)
            row = {
                "actions": size,
                "indicators": size * INDICATORS,
                "values": size * INDICATORS * len(YEARS),
                "rows": action_rows(xlsx()),
                "baseline_rows": action_rows(baseline()),
                "list_rows": len(action_list()["records"]),
            }
            calls = (
                ("xlsx", xlsx),
                ("baseline", baseline),
                ("pdf", pdf),
                ("list", action_list),
                ("regional", regional),
            )
            for name, call in calls:
                queries, seconds = _bench.measure(env, call, repeat)
                row[f"{name}_queries"] = queries
                row[f"{name}_ms"] = round(1000 * seconds, 1)
            row["xlsx_ratio"] = round(row["xlsx_ms"] / row["baseline_ms"], 2)
            results.append(row)
        cr.rollback()
    return results


def report(results):
    lines = []
    for row in results:
        lines.append(
            f"{row['actions']:>6} actions {row['values']:>7} yearly values ({row['rows']} rows)"
            f" | xlsx {row['xlsx_queries']:>3} q {row['xlsx_ms']:>8.1f} ms,"
            f" baseline {row['baseline_queries']} q {row['baseline_ms']:>8.1f} ms, ratio x{row['xlsx_ratio']:.2f}"
            f" (goal x{GOAL_RATIO:g}) | pdf html {row['pdf_queries']:>3} q {row['pdf_ms']:>8.1f} ms"
            f" | list {row['list_queries']} q {row['list_ms']:.1f} ms | regional {row['regional_queries']} q"
            f" {row['regional_ms']:.1f} ms"
        )
    small, large = results[0], results[-1]
    factor = _bench.ratios(results, [f"{name}_{unit}" for unit in ("queries", "ms") for name in MEASURED])
    lines.append(
        f"ratio {large['actions']}/{small['actions']} actions: queries xlsx x{factor['xlsx_queries']:.2f},"
        f" pdf x{factor['pdf_queries']:.2f}; time xlsx x{factor['xlsx_ms']:.2f},"
        f" baseline x{factor['baseline_ms']:.2f}, pdf x{factor['pdf_ms']:.2f}"
    )
    return "\n".join(lines)


def main(argv=None):
    parser = _bench.parser(__doc__, [150, 1500], "actions of the plan printed at each size")
    parser.add_argument("--repeat", type=int, default=3, help="timed calls a measure (the best is kept)")
    args = parser.parse_args(argv)
    if min(args.sizes) < 1 or args.repeat < 1:
        parser.error("sizes and repeat must be positive")
    results = run(args.conf, args.database, args.sizes, args.repeat)
    _bench.publish(results, report(results), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
