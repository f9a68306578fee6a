"""The lives of the invented persons and their pathway files, simulated in memory before
anything is written: registrations, permits, regimes, receptions, conventions, modules and the
attendance they plan. ``PathwayPart`` (pathway.py) writes them."""

import math
import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .base import Chooser, Quota, ascii_slug, fill, nth_weekday, tri, weekdays_between, workday
from .network import AGE_BANDS, FIRST_NAMES, LAST_NAMES, NATIONALITIES, ORIGINS

MONTH_FACTORS = {
    1: 1.0,
    2: 1.0,
    3: 1.05,
    4: 1.0,
    5: 1.0,
    6: 0.95,
    7: 0.85,
    8: 0.75,
    9: 1.15,
    10: 1.15,
    11: 1.05,
    12: 0.85,
}


# ----------------------------------------------------------------------------- pathway life
PRESENT = {"mandatory": 0.95, "voluntary": 0.78, "incomplete": 0.6}  # presents at the reception
LATE_SHARE = 0.22  # of the mandatory persons who present, those who present after the deadline
CONVENTION = {"mandatory": 0.92, "voluntary": 0.62, "incomplete": 0.0}  # signs the convention
COMPLETE = {"mandatory": 0.76, "voluntary": 0.55, "incomplete": 0.0}  # completes the convention
TRANSFER_SHARE = 0.04  # of the files that close, those that move to another CRI
EXEMPTION_SHARE = 0.11  # of the persons who could be mandatory, those who bring an exemption
INCOMPLETE_SHARE = 0.015  # files that still miss an input of the eligibility
LONG_STAY_SHARE = 0.07  # legally resident for years before registering: not a primo-arrivant
FRENCH_FULL = {True: 0.25, False: 0.6}  # follow the whole French module (by French-speaking)
PRESENT_SHARE = 0.87  # of the attendance lines, those present (the others excused or absent)
HOURS = (2.0, 2.5, 3.0, 3.0, 3.5, 4.0)
NO_SHOW_REASONS = (
    "Ne s'est jamais présenté·e malgré les rappels.",
    "Injoignable : courrier revenu, téléphone hors service.",
    "A quitté la commune sans laisser d'adresse.",
)
ABANDON_REASONS = (
    "A trouvé un emploi à temps plein, horaires incompatibles avec les modules.",
    "Déménagement à l'étranger.",
    "Raisons familiales (naissance, garde d'enfants).",
    "Raisons de santé.",
    "Ne souhaite pas poursuivre le parcours volontaire.",
    "Formation qualifiante à temps plein commencée.",
    "Injoignable depuis plusieurs mois.",
)
ORIENTATION_NOTES = (
    "Souhaite reprendre des études ; orientation vers le service d'équivalence des diplômes.",
    "Projet professionnel dans la construction ; orientation vers le Forem.",
    "Cherche un emploi dans les soins ; orientation vers une formation qualifiante.",
    "Priorité au logement et à la scolarité des enfants.",
    "Expérience de commerce ; intérêt pour la création d'activité.",
)
EXEMPTION_REASONS = {  # code: weight
    "work": 32,
    "student": 18,
    "diploma": 12,
    "executive": 10,
    "medical": 10,
    "attestation": 10,
    "diplomatic": 8,
}


# =============================================================================== pathway files
class _Person:
    __slots__ = (
        "firstname",
        "lastname",
        "gender",
        "birthdate",
        "nationality",
        "country",
        "french_speaking",
        "languages",
        "email",
        "lang",
        "company",
        "id",
    )


class _Module:
    __slots__ = (
        "file",
        "code",
        "line",
        "operator",
        "required",
        "adjusted",
        "operator",
        "start",
        "duration",
        "completion",
        "state",
        "stop",
        "full",
        "positioning",
        "validation",
        "want",
        "minimum",
        "cap",
        "lines",
        "id",
        "deadline",
    )

    def __init__(self, **values):
        for name in self.__slots__:
            setattr(self, name, values.get(name))


class _File:
    __slots__ = (
        "person",
        "center",
        "commune",
        "registration",
        "created",
        "regime",
        "category",
        "permit_type",
        "permit_date",
        "permit_unlimited",
        "permit_months",
        "family",
        "stay_start",
        "arrival",
        "exemption",
        "state",
        "reception",
        "rights_info",
        "test_date",
        "test_level",
        "convention",
        "certificate",
        "end",
        "abandon_reason",
        "orientation_note",
        "social_worker",
        "successor",
        "origin",
        "modules",
        "id",
        "name",
        "certificate_number",
        "referral",
        "is_mandatory",
        "presentation_deadline",
    )

    def __init__(self, **values):
        for name in self.__slots__:
            setattr(self, name, values.get(name))
        self.modules = self.modules or []


