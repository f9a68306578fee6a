from stdnum.be import nn

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    cri_national_number = fields.Char(
        string="National Register Number",
        groups="cri_base.group_reception_agent,cri_base.group_social_worker,cri_base.group_manager",
        copy=False,
        help="Belgian national register number (11 digits), checked with its control digits.",
    )
    cri_pathway_ids = fields.One2many(
        "cri.pathway",
        "partner_id",
        string="Pathway Files",
        groups="cri_base.group_reception_agent,cri_base.group_social_worker,cri_base.group_manager",
    )

    @api.constrains("cri_national_number")
    def _check_cri_national_number(self):
        for partner in self:
            number = partner.cri_national_number
            if number and not nn.is_valid(number):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid national register number: 11 digits whose last two "
                        "check the first nine.",
                        number=number,
                    )
                )

    @api.onchange("cri_national_number")
    def _onchange_cri_national_number(self):
        if self.cri_national_number and nn.is_valid(self.cri_national_number):
            self.cri_national_number = nn.format(self.cri_national_number)
