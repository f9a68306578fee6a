from odoo import fields, models
from odoo.exceptions import AccessError

MANAGER = "cri_base.group_manager"


class CriCenter(models.Model):
    """The CRI's own rules for the grants it follows."""

    _inherit = "cri.center"

    ili_separate_duties = fields.Boolean(
        string="Separate Acceptance and Payment of Grants",
        default=True,
        tracking=True,
        help="Whoever accepted the requirement (e.g. the final report) that releases an instalment of "
        "a grant may not record its payment: another accountant does. A CRI whose manager is also "
        "its accountant may switch it off.",
    )

    def write(self, vals):
        if "ili_separate_duties" in vals and not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the CRI's manager sets how the grants' duties are separated."))
        return super().write(vals)
