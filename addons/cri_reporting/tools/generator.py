"""Regional-scale data of the CRI suite: invented but realistic pathway files, ILI grants and
practitioner trainings over the eight CRIs and the years, for the demonstrator, the statistics
and the benchmarks.

``generate(env, files=40000, years=10, attendance=400000, ...)`` returns the counts it created.
It is deterministic for a seed (and a day: the dates are counted back from today) and does not
commit: ``tests/benchmarks/generate.py`` does. Every person is invented ("Fictif", "Inventé"...),
every organisation is marked fictive, e-mail addresses are of example.org.

How records are made: the records whose computed fields and constraints carry the rules are
created through the ORM in batches (the pathway files, whose eligibility, regime and deadlines
the models compute; the grants; the training sessions and registrations); the bulk rows are
inserted in SQL (persons and organisations cloned from one ORM-made template, modules, module
attendance, sanction steps, grant expenses) and the stored fields they feed are then set in
set-based SQL, or recomputed by the ORM where they are few (the totals of the grants). The
workflow fields (stage, dates, certificate number...) are written as the superuser may, with the
values the action methods and the daily deadline check would have written on those dates.
"""

import io
import logging
import math
import random
import re
import unicodedata
from bisect import bisect
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, fields
from odoo.tools import SQL, email_normalize

from odoo.addons.cri_base.tools import legal_today

_logger = logging.getLogger(__name__)

# no chatter, tracking, followers or mail for the generated history
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "no_reset_password": True,
}
BATCH = 1000  # records a batched ORM create
SQL_CHUNK = 20000  # rows an INSERT
# PostgreSQL plans the foreign key checks of a session once, for the size the tables had then, and
# plans the joins of the bulk updates with the statistics of the tables: a bulk insert starts with
# this many rows, then has the table analysed, so that the checks of the rest use the indexes
# instead of scanning a table that grows under them; a table is analysed after a bulk insert and
# before a bulk update (within the transaction, ANALYZE sees its rows)
FIRST_CHUNK = 2000
TZ = ZoneInfo("Europe/Brussels")
UTC = ZoneInfo("UTC")

# ---------------------------------------------------------------------------------------- people
# (country code, weight, languages spoken, French-speaking), a mix of the newcomers of Wallonia;
# the weights of some countries change with the years (see _nationality_weight)
NATIONALITIES = [
    ("MA", 10, ("ar", "fr"), True),
    ("SY", 7, ("ar", "ku"), False),
    ("AF", 6, ("fa", "ps"), False),
    ("CD", 6, ("fr", "ln", "sw"), True),
    ("CM", 4, ("fr", "en"), True),
    ("GN", 4, ("fr",), True),
    ("TR", 4, ("tr", "ku"), False),
    ("UA", 0.4, ("uk", "ru"), False),
    ("DZ", 3, ("ar", "fr"), True),
    ("TN", 2, ("ar", "fr"), True),
    ("IQ", 3, ("ar", "ku"), False),
    ("PS", 3, ("ar",), False),
    ("ER", 3, ("ti",), False),
    ("SO", 2, ("so",), False),
    ("RU", 1.5, ("ru",), False),
    ("AL", 2, ("sq",), False),
    ("XK", 1, ("sq",), False),
    ("BR", 2, ("pt",), False),
    ("SN", 2, ("fr",), True),
    ("CI", 2, ("fr",), True),
    ("BI", 1, ("fr", "sw"), True),
    ("RW", 1, ("fr", "en"), True),
    ("IN", 1.5, ("en",), False),
    ("CN", 1, (), False),
    ("PK", 1, ("en",), False),
    ("IR", 1.5, ("fa",), False),
    ("VE", 1, ("es",), False),
    ("CO", 1, ("es",), False),
    ("NG", 1, ("en",), False),
    ("RO", 4, ("ro",), False),
    ("IT", 2.5, (), False),
    ("FR", 3, ("fr",), True),
    ("ES", 2, ("es",), False),
    ("PT", 2, ("pt",), False),
    ("PL", 1, (), False),
]
ORIGINS = {
    "arabic": ("MA", "SY", "DZ", "TN", "IQ", "PS"),
    "persian": ("AF", "IR", "PK"),
    "african": ("CD", "CM", "GN", "SN", "CI", "BI", "RW", "NG"),
    "horn": ("ER", "SO"),
    "turkish": ("TR",),
    "slavic": ("UA", "RU", "PL"),
    "balkan": ("AL", "XK"),
    "latin": ("BR", "VE", "CO", "RO", "IT", "FR", "ES", "PT"),
    "asian": ("IN", "CN"),
}
FIRST_NAMES = {
    "arabic": (
        ("Mohamed", "Youssef", "Omar", "Karim", "Hamza", "Ahmed", "Bilal", "Rachid", "Samir", "Tarek"),
        ("Fatima", "Khadija", "Amina", "Nadia", "Samira", "Leila", "Salma", "Yasmina", "Houda", "Rania"),
    ),
    "persian": (
        ("Ahmad", "Mahmood", "Farid", "Reza", "Hamid", "Javad", "Imran", "Nasir"),
        ("Zahra", "Parisa", "Shirin", "Maryam", "Ayesha", "Nazanin", "Farzana"),
    ),
    "african": (
        ("Jean", "Mamadou", "Ibrahima", "Patrick", "Moussa", "Serge", "Joël", "Emmanuel", "Chinedu"),
        ("Marie", "Aminata", "Fatoumata", "Grace", "Christelle", "Aïssatou", "Divine", "Ngozi"),
    ),
    "horn": (("Yonas", "Abdi", "Samuel", "Filmon", "Dawit"), ("Selam", "Hodan", "Ruth", "Asha", "Helen")),
    "turkish": (("Mehmet", "Emre", "Murat", "Ahmet", "Can"), ("Ayşe", "Zeynep", "Elif", "Fatma", "Merve")),
    "slavic": (
        ("Oleksandr", "Dmytro", "Andriy", "Ivan", "Sergei", "Piotr"),
        ("Olena", "Iryna", "Natalia", "Svitlana", "Tetiana", "Anna", "Agnieszka"),
    ),
    "balkan": (("Arben", "Besnik", "Driton", "Ilir"), ("Elira", "Drita", "Arta", "Blerta")),
    "latin": (
        ("João", "Carlos", "Luis", "Diego", "Andrei", "Marco", "Lucas", "Mateo"),
        ("Ana", "María", "Camila", "Sofia", "Ioana", "Giulia", "Chloé", "Beatriz"),
    ),
    "asian": (("Arjun", "Rahul", "Wei", "Jun"), ("Priya", "Anjali", "Li", "Mei")),
}
# surnames that say what they are: nobody real bears these names in these files
LAST_NAMES = (
    "Fictif",
    "Inventé",
    "Imaginaire",
    "Exemple",
    "Factice",
    "Démo",
    "Modèle",
    "Essai",
    "Témoin",
    "Simulé",
    "Supposé",
    "Prototype",
    "Fiction",
    "Maquette",
    "Fantaisie",
)
# age at the commune registration: (from, to, weight)
AGE_BANDS = ((16, 17, 2), (18, 24, 20), (25, 34, 36), (35, 44, 23), (45, 54, 10), (55, 64, 6), (65, 75, 3))
# big towns of the territories: most newcomers register there (relative to a small commune's 1)
TOWN_WEIGHTS = {
    "Liège": 60,
    "Charleroi": 55,
    "Namur": 22,
    "Mons": 20,
    "Verviers": 18,
    "La Louvière": 16,
    "Seraing": 14,
    "Tournai": 10,
    "Arlon": 9,
    "Mouscron": 8,
    "Ottignies-Louvain-la-Neuve": 8,
    "Herstal": 7,
    "Wavre": 5,
    "Châtelet": 5,
    "Huy": 4,
    "Sambreville": 4,
    "Ans": 4,
    "Dison": 4,
    "Binche": 3,
    "Quaregnon": 3,
    "Boussu": 3,
    "Flémalle": 3,
    "Saint-Ghislain": 3,
    "Marche-en-Famenne": 3,
    "Braine-l'Alleud": 3,
    "Nivelles": 3,
    "Waterloo": 3,
    "Andenne": 3,
    "Bastogne": 2,
    "Dinant": 2,
    "Gembloux": 2,
    "Ath": 2,
}
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
LEVELS = ("pre_a1", "a1", "a2", "b1", "b2", "c1")

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
OPERATOR_NAMES = {
    "french": (
        "Mots Partagés",
        "Alpha Horizon",
        "Français Passerelle",
        "Atelier des Langues",
        "Dire et Lire",
    ),
    "citizenship": ("Citoyens du Monde", "Repères Belgique", "Vivre Ici"),
    "orientation": ("Cap Emploi", "Tremplin Métiers"),
}
ROLE_OF_MODULE = {"french": "fle", "citizenship": "citizenship", "orientation": "isp"}

