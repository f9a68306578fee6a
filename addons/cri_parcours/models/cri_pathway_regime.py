from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow

CEFR_LEVELS = [
    ("pre_a1", "Pre-A1"),
    ("a1", "A1"),
    ("a2", "A2"),
    ("b1", "B1"),
    ("b2", "B2"),
    ("c1", "C1"),
    ("c2", "C2"),
]

# the figures of a regime that the running files' stored values are computed from (deadlines,
# eligibility): a change of them goes through the regime change wizard, which shows the files it
# reaches and notes it on them (cri.pathway.regime.change)
DEADLINE_FIGURES = ("presentation_deadline_months", "convention_months", "earlier_permit_convention_months")
ELIGIBILITY_FIGURES = (
    "max_stay_months",
    "min_permit_months",
    "min_age",
    "max_age",
    "exclude_asylum_seekers",
    "exemption_reason_ids",
    "excluded_country_group_ids",
    "exempted_country_group_ids",
)
FILE_FIGURES = DEADLINE_FIGURES + ELIGIBILITY_FIGURES


def is_regime_change(env):
    """True in the regime change wizard (the suite's one workflow token, see cri_base's
    cri.workflow.mixin: no RPC call can send it), or in server code run as superuser (data
    files, migrations)."""
    return is_workflow(env)


