"""Regional-scale data of the CRI suite: invented but realistic pathway files, ILI grants,
practitioner trainings and coordination work over the eight CRIs and the years, for the
demonstrator, the statistics and the benchmarks.

``generate(env, files=40000, years=10, attendance=400000, ...)`` returns the counts it created;
``generate_coordination(env, years=10, actions=12, ...)`` does the same for the coordination
work. Both are deterministic for a seed (and a day: the dates are counted back from today) and
do not commit: ``tests/benchmarks/generate.py`` does. Every person is invented ("Fictif",
"Inventé"...), every organisation is marked fictive, e-mail addresses are of example.org.

One module a part, around the shared helpers of ``base``: ``network`` (the CRIs, their communes
and staff, the invented names), ``pathway_life`` and ``pathway`` (cri_parcours), ``grants``
(cri_ili_grants), ``trainings`` (cri_training), ``coordination`` (cri_coordination) and
``portal`` (the partners' portal accounts); a part is skipped, with a note in the log, when its
addon is not installed.

How records are made: the records whose computed fields and constraints carry the rules are
created through the ORM in batches (the pathway files, whose eligibility, regime and deadlines
the models compute; the grants; the training sessions and registrations; the coordination
work); the bulk rows are inserted in SQL (persons and organisations cloned from one ORM-made
template, modules, module attendance, sanction steps, grant expenses) and the stored fields they
feed are then set in set-based SQL, or recomputed by the ORM where they are few (the totals of
the grants). The workflow fields (stage, dates, certificate number...) are written as the
superuser may, with the values the action methods and the daily deadline check would have
written on those dates.
"""

import logging
import random

from odoo import SUPERUSER_ID

from odoo.addons.cri_base.tools import legal_today

from .base import CONTEXT, Progress, add_counts
from .coordination import COORDINATION_CONTEXT, CoordinationPart
from .grants import GrantPart
from .network import Network, Staff
from .pathway import PathwayPart
from .portal import PortalAccounts
from .trainings import TrainingPart

_logger = logging.getLogger(__name__)


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
    report = Progress(progress)
    network = Network(env, seed)
    if not network.centers:
        _logger.info("No CRI with a company and communes: nothing generated")
        return {}
    # invented staff for a regional generation; a small one uses the users there are
    staff = Staff(env, network, invent=files >= 1000 or applications >= 100 or sessions >= 100)
    counts = {}
    if "cri.pathway" in env and files:
        add_counts(
            counts, PathwayPart(env, network, staff, today, seed, report).run(files, years, attendance)
        )
    elif "cri.pathway" not in env:
        _logger.info("cri_parcours is not installed: no pathway files generated")
    if "cri.ili.application" in env and applications:
        add_counts(
            counts, GrantPart(env, network, staff, today, seed, report).run(applications, expenses, years)
        )
    elif "cri.ili.application" not in env:
        _logger.info("cri_ili_grants is not installed: no ILI grants generated")
    if "event.event" in env and "cri_module_id" in env["event.event"]._fields and sessions:
        add_counts(
            counts,
            TrainingPart(env, network, staff, today, seed, report).run(sessions, registrations, years),
        )
    elif "event.event" not in env or "cri_module_id" not in env["event.event"]._fields:
        _logger.info("cri_training is not installed: no training sessions generated")
    if staff.invent:
        # the roles the parts above do not need but a regional database has: reception agents
        # (two a CRI) and the partners' portal accounts (two operators and two applicants a CRI)
        for center in network.centers:
            staff.get(center.id, "reception", 2)
        add_counts(counts, PortalAccounts(env, network).run(per_center=2))
    counts["users"] = staff.created
    env.flush_all()
    env.invalidate_all()
    return {key: value for key, value in counts.items() if value}


def generate_coordination(env, years=10, actions=12, activities=3000, meetings=1500, seed=1, progress=None):
    """Generate the coordination work of every CRI over ``years`` up to today and return
    ``{what: number created}``: per CRI, its successive plans with ``actions`` actions each;
    ``activities`` and ``meetings`` spread over the CRIs by their number of communes.

    ``env`` is any environment of the database: the generation runs as superuser, without
    tracking. ``progress``, when given, is called as ``progress(step, done, total)``."""
    for name, value in {
        "years": years,
        "actions": actions,
        "activities": activities,
        "meetings": meetings,
    }.items():
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a positive integer or 0, not {value!r}")
    if years < 1:
        raise ValueError("years must be at least 1")
    if "cri.coordination.plan" not in env:
        _logger.info("cri_coordination is not installed: no coordination work generated")
        return {}
    env = env(user=SUPERUSER_ID, su=True, context=dict(env.context, **COORDINATION_CONTEXT))
    part = CoordinationPart(env, random.Random(seed), years, progress or (lambda step, done, total: None))
    if not part.centers:
        _logger.info("No CRI with a company and communes: no coordination work generated")
        return {}
    counts = {}
    counts.update(part.plans(actions))
    counts.update(part.activities(activities))
    counts.update(part.meetings(meetings))
    env.flush_all()
    env.invalidate_all()
    return {key: value for key, value in counts.items() if value}
