"""Benchmark of the pathway files at scale: the file list and the daily deadline check.

Usage: bench_pathway.py -c ODOO_CONF -d DB --sizes 1000 40000 [--batch 200] [--json OUT]

In one transaction, rolled back at the end, it creates pathway files up to each size in turn
(a fixed share of them mandatory and past their presentation deadline) as they are in a CRI:
most persons have an e-mail address, most files a social worker who follows them, the CRI a
director who gets the activities of the others. It then measures, as a social worker of the
CRI for the list and as the scheduler (OdooBot, in English) for the check:

- list: the first page of the open files as the web client asks for it (web_search_read with
  the list view's fields, 80 rows, and the count for the pager) and the kanban's grouping;
- cron: one run of the deadline check (``_cron_check_deadlines``), which handles at most
  ``--batch`` files a run; every size must have more overdue files than that.

It prints one line per size and measure (queries, seconds, and for the check the queries and
milliseconds per file handled) and the ratios of the largest size to the smallest. The query
counts must not grow with the number of files; the time ratio is reported, not judged.
"""

import sys
import time
from datetime import date

import _bench
from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

OVERDUE_SHARE = 5  # one file in five is mandatory and past its presentation deadline
NO_EMAIL_SHARE = 10  # one person in ten has no e-mail address: the letter is printed
NO_SOCIAL_WORKER_SHARE = 10  # one file in ten has no social worker yet: the director acts
ENGLISH_SHARE = 7  # one person in seven reads English, the others the CRI's French
SOCIAL_WORKERS = 8
BATCH = 1000
LIST_FIELDS = [
    "name",
    "partner_id",
    "commune_id",
    "registration_date",
    "eligibility",
    "social_worker_id",
    "next_deadline",
    "deadline_missed",
    "state",
]


def make_staff(env, context):
    """The CRIC's director and social workers, and the CRIC's e-mail address (the letters'
    sender), as in a real centre."""
    commune = env.ref("cri_base.commune_52011")
    center = commune.center_id
    company = center.company_id
    Users = env["res.users"].with_context(**context)

    def user(login, name, group):
        return Users.create(
            {
                "name": name,
                "login": login,
                "email": f"{login}@cric.example.org",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [env.ref(group).id])],
            }
        )

    company.email = "info@cric.example.org"
    center.manager_id = user("bench-director", "Benchmark Director", "cri_base.group_manager")
    return [
        user(f"bench-social-{n}", f"Benchmark Social Worker {n}", "cri_base.group_social_worker")
        for n in range(SOCIAL_WORKERS)
    ]


def populate(env, start, stop, context, social_workers):
    """Create files ``start`` to ``stop`` in the CRIC, in batches, as the agents would: the
    social worker of a file follows it, as when an agent assigns it in the form."""
    commune = env.ref("cri_base.commune_52011")
    nationality = env.ref("base.ma")
    today = date.today()
    Partner = env["res.partner"].with_context(**context)
    Pathway = env["cri.pathway"].with_context(**context)
    for first in range(start, stop, BATCH):
        last = min(first + BATCH, stop)
        persons = Partner.create(
            [
                {
                    "firstname": f"Bench{n}",
                    "lastname": "Fictif",
                    "birthdate_date": date(1990, 1, 1) + relativedelta(days=n % 3000),
                    "nationality_id": nationality.id,
                    "company_id": commune.center_id.company_id.id,
                    "email": False if n % NO_EMAIL_SHARE == 1 else f"bench{n}@example.org",
                    "lang": "en_US" if n % ENGLISH_SHARE == 2 else "fr_BE",
                }
                for n in range(first, last)
            ]
        )
        vals, workers = [], []
        for n, person in zip(range(first, last), persons, strict=True):
            overdue = n % OVERDUE_SHARE == 0
            registered = today - relativedelta(months=5 if overdue else 1, days=n % 20)
            vals.append(
                {
                    "partner_id": person.id,
                    "commune_id": commune.id,
                    "registration_date": registered,
                    "permit_type": "a_card",
                    "permit_date": registered,
                    "permit_duration_months": 12,
                }
            )
            worker = False if n % NO_SOCIAL_WORKER_SHARE == 3 else social_workers[n % len(social_workers)]
            vals[-1]["social_worker_id"] = worker and worker.id
            workers.append(worker)
        files = Pathway.create(vals)
        for worker in social_workers:
            followed = files.browse([f.id for f, w in zip(files, workers, strict=True) if w == worker])
            followed.message_subscribe(partner_ids=worker.partner_id.ids)
        env.flush_all()
        env.invalidate_all()


