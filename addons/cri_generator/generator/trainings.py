"""The trainings part (cri_training): the catalogue, training sessions of the CRIs,
registrations of practitioners of fictive organisations, their attendance and satisfaction
answers."""

import logging
import random
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, fields

from .base import Chooser, ascii_slug, clone_partners, largest_remainder, local_datetime, update_rows, workday
from .network import FIRST_NAMES, LAST_NAMES, ORGANISATION_KINDS, ORGANISATION_NAMES

_logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------- trainings
CATALOGUE = (  # (theme xml id, title, hours, popularity)
    ("theme_welcome", "Accueillir un public étranger : premiers pas", 6, 5),
    ("theme_welcome", "Communication interculturelle au guichet", 12, 3),
    ("theme_interculturality", "Stéréotypes, préjugés et discriminations", 6, 4),
    ("theme_interculturality", "L'approche interculturelle en travail social", 12, 3),
    ("theme_foreigners_law", "Droit des étrangers : les titres de séjour", 6, 5),
    ("theme_foreigners_law", "Le regroupement familial", 6, 3),
    ("theme_foreigners_law", "La protection internationale", 12, 2),
    ("theme_foreigners_law", "L'accès au travail des personnes étrangères", 3, 3),
    ("theme_diversity", "Gérer la diversité en équipe", 12, 2),
    ("theme_diversity", "Les personnes étrangères et l'emploi : lever les freins", 6, 2),
    ("theme_citizenship_trainers", "Former à la citoyenneté : méthodes et outils", 24, 1),
    ("theme_citizenship_trainers", "Les institutions belges pour formateur·rices", 12, 1),
)
JOBS = (
    "Assistant·e social·e",
    "Agent·e d'accueil",
    "Formateur·rice",
    "Juriste",
    "Éducateur·rice",
    "Coordinateur·rice",
    "Conseiller·ère emploi",
)
SURVEY_COMMENTS = (
    "Très concret, avec des cas de notre pratique.",
    "Un peu dense sur une journée.",
    "Formateur·rice disponible et clair·e.",
    "J'aurais aimé plus d'échanges entre participant·es.",
    "Les supports seront utiles au quotidien.",
)


