from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cri_ili_application import GRANT_READERS, GRANTED_STATES


class CriCoordinationActivity(models.Model):
    """An activity may be part of an ILI grant of its CRI: a granted application (or a later
    state) of the same CRI. The link is read and written by those who read the CRI's grants."""

    _inherit = "cri.coordination.activity"

    ili_application_id = fields.Many2one(
        "cri.ili.application",
        string="ILI Grant",
        tracking=True,
        check_company=True,
        index="btree_not_null",
        groups=GRANT_READERS,
        domain=f"[('state', 'in', {list(GRANTED_STATES)})]",
        help="The grant of a local integration initiative of the CRI this activity is part of, if any.",
    )

    @api.constrains("ili_application_id")
    def _check_ili_application(self):
        # read with the caller's rights: whoever links a grant reads it (its CRI's grants only)
        for activity in self.filtered("ili_application_id"):
            grant = activity.ili_application_id
            if grant.state not in GRANTED_STATES:
                raise ValidationError(
                    self.env._(
                        "Activity “%(activity)s”: %(grant)s is not a grant (it is “%(state)s”): "
                        "link an activity to a granted application only.",
                        activity=activity.name,
                        grant=grant.display_name,
                        state=dict(grant._fields["state"]._description_selection(self.env))[grant.state],
                    )
                )
