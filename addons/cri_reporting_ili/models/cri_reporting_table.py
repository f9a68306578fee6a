from odoo import api, models

from odoo.addons.cri_reporting.models.cri_reporting_table import TableSpec

APPLICATIONS = "cri.reporting.ili.application"
# a grant counts in the year of its decision (an application not decided yet, in its call's)
DATE_FIELD = "count_date"


class CriReportingTable(models.AbstractModel):
    """The tables of the ILI grants: about organisations and amounts, not people, so nothing
    in them is a small count to hide."""

    _inherit = "cri.reporting.table"

    @api.model
    def _table_specs(self):
        return super()._table_specs() + [
            TableSpec(
                "ili_axis_state", self.env._("ILI applications by axis and status"), APPLICATIONS, DATE_FIELD,
                "axis_id", "state", "cri", people=False,
            ),
            TableSpec(
                "region_ili_applications", self.env._("ILI applications by CRI and status"), APPLICATIONS,
                DATE_FIELD, "company_id", "state", "region", people=False,
            ),
            TableSpec(
                "region_ili_granted", self.env._("ILI amount granted by CRI and axis"), APPLICATIONS, DATE_FIELD,
                "company_id", "axis_id", "region", measure="granted_amount", people=False,
            ),
        ]  # fmt: skip
