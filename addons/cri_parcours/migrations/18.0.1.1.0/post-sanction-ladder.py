"""The sanction ladder becomes data of each regime.

Until now the steps were fixed in the code (reminder, formal notice, report with the regime's
fine) with one delay for the regime (``sanction_step_days``). They are now records of the regime
(``cri.pathway.regime.sanction.step``): the upgrade creates the ladder of the shipped regimes
(noupdate data); this script

- gives the same ladder to the regimes that have none (created by the Region administrators);
- gives every step of a regime the regime's former delay between steps;
- links the files and their sanction history to the step of their regime with the old step's
  code.

A post- script still finds the old columns: Odoo leaves the columns of removed fields.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the ladder of the code until this version: (code, name, letter, fine applied)
OLD_LADDER = (
    ("reminder", "Reminder", "cri_parcours.mail_template_sanction_reminder", False),
    ("formal_notice", "Formal notice", "cri_parcours.mail_template_sanction_formal_notice", False),
    ("report", "Reported to the authority", "cri_parcours.mail_template_sanction_report", True),
)


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def _old_delays(cr):
    """{regime id: its former days between sanction steps}."""
    if not _column_exists(cr, "cri_pathway_regime", "sanction_step_days"):
        return {}
    cr.execute("SELECT id, sanction_step_days FROM cri_pathway_regime WHERE sanction_step_days > 0")
    return dict(cr.fetchall())


def _complete_ladders(env, delays):
    Regime = env["cri.pathway.regime"]
    Step = env["cri.pathway.regime.sanction.step"]
    for regime in Regime.search([("sanction_step_ids", "=", False)]):
        Step.create(
            [
                {
                    "regime_id": regime.id,
                    "sequence": 10 * (index + 1),
                    "name": name,
                    "code": code,
                    "delay_days": delays.get(regime.id, 30),
                    "template_id": env.ref(template).id,
                    "apply_fine": fine,
                }
                for index, (code, name, template, fine) in enumerate(OLD_LADDER)
            ]
        )
        _logger.info("Regime %s: sanction ladder of the former code created", regime.name)


def _keep_delays(env, delays):
    Step = env["cri.pathway.regime.sanction.step"]
    for regime_id, days in delays.items():
        steps = Step.search([("regime_id", "=", regime_id), ("delay_days", "!=", days)])
        if steps:
            # through the ORM: the change is noted in the regime's history
            steps.delay_days = days
            _logger.info("Regime %s: its sanction steps keep their delay of %s days", regime_id, days)


def _link_files(cr):
    """Each file's current step: the step of its regime with the old step's code."""
    if not _column_exists(cr, "cri_pathway", "sanction_step"):
        return
    cr.execute(
        SQL(
            """
            UPDATE cri_pathway file
               SET sanction_step_id = step.id
              FROM cri_pathway_regime_sanction_step step
             WHERE step.regime_id = file.regime_id
               AND step.code = file.sanction_step
               AND file.sanction_step_id IS NULL
            """
        )
    )
    _logger.info("cri_parcours: %s files linked to their regime's sanction step", cr.rowcount)


def _link_history(cr):
    """Each step taken: the step of the file's regime with its code; a file without a regime
    (none has a procedure, but the history must keep its step) takes the first regime's."""
    if not _column_exists(cr, "cri_pathway_sanction", "step"):
        return
    cr.execute(
        SQL(
            """
            UPDATE cri_pathway_sanction taken
               SET step_id = COALESCE(
                       (SELECT step.id
                          FROM cri_pathway file
                          JOIN cri_pathway_regime_sanction_step step ON step.regime_id = file.regime_id
                         WHERE file.id = taken.pathway_id AND step.code = taken.step),
                       (SELECT step.id FROM cri_pathway_regime_sanction_step step
                         WHERE step.code = taken.step ORDER BY step.id LIMIT 1)
                   )
             WHERE taken.step_id IS NULL
            """
        )
    )
    _logger.info("cri_parcours: %s sanction steps taken linked to their regime's step", cr.rowcount)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    delays = _old_delays(cr)
    _complete_ladders(env, delays)
    _keep_delays(env, delays)
    env.flush_all()
    _link_files(cr)
    _link_history(cr)
    env.invalidate_all()
