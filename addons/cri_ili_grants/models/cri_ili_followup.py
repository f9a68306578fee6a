from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cri_base.tools import legal_today

# a grant is followed from its decision to its closing
FOLLOWED_STATES = ("decided", "running", "clearing")
INDICATOR_KINDS = [
    ("participants", "Participants"),
    ("hours", "Hours of activity"),
    ("completions", "Completions"),
    ("other", "Other"),
]


class CriIliFollowupRecord(models.AbstractModel):
    """What the follow-up records of a grant share: they are written while the grant is in
    progress only."""

    _name = "cri.ili.followup.record"
    _description = "Follow-up Record of an ILI Grant"
    _inherit = ["cri.ili.grant.record", "mail.thread"]

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_grant_followed()
        return records

    def write(self, vals):
        if "application_id" in vals and any(r.application_id.id != vals["application_id"] for r in self):
            raise UserError(self.env._("A follow-up record stays on its grant."))
        self._check_grant_followed()
        return super().write(vals)

    def _check_grant_followed(self):
        if self.env.su:
            return
        for record in self:
            if record.application_id.state not in FOLLOWED_STATES:
                raise UserError(
                    self.env._(
                        "%(grant)s is not a grant in progress: its follow-up no longer changes.",
                        grant=record.application_id.name,
                    )
                )


class CriIliVisit(models.Model):
    """A visit or meeting of the CRI's pedagogical follow-up of a grant, with its notes and
    recommendations. Internal to the CRI."""

    _name = "cri.ili.visit"
    _description = "ILI Grant Follow-up Visit"
    _inherit = ["cri.ili.followup.record", "mail.activity.mixin"]
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=legal_today, tracking=True)
    kind = fields.Selection(
        [("visit", "Visit on site"), ("meeting", "Meeting"), ("call", "Phone or video call")],
        required=True,
        default="visit",
    )
    user_id = fields.Many2one(
        "res.users",
        string="CRI Agent",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    attendees = fields.Char(help="Who took part, for the initiative and for the CRI.")
    notes = fields.Text(help="What was seen and said.")
    recommendations = fields.Text(help="What the CRI recommends to the initiative.")
    next_date = fields.Date(string="Next Follow-up")

    @api.depends("kind", "date", "application_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for visit in self:
            visit.display_name = (
                f"{visit.application_id.name} – {kinds.get(visit.kind, '')} {visit.date or ''}"
            )


class CriIliIndicator(models.Model):
    """An evaluation indicator of a grant: its target (from the application) and what the
    initiative achieved."""

    _name = "cri.ili.indicator"
    _description = "ILI Grant Indicator"
    _inherit = ["cri.ili.followup.record"]
    _order = "application_id, sequence, id"

    sequence = fields.Integer(default=10)
    kind = fields.Selection(INDICATOR_KINDS, string="Indicator", required=True, default="other")
    name = fields.Char(string="Description", help="What is counted, for an indicator of the kind “Other”.")
    target = fields.Float(tracking=True)
    achieved = fields.Float(tracking=True)
    achievement_rate = fields.Float(
        string="Achieved (%)", compute="_compute_achievement_rate", store=True, aggregator="avg"
    )
    note = fields.Char()

    @api.depends("target", "achieved")
    def _compute_achievement_rate(self):
        for indicator in self:
            indicator.achievement_rate = (
                round(100.0 * indicator.achieved / indicator.target, 2) if indicator.target else 0.0
            )

    @api.depends("kind", "name")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for indicator in self:
            indicator.display_name = indicator.name or kinds.get(indicator.kind, "")

    @api.constrains("kind", "name")
    def _check_name(self):
        if any(indicator.kind == "other" and not (indicator.name or "").strip() for indicator in self):
            raise ValidationError(self.env._("Say what an indicator of the kind “Other” counts."))

    @api.constrains("target", "achieved")
    def _check_values(self):
        if any(indicator.target < 0 or indicator.achieved < 0 for indicator in self):
            raise ValidationError(self.env._("An indicator's target and achieved values cannot be negative."))
