"""Invented coordination work of the CRIs: local integration plans with their priorities,
actions, indicators and yearly values, participation and awareness activities with the public
they reached, platforms with their member organisations, meetings, attendance and decisions
(the part of cri_coordination, through ``generate_coordination``)."""

from datetime import date, datetime, time, timedelta

import pytz

from odoo import Command

from odoo.addons.cri_base.tools import LEGAL_TZ, legal_today

# the plans of a CRI follow each other, six years each
PLAN_YEARS = 6
DOMAINS = ["social", "health", "education", "housing", "employment", "culture", "participation", "gender"]
ACTIVITY_TYPES = ["participation", "intercultural", "awareness", "information", "other"]
ACTIVITY_WEIGHTS = [3, 3, 2, 4, 1]
CATEGORIES = ["newcomers", "foreign_residents", "general_public", "young_people", "professionals", "other"]
COORDINATION_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_notify_noemail": True,
}
BATCH = 500


class CoordinationPart:
    """The plans, activities and meetings of every CRI over the years, made through the ORM."""

    def __init__(self, env, rng, years, progress):
        self.env = env
        self.rng = rng
        self.progress = progress
        self.today = legal_today()
        self.first_year = self.today.year - years + 1
        centers = env["cri.center"].search([("company_id", "!=", False)])
        self.communes = {
            center: env["cri.commune"].search([("center_id", "=", center.id)]) for center in centers
        }
        self.centers = [center for center in centers if self.communes[center]]
        self.actions_by_company = {}

    # ------------------------------------------------------------------ helpers
    def _day(self, first, last):
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def _share(self, total):
        """``total`` spread over the CRIs by their number of communes (largest remainders)."""
        weights = [len(self.communes[center]) for center in self.centers]
        exact = [total * weight / sum(weights) for weight in weights]
        shares = [int(value) for value in exact]
        order = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
        for i in order[: total - sum(shares)]:
            shares[i] += 1
        return dict(zip(self.centers, shares, strict=True))

    # ------------------------------------------------------------------ plans
    def plans(self, actions_per_plan):
        Plan = self.env["cri.coordination.plan"]
        periods = list(range(self.first_year, self.today.year + 1, PLAN_YEARS))
        total = len(periods) * len(self.centers)
        created = {"coordination plans": 0, "plan actions": 0, "indicators": 0, "indicator values": 0}
        for number, (center, start) in enumerate(
            [(center, start) for center in self.centers for start in periods], start=1
        ):
            end = start + PLAN_YEARS - 1
            communes = self.communes[center]
            territory = communes.browse(
                self.rng.sample(communes.ids, min(len(communes), self.rng.randint(1, 4)))
            )
            domains = self.rng.sample(DOMAINS, 3)
            plan = Plan.create(
                {
                    "name": f"Plan local d'intégration de {territory[0].name} {start}-{end}",
                    "company_id": center.company_id.id,
                    "year_start": start,
                    "year_end": end,
                    "commune_ids": [Command.set(territory.ids)],
                    "priority_ids": [
                        Command.create({"name": f"Priorité {domain}", "life_domain": domain})
                        for domain in domains
                    ],
                }
            )
            created["coordination plans"] += 1
            created.update(self._actions(plan, territory, actions_per_plan, created))
            self._move_plan(plan)
            self.progress("plans", number, total)
        return created

    def _actions(self, plan, territory, count, created):
        last_day = min(date(plan.year_end, 12, 31), self.today)
        values = []
        for n in range(count):
            start = self._day(date(plan.year_start, 1, 1), last_day)
            values.append(
                {
                    "name": f"Action {n + 1} du plan {plan.year_start}",
                    "plan_id": plan.id,
                    "priority_id": self.rng.choice(plan.priority_ids.ids),
                    "commune_ids": [
                        Command.set(self.rng.sample(territory.ids, self.rng.randint(1, len(territory))))
                    ],
                    "date_start": start,
                    "date_end": start + timedelta(days=self.rng.randint(90, 720)),
                }
            )
        actions = self.env["cri.coordination.action"].create(values)
        created["plan actions"] += len(actions)
        self.actions_by_company.setdefault(plan.company_id.id, []).extend(actions.ids)
        indicators = self.env["cri.coordination.indicator"].create(
            [
                {
                    "name": name,
                    "unit": unit,
                    "action_id": action.id,
                    "target": self.rng.choice([10, 20, 50, 100, 200]),
                }
                for action in actions
                for name, unit in self.rng.sample(
                    [
                        ("Personnes touchées", "personnes"),
                        ("Séances", "séances"),
                        ("Partenaires", "organisations"),
                    ],
                    self.rng.randint(1, 2),
                )
            ]
        )
        created["indicators"] += len(indicators)
        yearly = []
        for indicator in indicators:
            first = indicator.action_id.date_start.year
            achieved = 0.0
            for year in range(first, min(plan.year_end, self.today.year) + 1):
                achieved += indicator.target * self.rng.uniform(0.05, 0.4)
                yearly.append({"indicator_id": indicator.id, "year": year, "value": round(achieved)})
        self.env["cri.coordination.indicator.value"].create(yearly)
        created["indicator values"] += len(yearly)
        # past actions are done or abandoned, the others run or are still planned
        for action in actions:
            if action.date_end < self.today:
                action.action_start()
                if self.rng.random() < 0.85:
                    action.action_done()
                else:
                    action.action_abandon()
            elif action.date_start <= self.today and self.rng.random() < 0.8:
                action.action_start()
        return created

    def _move_plan(self, plan):
        if plan.year_start > self.today.year:
            return
        plan.action_consultation()
        plan.action_adopt("Conseil communal", date(plan.year_start, 1, 1) - timedelta(days=20))
        plan.action_run()
        if plan.year_end < self.today.year:
            plan.action_evaluate()
            plan.action_close()

    # ------------------------------------------------------------------ activities
    def activities(self, total):
        Activity = self.env["cri.coordination.activity"]
        first = date(self.first_year, 1, 1)
        created = {"activities": 0, "activity publics": 0}
        done_count = 0
        for center, count in self._share(total).items():
            company = center.company_id
            action_ids = self.actions_by_company.get(company.id, [])
            for offset in range(0, count, BATCH):
                values = []
                for _n in range(min(BATCH, count - offset)):
                    day = self._day(first, self.today)
                    kind = self.rng.choices(ACTIVITY_TYPES, ACTIVITY_WEIGHTS)[0]
                    categories = self.rng.sample(CATEGORIES, self.rng.randint(1, 3))
                    values.append(
                        {
                            "name": f"Activité {kind} du {day:%d/%m/%Y}",
                            "company_id": company.id,
                            "activity_type": kind,
                            "commune_id": self.rng.choice(self.communes[center].ids),
                            "date": day,
                            "plan_action_id": self.rng.choice(action_ids)
                            if action_ids and self.rng.random() < 0.3
                            else False,
                            "public_ids": [
                                Command.create(
                                    {"category": category, "count": int(self.rng.triangular(1, 60, 8))}
                                )
                                for category in categories
                            ],
                        }
                    )
                batch = Activity.create(values)
                created["activities"] += len(batch)
                created["activity publics"] += len(batch.public_ids)
                past = batch.filtered(lambda activity: activity.date < self.today)
                cancelled = past.filtered(lambda _activity: self.rng.random() < 0.1)
                cancelled.action_cancel()
                (past - cancelled).action_done()
                done_count += len(batch)
                self.progress("activities", done_count, total)
        return created

    # ------------------------------------------------------------------ meetings
    def meetings(self, total):
        created = {"platforms": 0, "meetings": 0, "meeting attendees": 0, "decisions": 0}
        first = date(self.first_year, 1, 1)
        done_count = 0
        for center, count in self._share(total).items():
            company = center.company_id
            organisations = self.env["res.partner"].create(
                [
                    {
                        "name": f"ASBL Exemple {n} ({center.name})",
                        "is_company": True,
                        "company_id": company.id,
                    }
                    for n in range(1, 7)
                ]
            )
            contacts = self.env["res.partner"].create(
                [
                    {"name": f"Contact {k} de {org.name}", "parent_id": org.id, "company_id": company.id}
                    for org in organisations
                    for k in (1, 2)
                ]
            )
            platforms = self.env["cri.coordination.platform"].create(
                [
                    {
                        "name": f"{label} ({center.name})",
                        "company_id": company.id,
                        "kind": kind,
                        "life_domain": domain,
                        "partner_ids": [Command.set(organisations.ids)] if kind != "regional_group" else [],
                        "contact_ids": [Command.set(contacts.ids)] if kind != "regional_group" else [],
                    }
                    for label, kind, domain in (
                        ("Plateforme logement", "platform", "housing"),
                        ("Atelier emploi", "workshop", "employment"),
                        ("Groupe régional", "regional_group", False),
                    )
                ]
            )
            created["platforms"] += len(platforms)
            for offset in range(0, count, BATCH):
                created_now = self._meetings(
                    platforms, contacts, organisations, first, min(BATCH, count - offset)
                )
                for key, value in created_now.items():
                    created[key] += value
                done_count += created_now["meetings"]
                self.progress("meetings", done_count, total)
        return created

    def _meetings(self, platforms, contacts, organisations, first, count):
        Meeting = self.env["cri.coordination.meeting"]
        last = self.today + timedelta(days=60)
        values = []
        for _n in range(count):
            day = self._day(first, last)
            local = LEGAL_TZ.localize(datetime.combine(day, time(self.rng.randint(9, 15))))
            platform = self.rng.choice(platforms)
            values.append(
                {
                    "name": f"Réunion {platform.name} du {day:%d/%m/%Y}",
                    "platform_id": platform.id,
                    "date_start": local.astimezone(pytz.utc).replace(tzinfo=None),
                }
            )
        meetings = Meeting.create(values)
        past = meetings.filtered(lambda meeting: meeting.date_start.date() < self.today)
        # cancelled before anyone is invited: nobody is told
        cancelled = past.filtered(lambda _meeting: self.rng.random() < 0.08)
        cancelled.action_cancel()
        invited = []
        for meeting in meetings - cancelled:
            if meeting.platform_id.kind == "regional_group":
                continue
            for partner in self.rng.sample(contacts.ids, self.rng.randint(3, min(10, len(contacts)))):
                invited.append(
                    {
                        "meeting_id": meeting.id,
                        "partner_id": partner,
                        "response": self.rng.choices(["accepted", "invited", "declined"], [6, 2, 2])[0],
                    }
                )
        attendees = self.env["cri.coordination.meeting.attendee"].create(invited)
        held = past - cancelled
        held.action_held()
        attendees.filtered(
            lambda a: a.meeting_id in held and a.response == "accepted" and self.rng.random() < 0.9
        ).write({"attended": True})
        decisions = []
        for meeting in held:
            for n in range(self.rng.randint(0, 3)):
                decisions.append(
                    {
                        "name": f"Décision {n + 1} de {meeting.name}",
                        "meeting_id": meeting.id,
                        "owner_partner_id": self.rng.choice(organisations.ids),
                        "date_due": meeting.date_start.date() + timedelta(days=self.rng.randint(30, 120)),
                    }
                )
        decided = self.env["cri.coordination.decision"].create(decisions)
        due = decided.filtered(lambda decision: decision.date_due < self.today)
        done = due.filtered(lambda _decision: self.rng.random() < 0.7)
        done.action_done()
        (due - done).filtered(lambda _decision: self.rng.random() < 0.07).action_cancel()
        return {
            "meetings": len(meetings),
            "meeting attendees": len(attendees),
            "decisions": len(decided),
        }
