from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.cri_base.tools import legal_today


class CriPathwayExtension(models.Model):
    """An extension of the convention: its end date and the module deadlines follow."""

    _name = "cri.pathway.extension"
    _description = "Convention Extension"
    _inherit = ["cri.pathway.line"]
    _order = "date, id"

    date = fields.Date(string="Decided On", required=True, default=legal_today)
    months = fields.Integer(required=True, default=6)
    reason = fields.Text(required=True)

    @api.constrains("months")
    def _check_months(self):
        if any(e.months <= 0 for e in self):
            raise ValidationError(self.env._("An extension adds at least one month."))

    @api.constrains("pathway_id")
    def _check_pathway_state(self):
        for extension in self:
            if extension.pathway_id.state != "convention":
                raise ValidationError(self.env._("Only a running convention can be extended."))

    @api.model_create_multi
    def create(self, vals_list):
        extensions = super().create(vals_list)
        # written in the CRIs' language, whatever the language of the user who extends
        cri_env = self.with_context(lang=self.env["cri.pathway"]._cri_lang()).env
        for extension in extensions:
            extension.pathway_id.message_post(
                body=cri_env._(
                    "Convention extended by %(months)s months (%(reason)s): it now ends on %(date)s.",
                    months=extension.months,
                    reason=extension.reason,
                    date=extension.pathway_id.convention_end_date,
                )
            )
        return extensions
