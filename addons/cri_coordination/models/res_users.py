from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the coordination officers land on the local integration plans of their CRI
        return [
            *super()._cri_homes(),
            (
                50,
                "cri_coordination.group_coordination_officer",
                "cri_coordination.action_cri_coordination_plan",
            ),
        ]
