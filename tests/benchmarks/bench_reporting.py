"""Benchmark of the statistics at regional scale, on the data of the generator.

Usage: bench_reporting.py -c ODOO_CONF -d DB --sizes 10000 100000 [--repeat 3] [--json OUT]

In one transaction, rolled back at the end, the generator (``cri_generator/generator/``)
fills the database up to each number of pathway files in turn, with the rest in proportion:
10 attendance lines a file and, where the addons are installed, an ILI application for 40 files
(30 expense lines each) and a training session for 20 files (15 registrations each); 40,000
files make the regional scale (400,000 attendance lines, 1,000 applications, 30,000 expenses,
2,000 sessions, 30,000 registrations). The tables are analysed after each generation, as
autovacuum keeps them in a live database. Then, at each size, side by side (caches warmed by a
first call; times are the best of ``--repeat`` calls):

- pivot: the Region's pathway pivot (files by CRI, year and eligibility with the completion rate
  and the days to the certificate, ``read_group`` on ``cri.reporting.pathway``), against the same
  aggregate as one raw SQL query on the pathway table (the lower bound); the same for a CRI
  manager's pivot of their CRI;
- xlsx: the Region's annual tables (``report_xlsx``, small counts suppressed) as the Region
  observer, against xlsxwriter writing the same cells straight from one query a table;
- crons: each scheduled action of the suite, run as its user twice in a savepoint rolled back
  after: on the data as generated (everything due at once, as if it had never run) and the run
  after it (the steady state of a daily job: only what became due since);
- lists: the first page (80 rows and the pager's count) of the main list views as a CRI
  manager, with the fields of each list view.

It also counts, as the Region, the groupings people use (month x nationality, commune x month,
age band x gender x year) against the same count in raw SQL, and takes the twelve monthly
snapshots of the last complete year (disclosure control: cells hidden, complements, audit).

It prints the figures per size and the ratios, and writes them to ``--json``; with
``--max-pivot-ratio`` it fails when a pivot exceeds it at the largest size. The goals: the
pivots within 3x of raw SQL, the XLSX within 2x of xlsxwriter, and query counts that do not grow
with the data.
"""

import io
import sys
import time
from datetime import date

import _bench
import generate
import xlsxwriter

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
# per pathway file, what the generator adds with it (the regional proportions)
ATTENDANCE_PER_FILE = 10
FILES_PER_APPLICATION = 40
EXPENSES_PER_APPLICATION = 30
FILES_PER_SESSION = 20
REGISTRATIONS_PER_SESSION = 15
LISTS = (
    "cri.pathway",
    "cri.pathway.module",
    "cri.pathway.attendance",
    "cri.ili.application",
    "cri.ili.expense",
    "event.event",
    "event.registration",
    "cri.training.attendance",
    "cri.reporting.snapshot",
)
PIVOT_GROUPBY = ["company_id", "registration_year", "eligibility"]
PIVOT_AGGREGATES = ["__count", "completion_rate:avg", "days_to_certificate:avg"]
PIVOT_SQL = """
    SELECT p.company_id, to_char(p.registration_date, 'YYYY'), p.eligibility, count(*),
           avg(CASE WHEN p.state = 'done' THEN 100.0
                    WHEN p.state IN ('abandoned', 'transferred') THEN 0.0 END),
           avg((p.certificate_date - p.registration_date)::float)
      FROM cri_pathway p
     WHERE p.company_id = ANY(%s)
  GROUP BY 1, 2, 3
"""

# the groupings people use, each against the same count as one raw SQL query (the lower bound)
AGE_BAND_SQL = """CASE WHEN person.birthdate_date IS NULL OR p.registration_date IS NULL THEN 'unknown'
    WHEN date_part('year', age(p.registration_date, person.birthdate_date)) < 18 THEN '0_17'
    WHEN date_part('year', age(p.registration_date, person.birthdate_date)) <= 25 THEN '18_25'
    WHEN date_part('year', age(p.registration_date, person.birthdate_date)) <= 35 THEN '26_35'
    WHEN date_part('year', age(p.registration_date, person.birthdate_date)) <= 45 THEN '36_45'
    WHEN date_part('year', age(p.registration_date, person.birthdate_date)) <= 55 THEN '46_55'
    ELSE '56_plus' END"""
