import dataclasses
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.cri_base.tools import legal_today

from ..tools import suppression

K_PARAMETER = "cri_reporting.k_threshold"
K_DEFAULT = 5
SCOPES = [("cri", "CRI"), ("region", "Region")]
UNDEFINED = "none"
PUBLICATION_LANG = "fr_BE"


@dataclasses.dataclass(frozen=True)
class TableSpec:
    """A two-way table of a statistic: its rows and columns are two fields of a statistics
    model, its cells the number of records (or the sum of ``measure``) in a period.

    ``scope`` "cri" tables are about one CRI, "region" tables have the CRIs as rows.
    ``people`` tables count people: outside the CRI their small counts are suppressed (for a
    sum, the number of records of the cell decides)."""

    code: str
    title: str
    model: str
    date_field: str
    row: str
    col: str
    scope: str
    measure: str | None = None
    people: bool = True
    domain: tuple = ()


@dataclasses.dataclass
class TableCells:
    """The figures of a table for a period: labels of its rows and columns, values and counts
    of people per cell (the margins are computed by the suppression)."""

    spec: TableSpec
    rows: list
    cols: list
    values: dict
    counts: dict

    def labels(self):
        return dict(self.rows), dict(self.cols)


class CriReportingTable(models.AbstractModel):
    """The statistical tables of the suite, computed in one aggregate query each. The addons
    of grants and trainings add theirs by extending ``_table_specs``."""

    _name = "cri.reporting.table"
    _description = "Statistical Tables"

    @api.model
    def _table_specs(self):
        pathway, module = "cri.reporting.pathway", "cri.reporting.pathway.module"
        exemption = "cri.reporting.pathway.exemption"
        date_field = "registration_date"
        return [
            TableSpec(
                "pathway_commune", self.env._("Entries by commune and eligibility"), pathway, date_field,
                "commune_id", "eligibility", "cri",
            ),
            TableSpec(
                "pathway_nationality", self.env._("Entries by nationality and gender"), pathway, date_field,
                "nationality_id", "gender", "cri",
            ),
            TableSpec(
                "pathway_age", self.env._("Entries by age band and gender"), pathway, date_field,
                "age_band", "gender", "cri",
            ),
            TableSpec(
                "pathway_stage", self.env._("Stage reached by mandatory or voluntary pathway"), pathway,
                date_field, "stage_reached", "obligation", "cri",
            ),
            TableSpec(
                "pathway_exemption", self.env._("Exemptions by reason and gender"), exemption, date_field,
                "reason_id", "gender", "cri",
            ),
            TableSpec(
                "pathway_sanction", self.env._("Missed deadlines by sanction step and obligation"), pathway,
                date_field, "sanction_step_id", "obligation", "cri", domain=(("deadline_missed", "=", True),),
            ),
            TableSpec(
                "pathway_hours", self.env._("Hours attended by module and status"), module, date_field,
                "module_type", "module_state", "cri", measure="attended_hours",
            ),
            TableSpec(
                "region_eligibility", self.env._("Entries by CRI and eligibility"), pathway, date_field,
                "company_id", "eligibility", "region",
            ),
            TableSpec(
                "region_stage", self.env._("Stage reached by CRI"), pathway, date_field,
                "company_id", "stage_reached", "region",
            ),
            TableSpec(
                "region_gender", self.env._("Entries by CRI and gender"), pathway, date_field,
                "company_id", "gender", "region",
            ),
            TableSpec(
                "region_age", self.env._("Entries by CRI and age band"), pathway, date_field,
                "company_id", "age_band", "region",
            ),
            TableSpec(
                "region_hours", self.env._("Hours attended by CRI and module"), module, date_field,
                "company_id", "module_type", "region", measure="attended_hours",
            ),
        ]  # fmt: skip

    @api.model
    def _spec(self, code):
        specs = {spec.code: spec for spec in self._table_specs()}
        return specs[code]

    # periods ------------------------------------------------------------------------------

    @api.model
    def _month_bounds(self, month):
        """The year-to-date period of a monthly snapshot: from January 1 to the end of
        ``month``. Month after month the figures grow; a new year starts from zero."""
        first = month.replace(day=1)
        return first.replace(month=1), first + relativedelta(months=1, days=-1)

    @api.model
    def _year_bounds(self, year):
        return date(year, 1, 1), date(year, 12, 31)

    @api.model
    def _k_threshold(self):
        """The smallest count of people that may leave a CRI (system parameter, default 5)."""
        raw = self.env["ir.config_parameter"].sudo().get_param(K_PARAMETER, str(K_DEFAULT))
        try:
            k = int(raw)
        except ValueError:
            k = 0
        if k < 2:
            raise UserError(
                self.env._(
                    "The threshold of small counts (system parameter %(parameter)s) must be a whole "
                    "number of at least 2, not “%(value)s”.",
                    parameter=K_PARAMETER,
                    value=raw,
                )
            )
        return k

    @api.model
    def _publication_lang(self):
        """The language of what the CRIs publish: French (Belgium) where installed."""
        return self.env["res.lang"]._get_code(PUBLICATION_LANG) or self.env.lang

    @api.model
    def _cri_companies(self):
        """The CRIs, in the order of their centres: the rows of the Region's tables."""
        return self.env["cri.center"].sudo().search([("company_id", "!=", False)]).company_id

    # figures ------------------------------------------------------------------------------

    @api.model
    def _cells(self, spec, companies, date_from, date_to):
        """The figures of ``spec`` for ``companies`` in the period, in one aggregate query.

        Read as superuser on purpose: the callers are the monthly snapshot and the exports,
        which decide who may have exact figures (the CRI's staff, for their CRI) and
        suppress the small counts of whatever leaves the CRI."""
        Model = self.env[spec.model].sudo().with_context(active_test=False)
        domain = [
            ("company_id", "in", companies.ids),
            (spec.date_field, ">=", date_from),
            (spec.date_field, "<=", date_to),
            *spec.domain,
        ]
        aggregates = ["__count"] + ([f"{spec.measure}:sum"] if spec.measure else [])
        groups = Model._read_group(domain, [spec.row, spec.col], aggregates)
        rows = self._axis(Model, spec.row, companies if spec.row == "company_id" else None)
        cols = self._axis(Model, spec.col, None)
        values, counts = {}, {}
        for row, col, count, *total in groups:
            row_key, row_label = self._key_label(Model, spec.row, row, rows)
            col_key, col_label = self._key_label(Model, spec.col, col, cols)
            rows.setdefault(row_key, row_label)
            cols.setdefault(col_key, col_label)
            counts[row_key, col_key] = count
            values[row_key, col_key] = round(total[0] or 0.0, 2) if total else count
        return TableCells(spec, list(rows.items()), list(cols.items()), values, counts)

    @api.model
    def _axis(self, Model, name, records):
        """The keys a table always shows, even at zero, so that its shape does not change from
        a month to the next: every choice of a selection, every CRI of a Region table."""
        field = Model._fields[name]
        if records is not None:
            return {str(record.id): record.display_name for record in records}
        if field.type == "selection":
            return dict(field._description_selection(self.env))
        return {}

    @api.model
    def _key_label(self, Model, name, value, axis):
        """The key and label of a group's value; a selection's label is already in ``axis``
        (its selection is read once a table, not once a group)."""
        field = Model._fields[name]
        if not value:
            return UNDEFINED, self.env._("Not specified")
        if field.type == "many2one":
            return str(value.id), value.display_name
        if field.type == "selection":
            return value, axis.get(value, value)
        return str(value), str(value)

    @api.model
    def _suppress(self, cells, k, forced=(), previous=None):
        """The table's cells as they may leave the CRI (see ``tools.suppression``)."""
        return suppression.suppress(
            cells.values,
            k=k if cells.spec.people else 0,
            counts=cells.counts,
            rows=[key for key, _label in cells.rows],
            cols=[key for key, _label in cells.cols],
            forced=forced,
            previous=previous,
        )

    @api.model
    def _specs_of_scope(self, scope):
        return [spec for spec in self._table_specs() if spec.scope == scope]

    @api.model
    def _scope_label(self, scope):
        return dict(self.env["cri.reporting.snapshot"]._fields["scope"]._description_selection(self.env))[
            scope
        ]

    @api.model
    def _today(self):
        return legal_today()
