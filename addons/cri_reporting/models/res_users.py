from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the managers land on their CRI's dashboard, the Region's observers on the Region's
        return [
            *super()._cri_homes(),
            (10, "cri_base.group_manager", "cri_reporting.action_cri_reporting_dashboard_manager"),
            (20, "cri_base.group_region_observer", "cri_reporting.action_cri_reporting_dashboard_region"),
        ]
