"""Benchmark of the practitioner trainings at scale: the sessions calendar, the registrations
list and the trainer's attendance list.

Usage: bench_trainings.py -c ODOO_CONF -d DB --sizes 200 2000 [--registrations 15] [--repeat 3]
       [--json OUT]

In one transaction, rolled back at the end, it creates training sessions up to each size in
turn, spread over the eight CRIs and over ten years (a session a few days long, two days of
6 hours), each with ``--registrations`` registrations of practitioners of a few organisations
(half of them attended both days), through the ORM in batches. The generation is not measured.
Then, at each size (the caches warmed by a first, unmeasured call; times are the best of
``--repeat`` calls):

- calendar: the sessions calendar of one month as a training officer of the CRIC
  (web_search_read with the calendar view's fields and the month's range);
- registrations: the first page of 80 lines of the registrations list as that officer, with the
  list view's fields and the pager's count;
- attendance: the first page of the attendance list of a trainer of the CRIC;
- followup: one run of the daily follow-up after the sessions (survey answers and mails to those
  who attended), with the same sessions due at every size (ten that ended yesterday), in a
  savepoint rolled back after each run.

The tables are analysed after each size's generation, as autovacuum keeps them in a live
database: without statistics, PostgreSQL plans the lists as if the tables were empty. It prints
one line per size and the ratios of the largest size to the smallest: the query counts must not
grow with the number of sessions.
"""

import sys
from datetime import date, datetime, timedelta

import _bench

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry

BATCH = 100  # sessions created a batch
YEARS = 10
# no mail scheduler, tracking or chatter for the generated data
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True, "install_mode": True}
MEASURES = ("calendar", "registrations", "attendance", "followup")
DUE_SESSIONS = 10  # sessions that ended yesterday, the follow-up's work at every size


class Rollback(Exception):
    """Undoes one run of a scheduled action, so that the next run has the same work."""


# ------------------------------------------------------------------ data
def make_setting(env):
    """A module, the eight CRIs' companies, an officer and a trainer of the CRIC, a few
    organisations with their practitioners."""
    centers = env["cri.center"].search([], order="id")
    companies = centers.company_id
    module = env["cri.training.module"].create(
        {
            "name": "Benchmark module",
            "theme_id": env.ref("cri_training.theme_welcome").id,
            "duration_hours": 12,
            "company_ids": [Command.set(companies.ids)],
        }
    )
    cric = env.ref("cri_base.center_cric").company_id

    def user(login, group):
        return env["res.users"].create(
            {
                "name": login,
                "login": login,
                "groups_id": [Command.set(env.ref(group).ids)],
                "company_id": cric.id,
                "company_ids": [Command.set(cric.ids)],
                "lang": "fr_BE",
            }
        )

    officer = user("bench-training-officer", "cri_training.group_training_officer")
    trainer = user("bench-trainer", "cri_base.group_trainer")
    organisations = env["res.partner"].create(
        [{"name": f"Bench organisation {n}", "is_company": True} for n in range(20)]
    )
    people = env["res.partner"].create(
        [
            {
                "name": f"Bench practitioner {n}",
                "parent_id": organisations[n % 20].id,
                "email": f"p{n}@example.com",
            }
            for n in range(400)
        ]
    )
    return {
        "module": module,
        "companies": companies,
        "cric": cric,
        "officer": officer,
        "trainer": trainer,
        "people": people,
    }


def make_due_sessions(env, registrations, setting):
    """Sessions that ended yesterday, attended by all their participants."""
    start = datetime.combine(date.today() - timedelta(days=2), datetime.min.time()) + timedelta(hours=9)
    sessions = env["event.event"].create(
        [
            {
                "name": f"Bench ended session {number}",
                "cri_module_id": setting["module"].id,
                "company_id": setting["companies"][number % len(setting["companies"])].id,
                "date_begin": start,
                "date_end": start + timedelta(days=1, hours=7),
                "cri_slot_ids": [Command.create({"date": start.date(), "hours": 6})],
            }
            for number in range(DUE_SESSIONS)
        ]
    )
    people = setting["people"]
    env["event.registration"].create(
        [
            {"event_id": session.id, "partner_id": people[(index * 11 + n) % len(people)].id}
            for index, session in enumerate(sessions)
            for n in range(registrations)
        ]
    )
    sessions.registration_ids.cri_attendance_ids.write({"state": "present"})
    env.flush_all()


def session_start(number):
    """Sessions spread over ten years back from two weeks ago, at nine in the morning: none of
    them is due for the daily follow-up, whose work stays the ten sessions ended yesterday."""
    day = date.today() - timedelta(days=14 + (number * 7) % (YEARS * 365))
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=9)