class TrainingPart:
    """The catalogue, training sessions of the CRIs over the years, registrations of
    practitioners of fictive organisations, their attendance and satisfaction answers."""

    def __init__(self, env, network, staff, today, seed, report):
        self.env = env
        self.cr = env.cr
        self.network = network
        self.staff = staff
        self.today = today
        self.seed = seed
        self.report = report
        self.counts = defaultdict(int)

    def run(self, sessions, registrations, years):
        rng = random.Random(f"{self.seed}-trainings")
        env = self.env(context=dict(self.env.context, install_mode=True))
        self.env = env
        modules = self._catalogue()
        if not modules:
            _logger.info("No training theme: no training sessions generated")
            return {}
        plan = self._plan(rng, sessions, registrations, years, modules)
        per_center = defaultdict(int)
        for session in plan:
            per_center[session["center"]] += 1
        # trainers of their own where a CRI runs enough sessions, else its director trains
        self.trainers = {
            center: (2 if number >= 150 else int(number >= 20)) for center, number in per_center.items()
        }
        largest = max((session["registrations"] for session in plan), default=0)
        people = self._practitioners(rng, max(registrations // 5, 2 * largest, 10))
        self._create(rng, plan, people)
        self._after(rng, plan)
        self.env.invalidate_all()
        return dict(self.counts)

    def _catalogue(self):
        """The modules of the catalogue, offered by every CRI."""
        Module = self.env["cri.training.module"]
        companies = [self.network.company[c.id] for c in self.network.centers]
        result = []
        for theme_ref, title, hours, popularity in CATALOGUE:
            theme = self.env.ref(f"cri_training.{theme_ref}", raise_if_not_found=False)
            if not theme:
                continue
            module = Module.search([("name", "=", title)], limit=1)
            if not module:
                module = Module.create(
                    {
                        "name": title,
                        "theme_id": theme.id,
                        "duration_hours": hours,
                        "audience": "Professionnel·les de première ligne (CPAS, communes, associations).",
                        "objectives": "Mieux comprendre la situation des personnes étrangères et y répondre.",
                        "company_ids": [Command.set(companies)],
                    }
                )
                self.counts["training_modules"] += 1
            result.append((module, hours, popularity))
        return result

    def _practitioners(self, rng, people_count):
        """Organisations of each CRI's territory (CPAS, communes, associations) and their staff
        who register."""
        per_center = largest_remainder(
            people_count, [round(self.network.center_weights[c.id]) for c in self.network.centers]
        )
        org_rows, org_centers = [], []
        for center, count in zip(self.network.centers, per_center, strict=True):
            organisations = max(2, count // 12)
            for n in range(organisations):
                commune = self.network.commune_choice[center.id](rng)
                name = self.network.commune_name[commune]
                kind = n % 3
                label = (
                    f"CPAS de {name} (fictif)"
                    if kind == 0
                    else f"Administration communale de {name} – service social (fictif)"
                    if kind == 1
                    else f"{rng.choice(ORGANISATION_KINDS)} {rng.choice(ORGANISATION_NAMES)} – {name} (fictive)"
                )
                org_rows.append(
                    {
                        "name": label,
                        "is_company": True,
                        "company_id": self.network.company[center.id],
                        "city": name,
                        "zip": self.network.commune_zip[commune],
                        "email": f"formation.{len(org_rows)}.{ascii_slug(name)}@example.org",
                    }
                )
                org_centers.append(center.id)
        org_ids = clone_partners(self.env, org_rows)
        self.counts["organisations"] += len(org_ids)
        by_center = defaultdict(list)
        for org_id, center in zip(org_ids, org_centers, strict=True):
            by_center[center].append(org_id)
        rows, centers = [], []
        for center, count in zip(self.network.centers, per_center, strict=True):
            for _n in range(count):
                gender = rng.randint(0, 1)
                origin = rng.choice(("latin", "latin", "latin", "arabic", "african", "turkish"))
                firstname = rng.choice(FIRST_NAMES[origin][gender])
                lastname = rng.choice(LAST_NAMES)
                rows.append(
                    {
                        "firstname": firstname,
                        "lastname": lastname,
                        "parent": rng.choice(by_center[center.id]),
                        "function": rng.choice(JOBS),
                        "email": f"{ascii_slug(firstname)}.{ascii_slug(lastname)}.{len(rows)}@example.org",
                        "gender": ("male", "female")[gender],
                    }
                )
                centers.append(center.id)
        ids = clone_partners(self.env, rows)
        self.counts["practitioners"] += len(ids)
        people = defaultdict(list)
        for partner_id, center in zip(ids, centers, strict=True):
            people[center].append(partner_id)
        return people

    def _plan(self, rng, sessions, registrations, years, modules):
        """Sessions over the years and the CRIs (a few weeks ahead too), with their days and the
        number of their registrations."""
        today = self.today
        start = today - relativedelta(years=years) + timedelta(days=1)
        end = today + timedelta(days=90)
        module_choice = Chooser(range(len(modules)), [popularity for _m, _h, popularity in modules])
        plan = []
        for n in range(sessions):
            center = (
                self.network.centers[n].id
                if n < len(self.network.centers)
                else self.network.center_choice(rng)
            )
            module, hours, _popularity = modules[module_choice(rng)]
            span = (end - start).days
            day = workday(start + timedelta(days=rng.randint(0, span)))
            if start <= today < day and rng.random() < 0.5:
                day = workday(start + timedelta(days=rng.randint(0, (today - start).days)))
            slots = []
            if hours <= 3:
                slots = [(day, "morning", float(hours))]
            elif hours <= 6 and rng.random() < 0.7:
                slots = [(day, "day", float(hours))]
            else:
                days = max(1, round(hours / 6)) if hours > 6 else 2
                per = hours / days
                weekly = rng.random() < 0.5
                for index in range(days):
                    slot_day = workday(day + timedelta(days=7 * index if weekly else index))
                    while any(s[0] == slot_day for s in slots):
                        slot_day = workday(slot_day + timedelta(days=1))
                    slots.append((slot_day, "day" if per > 5 else "morning", float(per)))
            last = max(s[0] for s in slots)
            past = last < today
            plan.append(
                {"center": center, "module": module, "slots": slots, "past": past, "begin": day, "last": last}
            )
        wants = [
            round(rng.uniform(0.55, 1.0) * 100) if p["past"] else round(rng.uniform(0.3, 1.0) * 100)
            for p in plan
        ]
        counts = largest_remainder(registrations, wants)
        for session, number in zip(plan, counts, strict=True):
            session["registrations"] = number
            if session["past"]:
                session["seats"] = max(number + rng.randint(0, 4), 10)
            else:
                waiting = rng.randint(0, 3) if number > 12 else 0
                session["seats"] = (
                    max(1, number - waiting) if waiting else max(number + rng.randint(0, 6), 10)
                )
        plan.sort(key=lambda s: (s["begin"], s["center"]))
        return plan

    def _create(self, rng, plan, people):
        """Sessions, registrations and attendance through the ORM, a hundred sessions at once."""
        env = self.env
        Event = env["event.event"]
        Registration = env["event.registration"]
        stage_done = env.ref("event.event_stage_done", raise_if_not_found=False)
        stage_announced = env.ref("event.event_stage_announced", raise_if_not_found=False)
        total = len(plan)
        self.report("sessions", 0, total)
        for first in range(0, total, 100):
            batch = plan[first : first + 100]
            vals = []
            for session in batch:
                center = session["center"]
                slots = session["slots"]
                first_day, last_day = slots[0], slots[-1]
                begin = local_datetime(first_day[0], 9)
                end = (
                    local_datetime(last_day[0], 16, 30)
                    if last_day[1] == "day"
                    else local_datetime(last_day[0], 12, 30)
                )
                values = {
                    "name": session["module"].name,
                    "cri_module_id": session["module"].id,
                    "company_id": self.network.company[center],
                    "cri_trainer_id": rng.choice(
                        self.staff.get(center, "trainer", self.trainers.get(center, 0))
                    ),
                    "user_id": self.staff.get(center, "director")[0],
                    "date_tz": "Europe/Brussels",
                    "date_begin": begin,
                    "date_end": end,
                    "seats_limited": True,
                    "seats_max": session["seats"],
                    "cri_registration_deadline": first_day[0] - timedelta(days=7),
                    "cri_slot_ids": [
                        Command.create({"date": day, "period": period, "hours": hours})
                        for day, period, hours in slots
                    ],
                }
                stage = stage_done if session["past"] else stage_announced
                if stage:
                    values["stage_id"] = stage.id
                vals.append(values)
            events = Event.create(vals)
            reg_vals, decisions = [], []
            for session, event in zip(batch, events, strict=True):
                session["event"] = event
                center = session["center"]
                pool = (
                    people[center]
                    if len(people[center]) >= session["registrations"]
                    else [p for ps in people.values() for p in ps]
                )
                chosen = rng.sample(pool, min(len(pool), session["registrations"]))
                for partner_id in chosen:
                    if session["past"]:
                        roll = rng.random()
                        outcome = "cancel" if roll < 0.04 else ("no_show" if roll < 0.12 else "attended")
                    else:
                        outcome = "open"
                    state = {"cancel": "cancel", "no_show": "open", "attended": "done", "open": "open"}[
                        outcome
                    ]
                    reg_vals.append({"event_id": event.id, "partner_id": partner_id, "state": state})
                    decisions.append(outcome)
            registrations = Registration.create(reg_vals)
            marks = defaultdict(list)
            for registration, outcome in zip(registrations, decisions, strict=True):
                lines = registration.cri_attendance_ids.sorted(
                    lambda line: (line.slot_id.date, line.slot_id.id)
                )
                if outcome == "attended":
                    missed = rng.random() < 0.2 and len(lines) > 1
                    skipped = rng.randrange(len(lines)) if missed else -1
                    for index, line in enumerate(lines):
                        if index == skipped:
                            marks["excused" if rng.random() < 0.5 else "absent"].append(line.id)
                        else:
                            marks["present"].append(line.id)
                elif outcome == "no_show":
                    state = "excused" if rng.random() < 0.3 else "absent"
                    marks[state].extend(lines.ids)
            Attendance = env["cri.training.attendance"]
            for state, ids in marks.items():
                Attendance.browse(ids).write({"state": state})
            self.counts["sessions"] += len(events)
            self.counts["registrations"] += len(registrations)
            self.counts["training_attendance"] += len(registrations.cri_attendance_ids)
            env.flush_all()
            env.invalidate_all()
            self.report("sessions", min(first + 100, total), total)

    def _after(self, rng, plan):
        """What the time did: registrations made weeks before, attended sessions closed, the
        mails of the sessions sent, the satisfaction survey answered after the recent ones."""
        cr = self.cr
        now = fields.Datetime.now()
        event_rows, registration_rows = [], []
        events = [s["event"].id for s in plan]
        cr.execute(
            "SELECT id, event_id, state FROM event_registration WHERE event_id = ANY(%s) ORDER BY id",
            [events],
        )
        by_event = defaultdict(list)
        for reg_id, event_id, state in cr.fetchall():
            by_event[event_id].append((reg_id, state))
        for session in plan:
            event = session["event"]
            begin = local_datetime(session["begin"], 9)
            created = min(begin - timedelta(days=rng.randint(30, 90)), now)
            event_rows.append((event.id, created, created))
            for reg_id, state in by_event[event.id]:
                moment = min(
                    max(created, begin - timedelta(days=rng.randint(3, 45), hours=rng.randint(0, 8))), now
                )
                closed = local_datetime(session["last"], 16, 30) if state == "done" else None
                registration_rows.append(
                    (reg_id, moment, moment, closed, moment if state == "draft" else None)
                )
        update_rows(cr, "event_event", ["create_date", "write_date"], ["timestamp", "timestamp"], event_rows)
        update_rows(
            cr,
            "event_registration",
            ["create_date", "write_date", "date_closed", "cri_waiting_since"],
            ["timestamp", "timestamp", "timestamp", "timestamp"],
            registration_rows,
        )
        # the mails of the sessions: sent as their schedulers said (none waits in the queue)
        cr.execute(
            """UPDATE event_mail m SET scheduled_date = e.create_date
                 FROM event_event e WHERE e.id = m.event_id AND m.interval_type = 'after_sub' AND e.id = ANY(%s)""",
            [events],
        )
        cr.execute(
            """INSERT INTO event_mail_registration (scheduler_id, registration_id, scheduled_date, mail_sent,
                                                    create_uid, create_date, write_uid, write_date)
               SELECT m.id, r.id, r.create_date, TRUE, %s, r.create_date, %s, r.create_date
                 FROM event_mail m JOIN event_registration r ON r.event_id = m.event_id
                WHERE m.interval_type = 'after_sub' AND r.state IN ('open', 'done') AND m.event_id = ANY(%s)""",
            [SUPERUSER_ID, SUPERUSER_ID, events],
        )
        cr.execute(
            """UPDATE event_mail m
                  SET mail_done = TRUE, mail_count_done = COALESCE(s.sent, 0), last_registration_id = s.last
                 FROM event_event e
            LEFT JOIN (SELECT event_id, count(*) AS sent, max(id) AS last
                         FROM event_registration
                        WHERE state IN ('open', 'done') AND event_id = ANY(%s)
                     GROUP BY event_id) s ON s.event_id = e.id
                WHERE e.id = m.event_id AND e.id = ANY(%s)
                  AND (m.scheduled_date <= %s OR m.interval_type = 'after_sub')""",
            [events, events, now],
        )
        # the confirmations of the sessions to come keep running for the next registrations
        cr.execute(
            """UPDATE event_mail m SET mail_done = FALSE
                 FROM event_event e
                WHERE e.id = m.event_id AND e.id = ANY(%s) AND m.interval_type = 'after_sub' AND e.date_end > %s""",
            [events, now],
        )
        self.env.invalidate_all()
        self._answers(rng, plan)

    def _answers(self, rng, plan):
        """The satisfaction survey of the sessions ended in the last six months: one answer a
        participant who attended (as the daily follow-up makes them), completed by some."""
        today = self.today
        recent = [s for s in plan if s["past"] and (today - s["last"]).days <= 182]
        if not recent:
            return
        self.report("answers", 0, 1)
        Registration = self.env["event.registration"]
        registrations = Registration.search(
            [
                ("event_id", "in", [s["event"].id for s in recent]),
                ("state", "in", ("open", "done")),
                ("cri_attended_hours", ">", 0),
            ],
            order="id",
        )
        survey = self.env.ref("cri_training.survey_training_satisfaction", raise_if_not_found=False)
        if not registrations or not survey or not survey.active:
            return
        ratings = survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")
        comment = survey.question_ids.filtered(lambda q: q.question_type == "text_box")[:1]
        levels = Chooser([5, 4, 3, 2, 1], [45, 35, 13, 5, 2])
        vals = []
        for registration in registrations:
            event = registration.event_id
            values = registration._cri_survey_answer_values()
            if event.cri_survey_id:
                values["survey_id"] = event.cri_survey_id.id
            if values["survey_id"] == survey.id and rng.random() < 0.45:
                lines = []
                for question in ratings:
                    level = levels(rng)
                    answer = question.suggested_answer_ids.filtered(
                        lambda a, level=level: a.answer_score == level
                    )[:1]
                    if answer:
                        lines.append(
                            Command.create(
                                {
                                    "question_id": question.id,
                                    "answer_type": "suggestion",
                                    "suggested_answer_id": answer.id,
                                }
                            )
                        )
                if comment and rng.random() < 0.3:
                    lines.append(
                        Command.create(
                            {
                                "question_id": comment.id,
                                "answer_type": "text_box",
                                "value_text_box": rng.choice(SURVEY_COMMENTS),
                            }
                        )
                    )
                answered = event.date_end + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 10))
                values.update(
                    state="done",
                    user_input_line_ids=lines,
                    start_datetime=min(answered, fields.Datetime.now()),
                    end_datetime=min(answered + timedelta(minutes=4), fields.Datetime.now()),
                )
            vals.append(values)
        answers = self.env["survey.user_input"].create(vals)
        registrations.write({"cri_followup_sent": True})
        self.env.flush_all()
        self.counts["survey_answers"] += len(answers)
        self.counts["survey_answers_done"] += len(answers.filtered(lambda a: a.state == "done"))
        self.report("answers", 1, 1)
