from odoo import api, models

from odoo.addons.cri_reporting.models.cri_reporting_table import TableSpec

ACTIONS = "cri.reporting.coordination.action"
ACTIVITIES = "cri.reporting.coordination.activity"
PUBLIC = "cri.reporting.coordination.public"
MEETINGS = "cri.reporting.coordination.meeting"
DONE = (("state", "=", "done"),)
HELD = (("state", "=", "held"),)
# the tables whose sum is a number of persons: a cell's persons, not its records, decide whether
# it is small (an activity's line may count one person or a hundred)
PERSON_SUMS = frozenset({"coordination_public", "region_coordination_public"})


class CriReportingTable(models.AbstractModel):
    """The tables of the coordination work. Actions, activities and meetings are counted as they
    are (they are no persons); the public reached by the activities counts persons, whose small
    counts are hidden in what leaves the CRI."""

    _inherit = "cri.reporting.table"

    @api.model
    def _table_specs(self):
        return super()._table_specs() + [
            TableSpec(
                "coordination_public", self.env._("Public reached by category and activity type"), PUBLIC,
                "date", "category", "activity_type", "cri", measure="count", domain=DONE,
            ),
            TableSpec(
                "region_coordination_actions", self.env._("Plan actions by CRI and status"), ACTIONS,
                "date_start", "company_id", "state", "region", people=False,
            ),
            TableSpec(
                "region_coordination_activities", self.env._("Activities done by CRI and type"), ACTIVITIES,
                "date", "company_id", "activity_type", "region", people=False, domain=DONE,
            ),
            TableSpec(
                "region_coordination_public", self.env._("Public reached by CRI and activity type"), PUBLIC,
                "date", "company_id", "activity_type", "region", measure="count", domain=DONE,
            ),
            TableSpec(
                "region_coordination_meetings", self.env._("Meetings held by CRI and kind of platform"),
                MEETINGS, "date", "company_id", "kind", "region", people=False, domain=HELD,
            ),
        ]  # fmt: skip

    @api.model
    def _cells(self, spec, companies, date_from, date_to):
        cells = super()._cells(spec, companies, date_from, date_to)
        if spec.code in PERSON_SUMS:
            cells.counts = {key: int(value) for key, value in cells.values.items()}
        return cells
