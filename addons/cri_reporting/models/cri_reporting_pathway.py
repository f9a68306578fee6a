import gc

from odoo import api, fields, models
from odoo.models import regex_order
from odoo.osv import expression
from odoo.tools import SQL, Query

from odoo.addons.cri_parcours.models.cri_pathway import ELIGIBILITY, PERMIT_TYPES, STATES

AGE_BANDS = [
    ("0_17", "Under 18"),
    ("18_25", "18-25"),
    ("26_35", "26-35"),
    ("36_45", "36-45"),
    ("46_55", "46-55"),
    ("56_plus", "56 and over"),
    ("unknown", "Unknown"),
]
OBLIGATIONS = [("mandatory", "Mandatory"), ("voluntary", "Voluntary")]
STAGES = [
    ("referral", "Referral"),
    ("reception", "Reception"),
    ("convention", "Convention"),
    ("done", "Certificate issued"),
]


def age_band_sql(birthdate, on_date):
    """The SQL of the age band of a person born on ``birthdate`` (column) at ``on_date``."""
    age = f"date_part('year', age({on_date}, {birthdate}))"
    return f"""CASE WHEN {birthdate} IS NULL OR {on_date} IS NULL THEN 'unknown'
                    WHEN {age} < 18 THEN '0_17'
                    WHEN {age} <= 25 THEN '18_25'
                    WHEN {age} <= 35 THEN '26_35'
                    WHEN {age} <= 45 THEN '36_45'
                    WHEN {age} <= 55 THEN '46_55'
                    ELSE '56_plus' END"""


