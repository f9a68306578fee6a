from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the Region's observers land on the Region's dashboard of published figures
        return [
            *super()._cri_homes(),
            (20, "cri_base.group_region_observer", "cri_reporting.action_cri_reporting_dashboard_region"),
        ]
