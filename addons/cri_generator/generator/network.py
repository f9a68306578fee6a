"""People and network: the names of the invented persons and organisations, the CRIs with
their communes and weights (most newcomers register in the big towns), and the staff of each
CRI."""

import random
from collections import defaultdict

from odoo import Command

from .base import Chooser

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
# ------------------------------------------------------------------------------ organisations
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


# ================================================================================ the network
class Network:
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
            center.id: Chooser(
                [c.id for c in self.communes[center.id]],
                [self.commune_weights[c.id] for c in self.communes[center.id]],
            )
            for center in self.centers
        }
        all_communes = [c for center in self.centers for c in self.communes[center.id]]
        self.any_commune = Chooser(
            [c.id for c in all_communes], [self.commune_weights[c.id] for c in all_communes]
        )
        self.center_of_commune = {
            c.id: center.id for center in self.centers for c in self.communes[center.id]
        }
        self.company = {center.id: center.company_id.id for center in self.centers}
        self.center_choice = Chooser(
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


class Staff:
    """The users of each CRI by role: those of the database when it has some, else invented ones
    (``invent``) where the CRI's activity calls for them, else its director, who does everything
    in a small CRI. Without any (a small generation in a database without users), none."""

    ROLES = {
        "director": "cri_base.group_manager",
        "reception": "cri_base.group_reception_agent",
        "social": "cri_base.group_social_worker",
        "accountant": "cri_base.group_accountant",
        "agent": "cri_ili_grants.group_ili_agent",
        "trainer": "cri_base.group_trainer",
    }
    LABELS = {
        "director": "Direction fictive",
        "reception": "Agent·e d'accueil fictif·ve",
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
        """(ids of the users who hold ``role`` as their own, ids of those who hold it through a
        role above it)."""
        group = self.env.ref(self.ROLES[role], raise_if_not_found=False)
        if not group:
            return [], []
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
            # a role's own users first: not those who hold it through a role above it (a manager
            # is also a social worker and a reception agent)
            others = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in self.ROLES.values()]
            above = self.env["res.groups"].union(
                *(other for other in others if other and other != group and group in other.trans_implied_ids)
            )
            own = users.filtered(lambda user: not (above & user.groups_id))
            return own.ids, (users - own).ids
        return users.ids, []

    def get(self, center_id, role, wanted=1):
        """Ids of the users of ``role`` in the CRI: those of the database who hold it as their
        own, else ``wanted`` invented ones, else those who hold it through a role above it, else
        the director (``wanted`` 0: the director takes the role); ``[False]`` when there is
        nobody."""
        key = (center_id, role)
        if key not in self.cache:
            users, above = self._existing(center_id, role)
            if not users and self.invent and (wanted or role == "director"):
                users = self._create(center_id, role, max(wanted, 1))
            # else those who hold the role through a role above it, else the director
            users = users or above
            if not users:
                users = self.get(center_id, "director") if role != "director" else [False]
            self.cache[key] = users
        return self.cache[key]

    def _create(self, center_id, role, count):
        company = self.network.company[center_id]
        code = self.network.code[center_id]
        group = self.env.ref(self.ROLES[role])
        logins = [f"gen-{code.lower()}-{role}-{n}" for n in range(1, count + 1)]
        Users = self.env["res.users"].with_context(active_test=False, no_reset_password=True)
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
