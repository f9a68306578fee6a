from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from odoo.addons.cri_base.models.cri_workflow_mixin import WORKFLOW_CONTEXT
from odoo.addons.cri_base.tools import hours_text

from ..models.cri_pathway_deadline import CRI_LANG
from ..models.cri_pathway_module import RUNNING_STATES
from ..models.cri_pathway_regime import (
    CEFR_LEVELS,
    ELIGIBILITY_FIGURES,
    FILE_FIGURES,
)
from ..models.cri_pathway_regime_line import LINE_FILE_FIGURES

REGION_ADMIN_GROUP = "cri_base.group_region_admin"


class CriPathwayRegimeChange(models.TransientModel):
    """A change of the figures of a regime that running files follow: it shows how many open
    files of each CRI the change reaches before it is applied, and notes on each of them what
    changed (before and after).

    A file is reached by a figure when one of its stored values is computed from it: its
    presentation deadline (every open file), its convention's end (signed conventions, under the
    rule of its permit date), its eligibility (every open file), and for a module of the regime,
    the required hours (running modules without a manager's adjustment), the deadline (running
    modules of a signed convention) and the target level (running modules). Closed files and
    closed modules keep the figures they were closed with."""

    _name = "cri.pathway.regime.change"
    _description = "Change of the Rules of a Regime"

    regime_id = fields.Many2one("cri.pathway.regime", required=True, readonly=True, ondelete="cascade")
    line_ids = fields.One2many("cri.pathway.regime.change.line", "change_id", string="Modules")
    presentation_deadline_months = fields.Integer(string="Presentation Deadline (months)")
    convention_months = fields.Integer(string="Convention Length (months)")
    earlier_permit_convention_months = fields.Integer(string="Convention Length for Earlier Permits (months)")
    max_stay_months = fields.Integer(string="Maximum Legal Stay (months)")
    min_permit_months = fields.Integer(string="Minimum Permit Duration (months)")
    min_age = fields.Integer(string="Minimum Age")
    max_age = fields.Integer(string="Exemption Age")
    exclude_asylum_seekers = fields.Boolean(string="Asylum Seekers Excluded")
    exemption_reason_ids = fields.Many2many(
        "cri.pathway.exemption.reason",
        "cri_pathway_regime_change_reason_rel",
        "change_id",
        "reason_id",
        string="Exemption Reasons",
    )
    excluded_country_group_ids = fields.Many2many(
        "res.country.group",
        "cri_pathway_regime_change_excluded_rel",
        "change_id",
        "country_group_id",
        string="Excluded Nationalities",
    )
    exempted_country_group_ids = fields.Many2many(
        "res.country.group",
        "cri_pathway_regime_change_exempted_rel",
        "change_id",
        "country_group_id",
        string="Exempted Nationalities",
    )
    impact_count = fields.Integer(
        string="Open Files Changed",
        compute="_compute_impact",
        help="Open files of every CRI that the change reaches.",
    )
    impact_summary = fields.Html(
        string="Open Files Changed by CRI", compute="_compute_impact", sanitize=False
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        regime = self.env["cri.pathway.regime"].browse(values.get("regime_id"))
        if regime:
            for name in FILE_FIGURES:
                value = regime[name]
                values[name] = [Command.set(value.ids)] if isinstance(value, models.BaseModel) else value
            values["line_ids"] = [
                Command.create(
                    {"regime_line_id": line.id, **{name: line[name] for name in LINE_FILE_FIGURES}}
                )
                for line in regime.line_ids
            ]
        return values

    # ------------------------------------------------------------------ what changes
    def _figure_text(self, env, name, value):
        """``value`` of the figure ``name`` as the notes write it, in the language of ``env``."""
        if name == "hours":
            return hours_text(env, value)
        if name == "target_level":
            return dict(CEFR_LEVELS).get(value) or env._("none")
        if isinstance(value, models.BaseModel):
            return ", ".join(value.with_env(env).mapped("display_name")) or env._("none")
        if isinstance(value, bool):
            return env._("yes") if value else env._("no")
        # months and ages: the field's label names the unit
        return str(value)

    def _field_label(self, env, model, name):
        return model._fields[name]._description_string(env)

    def _changes(self, env=None):
        """[(domain, label, before, after)]: each proposed figure that differs from the regime,
        the open files it reaches (a domain added to the regime's open files), and its old and
        new values written in the language of ``env``."""
        self.ensure_one()
        env = env or self.env
        regime = self.regime_id
        Regime = self.env["cri.pathway.regime"]
        changes = []

        def add(domain, label, before, after, name):
            changes.append(
                (domain, label, self._figure_text(env, name, before), self._figure_text(env, name, after))
            )

        if self.presentation_deadline_months != regime.presentation_deadline_months:
            add(
                [],
                self._field_label(env, Regime, "presentation_deadline_months"),
                regime.presentation_deadline_months,
                self.presentation_deadline_months,
                "presentation_deadline_months",
            )
        # the convention's length follows the permit date (_convention_months_for): a permit
        # issued before the regime's start takes the earlier permits' length, when it has one
        signed = [("convention_date", "!=", False)]
        convention_label = self._field_label(env, Regime, "convention_months")
        old_earlier = regime.earlier_permit_convention_months
        new_earlier = self.earlier_permit_convention_months
        if old_earlier or new_earlier:
            earlier = [
                "|",
                ("permit_date", "<", regime.date_from),
                "&",
                ("permit_date", "=", False),
                ("stay_start_date", "<", regime.date_from),
            ]
            rules = (
                (
                    earlier,
                    self._field_label(env, Regime, "earlier_permit_convention_months"),
                    old_earlier or regime.convention_months,
                    new_earlier or self.convention_months,
                ),
                (["!", *earlier], convention_label, regime.convention_months, self.convention_months),
            )
        else:
            rules = (([], convention_label, regime.convention_months, self.convention_months),)
        for domain, label, before, after in rules:
            if before != after:
                add(signed + domain, label, before, after, "convention_months")
        for name in ELIGIBILITY_FIGURES:
            if self[name] != regime[name]:
                add([], self._field_label(env, Regime, name), regime[name], self[name], name)
        for line in self.line_ids:
            changes.extend(line._changes(env))
        return changes

    def _impact_domain(self, changes):
        return expression.AND(
            [
                self.regime_id._open_files_domain(),
                expression.OR([domain for domain, *_values in changes])
                if changes
                else expression.FALSE_DOMAIN,
            ]
        )

    def _impact_by_company(self, changes=None):
        """{CRI (company): open files the change reaches}, in one grouped query. The Region
        administrators read no file: the files of every CRI are counted as superuser."""
        self.ensure_one()
        changes = self._changes() if changes is None else changes
        if not changes:
            return {}
        groups = (
            self.env["cri.pathway"]
            .sudo()
            ._read_group(self._impact_domain(changes), ["company_id"], ["__count"])
        )
        return dict(groups)

    @api.depends(
        "regime_id",
        *FILE_FIGURES,
        "line_ids.hours",
        "line_ids.deadline_months",
        "line_ids.target_level",
    )
    def _compute_impact(self):
        for change in self:
            impact = change._impact_by_company() if change.regime_id else {}
            change.impact_count = sum(impact.values())
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (company.name, count)
                for company, count in sorted(impact.items(), key=lambda item: item[0].name)
            )
            change.impact_summary = (
                Markup(
                    "<table class='table table-sm'><thead><tr><th>%s</th><th class='text-end'>%s</th></tr></thead>"
                    "<tbody>%s</tbody></table>"
                )
                % (self.env._("CRI"), self.env._("Open files changed"), rows)
                if impact
                else Markup("<p>%s</p>") % self.env._("The change reaches no open file.")
            )

    # ------------------------------------------------------------------ apply
    @api.model
    def _check_region_admin(self):
        if not self.env.user.has_group(REGION_ADMIN_GROUP):
            raise AccessError(self.env._("Only a Region administrator changes the rules of a regime."))

    def _regime_values(self):
        values = {}
        for name in FILE_FIGURES:
            if self[name] != self.regime_id[name]:
                value = self[name]
                values[name] = [Command.set(value.ids)] if isinstance(value, models.BaseModel) else value
        lines = [
            Command.update(line.regime_line_id.id, line._values()) for line in self.line_ids if line._values()
        ]
        if lines:
            values["line_ids"] = lines
        return values

    def action_apply(self):
        """Apply the change, then note on each open file it reached what changed."""
        self.ensure_one()
        self._check_region_admin()
        regime = self.regime_id
        regime.check_access("write")
        cri_env = self.with_context(lang=CRI_LANG).env
        changes = self._changes(cri_env)
        if not changes:
            raise UserError(self.env._("Nothing changes: the figures are those of the regime."))
        # which file each change reaches is decided before the change, on the files as they are
        Pathway = self.env["cri.pathway"].sudo()
        reached = defaultdict(list)
        for domain, label, before, after in changes:
            for pathway_id in Pathway.search(expression.AND([regime._open_files_domain(), domain])).ids:
                reached[pathway_id].append((label, before, after))
        impact = self._impact_by_company(changes)
        regime.with_context(**WORKFLOW_CONTEXT).write(self._regime_values())
        # a note for the CRI's staff, never a mail to the person (no notification), in one batch;
        # the Region administrator reads no file: the notes are written as superuser, signed by it
        title = cri_env._("The Region changed the rules of the regime %(regime)s:", regime=regime.name)
        bodies = {
            pathway_id: Markup("<p>%s</p><ul>%s</ul>")
            % (
                title,
                Markup("").join(
                    Markup("<li>%s</li>")
                    % cri_env._(
                        "%(figure)s: %(before)s → %(after)s", figure=label, before=before, after=after
                    )
                    for label, before, after in figures
                ),
            )
            for pathway_id, figures in reached.items()
        }
        Pathway.browse(list(bodies))._message_log_batch(
            bodies, author_id=self.env.user.partner_id.id, message_type="comment"
        )
        regime._message_log(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("Change applied to %(count)s open files:", count=sum(impact.values())),
                Markup("").join(
                    Markup("<li>%s: %s</li>") % (company.name, count)
                    for company, count in sorted(impact.items(), key=lambda item: item[0].name)
                ),
            )
        )
        return {"type": "ir.actions.act_window_close"}


