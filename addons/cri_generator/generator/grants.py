"""The ILI grants part (cri_ili_grants): calls of the Region, applications of fictive
organisations, grants with their budget, instalments, requirements, indicators and expenses."""

import logging
import random
from collections import defaultdict
from datetime import date, timedelta

from odoo import SUPERUSER_ID, Command, fields

from .base import (
    Chooser,
    ascii_slug,
    clone_partners,
    insert_rows,
    largest_remainder,
    link_network,
    local_datetime,
    touch,
    update_rows,
)
from .network import FIRST_NAMES, LAST_NAMES, ORGANISATION_KINDS, ORGANISATION_NAMES

_logger = logging.getLogger(__name__)

PROJECTS = {
    "fle": ("Cours de français langue étrangère en soirée", "Français et parentalité", "Alpha-FLE débutants"),
    "citizenship": ("Citoyenneté au quotidien", "Comprendre la Belgique", "Ateliers droits et devoirs"),
    "insertion": ("Premiers pas vers l'emploi", "Job coaching des primo-arrivants", "Stages d'observation"),
    "legal_aid": ("Permanence juridique droit des étrangers", "Accompagnement social et administratif"),
    "interculturality": ("Rencontres interculturelles de quartier", "Cuisines du monde", "Théâtre-forum"),
}
SUPPLIERS = {
    "personnel": ("Secrétariat social fictif", "Formateur indépendant (fictif)", "Interim Exemple"),
    "operating": (
        "Fournitures Exemple SRL",
        "Imprimerie Imaginaire",
        "Librairie Fictive",
        "Transports Démo",
        "Traiteur Inventé",
        "Location de salles Exemple",
    ),
    "investment": ("Informatique Fictive SA", "Mobilier Exemple"),
    "other": ("Assurances Imaginaires", "Banque Exemple (frais)", "Divers fictifs"),
}
EXPENSE_DESCRIPTIONS = {
    "personnel": ("Salaire formateur·rice", "Prestations animateur·rice", "Coordination du projet"),
    "operating": (
        "Matériel pédagogique",
        "Photocopies et impressions",
        "Transport des participant·es",
        "Collation des ateliers",
        "Location de salle",
    ),
    "investment": ("Ordinateur portable", "Vidéoprojecteur", "Tables et chaises"),
    "other": ("Assurance responsabilité civile", "Frais bancaires", "Frais divers"),
}
REJECTIONS = (
    "Dépense hors de la période d'activité.",
    "Justificatif illisible ou incomplet.",
    "Dépense non éligible (frais de réception).",
    "Facture au nom d'un autre organisme.",
    "Déjà déclarée sur un autre subside.",
)
PARTIAL_REASONS = (
    "TVA récupérable déduite.",
    "Seule la quote-part du projet ILI est admise.",
    "Plafond de la catégorie dépassé.",
)
OPINION_MOTIVATIONS = {
    "favourable": "Projet ancré dans le territoire, public cible bien identifié, budget réaliste.",
    "reserved": "Projet pertinent ; le budget de personnel doit être mieux justifié.",
    "unfavourable": "Objectifs peu mesurables et doublon avec l'offre existante de la commune.",
}
REFUSALS = (
    "Enveloppe de l'appel épuisée.",
    "Projet jugé non prioritaire par le Gouvernement wallon.",
    "Dossier incomplet à l'échéance.",
)
BUDGET_SHARES = {"personnel": 0.62, "operating": 0.25, "investment": 0.06, "other": 0.07}
LINE_SHARES = {"personnel": 0.25, "operating": 0.5, "investment": 0.1, "other": 0.15}