# ------------------------------------------------------------------------------------ grants
ORGANISATION_NAMES = (
    "Passerelles",
    "Trait d'Union",
    "Horizons Partagés",
    "Vivre Ensemble",
    "La Boussole",
    "Le Pont",
    "Racines et Ailes",
    "Mosaïque",
    "Carrefour des Cultures",
    "L'Escale",
    "Tremplin",
    "Le Fil",
    "Ici et Là",
    "Les Voisins",
    "Terre d'Accueil",
)
ORGANISATION_KINDS = ("ASBL", "Maison", "Collectif", "Espace", "Centre", "Atelier")
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


# ======================================================================================= entry
def generate(
    env,
    files=40000,
    years=10,
    attendance=400000,
    applications=1000,
    expenses=30000,
    sessions=2000,
    registrations=30000,
    seed=1,
    progress=None,
):
    """Generate the regional data and return ``{what: number created}``.

    ``env`` is any environment of the database: the generation runs as superuser, without
    tracking. Each part is skipped (with a note in the log) when its addon is not installed:
    pathway files (cri_parcours), ILI grants (cri_ili_grants), trainings (cri_training).
    ``progress``, when given, is called as ``progress(step, done, total)``. Nothing is committed.
    """
    sizes = {
        "files": files,
        "years": years,
        "attendance": attendance,
        "applications": applications,
        "expenses": expenses,
        "sessions": sessions,
        "registrations": registrations,
    }
    for name, value in sizes.items():
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a positive integer or 0, not {value!r}")
    if years < 1:
        raise ValueError("years must be at least 1")
    env = env(user=SUPERUSER_ID, su=True, context=dict(env.context, **CONTEXT))
    if not env.context.get("lang"):
        # the texts the ORM translates (names of calls, sessions...) written in the CRIs' French
        installed = {code for code, _name in env["res.lang"].get_installed()}
        env = env(context=dict(env.context, lang="fr_BE" if "fr_BE" in installed else "en_US"))
    today = legal_today()
    report = _Progress(progress)
    network = _Network(env, seed)
    if not network.centers:
        _logger.info("No CRI with a company and communes: nothing generated")
        return {}
    # invented staff for a regional generation; a small one uses the users there are
    staff = _Staff(env, network, invent=files >= 1000 or applications >= 100 or sessions >= 100)
    counts = {}
    if "cri.pathway" in env and files:
        _add(counts, _PathwayPart(env, network, staff, today, seed, report).run(files, years, attendance))
    elif "cri.pathway" not in env:
        _logger.info("cri_parcours is not installed: no pathway files generated")
    if "cri.ili.application" in env and applications:
        _add(counts, _GrantPart(env, network, staff, today, seed, report).run(applications, expenses, years))
    elif "cri.ili.application" not in env:
        _logger.info("cri_ili_grants is not installed: no ILI grants generated")
    if "event.event" in env and "cri_module_id" in env["event.event"]._fields and sessions:
        _add(
            counts,
            _TrainingPart(env, network, staff, today, seed, report).run(sessions, registrations, years),
        )
    elif "event.event" not in env or "cri_module_id" not in env["event.event"]._fields:
        _logger.info("cri_training is not installed: no training sessions generated")
    counts["users"] = staff.created
    env.flush_all()
    env.invalidate_all()
    return {key: value for key, value in counts.items() if value}


# ====================================================================================== helpers
def _add(counts, more):
    for key, value in more.items():
        counts[key] = counts.get(key, 0) + value


class _Progress:
    """Calls the caller's ``progress(step, done, total)`` if any, at most every percent."""

    def __init__(self, callback):
        self.callback = callback
        self.last = {}

    def __call__(self, step, done, total):
        if not self.callback:
            return
        percent = int(100 * done / total) if total else 100
        if self.last.get(step) != percent or done >= total:
            self.last[step] = percent
            self.callback(step, done, total)


class _Chooser:
    """Weighted choice among fixed items, in O(log n) a draw."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0

    def __call__(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


class _Quota:
    """Picks a fixed share of the cases, spread evenly from a random start: the small sizes get
    their share of rare cases (late presentations, transfers...) as the large ones do."""

    def __init__(self, rng, share):
        self.share = share
        self.level = rng.random()

    def __call__(self):
        self.level += self.share
        if self.level >= 1:
            self.level -= 1
            return True
        return False


def _tri(rng, low, high, mode):
    return int(round(rng.triangular(low, high, mode)))


def _workday(day):
    """The day itself, or the Monday after a week-end."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _weekdays_between(start, stop):
    """Number of weekdays from ``start`` to ``stop`` included."""
    if stop < start:
        return 0
    days = (stop - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = start.weekday()
    count += sum(1 for offset in range(rest) if (first + offset) % 7 < 5)
    return count


def _nth_weekday(start, index):
    """The ``index``-th weekday (from 0) on or after ``start``."""
    day = _workday(start)
    total = day.weekday() + index
    return day - timedelta(days=day.weekday()) + timedelta(days=(total // 5) * 7 + total % 5)


def _local(day, hour, minute=0):
    """A naive UTC datetime (as Odoo stores them) of ``hour:minute`` in Brussels on ``day``."""
    moment = datetime.combine(day, time(hour, minute), tzinfo=TZ)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _ascii(text):
    """``text`` as the part of an e-mail address: lower-case ASCII letters, digits and dashes."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _largest_remainder(total, weights):
    """Split the integer ``total`` in proportion to ``weights`` (integers summing to total)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    result = [int(quota) for quota in quotas]
    rest = total - sum(result)
    order = sorted(range(len(weights)), key=lambda index: (result[index] - quotas[index], index))
    for index in order[:rest]:
        result[index] += 1
    return result


def _fill(total, wants, caps):
    """Split ``total`` in proportion to ``wants`` without going over ``caps``; what a capped item
    cannot take goes to the others, as far as their caps allow."""
    result = [0] * len(wants)
    open_items = [index for index in range(len(wants)) if caps[index] > 0 and wants[index] > 0]
    remaining = total
    while remaining > 0 and open_items:
        shares = _largest_remainder(remaining, [wants[index] for index in open_items])
        still_open = []
        for index, share in zip(open_items, shares, strict=True):
            taken = min(share, caps[index] - result[index])
            result[index] += taken
            remaining -= taken
            if result[index] < caps[index]:
                still_open.append(index)
        if len(still_open) == len(open_items) and remaining:
            # nobody was capped: the rounding left nothing more to give
            break
        open_items = still_open
    return result


def _analyze(cr, *tables):
    for table in tables:
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def _chunks(cr, table, rows):
    """``rows`` in chunks for bulk inserts in ``table``; see FIRST_CHUNK."""
    if len(rows) <= FIRST_CHUNK:
        yield rows
        return
    yield rows[:FIRST_CHUNK]
    _analyze(cr, table)
    for start in range(FIRST_CHUNK, len(rows), SQL_CHUNK):
        yield rows[start : start + SQL_CHUNK]
    _analyze(cr, table)


def _insert(cr, table, columns, types, rows):
    """Insert ``rows`` (tuples in the order of ``columns``) in chunks, through unnest()."""
    arrays = ", ".join(f"%s::{type_}[]" for type_ in types)
    query = f'INSERT INTO "{table}" ({", ".join(columns)}) SELECT * FROM unnest({arrays})'
    for chunk in _chunks(cr, table, rows):
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)])