class CriPathwayRegime(models.Model):
    """The rules of the pathway in force from a date: hours, deadlines, exclusions, fines.

    The decree changed in 2016, 2018 and 2024; one database holds files under each regime, so
    every legal number lives here and a file takes the regime in force at its registration.
    """

    _name = "cri.pathway.regime"
    _description = "Integration Pathway Regime"
    # edited by the Region administrators; a CRI's manager proposes a correction in its chatter
    _inherit = ["cri.reference.mixin"]
    _order = "date_from desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    legal_basis = fields.Char(tracking=True, help="Text that set these rules, for the record.")
    exemption_reason_ids = fields.Many2many(
        "cri.pathway.exemption.reason",
        string="Exemption Reasons",
        tracking=True,
        help="Reasons that exempt a primo-arrivant from the obligation under this regime.",
    )
    excluded_country_group_ids = fields.Many2many(
        "res.country.group",
        "cri_pathway_regime_excluded_country_group_rel",
        "regime_id",
        "country_group_id",
        string="Excluded Nationalities",
        tracking=True,
        help="Nationals of the countries of these groups are outside the mandatory pathway "
        "(EU, EEA and Swiss nationals). Exclusion comes before any exemption.",
    )
    exempted_country_group_ids = fields.Many2many(
        "res.country.group",
        "cri_pathway_regime_exempted_country_group_rel",
        "regime_id",
        "country_group_id",
        string="Exempted Nationalities",
        tracking=True,
        help="Primo-arrivants of the countries of these groups are exempted from the obligation "
        "(Turkish nationals under the standstill clause of the association agreement with the EU).",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, tracking=True, default=lambda self: self.env.ref("base.EUR")
    )
    date_from = fields.Date(
        string="Valid From",
        required=True,
        tracking=True,
        help="Files whose commune registration is on or after this date follow this regime, "
        "until the next regime starts.",
    )
    line_ids = fields.One2many(
        "cri.pathway.regime.line",
        "regime_id",
        string="Modules",
        tracking=True,
        help="The modules of the files under this regime, with their hours, deadlines and target "
        "levels: a decree that adds or changes a module changes these lines.",
    )
    convention_months = fields.Integer(
        string="Convention Length (months)", required=True, tracking=True, help="Length of the convention."
    )
    earlier_permit_convention_months = fields.Integer(
        string="Convention Length for Earlier Permits (months)",
        tracking=True,
        help="For a residence permit issued before this regime's start date, the convention lasts "
        "this many months instead (the 2024 decree's 3 years apply only to permits issued after it "
        "came into force). 0: the same length for every permit.",
    )
    presentation_deadline_months = fields.Integer(
        string="Presentation Deadline (months)",
        required=True,
        tracking=True,
        help="The person must present at a reception office within this many months of the "
        "commune registration.",
    )
    evaluation_interval_months = fields.Integer(
        string="Evaluation Interval (months)",
        required=True,
        tracking=True,
        default=6,
        help="At least one evaluation interview every this many months during the convention.",
    )
    max_stay_months = fields.Integer(
        string="Maximum Legal Stay (months)",
        required=True,
        tracking=True,
        default=36,
        help="A primo-arrivant has been legally resident for less than this many months.",
    )
    min_permit_months = fields.Integer(
        string="Minimum Permit Duration (months)",
        required=True,
        tracking=True,
        default=3,
        help="A primo-arrivant holds a residence permit of more than this many months.",
    )
    min_age = fields.Integer(
        string="Minimum Age", required=True, tracking=True, default=18, help="Younger persons are exempted."
    )
    max_age = fields.Integer(
        string="Exemption Age",
        required=True,
        tracking=True,
        default=65,
        help="Persons of this age and older are exempted.",
    )
    exclude_asylum_seekers = fields.Boolean(
        string="Asylum Seekers Excluded", tracking=True, help="Asylum seekers are outside the pathway."
    )
    fine_min = fields.Monetary(string="Minimum Fine", currency_field="currency_id", tracking=True)
    fine_max = fields.Monetary(string="Maximum Fine", currency_field="currency_id", tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    has_open_files = fields.Boolean(
        compute="_compute_has_open_files",
        help="Files of this regime are running: the figures they are computed from change through "
        "“Change the Rules”.",
    )

    _sql_constraints = [
        ("date_from_unique", "unique(date_from)", "Another regime already starts on this date."),
    ]

    @api.constrains(
        "convention_months",
        "earlier_permit_convention_months",
        "presentation_deadline_months",
        "evaluation_interval_months",
        "max_stay_months",
        "min_permit_months",
        "min_age",
        "max_age",
        "fine_min",
        "fine_max",
    )
    def _check_numbers(self):
        for regime in self:
            numbers = [
                regime.earlier_permit_convention_months,
                regime.min_permit_months,
                regime.fine_min,
            ]
            positive = [
                regime.convention_months,
                regime.presentation_deadline_months,
                regime.evaluation_interval_months,
                regime.max_stay_months,
            ]
            if any(n < 0 for n in numbers) or any(n <= 0 for n in positive):
                raise ValidationError(
                    self.env._(
                        "Regime %(name)s: amounts cannot be negative, and lengths and deadlines must be "
                        "at least one month.",
                        name=regime.name,
                    )
                )
            if not 0 < regime.min_age < regime.max_age:
                raise ValidationError(
                    self.env._(
                        "Regime %(name)s: the minimum age must be lower than the exemption age.",
                        name=regime.name,
                    )
                )
            if regime.fine_max < regime.fine_min:
                raise ValidationError(
                    self.env._(
                        "Regime %(name)s: the maximum fine cannot be lower than the minimum fine.",
                        name=regime.name,
                    )
                )

    def _open_files_domain(self):
        return self.env["cri.pathway"]._open_files_domain(self)

    def _with_open_files(self):
        """The regimes of ``self`` that running files follow, in every CRI: counted as superuser,
        as the Region administrators who change the regimes read no file."""
        groups = self.env["cri.pathway"].sudo()._read_group(self._open_files_domain(), ["regime_id"])
        return self.browse([regime.id for (regime,) in groups])

    @api.depends_context("uid")
    def _compute_has_open_files(self):
        with_files = self._with_open_files() if self.ids else self.browse()
        for regime in self:
            regime.has_open_files = regime in with_files

    def _check_file_figures(self, names):
        """Refuse a direct change of the figures that running files are computed from: it goes
        through the regime change wizard, which shows and notes what it changes."""
        names = set(names)
        if is_regime_change(self.env) or not names:
            return
        # who may not write the regime at all hears that first
        self.check_access("write")
        regimes = self._with_open_files()
        if not regimes:
            return
        if "date_from" in names:
            raise UserError(
                self.env._(
                    "Running files follow the regime %(regime)s: its start date stays. A new decree "
                    "is a new regime.",
                    regime=regimes[0].name,
                )
            )
        raise UserError(
            self.env._(
                "Running files follow the regime %(regime)s: change its hours, deadlines and "
                "eligibility rules with the button “Change the Rules”, which shows how many files "
                "of each CRI the change reaches and notes it on them.",
                regime=regimes[0].name,
            )
        )

    def write(self, vals):
        self._check_file_figures(set(vals) & {*FILE_FIGURES, "date_from"})
        return super().write(vals)

    def action_change_rules(self):
        self.ensure_one()
        self.env["cri.pathway.regime.change"]._check_region_admin()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change the Rules"),
            "res_model": "cri.pathway.regime.change",
            "view_mode": "form",
            "target": "new",
            "context": {"default_regime_id": self.id},
        }

    def _line_for(self, code):
        """The line of the module ``code`` in this regime (empty without a regime or line)."""
        return self.line_ids.filtered(lambda line: line.module_code == code)[:1]

    def _convention_months_for(self, permit_date):
        """Length of the convention of a person whose residence permit was issued on
        ``permit_date`` (the stay start when the permit date is unknown); 0 without a regime."""
        if not self:
            return 0
        self.ensure_one()
        if self.earlier_permit_convention_months and permit_date and permit_date < self.date_from:
            return self.earlier_permit_convention_months
        return self.convention_months

    def _nationality_group(self, country, groups):
        """The first of ``groups`` (country groups of this regime) that holds ``country``."""
        return groups.filtered(lambda group: country in group.country_ids)[:1]

    @api.model
    def _for_date(self, date):
        """The regime in force on ``date``: the latest one starting on or before it."""
        if not date:
            return self.browse()
        return self.search([("date_from", "<=", date)], order="date_from desc", limit=1)

    @api.model
    def _get_for_date(self, date):
        regime = self._for_date(date)
        if not regime:
            raise UserError(
                self.env._(
                    "No pathway regime is in force on %(date)s: ask a manager to configure one.", date=date
                )
            )
        return regime

    @staticmethod
    def _add_months(date, months):
        """``date`` plus whole months; a day missing in the target month falls on its last day
        (31 January + 1 month = 28 or 29 February, 29 February + 12 months = 28 February)."""
        return date + relativedelta(months=months) if date else False


class ResCountryGroup(models.Model):
    """Country groups that a regime lists decide who must follow the pathway; every CRI role may
    edit country groups (Contact Creation), so those used by a regime are changed only by whoever
    may change the regimes (Region administrators)."""

    _inherit = "res.country.group"

    def _check_regime_groups_rights(self):
        if self.env.su or self.env["cri.pathway.regime"].has_access("write"):
            return
        # which groups the regimes list is read for the check only, whatever the user may read
        used = (
            self.env["cri.pathway.regime"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("excluded_country_group_ids", "in", self.ids),
                    ("exempted_country_group_ids", "in", self.ids),
                ]
            )
        )
        if used:
            raise AccessError(
                self.env._(
                    "The country groups %(groups)s decide who must follow the integration pathway "
                    "(regime %(regime)s): only a Region administrator, who changes the regimes, can "
                    "change them.",
                    groups=", ".join(self.mapped("name")),
                    regime=used[0].name,
                )
            )

    def write(self, vals):
        self._check_regime_groups_rights()
        return super().write(vals)

    def unlink(self):
        self._check_regime_groups_rights()
        return super().unlink()