class GrantPart:
    """Calls of the Region, applications of fictive organisations, grants with their budget,
    instalments, requirements, indicators and expenses."""

    def __init__(self, env, network, staff, today, seed, report):
        self.env = env
        self.cr = env.cr
        self.network = network
        self.staff = staff
        self.today = today
        self.seed = seed
        self.report = report
        self.counts = defaultdict(int)

    def run(self, applications, expenses, years):
        rng = random.Random(f"{self.seed}-grants")
        axes = self.env["cri.ili.axis"].search([], order="sequence, id")
        if not axes:
            _logger.info("No ILI axis: no grants generated")
            return {}
        self.axes = axes
        # an ILI agent and an accountant of their own where a CRI has enough grants to follow
        total_weight = sum(self.network.center_weights.values())
        expected = {
            center.id: applications * self.network.center_weights[center.id] / total_weight
            for center in self.network.centers
        }
        self.wanted = {
            "agent": {center: int(number >= 30) for center, number in expected.items()},
            "accountant": {center: int(number >= 20) for center, number in expected.items()},
        }
        calls = self._calls(rng, years)
        organisations = self._organisations(rng, applications, years)
        apps = self._applications(rng, calls, organisations, applications)
        self._follow_up(rng, apps)
        self._expenses(rng, apps, expenses)
        self.env.invalidate_all()
        return dict(self.counts)

    # ------------------------------------------------------------------ calls
    def _calls(self, rng, years):
        """One call a year of activities, from ``years`` back to next year's (open)."""
        today = self.today
        Call = self.env["cri.ili.call"]
        calls = []
        first = today.year - years + 1
        for year in range(first, today.year + 2):
            name = f"Appel à projets ILI {year}"
            call = Call.search([("name", "=", name)], limit=1)
            submission = date(year - 1, 10, 15)
            if year == today.year + 1 and submission < today + timedelta(days=21):
                # the next call stays open a few weeks more, for its drafts
                submission = today + timedelta(days=21)
            if not call:
                call = Call.create(
                    {
                        "name": name,
                        "period": str(year),
                        "axis_ids": [Command.set(self.axes.ids)],
                        "date_submission": submission,
                        "date_opinion": submission + timedelta(days=45),
                        "date_decision": date(year, 2, 15),
                        "date_activity_start": date(year, 1, 1),
                        "date_activity_end": date(year, 12, 31),
                        "envelope": round(rng.uniform(4.5, 6.5) * (1 + 0.03 * (year - first)), 1) * 1_000_000,
                        "eligibility_conditions": "<p>Projets d'intégration des personnes étrangères en Wallonie "
                        "(appel fictif de démonstration).</p>",
                    }
                )
                report_due = date(year + 1, 3, 1)
                requirements = self.env["cri.ili.call.requirement"].create(
                    [
                        {"call_id": call.id, "name": "Rapport intermédiaire", "due_date": date(year, 7, 15)},
                        {
                            "call_id": call.id,
                            "name": "Rapport d'activités et décompte final",
                            "due_date": report_due,
                        },
                    ]
                )
                self.env["cri.ili.call.instalment"].create(
                    [
                        {
                            "call_id": call.id,
                            "sequence": 1,
                            "name": "Avance",
                            "percent": 80,
                            "planned_date": date(year, 3, 31),
                        },
                        {
                            "call_id": call.id,
                            "sequence": 2,
                            "name": "Solde",
                            "percent": 20,
                            "planned_date": date(year + 1, 6, 30),
                            "release_requirement_id": requirements[1].id,
                        },
                    ]
                )
                state = (
                    "open" if today <= submission else ("review" if today < date(year, 2, 15) else "closed")
                )
                call.write({"state": state})
                self.counts["calls"] += 1
            calls.append(call)
        return calls

    # ------------------------------------------------------------------ applicants
    def _organisations(self, rng, applications, years):
        """Local integration initiatives of each CRI (fictive), with a representative and a bank
        account; they apply year after year."""
        per_year = max(1, applications // (years + 1))
        total_weight = sum(self.network.center_weights.values())
        rows, places, used = [], [], set()
        for center in self.network.centers:
            share = self.network.center_weights[center.id] / total_weight
            for _n in range(max(2, round(per_year * 0.9 * share))):
                commune = self.network.commune_choice[center.id](rng)
                town = self.network.commune_name[commune]
                name = None
                for _attempt in range(30):
                    name = f"{rng.choice(ORGANISATION_KINDS)} {rng.choice(ORGANISATION_NAMES)} – {town} (fictive)"
                    if name not in used:
                        break
                used.add(name)
                digits = rng.randint(0, 999_999)
                rows.append(
                    {
                        "name": name,
                        "is_company": True,
                        "company_id": self.network.company[center.id],
                        "city": town,
                        "zip": self.network.commune_zip[commune],
                        "street": f"Rue de l'Exemple {rng.randint(1, 200)}",
                        "email": f"info.{ascii_slug(name)[:40]}@example.org",
                        # 0999: an invented range of company numbers
                        "company_registry": f"0999.{digits // 1000:03d}.{digits % 1000:03d}",
                    }
                )
                places.append((center.id, commune))
        ids = clone_partners(self.env, rows)
        role = self.env.ref("cri_base.partner_role_ili", raise_if_not_found=False)
        link_network(
            self.cr,
            [(i, role.id) for i in ids] if role else [],
            [(i, commune) for i, (_center, commune) in zip(ids, places, strict=True)],
        )
        people = []
        for partner_id in ids:
            gender = rng.randint(0, 1)
            people.append(
                {
                    "firstname": rng.choice(FIRST_NAMES[rng.choice(("latin", "african", "arabic"))][gender]),
                    "lastname": rng.choice(LAST_NAMES),
                    "gender": ("male", "female")[gender],
                    "parent": partner_id,
                    "function": "Coordinateur·rice",
                    "email": f"coordination.{partner_id}@example.org",
                }
            )
        representatives = clone_partners(self.env, people)
        accounts = [_iban(rng) for _id in ids]
        self.env["res.partner.bank"].create(
            [
                {"partner_id": partner_id, "acc_number": account}
                for partner_id, account in zip(ids, accounts, strict=True)
            ]
        )
        self.counts["organisations"] += len(ids)
        return [
            {
                "id": partner_id,
                "center": center,
                "commune": commune,
                "communes": self.network.communes[center],
                "representative": representative,
                "representative_name": self.env["res.partner"]._get_computed_name(
                    person["lastname"], person["firstname"]
                ),
                "name": row["name"],
                "registry": row["company_registry"],
                "account": account,
            }
            for partner_id, representative, person, row, account, (center, commune) in zip(
                ids, representatives, people, rows, accounts, places, strict=True
            )
        ]

    # ------------------------------------------------------------------ applications
    def _applications(self, rng, calls, organisations, count):
        """The applications of each call, in the state their call's dates give them, through
        the ORM (their reference numbered in the year of the call), then what the decision and
        the start of a grant create (budget by category, plan of instalments and requirements,
        indicators) by the models' own methods."""
        now = fields.Datetime.now()
        per_call = largest_remainder(count, [round(100 * (1 + 0.05 * index)) for index in range(len(calls))])
        by_center = defaultdict(list)
        for organisation in organisations:
            by_center[organisation["center"]].append(organisation)
        axis_weights = {"fle": 5, "citizenship": 3, "insertion": 3, "legal_aid": 2, "interculturality": 3}
        axis_choice = Chooser(self.axes.ids, [axis_weights.get(axis.code, 2) for axis in self.axes])
        axis_code = {axis.id: axis.code for axis in self.axes}
        per_center = defaultdict(int)
        self.report("applications", 0, count)
        Application = self.env["cri.ili.application"]
        created = []
        for call, number in zip(calls, per_call, strict=True):
            if not number:
                continue
            year = int(call.period)
            vals_list, facts = [], []
            for n in range(number):
                center = self.network.center_choice(rng)
                per_center[center] += 1
                organisation = rng.choice(by_center[center])
                axis = axis_choice(rng)
                vals, fact = self._application_values(rng, call, year, organisation, axis, axis_code[axis], n)
                vals_list.append(vals)
                facts.append(fact)
            records = Application.with_context(ir_sequence_date=date(year - 1, 10, 1)).create(vals_list)
            for record, fact in zip(records, facts, strict=True):
                fact["record"] = record
            created.extend(facts)
            self.env.flush_all()
            self.report("applications", len(created), count)
        self.counts["applications"] += len(created)
        for fact in created:
            record = fact["record"]
            if fact["state"] in ("decided", "running", "clearing", "closed"):
                record._create_grant_budget()
            if fact["state"] in ("running", "clearing", "closed"):
                record._create_grant_plan()
                record._create_indicators()
                self.counts["grants"] += 1
        self.env.flush_all()
        update_rows(
            self.cr,
            "cri_ili_application",
            ["create_date", "write_date"],
            ["timestamp", "timestamp"],
            [
                (
                    fact["record"].id,
                    min(local_datetime(fact["created"], 11), now),
                    min(local_datetime(max(fact["created"], fact.get("last") or fact["created"]), 15), now),
                )
                for fact in created
            ],
        )
        return created

    def _state(self, rng, call, year):
        """The state of an application of ``call`` today."""
        today = self.today
        if call.state == "open":
            return Chooser(["draft", "submitted", "completion"], [45, 40, 15])(rng)
        if call.state == "review":
            return Chooser(["submitted", "opinion"], [20, 80])(rng)
        if rng.random() < 0.22:
            return "refused"
        if today < date(year, 3, 1):
            return "decided" if rng.random() < 0.4 else "running"
        if today <= date(year, 12, 31):
            return "running"
        if today < date(year + 1, 6, 30):
            return "clearing" if rng.random() < 0.7 else "running"
        return "closed" if rng.random() < 0.95 else "clearing"

    def _application_values(self, rng, call, year, organisation, axis, axis_code, n):
        """(values, facts) of an application: its content and budget, and what the workflow
        wrote up to its state (submission, opinion, decision), as the actions would have."""
        today = self.today
        center = organisation["center"]
        state = self._state(rng, call, year)
        project = rng.choice(PROJECTS.get(axis_code) or PROJECTS["citizenship"])
        size = rng.choice((8, 12, 15, 18, 20, 25, 30, 35, 40, 50, 60)) * 1000 * rng.uniform(0.9, 1.1)
        budget = []
        for category, share in BUDGET_SHARES.items():
            if category in ("investment", "other") and rng.random() < 0.3:
                continue
            amount = round(size * share * rng.uniform(0.8, 1.2), -1)
            budget.append(
                {
                    "category": category,
                    "description": rng.choice(EXPENSE_DESCRIPTIONS[category]),
                    "amount": amount,
                }
            )
        requested = sum(line["amount"] for line in budget)
        commune_count = min(len(organisation["communes"]), rng.randint(0, 2))
        vals = {
            "call_id": call.id,
            "axis_id": axis,
            "partner_id": organisation["id"],
            "representative_id": organisation["representative"],
            "commune_id": organisation["commune"],
            "commune_ids": [Command.set([c.id for c in rng.sample(organisation["communes"], commune_count)])],
            "user_id": rng.choice(self.staff.get(center, "agent", self.wanted["agent"].get(center, 0))),
            "summary": f"{project} pour les personnes primo-arrivantes de "
            f"{self.network.commune_name[organisation['commune']]} (projet fictif).",
            "objectives": "Atteindre le niveau A2 pour la moitié des participant·es ; 80 % de présence aux ateliers.",
            "target_public": "Personnes primo-arrivantes, en priorité les femmes peu scolarisées.",
            "planned_activities": "Ateliers hebdomadaires en petits groupes, sorties collectives, suivi individuel.",
            "expected_participants": rng.randint(8, 40),
            "expected_hours": float(rng.choice((60, 80, 120, 150, 200, 240))),
            "budget_line_ids": [Command.create(line) for line in budget],
            "state": state,
        }
        submitted = min(today, call.date_submission - timedelta(days=rng.randint(0, 40)))
        fact = {"state": state, "year": year, "created": submitted}
        if state == "draft":
            fact["created"] = today - timedelta(days=rng.randint(0, 20))
            return vals, fact
        vals["submit_date"] = submitted
        if state == "completion":
            vals["completion_request"] = "Joindre les statuts à jour et détailler le budget de personnel."
        if state in ("submitted", "completion"):
            return vals, fact
        opinion = Chooser(["favourable", "reserved", "unfavourable"], [70, 20, 10])(rng)
        if state == "refused" and rng.random() < 0.5:
            opinion = "unfavourable"
        elif state != "refused" and state != "opinion" and opinion == "unfavourable":
            opinion = "reserved"
        signed = min(today, call.date_opinion or call.date_submission) - timedelta(days=rng.randint(0, 20))
        vals.update(
            opinion=opinion,
            opinion_motivation=OPINION_MOTIVATIONS[opinion],
            opinion_signed_by_id=self.staff.get(center, "director")[0],
            opinion_date=max(submitted, signed),
        )
        fact["last"] = vals["opinion_date"]
        if state == "opinion":
            return vals, fact
        decided = min(today, date(year, 2, 1) + timedelta(days=rng.randint(0, 40)))
        vals.update(decision_reference=f"AGW/ILI/{year}/{n + 1:04d}", decision_date=decided)
        fact["last"] = decided
        if state == "refused":
            vals["refusal_reason"] = rng.choice(REFUSALS)
            return vals, fact
        # the decision grants part of the request and freezes what the payments depend on
        vals.update(
            granted_amount=min(requested, round(requested * rng.uniform(0.6, 1.0), -2) or requested),
            frozen_legal_name=organisation["name"],
            frozen_company_registry=organisation["registry"],
            frozen_bank_account=organisation["account"],
            frozen_representative=organisation["representative_name"],
        )
        return vals, fact

    def _follow_up(self, rng, apps):
        """What happened to the grants since: instalments paid (through the ORM), requirements
        delivered and accepted, indicators achieved (in SQL)."""
        today = self.today
        records = self.env["cri.ili.application"].browse(
            [fact["record"].id for fact in apps if fact["state"] in ("running", "clearing", "closed")]
        )
        if not records:
            return
        paid = defaultdict(lambda: self.env["cri.ili.instalment"])
        for instalment in records.instalment_ids:
            closed = instalment.application_id.state == "closed"
            if instalment.planned_date <= today and (closed or not instalment.release_requirement_id):
                paid[instalment.planned_date] |= instalment
        for day, instalments in sorted(paid.items()):
            instalments.write({"state": "paid", "payment_date": day})
        rows = []
        for requirement in records.requirement_ids:
            state = requirement.application_id.state
            due = requirement.due_date
            received = min(today, due + timedelta(days=rng.randint(-25, 20)))
            if state == "closed":
                rows.append((requirement.id, "accepted", received, None))
            elif due <= today:
                roll = rng.random()
                if roll < 0.75:
                    rows.append((requirement.id, "accepted", received, None))
                elif roll < 0.87:
                    rows.append((requirement.id, "received", received, None))
                elif roll < 0.93:
                    rows.append(
                        (
                            requirement.id,
                            "rejected",
                            received,
                            "Décompte incomplet : joindre les fiches de paie.",
                        )
                    )
            elif state == "clearing" and rng.random() < 0.4:
                rows.append(
                    (requirement.id, "received", min(today, due - timedelta(days=rng.randint(0, 30))), None)
                )
        update_rows(
            self.cr,
            "cri_ili_requirement",
            ["state", "received_date", "rejection_reason"],
            ["varchar", "date", "text"],
            rows,
        )
        indicator_rows = []
        for indicator in records.indicator_ids:
            if indicator.application_id.state in ("clearing", "closed"):
                target = indicator.target or rng.randint(5, 20)
                achieved = float(round(target * rng.uniform(0.55, 1.2)))
                rate = round(100.0 * achieved / indicator.target, 2) if indicator.target else 0.0
                indicator_rows.append((indicator.id, achieved, rate))
        update_rows(
            self.cr,
            "cri_ili_indicator",
            ["achieved", "achievement_rate"],
            ["float8", "float8"],
            indicator_rows,
        )
        indicators = records.indicator_ids
        touch(records.requirement_ids, ["state", "received_date", "rejection_reason"])
        touch(indicators, ["achieved", "achievement_rate"], [(["achievement_rate"], indicators)])

    # ------------------------------------------------------------------ expenses
    def _expenses(self, rng, apps, count):
        """``count`` expenses over the grants that declare them, in SQL, reviewed by the CRI's
        accountant as the grant's age says; the totals of the grants and of their budget are
        then recomputed by the ORM."""
        today = self.today
        grants = [
            fact["record"] for fact in apps if fact["record"].state in ("running", "clearing", "closed")
        ]
        if not grants or not count:
            return
        grants = self.env["cri.ili.application"].browse([g.id for g in grants])
        self.report("expenses", 0, count)
        weights = [max(1, round(g.granted_amount / 1000)) for g in grants]
        per_grant = largest_remainder(count, weights)
        now = fields.Datetime.now()
        rows = []
        accountants = {}
        for grant, number in zip(grants, per_grant, strict=True):
            if not number:
                continue
            call = grant.call_id
            start, end = call.date_activity_start, min(call.date_activity_end, today)
            if end < start:
                end = start
            elapsed = min(1.0, ((end - start).days + 1) / ((call.date_activity_end - start).days + 1))
            consumption = {
                "closed": rng.uniform(0.8, 1.02),
                "clearing": rng.uniform(0.75, 1.02),
            }.get(grant.state, elapsed * rng.uniform(0.75, 1.0))
            budget = {line.category: line.amount for line in grant.grant_budget_ids if line.amount}
            if not budget:
                continue
            categories = list(budget)
            counts = largest_remainder(number, [round(100 * LINE_SHARES[c]) for c in categories])
            center = grant.center_id.id
            accountant = (
                self.staff.get(center, "accountant", self.wanted["accountant"].get(center, 0))[0] or None
            )
            for category, lines in zip(categories, counts, strict=True):
                if not lines:
                    continue
                total = budget[category] * consumption * rng.uniform(0.9, 1.08)
                raw = [rng.lognormvariate(0, 0.5) for _n in range(lines)]
                scale = total / sum(raw)
                accountants[grant.id] = accountant
                for index, value in enumerate(raw):
                    amount = max(1.0, round(value * scale, 2))
                    day = start + timedelta(days=rng.randint(0, (end - start).days))
                    supplier = rng.choice(SUPPLIERS[category])
                    number_ = f"F{day.year}-{grant.id:05d}-{len(rows) + index:06d}"
                    review = self._review(rng, grant.state, day, amount, accountant)
                    created = min(
                        local_datetime(min(today, day + timedelta(days=rng.randint(3, 40))), 14), now
                    )
                    rows.append(
                        (
                            grant.id,
                            grant.company_id.id,
                            day,
                            supplier,
                            number_,
                            rng.choice(EXPENSE_DESCRIPTIONS[category]),
                            category,
                            amount,
                            *review,
                            SUPERUSER_ID,
                            created,
                            SUPERUSER_ID,
                            created,
                        )
                    )
        # one document in five hundred declared again on another grant, where the accountant
        # rejects it (the duplicate count of the expense lines shows it)
        for index in range(250, len(rows), 500):
            target = rng.randrange(len(rows))
            if rows[target][0] == rows[index][0]:
                continue
            copy = list(rows[index])
            copy[0], copy[1] = rows[target][0], rows[target][1]
            reviewer = rows[target][11] or accountants[rows[target][0]]
            copy[8:12] = ["rejected", 0.0, "Déjà déclarée sur un autre subside.", reviewer]
            rows[target] = tuple(copy)
        insert_rows(
            self.cr,
            "cri_ili_expense",
            [
                "application_id",
                "company_id",
                "date",
                "supplier",
                "invoice_number",
                "description",
                "category",
                "amount",
                "review_state",
                "accepted_amount",
                "rejection_reason",
                "reviewed_by_id",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            [
                "int4",
                "int4",
                "date",
                "varchar",
                "varchar",
                "varchar",
                "varchar",
                "numeric",
                "varchar",
                "numeric",
                "text",
                "int4",
                "int4",
                "timestamp",
                "int4",
                "timestamp",
            ],
            rows,
        )
        self.counts["expenses"] += len(rows)
        self.report("expenses", len(rows), count)
        # the totals of the grants and of their budget categories: the ORM's computations
        grants.invalidate_recordset()
        grants.modified(["expense_ids"])
        self.env.flush_all()

    def _review(self, rng, state, day, amount, accountant):
        """(review state, accepted amount, rejection reason, reviewer) of an expense."""
        age = (self.today - day).days
        chance = {"closed": 1.0, "clearing": 0.92}.get(state, 0.75 if age > 45 else 0.15)
        if rng.random() >= chance:
            return ("to_review", None, None, None)
        roll = rng.random()
        if roll < 0.88:
            return ("accepted", amount, None, accountant)
        if roll < 0.95 and amount >= 2:
            accepted = round(amount * rng.uniform(0.3, 0.9), 2)
            if 0 < accepted < amount:
                return ("partial", accepted, rng.choice(PARTIAL_REASONS), accountant)
        return ("rejected", 0.0, rng.choice(REJECTIONS), accountant)


def _iban(rng):
    """A Belgian IBAN with valid check digits, of an invented bank code (999)."""
    account = f"999{rng.randint(0, 9_999_999):07d}"
    national_check = int(account) % 97 or 97
    bban = f"{account}{national_check:02d}"
    check = 98 - int(bban + "111400") % 97  # "BE00": B=11, E=14
    return f"BE{check:02d}{bban}"
