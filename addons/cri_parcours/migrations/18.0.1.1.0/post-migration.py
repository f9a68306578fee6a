"""18.0.1.1.0: personal data stays in its CRI.

- A person with a pathway file becomes a contact of the file's CRI (company): contacts without a
  company are shown by Odoo to every internal user of every CRI. A person with files in several
  CRIs (a transfer) goes with the file that is still running, else with the latest one.
- The 2024 regime (noupdate data) learns that its 3-year convention applies to permits issued
  after the decree only: earlier permits keep 18 months, and the running files follow.
- The hours, deadlines and target level of the modules become lines of the regimes (one per
  module type): the figures of each regime's old columns are carried onto its lines, and the
  modules of the files take their hours and deadlines from them.
- The evidence of an exemption and the sheet of an attendance line were links to any attachment;
  they become the attachment of their own record, readable by whoever may read that record only.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def _move_persons(cr):
    cr.execute(
        """
        UPDATE res_partner partner
           SET company_id = latest.company_id
          FROM (
                SELECT DISTINCT ON (partner_id) partner_id, company_id
                  FROM cri_pathway
              ORDER BY partner_id,
                       state IN ('done', 'abandoned', 'transferred'),
                       registration_date DESC,
                       id DESC
               ) latest
         WHERE partner.id = latest.partner_id
           AND partner.company_id IS DISTINCT FROM latest.company_id
        """
    )
    _logger.info("cri_parcours: %s persons moved into the company of their pathway file", cr.rowcount)


def _own_attachments(cr, table, model, old_column, field, name_column):
    """Make the attachment that ``old_column`` pointed to the value of the binary ``field``."""
    if not _column_exists(cr, table, old_column):
        return
    table_sql, old_sql = SQL.identifier(table), SQL.identifier(old_column)
    cr.execute(
        SQL(
            "UPDATE %s line SET %s = attachment.name FROM ir_attachment attachment WHERE attachment.id = line.%s",
            table_sql,
            SQL.identifier(name_column),
            old_sql,
        )
    )
    cr.execute(
        SQL(
            "UPDATE ir_attachment attachment SET res_model = %s, res_id = line.id, res_field = %s "
            "FROM %s line WHERE attachment.id = line.%s",
            model,
            field,
            table_sql,
            old_sql,
        )
    )
    _logger.info("cri_parcours: %s documents of %s now belong to their record", cr.rowcount, model)


def _earlier_permit_convention(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    regime = env.ref("cri_parcours.regime_2024", raise_if_not_found=False)
    if regime and not regime.earlier_permit_convention_months:
        # through the ORM: the deadlines of the files under this regime are recomputed
        regime.earlier_permit_convention_months = 18


MODULE_COLUMNS = {
    # module type code: (hours column, deadline column)
    "french": ("french_hours", "french_deadline_months"),
    "citizenship": ("citizenship_hours", "citizenship_deadline_months"),
    "orientation": ("orientation_hours", "orientation_deadline_months"),
}


def _regime_lines(cr):
    """Carry each regime's old module figures onto its lines: the data file made the lines of
    the three shipped regimes with the texts' figures, a Region may have corrected them since."""
    if not _column_exists(cr, "cri_pathway_regime", "french_hours"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    types = {t.code: t for t in env["cri.pathway.module.type"].search([("code", "in", list(MODULE_COLUMNS))])}
    has_level = _column_exists(cr, "cri_pathway_regime", "french_target_level")
    for code, (hours_column, months_column) in MODULE_COLUMNS.items():
        cr.execute(
            SQL(
                "SELECT id, %s, %s, %s FROM cri_pathway_regime",
                SQL.identifier(hours_column),
                SQL.identifier(months_column),
                SQL.identifier("french_target_level") if has_level and code == "french" else SQL("NULL"),
            )
        )
        for regime_id, hours, months, level in cr.fetchall():
            regime = env["cri.pathway.regime"].browse(regime_id)
            values = {"hours": hours or 0.0, "deadline_months": months or 1, "target_level": level or False}
            line = regime._line_for(code)
            if line:
                line.write(values)
            elif code in types:
                line.create({"regime_id": regime_id, "module_type_id": types[code].id, **values})
    modules = env["cri.pathway.module"].search([("pathway_id", "!=", False)])
    for fname in ("regime_line_id", "required_hours", "target_level", "deadline"):
        env.add_to_compute(modules._fields[fname], modules)
    modules.flush_recordset()


def migrate(cr, version):
    if not version:
        return
    _move_persons(cr)
    _earlier_permit_convention(cr)
    _regime_lines(cr)
    _own_attachments(
        cr,
        "cri_pathway_exemption",
        "cri.pathway.exemption",
        "attachment_id",
        "evidence_file",
        "evidence_filename",
    )
    _own_attachments(
        cr, "cri_pathway_attendance", "cri.pathway.attendance", "sheet_id", "sheet", "sheet_name"
    )
