from odoo import api, fields, models
from odoo.exceptions import ValidationError

# CRI staff and observers: the other internal users have no access to the CRI models.
CRI_GROUPS = (
    "cri_base.group_reception_agent,cri_base.group_social_worker,cri_base.group_trainer,"
    "cri_base.group_accountant,cri_base.group_region_observer"
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    cri_role_ids = fields.Many2many(
        "cri.partner.role",
        "res_partner_cri_partner_role_rel",
        "partner_id",
        "role_id",
        string="CRI Roles",
        groups=CRI_GROUPS,
        help="What this organisation does in the integration network of the centre.",
    )
    cri_commune_ids = fields.Many2many(
        "cri.commune",
        "res_partner_cri_commune_rel",
        "partner_id",
        "commune_id",
        string="Communes Served",
        groups=CRI_GROUPS,
        help="Communes where this partner works for newcomers.",
    )
    cri_approved = fields.Boolean(
        string="Approved",
        groups=CRI_GROUPS,
        help="The partner holds a Walloon approval (agrément), e.g. as local integration initiative.",
    )
    cri_approval_date_start = fields.Date(string="Approval Start", groups=CRI_GROUPS)
    cri_approval_date_end = fields.Date(
        string="Approval End",
        groups=CRI_GROUPS,
        help="Leave empty when the approval has no end date.",
    )
    cri_approval_reference = fields.Char(
        string="Approval Reference",
        groups=CRI_GROUPS,
        help="Reference of the approval decision.",
    )

    @api.constrains("cri_approval_date_start", "cri_approval_date_end")
    def _check_cri_approval_dates(self):
        for partner in self:
            start = partner.cri_approval_date_start
            end = partner.cri_approval_date_end
            if start and end and end < start:
                raise ValidationError(
                    self.env._(
                        "The approval of %(partner)s cannot end (%(end)s) before it starts (%(start)s).",
                        partner=partner.display_name,
                        start=start,
                        end=end,
                    )
                )