class _Regime:
    """What the generator reads of a regime."""

    def __init__(self, regime):
        self.id = regime.id
        self.date_from = regime.date_from
        self.max_stay = regime.max_stay_months
        self.min_permit = regime.min_permit_months
        self.min_age = regime.min_age
        self.max_age = regime.max_age
        self.exclude_asylum = regime.exclude_asylum_seekers
        self.excluded = set(regime.excluded_country_group_ids.country_ids.ids)
        self.exempted = set(regime.exempted_country_group_ids.country_ids.ids)
        self.reasons = set(regime.exemption_reason_ids.ids)
        self.presentation_months = regime.presentation_deadline_months
        self.lines = [
            (line.id, line.module_code, line.hours, line.deadline_months, line.target_level)
            for line in regime.line_ids.sorted(lambda line: (line.sequence, line.id))
        ]
        self.ladder = [
            (step.id, step.delay_days, step.apply_fine)
            for step in regime.sanction_step_ids.sorted(lambda step: (step.sequence, step.id))
        ]
        self.fine_min = regime.fine_min
        self.fine_max = regime.fine_max
        self.earlier_months = regime.earlier_permit_convention_months
        self.convention_months = regime.convention_months

    def convention_length(self, permit_date):
        if self.earlier_months and permit_date and permit_date < self.date_from:
            return self.earlier_months
        return self.convention_months


