from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the accountants land on the expenses to review, the ILI agents on the applications
        return [
            *super()._cri_homes(),
            (30, "cri_base.group_accountant", "cri_ili_grants.action_cri_ili_expense_review"),
            (40, "cri_ili_grants.group_ili_agent", "cri_ili_grants.action_cri_ili_application"),
        ]