def populate(env, start, stop, registrations, setting):
    companies, people = setting["companies"], setting["people"]
    for first in range(start, stop, BATCH):
        numbers = range(first, min(first + BATCH, stop))
        sessions = env["event.event"].create(
            [
                {
                    "name": f"Bench session {number}",
                    "cri_module_id": setting["module"].id,
                    # one session in eight in the CRIC, trained by the benchmark's trainer
                    "company_id": companies[number % len(companies)].id,
                    "cri_trainer_id": setting["trainer"].id if number % len(companies) == 0 else False,
                    "date_begin": session_start(number),
                    "date_end": session_start(number) + timedelta(days=1, hours=7),
                    "seats_limited": True,
                    "seats_max": registrations,
                    "cri_slot_ids": [
                        Command.create({"date": session_start(number).date(), "hours": 6}),
                        Command.create(
                            {"date": session_start(number).date() + timedelta(days=1), "hours": 6}
                        ),
                    ],
                }
                for number in numbers
            ]
        )
        env["event.registration"].create(
            [
                {"event_id": session.id, "partner_id": people[(index * 7 + n) % len(people)].id}
                for index, session in enumerate(sessions)
                for n in range(registrations)
            ]
        )
        lines = sessions.registration_ids.cri_attendance_ids
        lines.filtered(lambda line: line.registration_id.id % 2 == 0).write({"state": "present"})
        env.flush_all()
        env.invalidate_all()


# ------------------------------------------------------------------ measures
def calls(env, setting):
    officer, trainer = setting["officer"], setting["trainer"]
    Event = env["event.event"].with_user(officer).with_context(lang="fr_BE")
    calendar = env.ref("cri_training.view_cri_training_session_calendar")
    calendar_spec = _bench.list_specification(Event, calendar.id, "calendar")
    calendar_spec.update({"date_begin": {}, "date_end": {}})
    month = date.today().replace(day=1)
    month_domain = [
        ("cri_module_id", "!=", False),
        ("date_begin", "<", str(month + timedelta(days=42))),
        ("date_end", ">=", str(month - timedelta(days=7))),
    ]
    Registration = env["event.registration"].with_user(officer).with_context(lang="fr_BE")
    registration_spec = _bench.list_specification(
        Registration, env.ref("cri_training.view_event_registration_list_cri_training").id
    )
    Attendance = env["cri.training.attendance"].with_user(trainer).with_context(lang="fr_BE")
    attendance_spec = _bench.list_specification(Attendance)

    def followup():
        try:
            with env.cr.savepoint():
                env["event.registration"]._cron_send_training_followup()
                env.flush_all()
                raise Rollback
        except Rollback:
            env.invalidate_all()
        return {"records": env["event.registration"].search(env["event.registration"]._cri_followup_domain())}

    return {
        "followup": followup,
        "calendar": lambda: Event.web_search_read(month_domain, calendar_spec),
        "registrations": lambda: Registration.web_search_read(
            [("event_id.cri_module_id", "!=", False)], registration_spec, limit=80, count_limit=10001
        ),
        "attendance": lambda: Attendance.web_search_read([], attendance_spec, limit=80, count_limit=10001),
    }


def run(conf, db, sizes, registrations, repeat):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level", "warn"])
    registry = Registry(db)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
        setting = make_setting(env)
        make_due_sessions(env, registrations, setting)
        measured = calls(env, setting)
        done = 0
        for size in sorted(sizes):
            populate(env, done, size, registrations, setting)
            done = size
            # the statistics autovacuum keeps in a live database, for this transaction's rows
            cr.execute("ANALYZE event_event, event_registration, cri_training_slot, cri_training_attendance")
            row = {"sessions": size, "registrations": size * registrations}
            for name in MEASURES:
                queries, seconds = _bench.measure(env, measured[name], repeat)
                row[f"{name}_queries"] = queries
                row[f"{name}_ms"] = round(1000 * seconds, 1)
                row[f"{name}_rows"] = len(measured[name]()["records"])
            results.append(row)
        cr.rollback()
    return results


def report(results):
    lines = [
        f"{row['sessions']:>6} sessions {row['registrations']:>7} registrations"
        + "".join(
            f" | {name} ({row[f'{name}_rows']} rows): {row[f'{name}_queries']:>3} q {row[f'{name}_ms']:>7.1f} ms"
            for name in MEASURES
        )
        for row in results
    ]
    keys = [f"{name}_{unit}" for unit in ("queries", "ms") for name in MEASURES]
    factor = _bench.ratios(results, keys)
    lines.append(
        f"ratio {results[-1]['sessions']}/{results[0]['sessions']} sessions: "
        + ", ".join(f"{key} x{value:.2f}" for key, value in factor.items())
    )
    return "\n".join(lines)


def main(argv=None):
    parser = _bench.parser(__doc__, [200, 2000], "sessions")
    parser.add_argument("--registrations", type=int, default=15, help="registrations a session")
    parser.add_argument("--repeat", type=int, default=3, help="timed calls a measure (the best is kept)")
    args = parser.parse_args(argv)
    if min(args.sizes) < 1 or args.registrations < 1 or args.repeat < 1:
        parser.error("sizes, registrations and repeat must be positive")
    results = run(args.conf, args.database, args.sizes, args.registrations, args.repeat)
    _bench.publish(results, report(results), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
