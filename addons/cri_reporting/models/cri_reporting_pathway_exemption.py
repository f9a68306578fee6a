from odoo import fields, models


class CriReportingPathwayExemption(models.Model):
    """One row per exemption proved on a pathway file: exemptions by reason, with the
    dimensions of the file. Medical reasons make it a statistic for social workers and
    managers only."""

    _name = "cri.reporting.pathway.exemption"
    _inherit = ["cri.reporting.pathway.dimensions"]
    _description = "Pathway Exemption Statistics"
    _auto = False
    _order = "date desc"

    reason_id = fields.Many2one("cri.pathway.exemption.reason", readonly=True)
    is_medical = fields.Boolean(string="Medical", readonly=True)
    date = fields.Date(string="Evidence Date", readonly=True)

    @property
    def _table_query(self):
        return f"""
            SELECT e.id AS id,
                   {self._dimensions_select()},
                   e.reason_id AS reason_id,
                   e.is_medical AS is_medical,
                   e.date AS date
              FROM cri_pathway_exemption e
              JOIN cri_pathway p ON p.id = e.pathway_id
         LEFT JOIN res_partner person ON person.id = p.partner_id
        """