class CriPathwayRegimeChangeLine(models.TransientModel):
    """A module of the regime in the change: its proposed hours, deadline and target level."""

    _name = "cri.pathway.regime.change.line"
    _description = "Change of a Module of a Regime"

    change_id = fields.Many2one("cri.pathway.regime.change", required=True, ondelete="cascade")
    regime_line_id = fields.Many2one(
        "cri.pathway.regime.line", string="Regime Module", required=True, readonly=True
    )
    module_type_id = fields.Many2one(related="regime_line_id.module_type_id", string="Module")
    hours = fields.Float(string="Required Hours")
    deadline_months = fields.Integer(string="Deadline (months)")
    target_level = fields.Selection(CEFR_LEVELS)

    def _values(self):
        """The figures of this module that differ from the regime's line."""
        self.ensure_one()
        return {name: self[name] for name in LINE_FILE_FIGURES if self[name] != self.regime_line_id[name]}

    def _changes(self, env):
        """[(domain, label, before, after)] of this module (see the wizard's ``_changes``)."""
        self.ensure_one()
        line = self.regime_line_id
        running = [("regime_line_id", "=", line.id), ("state", "in", RUNNING_STATES)]
        domains = {
            # a manager's adjustment replaces the regime's hours
            "hours": [
                (
                    "module_ids",
                    "any",
                    [*running, "|", ("hours_adjusted", "=", False), ("hours_adjusted", "=", 0)],
                )
            ],
            "deadline_months": [("convention_date", "!=", False), ("module_ids", "any", running)],
            "target_level": [("module_ids", "any", running)],
        }
        module = line.module_type_id.with_env(env).name
        change = self.change_id
        return [
            (
                domains[name],
                env._(
                    "%(module)s: %(figure)s",
                    module=module,
                    figure=self._fields[name]._description_string(env),
                ),
                change._figure_text(env, name, line[name]),
                change._figure_text(env, name, value),
            )
            for name, value in self._values().items()
        ]