class CriReportingPathwayDimensions(models.AbstractModel):
    """What every statistic of the pathway is broken down by: the file's CRI, commune and
    month of registration, the person's nationality, gender and age band. No name, no number:
    a row of a statistic is not a file."""

    _name = "cri.reporting.pathway.dimensions"
    _description = "Pathway Statistics Dimensions"

    company_id = fields.Many2one("res.company", string="CRI", readonly=True)
    center_id = fields.Many2one("cri.center", string="Centre", readonly=True)
    commune_id = fields.Many2one("cri.commune", readonly=True)
    nationality_id = fields.Many2one("res.country", readonly=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female"), ("other", "Other")], readonly=True)
    age_band = fields.Selection(AGE_BANDS, readonly=True, help="Age on the commune registration date.")
    registration_date = fields.Date(string="Registered On", readonly=True)
    registration_year = fields.Char(
        string="Year", readonly=True, help="Year of the commune registration, the year of the statistics."
    )
    eligibility = fields.Selection(ELIGIBILITY, readonly=True)
    obligation = fields.Selection(OBLIGATIONS, string="Mandatory or Voluntary", readonly=True)
    regime_id = fields.Many2one("cri.pathway.regime", readonly=True)

    @api.model
    def _dimensions_select(self):
        """The dimension columns, from ``p`` (cri_pathway) and ``person`` (res_partner)."""
        return f"""
            p.company_id AS company_id,
            p.center_id AS center_id,
            p.commune_id AS commune_id,
            person.nationality_id AS nationality_id,
            person.gender AS gender,
            {age_band_sql("person.birthdate_date", "p.registration_date")} AS age_band,
            p.registration_date AS registration_date,
            to_char(p.registration_date, 'YYYY') AS registration_year,
            p.eligibility AS eligibility,
            CASE WHEN p.is_mandatory THEN 'mandatory' ELSE 'voluntary' END AS obligation,
            p.regime_id AS regime_id"""

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # A pivot of communes by month is tens of thousands of groups, each a few dicts, lists
        # and recordsets that all stay alive until the answer is sent: the garbage collector
        # would walk them again and again while they are built, with nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        finally:
            if collecting:
                gc.enable()

    def _read_group_orderby(self, order, groupby_terms, query):
        """Groups by a relation come in the order of the related records, as Odoo orders them,
        but without grouping by their names: Odoo adds the commune's (or country's) name to the
        groups, so that PostgreSQL sorts every file by a text before it can count them. Here the
        files are counted by id, and the groups sorted by the rank of the related record."""
        if not order:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = []
        for part in order.split(","):
            match = regex_order.match(part)
            term = match and match["term"]
            field = self._fields.get(term) if term in groupby_terms else None
            if field and field.type == "many2one" and self.env[field.comodel_name]._order != "id":
                rank = self._read_group_rank(
                    field,
                    groupby_terms[term],
                    (match["direction"] or "").upper(),
                    (match["nulls"] or "").upper(),
                    query,
                )
                terms.append(SQL("MIN(%s)", rank))
            else:
                terms.append(super()._read_group_orderby(part, groupby_terms, query))
        return SQL(", ").join(terms)

    def _read_group_rank(self, field, groupby_term, direction, nulls, query):
        """The rank of the record ``groupby_term`` points to in the ORDER BY Odoo would write for
        it (see ``_order_field_to_sql``), with a row of NULLs ranked where an empty value sorts."""
        Comodel = self.env[field.comodel_name]
        table = SQL.identifier(Comodel._table)
        ranks = Query(
            Comodel.env, Comodel._table, SQL("(SELECT * FROM %s UNION ALL SELECT (NULL::%s).*)", table, table)
        )
        record = SQL.identifier(Comodel._table, "id")
        order = [SQL("%s IS NOT NULL", record)] if nulls == "NULLS FIRST" else []
        order += [SQL("%s IS NULL", record)] if nulls == "NULLS LAST" else []
        order.append(Comodel._order_to_sql(Comodel._order, ranks, reverse=direction == "DESC"))
        ranking = ranks.select(
            SQL("%s AS id", record), SQL("rank() OVER (ORDER BY %s) AS rank", SQL(", ").join(order))
        )
        alias = query.make_alias(self._table, f"{field.name}__rank")
        query.add_join(
            "LEFT JOIN",
            alias,
            SQL("(%s)", ranking),
            SQL("COALESCE(%s, 0) = COALESCE(%s, 0)", SQL.identifier(alias, "id"), groupby_term),
        )
        return SQL.identifier(alias, "rank")

    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """Odoo's result, each distinct value of a grouping formatted once. A pivot of communes
        by month has tens of thousands of groups but a few hundred communes and months: Odoo
        formats a month's label, a commune's name and their domains again for every group,
        which costs many times the query itself (``./cri bench --statistics``)."""
        base = rows_dict[0]["__domain"] if rows_dict else None
        if (
            len(rows_dict) < 2
            or any(row["__domain"] is not base for row in rows_dict)
            or any(
                "." in group or self._fields[group.split(":")[0]].type in ("properties", "many2many")
                for group in lazy_groupby
            )
        ):
            return super()._read_group_format_result(rows_dict, lazy_groupby)
        base = expression.normalize_domain(base)
        if base == [expression.FALSE_LEAF]:
            return super()._read_group_format_result(rows_dict, lazy_groupby)
        base = [] if base == [expression.TRUE_LEAF] else base
        # the domain of a group: its own terms and-ed to the request's, as expression.AND does
        head = ["&"] * (len(lazy_groupby) - (0 if base else 1)) + base
        format_result = super()._read_group_format_result
        groups = [
            (
                group,
                self._fields[group.split(":")[0]].relational,
                self._read_group_format_values(rows_dict, group, format_result),
            )
            for group in lazy_groupby
        ]
        for row in rows_dict:
            terms = list(head)
            for group, relational, formatted in groups:
                value = row[group]
                if relational:
                    value = value._ids[0] if value._ids else False
                label, domain, ranges = formatted[value]
                row[group] = label
                if ranges is not None:
                    row.setdefault("__range", {})[group] = dict(ranges) if ranges else ranges
                terms += domain
            row["__domain"] = terms

    def _read_group_format_values(self, rows_dict, group, format_result):
        """{value: (label, normalized domain, range)} for the distinct values of ``group`` (ids
        for a relation), formatted by ``format_result``: Odoo's own ``_read_group_format_result``."""
        samples = {}
        for row in rows_dict:
            value = row[group]
            samples.setdefault(value.id if isinstance(value, models.BaseModel) else value, value)
        fakes = [{group: value, "__domain": []} for value in samples.values()]
        format_result(fakes, [group])
        return {
            key: (fake[group], fake["__domain"], fake.get("__range", {}).get(group))
            for key, fake in zip(samples, fakes, strict=True)
        }


class CriReportingPathway(models.Model):
    """One row per pathway file, for the pivots and graphs of the CRI's staff: entries,
    eligibility, regime, stage reached, completion and durations, missed deadlines and sanctions.
    A PostgreSQL view: every figure is one aggregate query on it."""

    _name = "cri.reporting.pathway"
    _inherit = ["cri.reporting.pathway.dimensions"]
    _description = "Pathway Statistics"
    _auto = False
    _order = "registration_date desc"

    file_count = fields.Integer(string="Files", readonly=True)
    permit_type = fields.Selection(PERMIT_TYPES, string="Residence Permit", readonly=True)
    state = fields.Selection(STATES, string="Stage", readonly=True)
    stage_reached = fields.Selection(
        STAGES, readonly=True, help="The furthest stage the file went through, even if it was then closed."
    )
    is_exempted = fields.Boolean(string="Exempted", readonly=True)
    deadline_missed = fields.Boolean(readonly=True)
    sanction_step_id = fields.Many2one(
        "cri.pathway.regime.sanction.step", string="Sanction Step Reached", readonly=True
    )
    sanction_count = fields.Integer(string="Sanction Steps", readonly=True)
    module_count = fields.Integer(string="Modules", readonly=True)
    attended_hours = fields.Float(string="Hours Attended", readonly=True)
    completion_rate = fields.Float(
        string="Completion Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Of the closed files, the share that ended with the certificate (abandoned and "
        "transferred files count as not completed).",
    )
    days_to_reception = fields.Float(
        string="Days to Reception",
        readonly=True,
        aggregator="avg",
        help="Days from the commune registration to the reception (their average in a pivot).",
    )
    days_to_certificate = fields.Float(
        string="Days to Certificate",
        readonly=True,
        aggregator="avg",
        help="Days from the commune registration to the certificate (their average in a pivot).",
    )

    @property
    def _table_query(self):
        return f"""
            SELECT p.id AS id,
                   {self._dimensions_select()},
                   1 AS file_count,
                   p.permit_type AS permit_type,
                   p.state AS state,
                   CASE WHEN p.certificate_date IS NOT NULL OR p.state = 'done' THEN 'done'
                        WHEN p.convention_date IS NOT NULL THEN 'convention'
                        WHEN p.reception_date IS NOT NULL THEN 'reception'
                        ELSE 'referral' END AS stage_reached,
                   p.eligibility = 'exempted' AS is_exempted,
                   COALESCE(p.deadline_missed, FALSE) AS deadline_missed,
                   p.sanction_step_id AS sanction_step_id,
                   COALESCE(sanction.steps, 0) AS sanction_count,
                   COALESCE(module.modules, 0) AS module_count,
                   COALESCE(module.hours, 0) AS attended_hours,
                   CASE WHEN p.state = 'done' THEN 100.0
                        WHEN p.state IN ('abandoned', 'transferred') THEN 0.0 END AS completion_rate,
                   (p.reception_date - p.registration_date)::float AS days_to_reception,
                   (p.certificate_date - p.registration_date)::float AS days_to_certificate
              FROM cri_pathway p
         LEFT JOIN res_partner person ON person.id = p.partner_id
         LEFT JOIN (SELECT pathway_id, count(*) AS steps
                      FROM cri_pathway_sanction GROUP BY pathway_id) sanction ON sanction.pathway_id = p.id
         LEFT JOIN (SELECT pathway_id, count(*) AS modules, sum(attended_hours) AS hours
                      FROM cri_pathway_module GROUP BY pathway_id) module ON module.pathway_id = p.id
        """
