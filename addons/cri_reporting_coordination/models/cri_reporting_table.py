from odoo import api, models

from odoo.addons.cri_reporting.models.cri_reporting_table import TableSpec

ACTIONS = "cri.reporting.coordination.action"


class CriReportingTable(models.AbstractModel):
    """The tables of the coordination work. Actions and meetings are counted as they are (they
    are no persons); the public reached by the activities counts persons, whose small counts are
    hidden in what leaves the CRI."""

    _inherit = "cri.reporting.table"

    @api.model
    def _table_specs(self):
        return super()._table_specs() + [
            TableSpec(
                "region_coordination_actions", self.env._("Plan actions by CRI and status"), ACTIONS,
                "date_start", "company_id", "state", "region", people=False,
            ),
        ]  # fmt: skip
