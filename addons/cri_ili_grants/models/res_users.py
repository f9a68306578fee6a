from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the ILI agents land on the applications (the accountants on their dashboard: the
        # expenses to review and the instalments to pay)
        return [
            *super()._cri_homes(),
            (40, "cri_ili_grants.group_ili_agent", "cri_ili_grants.action_cri_ili_application"),
        ]