def _copy_value(value):
    """``value`` in the text format of COPY."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat(" ") if isinstance(value, datetime) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cr, table, columns, rows):
    """Insert ``rows`` with COPY: the fastest way for the largest tables."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cr.copy_expert(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN', buffer)


def _update(cr, table, columns, types, rows):
    """``UPDATE table SET column = value`` from rows ``(id, value...)``, in chunks."""
    names = ", ".join(["id", *columns])
    arrays = ", ".join(f"%s::{type_}[]" for type_ in ("int4", *types))
    sets = ", ".join(f"{column} = v.{column}" for column in columns)
    query = f'UPDATE "{table}" t SET {sets} FROM unnest({arrays}) AS v({names}) WHERE t.id = v.id'
    if len(rows) > FIRST_CHUNK:
        _analyze(cr, table)
    for start in range(0, len(rows), SQL_CHUNK):
        chunk = rows[start : start + SQL_CHUNK]
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)])


def _new_ids(cr, table, count):
    """``count`` new ids of ``table``, taken from its sequence."""
    if not count:
        return []
    cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return sorted(row[0] for row in cr.fetchall())


def _touch(records, fnames, protected=()):
    """Tell the ORM that ``fnames`` of ``records`` changed in SQL: the stored fields that depend
    on them (in any installed addon) are recomputed at the next flush, except the ``protected``
    pairs ``(fields, records)`` that the SQL has set already."""
    if not records:
        return
    env = records.env
    records.invalidate_recordset()
    pairs = [([target._fields[name] for name in names], target) for names, target in protected if target]
    with env.protecting(pairs):
        records.modified(fnames)
    env.flush_all()


def _clone_partners(env, rows):
    """Insert partners in SQL, cloned from a template made through the ORM (then deleted): the
    columns that vary are given, those every partner shares come from the ORM's defaults.

    ``rows`` are dicts with ``name`` (a company) or ``firstname``/``lastname`` (a person), and
    optionally ``is_company``, ``parent`` (an id), ``email``, ``lang``, ``company_id``,
    ``birthdate_date``, ``nationality_id``, ``gender``, ``function``, ``street``, ``zip``,
    ``city``, ``company_registry``, ``create_date``. Returns the new ids, in order."""
    if not rows:
        return []
    cr = env.cr
    Partner = env["res.partner"]
    template = Partner.create({"name": "Modèle de génération", "country_id": env.ref("base.be").id})
    env.flush_all()
    default_lang = template.lang
    parents = {row["parent"] for row in rows if row.get("parent")}
    parent_data = {}
    if parents:
        cr.execute(
            """SELECT id, name, commercial_partner_id, street, zip, city, country_id, company_registry,
                      company_id
                 FROM res_partner WHERE id = ANY(%s)""",
            [list(parents)],
        )
        parent_data = {row[0]: row[1:] for row in cr.fetchall()}
    ids = _new_ids(cr, "res_partner", len(rows))
    now = fields.Datetime.now()
    belgium = env.ref("base.be").id
    values = []
    for partner_id, row in zip(ids, rows, strict=True):
        is_company = bool(row.get("is_company"))
        if is_company:
            firstname, lastname = None, row["name"]
            name = row["name"]
        else:
            firstname, lastname = row.get("firstname"), row.get("lastname")
            name = row.get("name") or Partner._get_computed_name(lastname, firstname)
        parent = parent_data.get(row.get("parent"))
        if parent:
            parent_name, commercial, street, zip_code, city, country, registry, company = parent
            complete_name = f"{parent_name}, {name}"
            commercial_name = parent_name
        else:
            commercial, street, zip_code, city, country = partner_id, None, None, None, belgium
            registry, company = row.get("company_registry"), row.get("company_id")
            complete_name = name
            commercial_name = name if is_company else None
            street, zip_code, city = row.get("street"), row.get("zip"), row.get("city")
        email = row.get("email")
        created = row.get("create_date") or now
        values.append(
            (
                partner_id,
                name,
                firstname,
                lastname,
                complete_name,
                is_company,
                row.get("parent"),
                commercial,
                commercial_name,
                email,
                (email and email_normalize(email)) or None,
                row.get("lang") or default_lang,
                row.get("company_id", company),
                row.get("birthdate_date"),
                row.get("nationality_id"),
                row.get("gender"),
                row.get("function"),
                street,
                zip_code,
                city,
                country,
                registry,
                created,
                created,
            )
        )
    varying = [
        ("id", "int4"),
        ("name", "varchar"),
        ("firstname", "varchar"),
        ("lastname", "varchar"),
        ("complete_name", "varchar"),
        ("is_company", "bool"),
        ("parent_id", "int4"),
        ("commercial_partner_id", "int4"),
        ("commercial_company_name", "varchar"),
        ("email", "varchar"),
        ("email_normalized", "varchar"),
        ("lang", "varchar"),
        ("company_id", "int4"),
        ("birthdate_date", "date"),
        ("nationality_id", "int4"),
        ("gender", "varchar"),
        ("function", "varchar"),
        ("street", "varchar"),
        ("zip", "varchar"),
        ("city", "varchar"),
        ("country_id", "int4"),
        ("company_registry", "varchar"),
        ("create_date", "timestamp"),
        ("write_date", "timestamp"),
    ]
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' AND table_schema = current_schema()"
    )
    shared = [row[0] for row in cr.fetchall() if row[0] not in {name for name, _type in varying}]
    names = [name for name, _type in varying]
    arrays = ", ".join(f"%s::{type_}[]" for _name, type_ in varying)
    query = f"""
        INSERT INTO res_partner ({", ".join(names + shared)})
        SELECT {", ".join(f"v.{name}" for name in names)}, {", ".join(f"t.{name}" for name in shared)}
          FROM unnest({arrays}) AS v({", ".join(names)})
         CROSS JOIN (SELECT * FROM res_partner WHERE id = %s) t
    """
    for chunk in _chunks(cr, "res_partner", values):
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)] + [template.id])
    template.unlink()
    return ids


def _link(cr, table, left, right, pairs):
    """Rows of a many2many table."""
    if pairs:
        _insert(cr, table, [left, right], ["int4", "int4"], sorted(set(pairs)))


def _link_network(cr, roles, communes):
    """The partner-network links of new partners: (partner, role) and (partner, commune) pairs."""
    _link(cr, "res_partner_cri_partner_role_rel", "partner_id", "role_id", roles)
    _link(cr, "res_partner_cri_commune_rel", "partner_id", "commune_id", communes)


# ================================================================================ the network
class _Network:
    """The CRIs (centre, company) and their communes, with the weights that spread the files:
    most newcomers register in the big towns."""

    def __init__(self, env, seed):
        rng = random.Random(f"{seed}-network")
        self.env = env
        centers = env["cri.center"].search([("company_id", "!=", False)], order="id")
        communes = env["cri.commune"].search(
            [("center_id", "in", centers.ids), ("german_speaking", "=", False)], order="ins_code"
        )
        by_center = defaultdict(list)
        for commune in communes:
            by_center[commune.center_id.id].append(commune)
        self.centers = [center for center in centers if by_center[center.id]]
        self.communes = {center.id: by_center[center.id] for center in self.centers}
        self.commune_weights = {
            commune.id: TOWN_WEIGHTS.get(commune.name) or rng.uniform(0.3, 1.5) for commune in communes
        }
        self.center_weights = {
            center.id: sum(self.commune_weights[c.id] for c in self.communes[center.id])
            for center in self.centers
        }
        self.commune_choice = {
            center.id: _Chooser(
                [c.id for c in self.communes[center.id]],
                [self.commune_weights[c.id] for c in self.communes[center.id]],
            )
            for center in self.centers
        }
        all_communes = [c for center in self.centers for c in self.communes[center.id]]
        self.any_commune = _Chooser(
            [c.id for c in all_communes], [self.commune_weights[c.id] for c in all_communes]
        )
        self.center_of_commune = {
            c.id: center.id for center in self.centers for c in self.communes[center.id]
        }
        self.company = {center.id: center.company_id.id for center in self.centers}
        self.center_choice = _Chooser(
            [c.id for c in self.centers], [self.center_weights[c.id] for c in self.centers]
        )
        self.commune_name = {c.id: c.name for c in all_communes}
        self.commune_zip = {c.id: (c.postal_codes or "").split(",")[0].strip() or None for c in all_communes}
        self.code = {center.id: center.code for center in self.centers}
        self.langs = {code for code, _name in env["res.lang"].get_installed()}
        self.lang = "fr_BE" if "fr_BE" in self.langs else env.lang or "en_US"

    def town(self, center_id):
        """The biggest town of a CRI: the seat of its organisations."""
        return max(self.communes[center_id], key=lambda c: self.commune_weights[c.id])


