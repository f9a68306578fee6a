from odoo import api, models

from odoo.addons.cri_reporting.models.cri_reporting_table import TableSpec

REGISTRATIONS = "cri.reporting.training.registration"
DATE_FIELD = "session_date"
PARTICIPANTS = (("is_participant", "=", True),)


class CriReportingTable(models.AbstractModel):
    """The tables of the trainings: they count practitioners (participations in sessions), so
    their small counts are hidden in what leaves the CRI."""

    _inherit = "cri.reporting.table"

    @api.model
    def _table_specs(self):
        return super()._table_specs() + [
            TableSpec(
                "training_theme", self.env._("Training participants by theme and attendance"), REGISTRATIONS,
                DATE_FIELD, "theme_id", "outcome", "cri", domain=PARTICIPANTS,
            ),
            TableSpec(
                "region_training_participants", self.env._("Training participants by CRI and theme"),
                REGISTRATIONS, DATE_FIELD, "company_id", "theme_id", "region", domain=PARTICIPANTS,
            ),
            TableSpec(
                "region_training_hours", self.env._("Training hours attended by CRI and theme"), REGISTRATIONS,
                DATE_FIELD, "company_id", "theme_id", "region", measure="attended_hours", domain=PARTICIPANTS,
            ),
        ]  # fmt: skip
