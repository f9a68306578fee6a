from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the training officers land on the sessions, the trainers on their own
        return [
            *super()._cri_homes(),
            (50, "cri_training.group_training_officer", "cri_training.action_cri_training_session"),
            (60, "cri_base.group_trainer", "cri_training.action_cri_training_my_sessions"),
        ]