class _Staff:
    """The users of each CRI by role: those of the database when it has some, else invented ones
    (``invent``) where the CRI's activity calls for them, else its director, who does everything
    in a small CRI. Without any (a small generation in a database without users), none."""

    ROLES = {
        "director": "cri_base.group_manager",
        "social": "cri_base.group_social_worker",
        "accountant": "cri_base.group_accountant",
        "agent": "cri_ili_grants.group_ili_agent",
        "trainer": "cri_base.group_trainer",
    }
    LABELS = {
        "director": "Direction fictive",
        "social": "Assistant·e social·e fictif·ve",
        "accountant": "Comptable fictif·ve",
        "agent": "Agent·e ILI fictif·ve",
        "trainer": "Formateur·rice fictif·ve",
    }

    def __init__(self, env, network, invent):
        self.env = env
        self.network = network
        self.invent = invent
        self.cache = {}
        self.created = 0
        root = env.ref("base.user_root").id
        admin = env.ref("base.user_admin", raise_if_not_found=False)
        self.excluded = {root, admin.id if admin else root}

    def _existing(self, center_id, role):
        group = self.env.ref(self.ROLES[role], raise_if_not_found=False)
        if not group:
            return []
        users = self.env["res.users"].search(
            [
                ("company_id", "=", self.network.company[center_id]),
                ("groups_id", "in", group.ids),
                ("share", "=", False),
                ("id", "not in", list(self.excluded)),
            ],
            order="id",
        )
        if role != "director":
            manager = self.env.ref("cri_base.group_manager")
            users = users.filtered(lambda user: manager not in user.groups_id) or users
        return users.ids

    def get(self, center_id, role, wanted=1):
        """Ids of the users of ``role`` in the CRI: those of the database, else ``wanted``
        invented ones (0: the director takes the role); ``[False]`` when there is nobody."""
        key = (center_id, role)
        if key not in self.cache:
            users = self._existing(center_id, role)
            if not users and self.invent and (wanted or role == "director"):
                users = self._create(center_id, role, max(wanted, 1))
            if not users:
                users = self.get(center_id, "director") if role != "director" else [False]
            self.cache[key] = users
        return self.cache[key]

    def _create(self, center_id, role, count):
        company = self.network.company[center_id]
        code = self.network.code[center_id]
        group = self.env.ref(self.ROLES[role])
        logins = [f"gen-{code.lower()}-{role}-{n}" for n in range(1, count + 1)]
        Users = self.env["res.users"].with_context(active_test=False)
        existing = {user.login: user.id for user in Users.search([("login", "in", logins)])}
        vals = [
            {
                "name": f"{self.LABELS[role]} {n} ({code})" if count > 1 else f"{self.LABELS[role]} ({code})",
                "login": login,
                "email": f"{login}@example.org",
                "lang": self.network.lang,
                "company_id": company,
                "company_ids": [Command.set([company])],
                "groups_id": [Command.set(group.ids)],
            }
            for n, login in enumerate(logins, start=1)
            if login not in existing
        ]
        users = Users.create(vals)
        self.created += len(users)
        if role == "director":
            center = self.env["cri.center"].browse(center_id)
            if not center.manager_id:
                center.manager_id = users[:1] or Users.browse(existing.get(logins[0]))
        return sorted(set(users.ids) | set(existing.values()))


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


