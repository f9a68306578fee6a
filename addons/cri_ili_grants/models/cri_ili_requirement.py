from odoo import fields, models
from odoo.exceptions import AccessError, UserError

REQUIREMENT_STATES = [
    ("due", "Due"),
    ("received", "Received"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]
AGENT = "cri_ili_grants.group_ili_agent"
TOKEN = object()


class CriIliRequirement(models.Model):
    """What a grant must provide (a report, a statement...) by its due date; its acceptance by
    the CRI may release an instalment."""

    _name = "cri.ili.requirement"
    _description = "ILI Grant Requirement"
    _inherit = ["mail.thread"]
    _order = "due_date, id"
    _check_company_auto = True

    application_id = fields.Many2one(
        "cri.ili.application",
        string="Grant",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True, precompute=True)
    name = fields.Char(string="Requirement", required=True)
    due_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(REQUIREMENT_STATES, default="due", required=True, tracking=True, copy=False)
    rejection_reason = fields.Text(tracking=True, copy=False)

    def write(self, vals):
        if {"state", "application_id"} & set(vals) and not (
            self.env.su or self.env.context.get("cri_ili") is TOKEN
        ):
            raise UserError(self.env._("A requirement changes state through its buttons only."))
        return super().write(vals)

    def _move(self, allowed, vals):
        if not self.env.su and not self.env.user.has_group(AGENT):
            raise AccessError(self.env._("Only the CRI's ILI agents review the requirements."))
        states = dict(self._fields["state"]._description_selection(self.env))
        for requirement in self:
            if requirement.state not in allowed:
                raise UserError(
                    self.env._(
                        "The requirement %(name)s is “%(state)s”: it cannot change that way.",
                        name=requirement.name,
                        state=states[requirement.state],
                    )
                )
        self.with_context(cri_ili=TOKEN).write(vals)

    def action_receive(self):
        self._move(["due", "rejected"], {"state": "received"})

    def action_accept(self):
        self._move(["received"], {"state": "accepted"})

    def action_reject(self):
        if any(not (r.rejection_reason or "").strip() for r in self):
            raise UserError(self.env._("Say why the requirement is rejected: the applicant reads it."))
        self._move(["received"], {"state": "rejected"})