class PathwayLife:
    """The simulation half of ``PathwayPart``: what happens to each person and file, in memory,
    from the seed; it reads the regimes and the network and writes nothing."""

    # ------------------------------------------------------------------ reference data
    def _load(self, years):
        env = self.env
        self.regimes = [_Regime(r) for r in env["cri.pathway.regime"].search([], order="date_from")]
        if not self.regimes:
            return False
        start = self.today - relativedelta(years=years) + timedelta(days=1)
        self.start = max(start, self.regimes[0].date_from)
        countries = env["res.country"].search([("code", "in", [code for code, *_rest in NATIONALITIES])])
        self.country = {country.code: country.id for country in countries}
        self.nationalities = [row for row in NATIONALITIES if row[0] in self.country]
        languages = env["cri.language"].search([])
        self.language = {language.code: language.id for language in languages}
        reasons = env["cri.pathway.exemption.reason"].search([])
        self.reason = {reason.code: reason.id for reason in reasons}
        self.reason_choice = Chooser(
            [self.reason[code] for code in EXEMPTION_REASONS if code in self.reason],
            [weight for code, weight in EXEMPTION_REASONS.items() if code in self.reason],
        )
        excluded = set()
        for regime in self.regimes:
            excluded |= regime.excluded
        self.european = excluded
        self.origin = {code: origin for origin, codes in ORIGINS.items() for code in codes}
        return bool(self.nationalities)

    def _regime_for(self, day):
        regime = None
        for candidate in self.regimes:
            if candidate.date_from <= day:
                regime = candidate
        return regime

    # ------------------------------------------------------------------ people
    def _registration_date(self, rng):
        """A weekday between the start and today, more recent years a bit more often, with the
        seasons of the commune registrations and the lockdown of spring 2020."""
        span = (self.today - self.start).days
        while True:
            day = self.start + timedelta(days=rng.randint(0, span))
            if day.weekday() >= 5:
                continue
            weight = (1 + 0.04 * (day - self.start).days / 365) * MONTH_FACTORS[day.month]
            if date(2020, 3, 15) <= day <= date(2020, 6, 15):
                weight *= 0.4
            if rng.random() * 1.6 < weight:
                return day

    def _nationality_weight(self, code, weight, day):
        if code == "UA" and day >= date(2022, 3, 1):
            return weight * 25 if day < date(2023, 6, 1) else weight * 8
        if code == "AF" and day >= date(2021, 8, 15):
            return weight * 1.8
        if code == "SY" and day < date(2018, 1, 1):
            return weight * 1.6
        return weight

    def _person(self, rng, registration, center):
        person = _Person()
        weights = [
            self._nationality_weight(code, weight, registration) for code, weight, *_ in self.nationalities
        ]
        code, _weight, languages, french = self.nationalities[Chooser(range(len(weights)), weights)(rng)]
        person.country = code
        person.nationality = self.country[code]
        person.french_speaking = french
        male_share = {"AF": 0.7, "ER": 0.65, "SY": 0.56, "SO": 0.55}.get(code, 0.5)
        roll = rng.random()
        person.gender = "other" if roll < 0.005 else ("male" if roll < male_share else "female")
        low, high, _w = AGE_BANDS[Chooser(range(len(AGE_BANDS)), [band[2] for band in AGE_BANDS])(rng)]
        age = rng.randint(low, high)
        person.birthdate = registration - relativedelta(years=age) - timedelta(days=rng.randint(1, 364))
        names = FIRST_NAMES[self.origin.get(code, "latin")][0 if person.gender == "male" else 1]
        if person.gender == "other":
            names = FIRST_NAMES[self.origin.get(code, "latin")][rng.randint(0, 1)]
        person.firstname = rng.choice(names)
        person.lastname = rng.choice(LAST_NAMES)
        spoken = [self.language[lang] for lang in languages if lang in self.language]
        if not french and rng.random() < 0.2 and "en" in self.language:
            spoken.append(self.language["en"])
        person.languages = sorted(set(spoken))
        person.email = (
            f"{ascii_slug(person.firstname)}.{ascii_slug(person.lastname)}.{rng.randint(100, 99999)}@example.org"
            if rng.random() < 0.82
            else None
        )
        person.lang = (
            "en_US"
            if not french and "en_US" in self.network.langs and rng.random() < 0.1
            else self.network.lang
        )
        person.company = self.network.company[center]
        return person

    def _permit(self, rng, f, person, quotas):
        """Residence data, as a reception agent records it."""
        day = f.registration
        european = person.nationality in self.european
        if european:
            f.permit_type = "other" if rng.random() < 0.85 else "b_card"
        elif person.country == "UA" and day >= date(2022, 3, 1):
            f.permit_type = "a_card"
        else:
            f.permit_type = Chooser(
                ["a_card", "b_card", "f_card", "f_plus_card", "k_card", "asylum_seeker", "other"],
                [46, 14, 12, 2, 2, 12, 12],
            )(rng)
        f.family = f.permit_type in ("f_card", "f_plus_card") and rng.random() < 0.85
        f.permit_unlimited = f.permit_type in ("b_card", "f_plus_card", "k_card")
        if f.permit_type == "asylum_seeker":
            f.permit_date = None
            f.permit_months = 0
            f.arrival = day - timedelta(days=rng.randint(10, 400))
            return
        f.permit_date = day - timedelta(days=tri(rng, 0, 150, 20))
        if f.permit_unlimited:
            f.permit_months = 0
        elif f.permit_type == "a_card":
            f.permit_months = Chooser([12, 24, 60, 6, 3], [55, 12, 10, 13, 10])(rng)
        elif f.permit_type == "f_card" or european:
            f.permit_months = 60
        else:
            f.permit_months = 12
        if quotas["long_stay"]():
            f.stay_start = day - relativedelta(months=rng.randint(37, 180))
        f.arrival = (f.stay_start or f.permit_date) - timedelta(days=rng.randint(0, 200))

    def _predict(self, f, person):
        """The eligibility the model will compute, to give each file a plausible life (the
        stored eligibility is the model's own, read back after the creation)."""
        regime = f.regime
        if (
            not regime
            or not person.birthdate
            or not person.nationality
            or not f.permit_type
            or (
                f.permit_type != "asylum_seeker"
                and (not (f.stay_start or f.permit_date) or (not f.permit_unlimited and not f.permit_months))
            )
        ):
            return "incomplete"
        if person.nationality in regime.excluded or f.family:
            return "voluntary"
        if f.permit_type == "asylum_seeker" and regime.exclude_asylum:
            return "voluntary"
        if f.permit_type != "asylum_seeker":
            stay = f.stay_start or f.permit_date
            if f.registration >= stay + relativedelta(months=regime.max_stay):
                return "voluntary"
            if not f.permit_unlimited and f.permit_months <= regime.min_permit:
                return "voluntary"
        age = relativedelta(f.registration, person.birthdate).years
        if age < regime.min_age or age >= regime.max_age or person.nationality in regime.exempted:
            return "voluntary"
        if f.exemption and f.exemption[0] in regime.reasons:
            return "voluntary"
        return "mandatory"

    # ------------------------------------------------------------------ lives
    def _simulate(self, files, scale):
        """Persons and files with their life up to today. ``scale`` (at most 1) lowers the share
        of files and modules that complete, when the attendance lines asked cannot cover the
        hours of more completed modules."""
        rng = random.Random(f"{self.seed}-pathway")
        quotas = {
            "late": Quota(rng, LATE_SHARE),
            "transfer": Quota(rng, TRANSFER_SHARE),
            "exemption": Quota(rng, EXEMPTION_SHARE),
            "incomplete": Quota(rng, INCOMPLETE_SHARE),
            "long_stay": Quota(rng, LONG_STAY_SHARE),
            "adjusted": Quota(rng, 0.02),
            "extension": Quota(rng, 0.3),
        }
        self.scale = scale
        result = []
        centers = self.network.centers
        while len(result) < files:
            index = len(result)
            # the first files go to each CRI in turn: every CRI has files at any size
            center = centers[index].id if index < len(centers) else self.network.center_choice(rng)
            commune = self.network.commune_choice[center](rng)
            registration = self._registration_date(rng)
            person = self._person(rng, registration, center)
            f = _File(person=person, center=center, commune=commune, registration=registration)
            f.created = registration
            f.regime = self._regime_for(registration)
            self._permit(rng, f, person, quotas)
            if (
                person.nationality not in self.european
                and not f.family
                and 18 <= relativedelta(registration, person.birthdate).years < 65
                and quotas["exemption"]()
            ):
                reason = self.reason_choice(rng) if self.reason_choice.items else None
                if reason:
                    f.exemption = (reason, min(self.today, registration + timedelta(days=rng.randint(0, 60))))
            if quotas["incomplete"]():
                missing = rng.choice(("birthdate", "permit_type", "duration"))
                if missing == "birthdate":
                    person.birthdate = None
                elif missing == "permit_type":
                    f.permit_type = None
                elif not f.permit_unlimited and f.permit_type != "asylum_seeker":
                    f.permit_months = 0
            f.category = self._predict(f, person)
            f.referral = rng.random() < 0.85
            f.state = "referral"
            allow_transfer = len(result) + 2 <= files
            self._life(rng, f, quotas, "referral", registration, allow_transfer)
            result.append(f)
            if f.successor:
                result.append(f.successor)
        return result

    def _close(self, rng, f, day, quotas, allow_transfer, reasons):
        """Close ``f`` on ``day``: abandoned, or transferred to another CRI (a new file)."""
        if allow_transfer and len(self.network.centers) > 1 and quotas["transfer"]():
            f.state = "transferred"
            f.end = day
            others = [c.id for c in self.network.centers if c.id != f.center]
            center = Chooser(others, [self.network.center_weights[c] for c in others])(rng)
            stage = "referral" if f.reception is None else "reception"
            successor = _File(
                person=f.person,
                center=center,
                commune=self.network.commune_choice[center](rng),
                registration=f.registration,
                created=day,
                regime=f.regime,
                category=f.category,
                permit_type=f.permit_type,
                permit_date=f.permit_date,
                permit_unlimited=f.permit_unlimited,
                permit_months=f.permit_months,
                family=f.family,
                stay_start=f.stay_start,
                arrival=f.arrival,
                exemption=f.exemption,
                state=stage,
                reception=f.reception,
                rights_info=f.rights_info,
                test_level=f.test_level,
                origin=f,
                referral=False,
            )
            f.successor = successor
            self._life(rng, successor, quotas, stage, day, False)
        else:
            f.state = "abandoned"
            f.end = day
            f.abandon_reason = rng.choice(reasons)

    def _life(self, rng, f, quotas, stage, start, allow_transfer):
        """The stages of ``f`` from ``stage`` on ``start`` up to today."""
        today = self.today
        category = f.category
        mandatory = category == "mandatory"
        if stage == "referral":
            reception = None
            if rng.random() < PRESENT[category]:
                if f.origin:
                    delay = tri(rng, 5, 60, 20)
                elif mandatory and quotas["late"]():
                    delay = tri(rng, 95, 330, 130)
                elif mandatory:
                    delay = tri(rng, 2, 85, 20)
                else:
                    delay = tri(rng, 3, 240, 40)
                reception = workday(start + timedelta(days=delay))
            if reception is None:
                close = workday(start + timedelta(days=tri(rng, 150, 450, 240)))
                if close <= today:
                    self._close(rng, f, close, quotas, allow_transfer, NO_SHOW_REASONS)
                return
            if reception > today:
                return
            f.state = "reception"
            f.reception = reception
            f.rights_info = (
                reception if rng.random() < 0.7 else workday(reception + timedelta(days=rng.randint(1, 14)))
            )
            if f.rights_info > today:
                f.rights_info = None
            if rng.random() < 0.8:
                f.test_date = min(today, workday(reception + timedelta(days=rng.randint(0, 21))))
                f.test_level = self._level(rng, f.person.french_speaking)
            start = reception
        # reception: the convention, or not
        if rng.random() >= CONVENTION[category] or not f.regime:
            if rng.random() < 0.75:
                close = workday(start + timedelta(days=tri(rng, 20, 240, 60)))
                if close <= today:
                    self._close(rng, f, close, quotas, allow_transfer, ABANDON_REASONS)
            return
        signed_from = max(start, f.rights_info or start)
        convention = workday(signed_from + timedelta(days=tri(rng, 7, 75, 25)))
        if convention > today:
            return
        if not f.rights_info or f.rights_info > convention:
            f.rights_info = convention
        f.state = "convention"
        f.convention = convention
        if rng.random() < 0.5:
            f.orientation_note = rng.choice(ORIENTATION_NOTES)
        months = f.regime.convention_length(f.permit_date or f.stay_start)
        length = (convention + relativedelta(months=months) - convention).days
        self._plan_modules(rng, f, quotas)
        completes = rng.random() < COMPLETE[category] * self.scale
        finished = [m.completion for m in f.modules]
        if completes and all(finished):
            certificate = workday(max(finished) + timedelta(days=tri(rng, 7, 90, 21)))
            if certificate <= today:
                f.state = "done"
                f.certificate = certificate
                f.end = certificate
                self._module_states(f, certificate, closed=True)
            else:
                self._module_states(f, today, closed=False)
            return
        # leaves along the way: what was still running then is not completed
        for module in f.modules:
            if module.completion and rng.random() < 0.5:
                module.completion = None
        close = workday(convention + timedelta(days=int(length * rng.uniform(0.05, 0.9))))
        if close <= today:
            self._close(rng, f, close, quotas, allow_transfer, ABANDON_REASONS)
            self._module_states(f, close, closed=True)
            return
        self._module_states(f, today, closed=False)

    def _level(self, rng, french_speaking):
        if french_speaking:
            return Chooser(["a1", "a2", "b1", "b2", "c1"], [15, 25, 35, 20, 5])(rng)
        return Chooser(["pre_a1", "a1", "a2", "b1", "b2"], [35, 35, 18, 9, 3])(rng)

    def _plan_modules(self, rng, f, quotas):
        """The modules of the file's regime with when they start and, if they do, complete."""
        person = f.person
        for line_id, code, hours, _deadline_months, _target in f.regime.lines:
            module = _Module(file=f, code=code, line=line_id, required=hours)
            if code == "french" and quotas["adjusted"]():
                module.adjusted = round(hours / 2)
                module.required = module.adjusted
            required = module.required
            if code == "french":
                offset = tri(rng, 5, 90, 20)
                module.full = rng.random() < FRENCH_FULL[person.french_speaking]
                duration = tri(rng, required * 0.4, required * 1.6, required * 0.85)
                if not module.full:
                    duration = int(duration * rng.uniform(0.35, 0.8))
                module.positioning = self._level(rng, person.french_speaking)
            elif code == "orientation":
                offset = tri(rng, 10, 180, 40)
                duration = tri(rng, 1, 60, 10)
            else:
                offset = tri(rng, 5, 45, 12)
                duration = tri(rng, required * 0.8, required * 2.2, required * 1.2)
            # the days to hold the hours at four hours a weekday at most
            duration = max(
                duration, math.ceil(required / 4) * 7 // 5 + 7 if code != "french" or module.full else 1, 1
            )
            module.start = workday(f.convention + timedelta(days=offset))
            module.duration = duration
            if rng.random() < min(1.0, self.scale * 1.05):
                module.completion = workday(module.start + timedelta(days=duration))
            f.modules.append(module)

    def _module_states(self, f, ref, closed):
        """The state of each module on ``ref``: the day the file closed, or today."""
        for module in f.modules:
            if module.completion and module.completion <= ref:
                module.state = "done"  # or early_done, once the attendance is known
                module.stop = module.completion
            else:
                module.completion = None
                if module.start <= ref:
                    module.state = "abandoned" if closed else "in_progress"
                    module.stop = ref
                else:
                    module.state = "abandoned" if closed else "planned"
                    module.stop = None
                    if closed:
                        module.start = None

    # ------------------------------------------------------------------ attendance plan
    def _plan_attendance(self, modules, rng):
        """Lines of each module: enough present hours for the completed ones, a share of the
        required hours for the others; in all, the number of lines asked."""
        for module in modules:
            required = module.required
            if module.stop and module.start:
                module.cap = weekdays_between(module.start, module.stop)
            else:
                module.cap = 0
            module.minimum = 0
            if module.state == "done":
                need = math.ceil(required / 3 / PRESENT_SHARE)
                if module.code == "french" and not module.full:
                    module.want = max(1, round(required * rng.uniform(0.15, 0.6) / 3 / PRESENT_SHARE))
                else:
                    module.want = need
                    if module.code != "french":
                        module.minimum = math.ceil(required / 4)
            elif module.state in ("in_progress", "abandoned"):
                elapsed = (module.stop - module.start).days if module.start else 0
                share = min(1.0, elapsed / module.duration) if module.duration else 0
                factor = rng.uniform(0.6, 0.95) if module.state == "in_progress" else rng.uniform(0.3, 0.8)
                module.want = round(share * factor * required / 3 / PRESENT_SHARE)
            else:
                module.want = 0
            module.minimum = min(module.minimum, module.cap)
            module.want = max(module.minimum, min(module.want, module.cap))

    def _minimum(self, modules):
        return sum(module.minimum for module in modules)

    def _allocate(self, modules, budget):
        wants = [module.want for module in modules]
        minimums = [module.minimum for module in modules]
        caps = [module.cap for module in modules]
        total_want = sum(wants)
        base = sum(minimums)
        if budget <= total_want:
            extra = fill(
                budget - base,
                [w - m for w, m in zip(wants, minimums, strict=True)],
                [w - m for w, m in zip(wants, minimums, strict=True)],
            )
            lines = [m + e for m, e in zip(minimums, extra, strict=True)]
        else:
            # more lines than the modules need: more present hours where the weekdays allow
            active = [w if w else (1 if c else 0) for w, c in zip(wants, caps, strict=True)]
            extra = fill(budget - total_want, active, [c - w for c, w in zip(caps, wants, strict=True)])
            lines = [w + e for w, e in zip(wants, extra, strict=True)]
        for module, count in zip(modules, lines, strict=True):
            module.lines = count

    def _lines_of(self, rng, module):
        """(date, hours, status) of the lines of a module."""
        count = module.lines or 0
        required = module.required
        complete = module.state == "done" and (
            module.code != "french" or (module.full and count >= math.ceil(required / 4))
        )
        if module.state == "done" and not complete:
            # completed on the validation test before the hours: completed early
            module.state = "early_done"
        if not count:
            return []
        # statuses: the completed ones keep enough present lines for their hours
        floor = min(count, math.ceil(required / 4)) if complete else 0
        statuses = []
        for index in range(count):
            if index < floor:
                statuses.append("present")
                continue
            roll = rng.random()
            statuses.append("present" if roll < PRESENT_SHARE else ("excused" if roll < 0.93 else "absent"))
        rng.shuffle(statuses)
        hours = [rng.choice(HOURS) for _status in statuses]
        present = [index for index, status in enumerate(statuses) if status == "present"]
        total = sum(hours[index] for index in present)
        if complete:
            raisable = [index for index in present if hours[index] < 4]
            while total < required and raisable:
                index = rng.choice(raisable)
                hours[index] += 0.5
                total += 0.5
                if hours[index] >= 4:
                    raisable.remove(index)
        else:
            # a module not completed on its hours stays under them
            for index in reversed(present):
                if total < required:
                    break
                statuses[index] = "excused"
                total -= hours[index]
        offsets = sorted(rng.sample(range(module.cap), count))
        return [
            (nth_weekday(module.start, offset), hours[index], statuses[index])
            for index, offset in enumerate(offsets)
        ]

    # ------------------------------------------------------------------ run
