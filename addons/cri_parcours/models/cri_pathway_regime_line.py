from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cri_base.tools import number_text

from .cri_pathway_regime import CEFR_LEVELS, is_regime_change

# what a line says of its module: a change of it is written in the regime's history
LINE_FIGURES = ("module_type_id", "hours", "deadline_months", "target_level")
# what the modules of running files are computed from: changed through the regime change wizard
LINE_FILE_FIGURES = ("hours", "deadline_months", "target_level")


class CriPathwayRegimeLine(models.Model):
    """One module of a regime: its hours, the months after the convention within which they are
    due, and the level that completes it early. A regime's lines are the modules of its files."""

    _name = "cri.pathway.regime.line"
    _description = "Module of a Regime"
    _order = "regime_id, sequence, id"

    regime_id = fields.Many2one("cri.pathway.regime", required=True, ondelete="cascade", index=True)
    module_type_id = fields.Many2one(
        "cri.pathway.module.type", string="Module", required=True, ondelete="restrict"
    )
    module_code = fields.Char(related="module_type_id.code", string="Module Code", store=True)
    sequence = fields.Integer(related="module_type_id.sequence", string="Sequence", store=True)
    hours = fields.Float(string="Required Hours", required=True, help="Hours a file must attend.")
    deadline_months = fields.Integer(
        string="Deadline (months)",
        required=True,
        help="The hours are due within this many months of the convention signature (plus the "
        "convention's extensions).",
    )
    target_level = fields.Selection(
        CEFR_LEVELS,
        help="Reaching this level at the validation test completes the module early (French).",
    )

    _sql_constraints = [
        ("module_unique", "unique(regime_id, module_type_id)", "A regime lists each module once."),
    ]

    @api.constrains("hours", "deadline_months")
    def _check_figures(self):
        for line in self:
            if line.hours < 0 or line.deadline_months <= 0:
                raise ValidationError(
                    self.env._(
                        "Regime %(regime)s, %(module)s: hours cannot be negative and the deadline is at "
                        "least one month.",
                        regime=line.regime_id.name,
                        module=line.module_type_id.name,
                    )
                )

    @api.depends("module_type_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.module_type_id.name or ""

    def unlink(self):
        self._check_no_open_files()
        return super().unlink()

    # ------------------------------------------------------------------ history on the regime
    # a line added or removed is tracked by the regime's `line_ids`; a changed figure here
    def _describe(self):
        self.ensure_one()
        levels = dict(self._fields["target_level"]._description_selection(self.env))
        level = ", " + levels[self.target_level] if self.target_level else ""
        return self.env._(
            "%(module)s: %(hours)s h within %(months)s months%(level)s",
            module=self.module_type_id.name,
            hours=number_text(self.env, self.hours),
            months=self.deadline_months,
            level=level,
        )

    def _check_no_open_files(self):
        """A module that running files follow keeps its line: they would lose their hours."""
        if is_regime_change(self.env):
            return
        self.check_access("write")
        regimes = self.regime_id._with_open_files()
        if regimes:
            raise UserError(
                self.env._(
                    "Running files follow the modules of the regime %(regime)s: a module is neither "
                    "removed nor replaced by another while they run.",
                    regime=regimes[0].name,
                )
            )

    def write(self, vals):
        if "module_type_id" in vals:
            self._check_no_open_files()
        if set(vals) & set(LINE_FILE_FIGURES):
            self.check_access("write")
            self.regime_id._check_file_figures(set(vals) & set(LINE_FILE_FIGURES))
        if not set(vals) & set(LINE_FIGURES):
            return super().write(vals)
        before = {line.id: line._describe() for line in self}
        result = super().write(vals)
        for line in self:
            line.regime_id._message_log(
                body=self.env._(
                    "Module changed: %(old)s → %(new)s", old=before[line.id], new=line._describe()
                )
            )
        return result
