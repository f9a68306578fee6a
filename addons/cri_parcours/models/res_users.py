from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _cri_homes(self):
        # the reception agents land on the files to receive, the social workers on the files they follow
        return [
            *super()._cri_homes(),
            (70, "cri_base.group_social_worker", "cri_parcours.action_cri_pathway_my_files"),
            (80, "cri_base.group_reception_agent", "cri_parcours.action_cri_pathway_to_receive"),
        ]
