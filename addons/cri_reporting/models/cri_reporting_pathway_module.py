from odoo import api, fields, models

from odoo.addons.cri_parcours.models.cri_pathway_module import MODULE_STATES


class CriReportingPathwayModule(models.Model):
    """One row per module of a pathway file: hours required and attended per module type,
    with the dimensions of its file."""

    _name = "cri.reporting.pathway.module"
    _inherit = ["cri.reporting.pathway.dimensions"]
    _description = "Pathway Module Statistics"
    _auto = False
    _order = "registration_date desc"

    module_type = fields.Selection(selection="_selection_module_types", string="Module", readonly=True)
    module_state = fields.Selection(MODULE_STATES, string="Module Status", readonly=True)
    start_date = fields.Date(string="Module Start", readonly=True)
    required_hours = fields.Float(readonly=True)
    attended_hours = fields.Float(string="Hours Attended", readonly=True)
    progress = fields.Float(string="Progress (%)", readonly=True, aggregator="avg")

    @api.model
    def _selection_module_types(self):
        return self.env["cri.pathway.module.type"]._selection()

    @property
    def _table_query(self):
        return f"""
            SELECT m.id AS id,
                   {self._dimensions_select()},
                   m.module_type AS module_type,
                   m.state AS module_state,
                   m.start_date AS start_date,
                   m.required_hours AS required_hours,
                   m.attended_hours AS attended_hours,
                   m.progress AS progress
              FROM cri_pathway_module m
              JOIN cri_pathway p ON p.id = m.pathway_id
         LEFT JOIN res_partner person ON person.id = p.partner_id
        """
