from odoo import api, fields, models
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


class CriCoordinationOwned(models.AbstractModel):
    """What the records a CRI owns share (plans, platforms, meetings, decisions, activities):
    whether they are of the user's CRI (searchable), and whether the user runs them: a
    coordination officer of their CRI, while ``_cri_editable`` says they may still change. The
    model inheriting it has a ``company_id``."""

    _name = "cri.coordination.owned"
    _description = "Record Owned by a CRI"

    can_edit = fields.Boolean(
        string="Editable by Me",
        compute="_compute_can_edit",
        help="Whether the current user runs this record: a coordination officer of its CRI, while it may change.",
    )
    is_my_cri = fields.Boolean(string="Of My CRI", compute="_compute_is_my_cri", search="_search_is_my_cri")

    def _cri_editable(self):
        """Whether this record may still change (its state), whoever asks."""
        return True

    @api.depends_context("uid")
    @api.depends(lambda self: ["company_id", "state"] if "state" in self._fields else ["company_id"])
    def _compute_can_edit(self):
        officer = self.env.user.has_group(COORDINATION_OFFICER)
        companies = self.env.user.company_ids
        for record in self:
            record.can_edit = officer and record.company_id in companies and record._cri_editable()

    @api.depends_context("uid")
    @api.depends("company_id")
    def _compute_is_my_cri(self):
        for record in self:
            record.is_my_cri = record.company_id in self.env.user.company_ids

    def _search_is_my_cri(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Of My CRI”."))
        mine = (operator == "=") == value
        return [("company_id", "in" if mine else "not in", self.env.user.company_ids.ids)]

    # ------------------------------------------------------------------ transitions
    def _check_officer(self):
        """Refuse a user who does not run these records, whatever the client: only the
        coordination officers of their CRI do (the record rules say which CRI)."""
        if self.env.su:
            return
        if not self.env.user.has_group(COORDINATION_OFFICER):
            raise AccessError(
                self.env._(
                    "Only the coordination officers of its CRI change a “%(document)s”.",
                    document=self.env["ir.model"]._get(self._name).name,
                )
            )
        self.check_access("write")

    def _check_move(self, allowed, new_state):
        """Refuse the change to ``new_state`` of records the user does not run or whose state is
        not in ``allowed``."""
        self._check_officer()
        states = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "“%(record)s” is “%(state)s”: it cannot become “%(new_state)s”.",
                        record=record.display_name,
                        state=states[record.state],
                        new_state=states[new_state],
                    )
                )

    def _move(self, allowed, new_state, **values):
        """Move the records from a state of ``allowed`` to ``new_state`` (with ``values``, other
        fields only the workflow sets), once ``_check_move`` agrees."""
        self._check_move(allowed, new_state)
        self._workflow_write({"state": new_state, **values})