USE_PIVOTS = {
    "pivot_month_nationality": (
        ["registration_date:month", "nationality_id"],
        "date_trunc('month', p.registration_date::timestamp), person.nationality_id",
    ),
    "pivot_commune_month": (
        ["commune_id", "registration_date:month"],
        "p.commune_id, date_trunc('month', p.registration_date::timestamp)",
    ),
    "pivot_age_gender_year": (
        ["age_band", "gender", "registration_year"],
        f"{AGE_BAND_SQL}, person.gender, to_char(p.registration_date, 'YYYY')",
    ),
}
USE_PIVOT_SQL = """
    SELECT {columns}, count(*)
      FROM cri_pathway p
 LEFT JOIN res_partner person ON person.id = p.partner_id
     WHERE p.company_id = ANY(%s)
  GROUP BY {groups}
"""


class Rollback(Exception):
    """Undoes one run of a scheduled action, so that the next run has the same work."""


def grow(env, generator, done, size):
    """Adds the files from ``done`` to ``size`` and what comes with them."""
    files = size - done
    generator.generate(
        env,
        files=files,
        attendance=files * ATTENDANCE_PER_FILE,
        applications=max(1, files // FILES_PER_APPLICATION),
        expenses=max(1, files // FILES_PER_APPLICATION) * EXPENSES_PER_APPLICATION,
        sessions=max(1, files // FILES_PER_SESSION),
        registrations=max(1, files // FILES_PER_SESSION) * REGISTRATIONS_PER_SESSION,
        seed=size,
    )
    env.flush_all()
    env.invalidate_all()
    env.cr.execute("ANALYZE")


def make_users(env):
    """A manager of the CRIC (also ILI agent and training officer where those exist) and a
    Region observer."""
    company = env.ref("cri_base.center_cric").company_id
    groups = [
        "cri_base.group_manager",
        "cri_ili_grants.group_ili_agent",
        "cri_training.group_training_officer",
    ]
    Users = env["res.users"].with_context(**CONTEXT)

    def user(login, group_ids, companies):
        return Users.create(
            {
                "name": login,
                "login": login,
                "company_id": companies[:1].id,
                "company_ids": [(6, 0, companies.ids)],
                "groups_id": [(6, 0, group_ids)],
            }
        )

    manager_groups = [env.ref(xmlid).id for xmlid in groups if env.ref(xmlid, raise_if_not_found=False)]
    observer = env.ref("cri_base.group_region_observer").id
    companies = env["cri.center"].search([]).company_id
    return user("bench-manager", manager_groups, company), user("bench-observer", [observer], companies)


# ------------------------------------------------------------------ measures
def pivot_calls(env, manager):
    companies = env["cri.center"].search([]).company_id
    View = env["cri.reporting.pathway"]

    def orm(model):
        return lambda: model.read_group([], PIVOT_AGGREGATES, PIVOT_GROUPBY, lazy=False)

    def sql(ids):
        def call():
            env.cr.execute(PIVOT_SQL, [ids])
            return env.cr.fetchall()

        return call

    calls = {
        "pivot_region": (orm(View), sql(companies.ids)),
        "pivot_cri": (orm(View.with_user(manager)), sql(manager.company_id.ids)),
    }
    for name, (groupby, columns) in USE_PIVOTS.items():
        query = USE_PIVOT_SQL.format(
            columns=columns, groups=", ".join(str(n + 1) for n in range(len(groupby)))
        )

        def use_orm(groupby=groupby):
            return View.read_group([], ["__count"], groupby, lazy=False)

        def use_sql(query=query):
            env.cr.execute(query, [companies.ids])
            return env.cr.fetchall()

        calls[name] = (use_orm, use_sql)
    return calls


def xlsx_calls(env, observer):
    """The Region's annual tables through report_xlsx (built from the Region's last snapshot of
    the year, taken here for the month before last when there is none), and the same
    published cells written from one query a table."""
    from dateutil.relativedelta import relativedelta

    Table = env["cri.reporting.table"]
    # the month before last: last month is the monthly scheduled action's, measured on its own
    month = date.today().replace(day=1) - relativedelta(months=2)
    Snapshot = env["cri.reporting.snapshot"]
    if not Snapshot.search_count([("scope", "=", "region"), ("period", "=", month)]):
        Snapshot._take_month(month)
    wizard = env["cri.reporting.export"].with_user(observer).create({"kind": "region", "year": month.year})
    snapshot = wizard._region_snapshot()
    Report = env["ir.actions.report"].with_user(observer)

    def report():
        return Report._render_xlsx("cri_reporting.action_report_cri_reporting_tables_xlsx", wizard.ids, {})

    def baseline():
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        for spec in Table._specs_of_scope("region"):
            env.cr.execute(
                """SELECT row_label, col_label, CASE WHEN hidden THEN NULL ELSE published_value END
                     FROM cri_reporting_snapshot_line
                    WHERE snapshot_id = %s AND table_code = %s
                 ORDER BY row_key, col_key""",
                [snapshot.id, spec.code],
            )
            sheet = workbook.add_worksheet(spec.code[:31])
            for line, values in enumerate(env.cr.fetchall()):
                sheet.write_row(line, 0, values)
        workbook.close()
        return output.getvalue()

    return report, baseline


def measure_crons(env):
    """{name_queries, name_ms, name_next_queries, name_next_ms} of each scheduled action of the
    suite: its first run on the data as generated (the backlog of everything due, as if it had
    never run) and the run after it (the steady state of a daily job: what became due since),
    both undone after."""
    data = env["ir.model.data"].search([("model", "=", "ir.cron"), ("module", "=like", "cri_%")])
    row = {}
    for record in data:
        cron = env["ir.cron"].browse(record.res_id)
        name = f"cron_{record.name.removeprefix('ir_cron_')}"
        action = cron.ir_actions_server_id.with_user(cron.user_id).with_context(**CONTEXT)
        try:
            with env.cr.savepoint():
                for suffix in ("", "_next"):
                    env.invalidate_all()
                    before, start = _bench.count(env.cr), time.perf_counter()
                    action.run()
                    env.flush_all()
                    row[f"{name}{suffix}_ms"] = round(1000 * (time.perf_counter() - start), 1)
                    row[f"{name}{suffix}_queries"] = _bench.count(env.cr) - before
                raise Rollback
        except Rollback:
            env.invalidate_all()
    return row


def measure_audit(env, months=12):
    """{audit_*} of the disclosure control: the first ``months`` monthly snapshots of the last complete
    year (each CRI's and the Region's, year to date, every month protected together and audited
    against everything published with it), taken in turn in a savepoint rolled back after."""
    from dateutil.relativedelta import relativedelta

    Snapshot = env["cri.reporting.snapshot"]
    k = env["cri.reporting.table"]._k_threshold()
    year = date.today().year - 1
    row = {"audit_year": year, "audit_months": months}
    try:
        with env.cr.savepoint():
            start, queries = time.perf_counter(), _bench.count(env.cr)
            snapshots = Snapshot.browse()
            for number in range(months):
                snapshots |= Snapshot._take_month(date(year, 1, 1) + relativedelta(months=number))
            row["audit_s"] = round(time.perf_counter() - start, 1)
            row["audit_queries"] = _bench.count(env.cr) - queries
            lines = snapshots.line_ids.sudo()
            people = lines.filtered(lambda line: line.people_count or not line.value)
            hidden = people.filtered("hidden")
            row.update(
                audit_snapshots=len(snapshots),
                audit_cells=len(lines),
                audit_hidden=len(hidden),
                audit_small=len(hidden.filtered(lambda line: 0 < line.people_count < k)),
                audit_linked=sum(snapshots.mapped("audit_added")),
                audit_protected=sum(snapshots.mapped("audit_protected")),
                # of the snapshots with small counts to protect
                audit_narrowest=round(
                    min(snapshots.filtered("audit_protected").mapped("audit_narrowest") or [0.0]), 2
                ),
                audit_passed=all(snapshots.mapped("audit_passed")),
                # the snapshots of a month share one protection: its time once a month
                audit_lp_s=round(sum({s.period: s.audit_seconds for s in snapshots}.values()), 1),
            )
            raise Rollback
    except Rollback:
        env.invalidate_all()
    return row


def list_calls(env, manager):
    calls = {}
    for name in LISTS:
        if name not in env:
            continue
        model = env[name].with_user(manager).with_context(lang="fr_BE")
        spec = _bench.list_specification(model)
        calls[f"list_{name.replace('.', '_')}"] = lambda model=model, spec=spec: model.web_search_read(
            [], spec, limit=80, count_limit=10001
        )
    return calls


def run(conf, db, sizes, repeat, audit_months=12):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    generator = generate.load_generator()
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
        manager, observer = make_users(env)
        done = 0
        for size in sorted(sizes):
            start = time.perf_counter()
            grow(env, generator, done, size)
            done = size
            row = {"files": size, "generation_s": round(time.perf_counter() - start, 1)}
            for name, (call, baseline) in pivot_calls(env, manager).items():
                row[f"{name}_queries"], seconds = _bench.measure(env, call, repeat)
                row[f"{name}_ms"] = round(1000 * seconds, 1)
                _queries, base = _bench.measure(env, baseline, repeat)
                row[f"{name}_sql_ms"] = round(1000 * base, 1)
                row[f"{name}_ratio"] = round(seconds / base, 2)
            report, baseline = xlsx_calls(env, observer)
            row["xlsx_queries"], seconds = _bench.measure(env, report, repeat)
            _queries, base = _bench.measure(env, baseline, repeat)
            row.update(xlsx_ms=round(1000 * seconds, 1), xlsx_direct_ms=round(1000 * base, 1))
            row["xlsx_ratio"] = round(seconds / base, 2)
            row.update(measure_crons(env))
            row.update(measure_audit(env, audit_months))
            for name, call in list_calls(env, manager).items():
                queries, seconds = _bench.measure(env, call, repeat)
                row[f"{name}_queries"], row[f"{name}_ms"] = queries, round(1000 * seconds, 1)
                row[f"{name}_rows"] = len(call()["records"])
            results.append(row)
        cr.rollback()
    return results


def report_text(results):
    lines = []
    for row in results:
        lines.append(f"== {row['files']} files (generated in {row['generation_s']} s)")
        for name in ("pivot_region", "pivot_cri", *USE_PIVOTS):
            lines.append(
                f"  {name}: {row[f'{name}_queries']} q {row[f'{name}_ms']} ms, raw SQL {row[f'{name}_sql_ms']} ms,"
                f" ratio x{row[f'{name}_ratio']}"
            )
        lines.append(
            f"  xlsx: {row['xlsx_queries']} q {row['xlsx_ms']} ms, xlsxwriter {row['xlsx_direct_ms']} ms,"
            f" ratio x{row['xlsx_ratio']}"
        )
        lines.append(
            f"  disclosure control, {row['audit_months']} months of {row['audit_year']}: {row['audit_snapshots']} snapshots,"
            f" {row['audit_cells']} cells, {row['audit_hidden']} hidden of which {row['audit_small']} small"
            f" counts, {row['audit_linked']} complements of the linked tables, {row['audit_protected']}"
            f" intervals audited, narrowest x{row['audit_narrowest']} of its requirement,"
            f" passed: {row['audit_passed']}; {row['audit_s']} s ({row['audit_lp_s']} s protection and audit)"
        )
        for key in sorted(
            key for key in row if key.endswith("_queries") and key.startswith(("cron", "list"))
        ):
            name = key.removesuffix("_queries")
            rows = f" ({row[f'{name}_rows']} rows)" if f"{name}_rows" in row else ""
            lines.append(f"  {name}{rows}: {row[key]} q {row[f'{name}_ms']} ms")
    keys = sorted(key for key in results[0] if key.endswith("_queries"))
    factor = _bench.ratios(results, keys)
    lines.append(
        f"query ratio {results[-1]['files']}/{results[0]['files']} files: "
        + ", ".join(f"{key.removesuffix('_queries')} x{value:.2f}" for key, value in factor.items())
    )
    return "\n".join(lines)


def main(argv=None):
    parser = _bench.parser(__doc__, [10000, 100000], "pathway files")
    parser.add_argument("--repeat", type=int, default=3, help="timed calls a measure (the best is kept)")
    parser.add_argument(
        "--max-pivot-ratio",
        type=float,
        help="fail when a pivot costs more than this many times its raw SQL at the largest size",
    )
    parser.add_argument(
        "--audit-months", type=int, default=12, help="monthly snapshots of the last year taken (1 to 12)"
    )
    args = parser.parse_args(argv)
    if min(args.sizes) < 1 or args.repeat < 1 or not 1 <= args.audit_months <= 12:
        parser.error("sizes and repeat must be positive, audit months from 1 to 12")
    results = run(args.conf, args.database, args.sizes, args.repeat, args.audit_months)
    _bench.publish(results, report_text(results), args.json)
    if args.max_pivot_ratio:
        largest = results[-1]
        over = {
            name: largest[f"{name}_ratio"]
            for name in ("pivot_region", "pivot_cri", *USE_PIVOTS)
            if largest[f"{name}_ratio"] > args.max_pivot_ratio
        }
        if over:
            print(
                f"FAILED: pivots over x{args.max_pivot_ratio} of raw SQL at {largest['files']} files: {over}"
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
