from odoo import api, fields, models

# the states of an application from its grant on: decided (granted), running, clearing, closed
GRANTED_STATES = ("decided", "running", "clearing", "closed")
# who reads the CRI's grants (cri_ili_grants' access lines), and so their link to the activities
GRANT_READERS = "cri_ili_grants.group_ili_agent,cri_base.group_manager,cri_base.group_accountant,cri_base.group_region_observer"


class CriIliApplication(models.Model):
    """A grant shows the participation and awareness activities that are part of it."""

    _inherit = "cri.ili.application"

    coordination_activity_ids = fields.One2many(
        "cri.coordination.activity",
        "ili_application_id",
        string="Participation Activities",
        groups=GRANT_READERS,
    )
    coordination_activity_count = fields.Integer(
        string="Number of Participation Activities",
        compute="_compute_coordination_activity_count",
        groups=GRANT_READERS,
    )

    @api.depends("coordination_activity_ids")
    def _compute_coordination_activity_count(self):
        counts = dict(
            self.env["cri.coordination.activity"]._read_group(
                [("ili_application_id", "in", self.ids)], ["ili_application_id"], ["__count"]
            )
        )
        for application in self:
            application.coordination_activity_count = counts.get(application, 0)

    def action_view_coordination_activities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cri_coordination.action_cri_coordination_activity_all"
        )
        action["domain"] = [("ili_application_id", "=", self.id)]
        action["context"] = {}
        return action
