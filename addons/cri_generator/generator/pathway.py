"""The pathway part (cri_parcours): persons and their pathway files, modules, attendance,
exemptions, extensions and sanction steps written in the database from the simulated lives."""

import logging
import random
import re
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, fields

from .base import (
    BATCH,
    FIRST_CHUNK,
    SQL_CHUNK,
    analyze,
    ascii_slug,
    clone_partners,
    copy_rows,
    insert_rows,
    link_network,
    local_datetime,
    new_ids,
    touch,
    update_rows,
)
from .pathway_life import PathwayLife

_logger = logging.getLogger(__name__)

LEVELS = ("pre_a1", "a1", "a2", "b1", "b2", "c1")
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


class PathwayPart(PathwayLife):
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
        for person, partner_id in zip(persons, clone_partners(self.env, rows), strict=True):
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
        ids = clone_partners(
            self.env,
            [
                {
                    "name": names[c],
                    "is_company": True,
                    "company_id": self.network.company[self.network.center_of_commune[c]],
                    "city": self.network.commune_name[c],
                    "zip": self.network.commune_zip[c],
                    "email": f"population.{ascii_slug(self.network.commune_name[c])}@example.org",
                }
                for c in missing
            ],
        )
        role = self.env.ref("cri_base.partner_role_commune", raise_if_not_found=False)
        link_network(
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
                            "email": f"contact.{ascii_slug(name)}.{ascii_slug(town.name)}@example.org",
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
        ids = clone_partners(self.env, [row for row, _key in new_rows])
        links, communes = [], []
        for partner_id, (_row, (center, code, _town)) in zip(ids, new_rows, strict=True):
            if roles.get(code):
                links.append((partner_id, roles[code].id))
            communes.extend((partner_id, c.id) for c in self.network.communes[center])
        link_network(self.cr, links, communes)
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
        ids = new_ids(cr, "cri_pathway_module", len(modules))
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
        insert_rows(
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
        touch(
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
        update_rows(self.cr, "cri_pathway", ["next_deadline"], ["date"], rows)

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
                created = local_datetime(day, 18)
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
            analyze(cr, "cri_pathway_module", "cri_pathway_attendance")
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
        touch(
            records,
            ["attendance_ids", "attended_hours", "progress"],
            [(["attended_hours", "progress"], records)],
        )

    def _insert_attendance(self, rows):
        # the company and operator of a line are its module's (stored related fields)
        copy_rows(
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
            insert_rows(
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
                        min(local_datetime(day, 6), now),
                        SUPERUSER_ID,
                        min(local_datetime(day, 6), now),
                    )
                    for f, step, kind, deadline, day in rows
                ],
            )
        if states:
            update_rows(
                self.cr,
                "cri_pathway",
                ["deadline_missed", "sanction_step_id", "sanction_deadline_kind", "sanction_next_date"],
                ["bool", "int4", "varchar", "date"],
                states,
            )
        self.counts["sanctions"] += len(rows)
        files = self.env["cri.pathway"].browse(sorted({f.id for f, *_rest in rows}))
        touch(
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
        update_rows(self.cr, "cri_pathway", ["transferred_to_id"], ["int4"], rows)
        update_rows(
            self.cr, "cri_pathway", ["transferred_from_id"], ["int4"], [(new, old) for old, new in rows]
        )
        self.counts["transfers"] += len(rows)
        files = self.env["cri.pathway"].browse([i for pair in rows for i in pair])
        touch(files, ["transferred_to_id", "transferred_from_id"])

    def _backdate(self, generated):
        """The files and persons created on the day they were opened, written on their last
        event (the ORM stamped them with the time of the generation)."""
        now = fields.Datetime.now()
        rows = []
        for f in generated:
            created = min(local_datetime(f.created, 9, 30), now)
            last = max(d for d in (f.created, f.reception, f.convention, f.end, f.rights_info) if d)
            rows.append((f.id, created, max(created, min(local_datetime(last, 16), now))))
        update_rows(self.cr, "cri_pathway", ["create_date", "write_date"], ["timestamp", "timestamp"], rows)
        persons = {}
        for f in sorted(generated, key=lambda f: f.created, reverse=True):
            persons[f.person.id] = min(local_datetime(f.created, 9, 15), now)
        update_rows(
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