def measure_list(env, user):
    Pathway = env["cri.pathway"].with_user(user).with_context(lang="fr_BE")
    spec = {
        name: ({"fields": {"display_name": {}}} if Pathway._fields[name].type == "many2one" else {})
        for name in LIST_FIELDS
    }
    env.invalidate_all()
    cr = env.cr
    before, start = _bench.count(cr), time.perf_counter()
    Pathway.web_search_read(
        [("state", "in", ("referral", "reception", "convention"))],
        spec,
        limit=80,
        order="registration_date desc, id desc",
        count_limit=10001,
    )
    Pathway.web_read_group(
        [("state", "in", ("referral", "reception", "convention"))], ["state"], ["state"], lazy=True
    )
    env.flush_all()
    return _bench.count(cr) - before, time.perf_counter() - start


def measure_cron(env, batch):
    env.invalidate_all()
    cr = env.cr
    # as the scheduler runs it: OdooBot, whose language is English
    scheduler = env(user=env.ref("base.user_root"), context={"lang": "en_US"})
    before, start = _bench.count(cr), time.perf_counter()
    processed = scheduler["cri.pathway"]._cron_check_deadlines(batch_size=batch)
    env.flush_all()
    return _bench.count(cr) - before, time.perf_counter() - start, len(processed)


def run(conf, db, sizes, batch):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        context = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        social_workers = make_staff(env, context)
        user = social_workers[0]
        done = 0
        for size in sorted(sizes):
            populate(env, done, size, context, social_workers)
            done = size
            # a first, unmeasured call of each warms the caches (views, rules, templates) so
            # that both sizes are measured the same way
            measure_list(env, user)
            list_queries, list_seconds = measure_list(env, user)
            # each check starts from the same state: no file has a sanction step yet
            for _warm_then_measure in range(2):
                cr.execute("SAVEPOINT bench_cron")
                cron_queries, cron_seconds, processed = measure_cron(env, batch)
                cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
                env.invalidate_all()
            results.append(
                {
                    "files": size,
                    "list_queries": list_queries,
                    "list_seconds": round(list_seconds, 4),
                    "cron_queries": cron_queries,
                    "cron_seconds": round(cron_seconds, 4),
                    "cron_files": processed,
                    "cron_queries_per_file": round(cron_queries / processed, 2) if processed else None,
                    "cron_ms_per_file": round(1000 * cron_seconds / processed, 2) if processed else None,
                }
            )
        cr.rollback()
    return results


def report(results):
    lines = []
    for row in results:
        lines.append(
            f"{row['files']:>7} files | list: {row['list_queries']:>4} queries {row['list_seconds']:.3f} s"
            f" | cron: {row['cron_queries']:>5} queries {row['cron_seconds']:.3f} s ({row['cron_files']} files handled:"
            f" {row['cron_queries_per_file']} queries and {row['cron_ms_per_file']} ms a file)"
        )
    small, large = results[0], results[-1]
    factor = _bench.ratios(
        results,
        [
            "list_queries",
            "list_seconds",
            "cron_queries",
            "cron_seconds",
            "cron_queries_per_file",
            "cron_ms_per_file",
        ],
    )
    lines.append(
        f"ratio {large['files']}/{small['files']} files: list queries x{factor['list_queries']:.2f}, "
        f"time x{factor['list_seconds']:.2f}; cron queries x{factor['cron_queries']:.2f}, time x{factor['cron_seconds']:.2f}"
        f" (per file: queries x{factor['cron_queries_per_file']:.2f}, time x{factor['cron_ms_per_file']:.2f})"
    )
    return "\n".join(lines)


def main(argv=None):
    parser = _bench.parser(__doc__, [1000, 40000], "pathway files")
    parser.add_argument("--batch", type=int, default=200, help="files the deadline check handles a run")
    args = parser.parse_args(argv)
    if min(args.sizes) // OVERDUE_SHARE < args.batch:
        parser.error(
            f"the smallest size must hold at least {args.batch} overdue files (1 in {OVERDUE_SHARE})"
        )
    results = run(args.conf, args.database, args.sizes, args.batch)
    _bench.publish(results, report(results), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