class _PathwayPart:
    """Persons and their pathway files, modules, attendance, exemptions and sanction steps."""

    def __init__(self, env, network, staff, today, seed, report):
        self.env = env
        self.cr = env.cr
        self.network = network
        self.staff = staff
        self.today = today
        self.seed = seed
        self.report = report
        self.counts = defaultdict(int)

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
        self.reason_choice = _Chooser(
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
        code, _weight, languages, french = self.nationalities[_Chooser(range(len(weights)), weights)(rng)]
        person.country = code
        person.nationality = self.country[code]
        person.french_speaking = french
        male_share = {"AF": 0.7, "ER": 0.65, "SY": 0.56, "SO": 0.55}.get(code, 0.5)
        roll = rng.random()
        person.gender = "other" if roll < 0.005 else ("male" if roll < male_share else "female")
        low, high, _w = AGE_BANDS[_Chooser(range(len(AGE_BANDS)), [band[2] for band in AGE_BANDS])(rng)]
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
            f"{_ascii(person.firstname)}.{_ascii(person.lastname)}.{rng.randint(100, 99999)}@example.org"
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
            f.permit_type = _Chooser(
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
        f.permit_date = day - timedelta(days=_tri(rng, 0, 150, 20))
        if f.permit_unlimited:
            f.permit_months = 0
        elif f.permit_type == "a_card":
            f.permit_months = _Chooser([12, 24, 60, 6, 3], [55, 12, 10, 13, 10])(rng)
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
            "late": _Quota(rng, LATE_SHARE),
            "transfer": _Quota(rng, TRANSFER_SHARE),
            "exemption": _Quota(rng, EXEMPTION_SHARE),
            "incomplete": _Quota(rng, INCOMPLETE_SHARE),
            "long_stay": _Quota(rng, LONG_STAY_SHARE),
            "adjusted": _Quota(rng, 0.02),
            "extension": _Quota(rng, 0.3),
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
            center = _Chooser(others, [self.network.center_weights[c] for c in others])(rng)
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
                    delay = _tri(rng, 5, 60, 20)
                elif mandatory and quotas["late"]():
                    delay = _tri(rng, 95, 330, 130)
                elif mandatory:
                    delay = _tri(rng, 2, 85, 20)
                else:
                    delay = _tri(rng, 3, 240, 40)
                reception = _workday(start + timedelta(days=delay))
            if reception is None:
                close = _workday(start + timedelta(days=_tri(rng, 150, 450, 240)))
                if close <= today:
                    self._close(rng, f, close, quotas, allow_transfer, NO_SHOW_REASONS)
                return
            if reception > today:
                return
            f.state = "reception"
            f.reception = reception
            f.rights_info = (
                reception if rng.random() < 0.7 else _workday(reception + timedelta(days=rng.randint(1, 14)))
            )
            if f.rights_info > today:
                f.rights_info = None
            if rng.random() < 0.8:
                f.test_date = min(today, _workday(reception + timedelta(days=rng.randint(0, 21))))
                f.test_level = self._level(rng, f.person.french_speaking)
            start = reception
        # reception: the convention, or not
        if rng.random() >= CONVENTION[category] or not f.regime:
            if rng.random() < 0.75:
                close = _workday(start + timedelta(days=_tri(rng, 20, 240, 60)))
                if close <= today:
                    self._close(rng, f, close, quotas, allow_transfer, ABANDON_REASONS)
            return
        signed_from = max(start, f.rights_info or start)
        convention = _workday(signed_from + timedelta(days=_tri(rng, 7, 75, 25)))
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
            certificate = _workday(max(finished) + timedelta(days=_tri(rng, 7, 90, 21)))
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
        close = _workday(convention + timedelta(days=int(length * rng.uniform(0.05, 0.9))))
        if close <= today:
            self._close(rng, f, close, quotas, allow_transfer, ABANDON_REASONS)
            self._module_states(f, close, closed=True)
            return
        self._module_states(f, today, closed=False)

    def _level(self, rng, french_speaking):
        if french_speaking:
            return _Chooser(["a1", "a2", "b1", "b2", "c1"], [15, 25, 35, 20, 5])(rng)
        return _Chooser(["pre_a1", "a1", "a2", "b1", "b2"], [35, 35, 18, 9, 3])(rng)

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
                offset = _tri(rng, 5, 90, 20)
                module.full = rng.random() < FRENCH_FULL[person.french_speaking]
                duration = _tri(rng, required * 0.4, required * 1.6, required * 0.85)
                if not module.full:
                    duration = int(duration * rng.uniform(0.35, 0.8))
                module.positioning = self._level(rng, person.french_speaking)
            elif code == "orientation":
                offset = _tri(rng, 10, 180, 40)
                duration = _tri(rng, 1, 60, 10)
            else:
                offset = _tri(rng, 5, 45, 12)
                duration = _tri(rng, required * 0.8, required * 2.2, required * 1.2)
            # the days to hold the hours at four hours a weekday at most
            duration = max(
                duration, math.ceil(required / 4) * 7 // 5 + 7 if code != "french" or module.full else 1, 1
            )
            module.start = _workday(f.convention + timedelta(days=offset))
            module.duration = duration
            if rng.random() < min(1.0, self.scale * 1.05):
                module.completion = _workday(module.start + timedelta(days=duration))
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
                module.cap = _weekdays_between(module.start, module.stop)
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
            extra = _fill(
                budget - base,
                [w - m for w, m in zip(wants, minimums, strict=True)],
                [w - m for w, m in zip(wants, minimums, strict=True)],
            )
            lines = [m + e for m, e in zip(minimums, extra, strict=True)]
        else:
            # more lines than the modules need: more present hours where the weekdays allow
            active = [w if w else (1 if c else 0) for w, c in zip(wants, caps, strict=True)]
            extra = _fill(budget - total_want, active, [c - w for c, w in zip(caps, wants, strict=True)])
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
            (_nth_weekday(module.start, offset), hours[index], statuses[index])
            for index, offset in enumerate(offsets)
        ]

    # ------------------------------------------------------------------ run
    def run(self, files, years, attendance):
        if not self._load(years):
            _logger.info("No pathway regime or country: no pathway files generated")
            return {}
        self.report("plan", 0, 1)
        # the completed modules need their hours: fewer complete when fewer lines are asked
        scale = 1.0
        for attempt in range(7):
            if attempt == 6:
                scale = 0.0
            generated = self._simulate(files, scale)
            modules = [module for f in generated for module in f.modules]
            rng = random.Random(f"{self.seed}-attendance")
            self._plan_attendance(modules, rng)
            minimum = self._minimum(modules)
            if minimum <= 0.8 * attendance or not scale:
                break
            scale *= max(0.05, 0.75 * attendance / minimum)
        self.scale = scale
        _logger.info("Pathway files: completion scale %.3f for %s attendance lines", scale, attendance)
        self._allocate(modules, attendance)
        self.report("plan", 1, 1)
        self._assign_staff(generated)
        self._create_partners(generated)
        self._number(generated)
        self._create_files(generated)
        lines = self._create_modules(generated, modules, rng)
        self._create_extensions(generated)
        self._create_attendance(modules, lines)
        self._create_sanctions(generated)
        self._link_transfers(generated)
        self._backdate(generated)
        self.env.invalidate_all()
        self.counts["files"] = len(generated)
        self.counts["persons"] = len({id(f.person) for f in generated})
        return dict(self.counts)

    def _assign_staff(self, generated):
        rng = random.Random(f"{self.seed}-staff")
        per_center = defaultdict(int)
        for f in generated:
            per_center[f.center] += 1
        for f in generated:
            workers = self.staff.get(f.center, "social", min(6, per_center[f.center] // 1000))
            chance = 0.4 if f.state == "referral" else 0.9
            f.social_worker = rng.choice(workers) if rng.random() < chance else None

    def _create_partners(self, generated):
        """The persons, and the commune administrations that refer them, in SQL; the operators
        of the modules through the ORM."""
        self.report("persons", 0, 1)
        persons = []
        seen = set()
        for f in generated:
            if id(f.person) not in seen:
                seen.add(id(f.person))
                persons.append(f.person)
        rows = [
            {
                "firstname": p.firstname,
                "lastname": p.lastname,
                "email": p.email,
                "lang": p.lang,
                "company_id": p.company,
                "birthdate_date": p.birthdate,
                "nationality_id": p.nationality,
                "gender": p.gender,
            }
            for p in persons
        ]
        for person, partner_id in zip(persons, _clone_partners(self.env, rows), strict=True):
            person.id = partner_id
        # the commune administrations, partners of the CRI with the role "commune"
        communes = sorted({f.commune for f in generated if f.referral})
        names = {c: f"Administration communale de {self.network.commune_name[c]} (fictive)" for c in communes}
        existing = {
            (p.name, p.company_id.id): p.id
            for p in self.env["res.partner"].search(
                [("name", "in", list(names.values())), ("is_company", "=", True)]
            )
        }
        missing = [
            c
            for c in communes
            if (names[c], self.network.company[self.network.center_of_commune[c]]) not in existing
        ]
        ids = _clone_partners(
            self.env,
            [
                {
                    "name": names[c],
                    "is_company": True,
                    "company_id": self.network.company[self.network.center_of_commune[c]],
                    "city": self.network.commune_name[c],
                    "zip": self.network.commune_zip[c],
                    "email": f"population.{_ascii(self.network.commune_name[c])}@example.org",
                }
                for c in missing
            ],
        )
        role = self.env.ref("cri_base.partner_role_commune", raise_if_not_found=False)
        _link_network(
            self.cr, [(i, role.id) for i in ids] if role else [], list(zip(ids, missing, strict=True))
        )
        self.referral_partner = {
            c: existing.get((names[c], self.network.company[self.network.center_of_commune[c]]))
            for c in communes
        }
        self.referral_partner.update(dict(zip(missing, ids, strict=True)))
        self.operators = self._operators({f.center for f in generated if f.modules})
        self.counts["organisations"] += len(ids)
        self.report("persons", 1, 1)

    def _operators(self, centers):
        """Recognised operators of each module type in each CRI (fictive organisations)."""
        rng = random.Random(f"{self.seed}-operators")
        roles = {
            code: self.env.ref(f"cri_base.partner_role_{role}", raise_if_not_found=False)
            for code, role in ROLE_OF_MODULE.items()
        }
        result = defaultdict(list)
        rows, keys = [], []
        for center in sorted(centers):
            town = self.network.town(center)
            for code, names in OPERATOR_NAMES.items():
                count = {"french": 3, "citizenship": 2, "orientation": 1}[code]
                for name in rng.sample(names, min(count, len(names))):
                    full = f"ASBL {name} (fictive) – {town.name}"
                    rows.append(
                        {
                            "name": full,
                            "is_company": True,
                            "company_id": self.network.company[center],
                            "city": town.name,
                            "zip": self.network.commune_zip[town.id],
                            "email": f"contact.{_ascii(name)}.{_ascii(town.name)}@example.org",
                        }
                    )
                    keys.append((center, code, town.id))
        existing = {
            (p.name, p.company_id.id): p.id
            for p in self.env["res.partner"].search(
                [("name", "in", [r["name"] for r in rows]), ("is_company", "=", True)]
            )
        }
        new_rows = [
            (row, key)
            for row, key in zip(rows, keys, strict=True)
            if (row["name"], row["company_id"]) not in existing
        ]
        ids = _clone_partners(self.env, [row for row, _key in new_rows])
        links, communes = [], []
        for partner_id, (_row, (center, code, _town)) in zip(ids, new_rows, strict=True):
            if roles.get(code):
                links.append((partner_id, roles[code].id))
            communes.extend((partner_id, c.id) for c in self.network.communes[center])
        _link_network(self.cr, links, communes)
        self.counts["organisations"] += len(ids)
        new = iter(ids)
        for row, (center, code, _town) in zip(rows, keys, strict=True):
            key = (row["name"], row["company_id"])
            result[center, code].append(existing[key] if key in existing else next(new))
        return result

    def _number(self, generated):
        """File numbers from each CRI's sequence in the order the files were opened (the year of
        the opening in the number), certificate numbers in the order of the certificates."""
        Sequence = self.env["ir.sequence"]
        centers = self.env["cri.center"].browse(self.network.code.keys())
        self.env["cri.pathway"]._ensure_sequences(centers)
        for code, attribute, date_of in (
            ("cri.pathway", "name", lambda f: f.created),
            ("cri.pathway.certificate", "certificate_number", lambda f: f.certificate),
        ):
            for center in centers:
                sequence = Sequence.search(
                    [("code", "=", code), ("company_id", "=", center.company_id.id)], limit=1
                )
                numbered = sorted(
                    (f for f in generated if f.center == center.id and date_of(f)),
                    key=lambda f, date_of=date_of: (date_of(f), f.registration),
                )
                for f, number in zip(
                    numbered, self._numbers(sequence, [date_of(f) for f in numbered]), strict=True
                ):
                    setattr(f, attribute, number)

    def _numbers(self, sequence, dates):
        """The next numbers of ``sequence`` for records of ``dates`` (in that order), as
        next_by_id would give them on those dates, drawn at once from its PostgreSQL sequence."""
        if not dates:
            return []
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.with_context(ir_sequence_date=day).next_by_id() for day in dates]
        self.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)", [f"ir_sequence_{sequence.id:03d}", len(dates)]
        )
        numbers = sorted(row[0] for row in self.cr.fetchall())
        keys = set(re.findall(r"%\((\w+)\)", (sequence.prefix or "") + (sequence.suffix or "")))
        by_year = keys <= {"year", "y"}
        affixes = {}
        result = []
        for day, number in zip(dates, numbers, strict=True):
            key = day.year if by_year else day
            if key not in affixes:
                affixes[key] = sequence.with_context(ir_sequence_date=day)._get_prefix_suffix()
            prefix, suffix = affixes[key]
            result.append(f"{prefix}{number:0{sequence.padding}d}{suffix}")
        return result

    def _create_files(self, generated):
        """The files through the ORM, in the order they were opened: their company, regime,
        eligibility and deadlines are the models' own computations."""
        Pathway = self.env["cri.pathway"]
        total = len(generated)
        done = 0
        self.report("files", 0, total)
        # a transferred person belongs to the receiving CRI before its file opens there (as
        # _do_transfer moves the person first): the files received come after the others
        primaries = sorted((f for f in generated if not f.origin), key=lambda f: (f.created, f.name))
        received = sorted((f for f in generated if f.origin), key=lambda f: (f.created, f.name))
        for group in (primaries, received):
            if group is received and received:
                moves = defaultdict(list)
                for f in received:
                    moves[self.network.company[f.center]].append(f.person.id)
                for company, partner_ids in moves.items():
                    self.env["res.partner"].browse(partner_ids).write({"company_id": company})
            for first in range(0, len(group), BATCH):
                batch = group[first : first + BATCH]
                records = Pathway.create([self._file_values(f) for f in batch])
                for f, record in zip(batch, records, strict=True):
                    f.id = record.id
                self.counts["exemptions"] += sum(1 for f in batch if f.exemption)
                self.env.flush_all()
                self.env.invalidate_all()
                done += len(batch)
                self.report("files", done, total)
        self.cr.execute(
            "SELECT id, is_mandatory, presentation_deadline FROM cri_pathway WHERE id = ANY(%s)",
            [[f.id for f in generated]],
        )
        facts = {row[0]: row[1:] for row in self.cr.fetchall()}
        for f in generated:
            f.is_mandatory, f.presentation_deadline = facts[f.id]

    def _file_values(self, f):
        person = f.person
        vals = {
            "name": f.name,
            "partner_id": person.id,
            "commune_id": f.commune,
            "registration_date": f.registration,
            "permit_type": f.permit_type or False,
            "permit_date": f.permit_date or False,
            "permit_duration_months": f.permit_months or 0,
            "permit_unlimited": bool(f.permit_unlimited),
            "family_of_excluded_national": bool(f.family),
            "arrival_date": f.arrival or False,
            "language_ids": [Command.set(person.languages)],
            "referral_partner_id": (f.referral and self.referral_partner.get(f.commune)) or False,
            "social_worker_id": f.social_worker or False,
            "state": f.state,
            "reception_date": f.reception or False,
            "rights_info_date": f.rights_info or False,
            "french_test_date": f.test_date or False,
            "french_test_level": f.test_level or False,
            "convention_date": f.convention or False,
            "certificate_date": f.certificate or False,
            "certificate_number": f.certificate_number or False,
            "end_date": f.end or False,
            "abandon_reason": f.abandon_reason or False,
            "orientation_note": f.orientation_note or False,
        }
        if f.stay_start:
            vals["stay_start_date"] = f.stay_start
        if f.exemption:
            reason, day = f.exemption
            vals["exemption_ids"] = [
                Command.create(
                    {
                        "reason_id": reason,
                        "date": day,
                        "note": "Justificatif vu à l'accueil (donnée fictive).",
                    }
                )
            ]
        return vals

    def _create_modules(self, generated, modules, rng):
        """The modules in SQL, with the values their computations give (regime line, required
        hours, target level, deadline, learner), then the next deadline of the running files."""
        self.report("modules", 0, 1)
        cr = self.cr
        op_rng = random.Random(f"{self.seed}-modules")
        lines_by_id = {}
        for regime in self.regimes:
            for line_id, code, hours, deadline_months, target in regime.lines:
                lines_by_id[line_id] = (code, hours, deadline_months, target)
        self.cr.execute(
            "SELECT id, name FROM res_partner WHERE id = ANY(%s)",
            [list({f.person.id for f in generated if f.modules})],
        )
        learner = dict(cr.fetchall())
        # the attendance decides between completed and completed early: the lines first
        planned = {id(module): self._lines_of(rng, module) for module in modules}
        ids = _new_ids(cr, "cri_pathway_module", len(modules))
        now = fields.Datetime.now()
        rows = []
        for module_id, module in zip(ids, modules, strict=True):
            f = module.file
            module.id = module_id
            _code, hours, deadline_months, target = lines_by_id[module.line]
            module.deadline = (
                f.convention + relativedelta(months=deadline_months)
                if deadline_months and f.convention
                else None
            )
            operators = self.operators.get((f.center, module.code)) or [None]
            module.operator = op_rng.choice(operators) if module.start else None
            if module.code == "french" and module.state == "early_done":
                # completed early: the validation test reached the target level
                module.validation = op_rng.choice(("a2", "a2", "b1", "b2"))
                if target and LEVELS.index(module.validation) < LEVELS.index(target):
                    module.validation = target
            elif module.code == "french" and module.state == "done":
                module.validation = op_rng.choice(("a1", "a2", "a2", "b1"))
            created = datetime.combine(f.convention, time(10, 0))
            rows.append(
                (
                    module_id,
                    f.id,
                    self.network.company[f.center],
                    module.code,
                    module.line,
                    learner[f.person.id],
                    module.operator,
                    module.start,
                    module.deadline,
                    float(module.required),
                    float(module.adjusted) if module.adjusted else None,
                    "Dispense partielle décidée par la direction : niveau A1 attesté."
                    if module.adjusted
                    else None,
                    0.0,
                    target or None,
                    module.state,
                    0.0,
                    module.positioning if module.code == "french" and module.start else None,
                    module.validation if module.code == "french" else None,
                    SUPERUSER_ID,
                    min(created, now),
                    SUPERUSER_ID,
                    min(created, now),
                )
            )
        _insert(
            cr,
            "cri_pathway_module",
            [
                "id",
                "pathway_id",
                "company_id",
                "module_type",
                "regime_line_id",
                "learner_name",
                "operator_id",
                "start_date",
                "deadline",
                "required_hours",
                "hours_adjusted",
                "hours_adjustment_reason",
                "attended_hours",
                "target_level",
                "state",
                "progress",
                "positioning_level",
                "validation_level",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            [
                "int4",
                "int4",
                "int4",
                "varchar",
                "int4",
                "varchar",
                "int4",
                "date",
                "date",
                "float8",
                "float8",
                "text",
                "float8",
                "varchar",
                "varchar",
                "float8",
                "varchar",
                "varchar",
                "int4",
                "timestamp",
                "int4",
                "timestamp",
            ],
            rows,
        )
        self.counts["modules"] += len(rows)
        self._update_next_deadlines([f for f in generated if f.state == "convention"])
        files = self.env["cri.pathway"].browse([f.id for f in generated if f.modules])
        module_records = self.env["cri.pathway.module"].browse(ids)
        _touch(
            files,
            ["module_ids"],
            [
                (["next_deadline"], files),
                (
                    [
                        "regime_line_id",
                        "required_hours",
                        "deadline",
                        "target_level",
                        "learner_name",
                        "company_id",
                    ],
                    module_records,
                ),
            ],
        )
        self.report("modules", 1, 1)
        return planned

    def _update_next_deadlines(self, running):
        """Next deadline of the running conventions: the earliest deadline of a module not
        completed, else the end of the convention (as _compute_next_deadline)."""
        if not running:
            return
        self.cr.execute(
            "SELECT id, convention_end_date FROM cri_pathway WHERE id = ANY(%s)", [[f.id for f in running]]
        )
        ends = dict(self.cr.fetchall())
        rows = []
        for f in running:
            pending = [m.deadline for m in f.modules if m.deadline and m.state not in ("done", "early_done")]
            rows.append((f.id, min(pending) if pending else ends[f.id]))
        _update(self.cr, "cri_pathway", ["next_deadline"], ["date"], rows)

    def _create_extensions(self, generated):
        """Six more months for some running conventions that are late, through the ORM (their
        deadlines follow)."""
        rng = random.Random(f"{self.seed}-extensions")
        today = self.today
        candidates = [
            f
            for f in generated
            if f.state == "convention"
            and any(
                m.deadline
                and m.deadline < today + timedelta(days=60)
                and m.state not in ("done", "early_done")
                for m in f.modules
            )
        ]
        chosen = [f for f in candidates if rng.random() < 0.3]
        if not chosen:
            return
        vals = []
        for f in chosen:
            late = min(m.deadline for m in f.modules if m.deadline and m.state not in ("done", "early_done"))
            decided = min(today, max(f.convention, late - timedelta(days=rng.randint(0, 40))))
            vals.append(
                {
                    "pathway_id": f.id,
                    "date": decided,
                    "months": 6,
                    "reason": rng.choice(
                        (
                            "Emploi à temps partiel : horaires des cours du soir seulement.",
                            "Naissance d'un enfant.",
                            "Maladie attestée par certificat.",
                            "Attente d'une place chez l'opérateur FLE.",
                        )
                    ),
                }
            )
        self.env["cri.pathway.extension"].with_context(lang=self.network.lang).create(vals)
        self.env.flush_all()
        self.counts["extensions"] += len(vals)
        ids = [m.id for f in chosen for m in f.modules]
        self.cr.execute("SELECT id, deadline FROM cri_pathway_module WHERE id = ANY(%s)", [ids])
        deadlines = dict(self.cr.fetchall())
        for f in chosen:
            for module in f.modules:
                module.deadline = deadlines[module.id]
        self.env.invalidate_all()

    def _create_attendance(self, modules, planned):
        """The attendance lines in SQL, then the attended hours and progress of the modules."""
        cr = self.cr
        rows = []
        total = sum(len(lines) for lines in planned.values())
        self.report("attendance", 0, total)
        for module in modules:
            company = self.network.company[module.file.center]
            operator = module.operator
            for day, hours, status in planned[id(module)]:
                created = _local(day, 18)
                rows.append(
                    (
                        module.id,
                        company,
                        operator,
                        day,
                        hours,
                        status,
                        SUPERUSER_ID,
                        created,
                        SUPERUSER_ID,
                        created,
                    )
                )
            if len(rows) >= SQL_CHUNK:
                self._insert_attendance(rows)
                self.counts["attendance"] += len(rows)
                self.report("attendance", self.counts["attendance"], total)
                rows = []
        if rows:
            self._insert_attendance(rows)
            self.counts["attendance"] += len(rows)
        self.report("attendance", self.counts["attendance"], total)
        # the attended hours and progress, as _compute_attended_hours
        if len(modules) > FIRST_CHUNK:
            _analyze(cr, "cri_pathway_module", "cri_pathway_attendance")
        cr.execute(
            """UPDATE cri_pathway_module m
                  SET attended_hours = s.hours,
                      progress = CASE WHEN m.required_hours > 0
                                      THEN LEAST(100.0, 100.0 * s.hours / m.required_hours) ELSE 0.0 END
                 FROM (SELECT module_id, SUM(hours) FILTER (WHERE status = 'present') AS hours
                         FROM cri_pathway_attendance WHERE module_id = ANY(%s) GROUP BY module_id) s
                WHERE m.id = s.module_id""",
            [[m.id for m in modules if planned[id(m)]]],
        )
        records = self.env["cri.pathway.module"].browse([m.id for m in modules])
        _touch(
            records,
            ["attendance_ids", "attended_hours", "progress"],
            [(["attended_hours", "progress"], records)],
        )

    def _insert_attendance(self, rows):
        # the company and operator of a line are its module's (stored related fields)
        _copy(
            self.cr,
            "cri_pathway_attendance",
            [
                "module_id",
                "company_id",
                "operator_id",
                "date",
                "hours",
                "status",
                "create_uid",
                "create_date",
                "write_uid",
                "write_date",
            ],
            rows,
        )

    # ------------------------------------------------------------------ sanctions
    def _steps(self, regime, first, until):
        """(step, date) the daily check takes from ``first`` on, while before ``until``."""
        taken = []
        day = first
        for step in regime.ladder:
            if day > self.today or day >= until:
                break
            taken.append((step, day))
            day = day + timedelta(days=step[1])
        return taken

    def _create_sanctions(self, generated):
        """The steps the daily check took on the mandatory files that missed a deadline, and the
        procedure still running on the files (deadline missed, step reached, next step from)."""
        self.report("sanctions", 0, 1)
        rows, states = [], []
        far = self.today + timedelta(days=1)
        for f in generated:
            regime = f.regime
            if not f.is_mandatory or not regime or not regime.ladder:
                continue
            running = None
            deadline = f.presentation_deadline
            if deadline and deadline < self.today:
                # the presentation: from the day after the deadline until the person presents
                until = f.reception or (f.end if f.state in ("abandoned", "transferred") else far)
                first = deadline + timedelta(days=1)
                if f.origin:
                    first = max(first, f.created + timedelta(days=1))
                if not (f.origin and f.reception):
                    steps = self._steps(regime, first, until)
                    rows.extend((f, step, "presentation", deadline, day) for step, day in steps)
                    if steps and not f.reception:
                        running = ("presentation", steps[-1])
            if f.convention and f.modules:
                limit = f.end or far
                for kind, deadline, steps, still in self._module_procedures(f, limit):
                    rows.extend((f, step, kind, deadline, day) for step, day in steps)
                    if still:
                        running = (kind, steps[-1])
            if running:
                kind, (step, day) = running
                states.append((f.id, True, step[0], kind, day + timedelta(days=step[1])))
        if rows:
            now = fields.Datetime.now()
            _insert(
                self.cr,
                "cri_pathway_sanction",
                [
                    "pathway_id",
                    "company_id",
                    "step_id",
                    "deadline_kind",
                    "deadline",
                    "date",
                    "fine_min",
                    "fine_max",
                    "create_uid",
                    "create_date",
                    "write_uid",
                    "write_date",
                ],
                [
                    "int4",
                    "int4",
                    "int4",
                    "varchar",
                    "date",
                    "date",
                    "numeric",
                    "numeric",
                    "int4",
                    "timestamp",
                    "int4",
                    "timestamp",
                ],
                [
                    (
                        f.id,
                        self.network.company[f.center],
                        step[0],
                        kind,
                        deadline,
                        day,
                        f.regime.fine_min if step[2] else 0.0,
                        f.regime.fine_max if step[2] else 0.0,
                        SUPERUSER_ID,
                        min(_local(day, 6), now),
                        SUPERUSER_ID,
                        min(_local(day, 6), now),
                    )
                    for f, step, kind, deadline, day in rows
                ],
            )
        if states:
            _update(
                self.cr,
                "cri_pathway",
                ["deadline_missed", "sanction_step_id", "sanction_deadline_kind", "sanction_next_date"],
                ["bool", "int4", "varchar", "date"],
                states,
            )
        self.counts["sanctions"] += len(rows)
        files = self.env["cri.pathway"].browse(sorted({f.id for f, *_rest in rows}))
        _touch(
            files,
            [
                "sanction_ids",
                "deadline_missed",
                "sanction_step_id",
                "sanction_deadline_kind",
                "sanction_next_date",
            ],
        )
        self.report("sanctions", 1, 1)

    def _module_procedures(self, f, limit):
        """The procedures about the module deadlines of a convention, as the daily check runs
        them: about the earliest missed deadline of a module not completed, ended when that
        module completes. Yields (kind, deadline, steps, still running on ``limit``)."""
        regime = f.regime
        modules = [m for m in f.modules if m.deadline]
        if not modules:
            return
        day = None

        def missed_on(when):
            return sorted(
                (m.deadline, m.code, m)
                for m in modules
                if m.deadline < when and not (m.completion and m.completion <= when)
            )

        candidates = sorted(
            m.deadline + timedelta(days=1) for m in modules if not m.completion or m.completion > m.deadline
        )
        if not candidates:
            return
        day = candidates[0]
        while day <= self.today and day < limit:
            missed = missed_on(day)
            if not missed:
                later = [d for d in candidates if d > day]
                if not later:
                    return
                day = later[0]
                continue
            deadline, kind, module = missed[0]
            steps = []
            ended = None
            for step in regime.ladder:
                if day > self.today or day >= limit:
                    break
                if module.completion and module.completion <= day:
                    ended = module.completion
                    break
                steps.append((step, day))
                day = day + timedelta(days=step[1])
            if (
                steps
                and ended is None
                and module.completion
                and module.completion < limit
                and module.completion <= self.today
            ):
                ended = module.completion
            if steps:
                yield kind, deadline, steps, ended is None
            if ended is None:
                return
            day = ended + timedelta(days=1)

    def _link_transfers(self, generated):
        rows = [(f.id, f.successor.id) for f in generated if f.successor]
        if not rows:
            return
        _update(self.cr, "cri_pathway", ["transferred_to_id"], ["int4"], rows)
        _update(self.cr, "cri_pathway", ["transferred_from_id"], ["int4"], [(new, old) for old, new in rows])
        self.counts["transfers"] += len(rows)
        files = self.env["cri.pathway"].browse([i for pair in rows for i in pair])
        _touch(files, ["transferred_to_id", "transferred_from_id"])

    def _backdate(self, generated):
        """The files and persons created on the day they were opened, written on their last
        event (the ORM stamped them with the time of the generation)."""
        now = fields.Datetime.now()
        rows = []
        for f in generated:
            created = min(_local(f.created, 9, 30), now)
            last = max(d for d in (f.created, f.reception, f.convention, f.end, f.rights_info) if d)
            rows.append((f.id, created, max(created, min(_local(last, 16), now))))
        _update(self.cr, "cri_pathway", ["create_date", "write_date"], ["timestamp", "timestamp"], rows)
        persons = {}
        for f in sorted(generated, key=lambda f: f.created, reverse=True):
            persons[f.person.id] = min(_local(f.created, 9, 15), now)
        _update(
            self.cr,
            "res_partner",
            ["create_date", "write_date"],
            ["timestamp", "timestamp"],
            [(pid, day, day) for pid, day in persons.items()],
        )
        self.cr.execute(
            """UPDATE cri_pathway_exemption e SET create_date = p.create_date, write_date = p.create_date
                 FROM cri_pathway p WHERE p.id = e.pathway_id AND p.id = ANY(%s)""",
            [[f.id for f in generated if f.exemption]],
        )


# ====================================================================================== grants
class _GrantPart:
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
                        "email": f"info.{_ascii(name)[:40]}@example.org",
                        # 0999: an invented range of company numbers
                        "company_registry": f"0999.{digits // 1000:03d}.{digits % 1000:03d}",
                    }
                )
                places.append((center.id, commune))
        ids = _clone_partners(self.env, rows)
        role = self.env.ref("cri_base.partner_role_ili", raise_if_not_found=False)
        _link_network(
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
        representatives = _clone_partners(self.env, people)
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
        per_call = _largest_remainder(count, [round(100 * (1 + 0.05 * index)) for index in range(len(calls))])
        by_center = defaultdict(list)
        for organisation in organisations:
            by_center[organisation["center"]].append(organisation)
        axis_weights = {"fle": 5, "citizenship": 3, "insertion": 3, "legal_aid": 2, "interculturality": 3}
        axis_choice = _Chooser(self.axes.ids, [axis_weights.get(axis.code, 2) for axis in self.axes])
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
        _update(
            self.cr,
            "cri_ili_application",
            ["create_date", "write_date"],
            ["timestamp", "timestamp"],
            [
                (
                    fact["record"].id,
                    min(_local(fact["created"], 11), now),
                    min(_local(max(fact["created"], fact.get("last") or fact["created"]), 15), now),
                )
                for fact in created
            ],
        )
        return created

    def _state(self, rng, call, year):
        """The state of an application of ``call`` today."""
        today = self.today
        if call.state == "open":
            return _Chooser(["draft", "submitted", "completion"], [45, 40, 15])(rng)
        if call.state == "review":
            return _Chooser(["submitted", "opinion"], [20, 80])(rng)
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
        opinion = _Chooser(["favourable", "reserved", "unfavourable"], [70, 20, 10])(rng)
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
        _update(
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
        _update(
            self.cr,
            "cri_ili_indicator",
            ["achieved", "achievement_rate"],
            ["float8", "float8"],
            indicator_rows,
        )
        indicators = records.indicator_ids
        _touch(records.requirement_ids, ["state", "received_date", "rejection_reason"])
        _touch(indicators, ["achieved", "achievement_rate"], [(["achievement_rate"], indicators)])

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
        per_grant = _largest_remainder(count, weights)
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
            counts = _largest_remainder(number, [round(100 * LINE_SHARES[c]) for c in categories])
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
                    created = min(_local(min(today, day + timedelta(days=rng.randint(3, 40))), 14), now)
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
        _insert(
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


# =================================================================================== trainings
class _TrainingPart:
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
        per_center = _largest_remainder(
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
                        "email": f"formation.{len(org_rows)}.{_ascii(name)}@example.org",
                    }
                )
                org_centers.append(center.id)
        org_ids = _clone_partners(self.env, org_rows)
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
                        "email": f"{_ascii(firstname)}.{_ascii(lastname)}.{len(rows)}@example.org",
                        "gender": ("male", "female")[gender],
                    }
                )
                centers.append(center.id)
        ids = _clone_partners(self.env, rows)
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
        module_choice = _Chooser(range(len(modules)), [popularity for _m, _h, popularity in modules])
        plan = []
        for n in range(sessions):
            center = (
                self.network.centers[n].id
                if n < len(self.network.centers)
                else self.network.center_choice(rng)
            )
            module, hours, _popularity = modules[module_choice(rng)]
            span = (end - start).days
            day = _workday(start + timedelta(days=rng.randint(0, span)))
            if start <= today < day and rng.random() < 0.5:
                day = _workday(start + timedelta(days=rng.randint(0, (today - start).days)))
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
                    slot_day = _workday(day + timedelta(days=7 * index if weekly else index))
                    while any(s[0] == slot_day for s in slots):
                        slot_day = _workday(slot_day + timedelta(days=1))
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
        counts = _largest_remainder(registrations, wants)
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
                begin = _local(first_day[0], 9)
                end = _local(last_day[0], 16, 30) if last_day[1] == "day" else _local(last_day[0], 12, 30)
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
            begin = _local(session["begin"], 9)
            created = min(begin - timedelta(days=rng.randint(30, 90)), now)
            event_rows.append((event.id, created, created))
            for reg_id, state in by_event[event.id]:
                moment = min(
                    max(created, begin - timedelta(days=rng.randint(3, 45), hours=rng.randint(0, 8))), now
                )
                closed = _local(session["last"], 16, 30) if state == "done" else None
                registration_rows.append(
                    (reg_id, moment, moment, closed, moment if state == "draft" else None)
                )
        _update(cr, "event_event", ["create_date", "write_date"], ["timestamp", "timestamp"], event_rows)
        _update(
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
        levels = _Chooser([5, 4, 3, 2, 1], [45, 35, 13, 5, 2])
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
