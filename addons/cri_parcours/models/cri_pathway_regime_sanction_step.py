from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# what a step's note on its regime tells of a change, in this order
TRACKED_STEP_FIELDS = ("sequence", "name", "code", "delay_days", "template_id", "apply_fine")


class CriPathwayRegimeSanctionStep(models.Model):
    """A step of the sanction ladder of a regime: what the daily check does, one step after the
    other, to a mandatory file that missed a deadline (a reminder, a formal notice, a report to
    the authority...). A decree that changes the procedure changes these records, not the code."""

    _name = "cri.pathway.regime.sanction.step"
    _description = "Sanction Ladder Step"
    _order = "regime_id, sequence, id"

    regime_id = fields.Many2one(
        "cri.pathway.regime",
        required=True,
        ondelete="cascade",
        index=True,
        help="The regime whose sanction procedure this step belongs to.",
    )
    sequence = fields.Integer(
        default=10,
        help="Order of the steps: a missed deadline takes the first one, each later run of the "
        "daily check the next one.",
    )
    name = fields.Char(
        string="Step", required=True, translate=True, help="Shown to the staff, e.g. Reminder."
    )
    code = fields.Char(
        required=True,
        help="Technical name of the step, the same in every language and unique in the regime "
        "(reminder, formal_notice, report...).",
    )
    delay_days = fields.Integer(
        string="Delay (days)",
        required=True,
        default=30,
        help="Days left to the person after this step before the next step may be taken.",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Letter",
        required=True,
        ondelete="restrict",
        domain=[("model", "=", "cri.pathway")],
        help="The letter of this step: posted in the file, e-mailed to a person who has an address, "
        "printed for the others.",
    )
    apply_fine = fields.Boolean(
        string="Reported with a Fine",
        help="At this step the file is reported to the authority with the fine range of the regime "
        "(minimum and maximum fine).",
    )
    is_last = fields.Boolean(
        string="Last Step",
        compute="_compute_is_last",
        store=True,
        help="The last step of the regime's ladder: a file that reached it takes no further step.",
    )

    _sql_constraints = [
        (
            "code_regime_unique",
            "unique(regime_id, code)",
            "Another step of this regime already uses this code.",
        ),
    ]

    @api.depends("regime_id.sanction_step_ids.sequence")
    def _compute_is_last(self):
        for step in self:
            ladder = step.regime_id.sanction_step_ids.sorted(lambda s: (s.sequence, s.id))
            step.is_last = step == ladder[-1:]

    @api.constrains("delay_days")
    def _check_delay_days(self):
        for step in self:
            if step.delay_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Sanction step %(step)s of regime %(regime)s: the delay left to the person must "
                        "be at least one day.",
                        step=step.name,
                        regime=step.regime_id.name,
                    )
                )

    @api.constrains("template_id")
    def _check_template_model(self):
        for step in self:
            if step.template_id.model != "cri.pathway":
                raise ValidationError(
                    self.env._(
                        "Sanction step %(step)s of regime %(regime)s: its letter must be an e-mail "
                        "template of the pathway files.",
                        step=step.name,
                        regime=step.regime_id.name,
                    )
                )

    # ------------------------------------------------------------------ history on the regime
    def _describe(self, step_fields):
        """{field: shown value} of this step, for its notes on the regime."""
        self.ensure_one()
        values = {}
        for name in step_fields:
            value = self[name]
            if isinstance(value, models.BaseModel):
                value = value.display_name
            elif isinstance(value, bool):
                value = self.env._("Yes") if value else self.env._("No")
            values[name] = value
        return values

    def _field_label(self, name):
        return self._fields[name]._description_string(self.env)

    def _log_on_regime(self, body):
        self.ensure_one()
        self.regime_id._message_log(body=body)

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        for step in steps:
            shown = step._describe(TRACKED_STEP_FIELDS)
            step._log_on_regime(
                Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._("Sanction ladder: step “%(step)s” added.", step=step.name),
                    Markup().join(
                        Markup("<li>%s: %s</li>") % (step._field_label(name), shown[name])
                        for name in TRACKED_STEP_FIELDS
                    ),
                )
            )
        return steps

    def write(self, vals):
        if "regime_id" in vals and any(step.regime_id.id != vals["regime_id"] for step in self):
            raise UserError(
                self.env._(
                    "A sanction step belongs to the ladder of one regime: it cannot move to another regime."
                )
            )
        changed = [name for name in TRACKED_STEP_FIELDS if name in vals]
        before = {step: step._describe(changed) for step in self}
        result = super().write(vals)
        for step in self:
            after = step._describe(changed)
            lines = [
                Markup("<li>%s: %s → %s</li>") % (step._field_label(name), before[step][name], after[name])
                for name in changed
                if before[step][name] != after[name]
            ]
            if lines:
                step._log_on_regime(
                    Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        self.env._("Sanction ladder: step “%(step)s” changed.", step=step.name),
                        Markup().join(lines),
                    )
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_step_of_a_regime_with_files(self):
        for regime in self.regime_id:
            if not regime.sanction_step_ids - self and self.env["cri.pathway"].sudo().search_count(
                [("regime_id", "=", regime.id)], limit=1
            ):
                raise UserError(
                    self.env._(
                        "Regime %(regime)s has files: its sanction ladder needs at least one step.",
                        regime=regime.name,
                    )
                )

    def unlink(self):
        for step in self:
            step._log_on_regime(
                Markup("<p>%s</p>")
                % self.env._(
                    "Sanction ladder: step “%(step)s” (%(code)s, %(days)s days) removed.",
                    step=step.name,
                    code=step.code,
                    days=step.delay_days,
                )
            )
        return super().unlink()


class CriPathwayRegime(models.Model):
    _inherit = "cri.pathway.regime"  # pylint: disable=consider-merging-classes-inherited

    sanction_step_ids = fields.One2many(
        "cri.pathway.regime.sanction.step",
        "regime_id",
        string="Sanction Ladder",
        copy=True,
        help="The steps of the sanction procedure of a mandatory file that missed a deadline, in "
        "order; each step's changes are noted in the regime's history.",
    )
