from odoo import api, models
from odoo.exceptions import AccessError, MissingError, UserError

# who creates and runs a CRI's plans (a CRI's manager through the group it implies)
COORDINATION_OFFICER = "cri_coordination.group_coordination_officer"
# the life domains of a diagnosis, shared by needs, priorities and actions
LIFE_DOMAINS = [
    ("social", "Social"),
    ("health", "Health"),
    ("education", "Education"),
    ("housing", "Housing"),
    ("employment", "Employment"),
    ("culture", "Culture"),
    ("participation", "Participation"),
    ("gender", "Gender"),
    ("intergenerational", "Intergenerational"),
    ("other", "Other"),
]


class CriCoordinationRecord(models.AbstractModel):
    """What the records of a plan share (needs, priorities, recommendations, actions, indicators
    and their values): they are created only under a parent the user may change, a plan of the
    user's own CRI that is not closed, and never move to another parent."""

    _name = "cri.coordination.record"
    _description = "Record of a Local Integration Plan"
    _check_company_auto = True
    # the field linking the record to its parent (a plan, an action, an indicator)
    _cri_parent_field = "plan_id"

    @api.model_create_multi
    def create(self, vals_list):
        parent_field = self._cri_parent_field
        parents = self.env[self._fields[parent_field].comodel_name].browse(
            {vals[parent_field] for vals in vals_list if vals.get(parent_field)}
        )
        self._check_parents_writable(parents)
        return super().create(vals_list)

    def write(self, vals):
        parent_field = self._cri_parent_field
        if parent_field in vals and any(record[parent_field].id != vals[parent_field] for record in self):
            raise UserError(
                self.env._("A record of a plan stays where it was created: create a new one instead.")
            )
        self._check_parents_writable(self[parent_field])
        return super().write(vals)

    def unlink(self):
        self._check_parents_writable(self[self._cri_parent_field])
        return super().unlink()

    def _check_parents_writable(self, parents):
        if self.env.su:
            return
        try:
            parents.check_access("write")
            missing = parents - parents.exists()
        except (AccessError, MissingError):
            missing = parents
        if missing:
            raise AccessError(
                self.env._("Only the coordination officers of a plan's CRI change its content.")
            )
        plans = parents if parents._name == "cri.coordination.plan" else parents.plan_id
        closed = plans.filtered(lambda plan: plan.state == "closed")
        if closed:
            raise UserError(
                self.env._("Plan “%(plan)s” is closed: its content no longer changes.", plan=closed[0].name)
            )
