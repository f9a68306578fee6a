"""The local integration plan as a PDF, and its action plan as a workbook (OCA ``report_xlsx``).

Both are ``cri.report.mixin`` reports of the plan: whoever reads a plan prints it (every CRI's
staff reads every CRI's plans, and so does the Region), a portal user prints nothing, and the
plans come from the document ids alone, checked. Both cost a fixed number of queries whatever
the number of actions: the PDF reads each model of the plan once for all its lines, the workbook
reads all its rows with ONE SQL query that applies the user's record rules to every table it
reads (a plan may hold 1,500 actions).
"""

import re
from datetime import date, datetime

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.cri_base.tools import date_text

from ..models.cri_coordination_recommendation import ADDRESSEE_LEVELS
from ..models.cri_coordination_record import LIFE_DOMAINS

# every internal user reads every CRI's plans (the CRIs' staff and the Region): a portal user none
PRINTING_GROUPS = ("base.group_user",)
DOMAIN_ORDER = {key: index for index, (key, _label) in enumerate(LIFE_DOMAINS)}
LEVEL_ORDER = {key: index for index, (key, _label) in enumerate(ADDRESSEE_LEVELS)}
# characters Excel refuses in a sheet name, and its longest sheet name
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
# the columns of an action before its indicators' blocks
ACTION_COLUMNS = 10


def _by_plan(records):
    grouped = {}
    for record in records:
        grouped.setdefault(record.plan_id.id, []).append(record)
    return grouped


def _action_order(action):
    """The actions by priority (in the plan's order; those without one last), then by start."""
    priority = action.priority_id
    return (not priority, priority.sequence, priority.id, action.date_start or date.max, action.id)


class ReportCriCoordinationPlan(models.AbstractModel):
    """The values of the plan's PDF: its adoption and territory, the diagnosis, the priorities,
    the recommendations and the action plan with the yearly values of its indicators."""

    _name = "report.cri_coordination.report_plan"
    _inherit = "cri.report.mixin"
    _description = "Local Integration Plan (PDF)"
    _cri_report_model = "cri.coordination.plan"
    _cri_report_groups = PRINTING_GROUPS

    @api.model
    def _cri_printing_refusal(self):
        return self.env._("The local integration plans are printed by the staff of the CRIs and the Region.")

    @api.model
    def _cri_check_qualifies(self, docs):
        """Every plan prints, whatever its state: in diagnosis or consultation, it is the draft
        the partners discuss."""

    @api.model
    def _cri_report_values(self, docs):
        return {"plans": self._plans(docs)}

    @api.model
    def _reader_lang(self):
        """The printing user's language (the CRIs work in French)."""
        return self.env.user.lang or self.env.lang or "fr_BE"

    @api.model
    def _plans(self, plans):
        """One dictionary a plan with everything its PDF shows, in the reader's language. Each
        model is read once for all the plans: no query a line."""
        lang = self._reader_lang()
        env = self.with_context(lang=lang).env
        ids = plans.ids
        # the CRI as a many2one shows it: visible to whoever reads the plan (Odoo reads the name
        # of a many2one's value with the rights on the record, not on the CRI)
        cris = {row["id"]: row["company_id"][1] for row in plans.read(["company_id"])}
        needs = _by_plan(
            env["cri.coordination.need"].search_fetch(
                [("plan_id", "in", ids)], ["plan_id", "life_domain", "commune_id", "description", "source"]
            )
        )
        priorities = _by_plan(
            env["cri.coordination.priority"].search_fetch(
                [("plan_id", "in", ids)], ["plan_id", "sequence", "name", "life_domain"]
            )
        )
        recommendations = _by_plan(
            env["cri.coordination.recommendation"].search_fetch(
                [("plan_id", "in", ids)], ["plan_id", "addressee_level", "text"]
            )
        )
        actions = env["cri.coordination.action"].search_fetch(
            [("plan_id", "in", ids)],
            [
                "plan_id",
                "name",
                "priority_id",
                "life_domain",
                "partner_ids",
                "commune_ids",
                "date_start",
                "date_end",
                "means",
                "pcs_axis",
                "state",
            ],
        )
        # the names of the partners and communes of all the actions, in one read each
        actions.partner_ids.fetch(["name"])
        actions.commune_ids.fetch(["name"])
        actions.priority_id.fetch(["sequence", "name"])
        indicators = {}
        for indicator in env["cri.coordination.indicator"].search_fetch(
            [("plan_id", "in", ids)], ["action_id", "name", "unit", "target", "progress"]
        ):
            indicators.setdefault(indicator.action_id.id, []).append(indicator)
        values = {}
        for line in env["cri.coordination.indicator.value"].search_fetch(
            [("plan_id", "in", ids)], ["indicator_id", "year", "value"]
        ):
            values.setdefault(line.indicator_id.id, {})[line.year] = line.value
        labels = self._labels(env)
        by_plan = _by_plan(actions)
        return [
            {
                "plan": plan,
                "lang": lang,
                "cri": cris[plan.id],
                "state": labels["plan_states"][plan.state],
                "years": list(range(plan.year_start, plan.year_end + 1)),
                "territory": ", ".join(sorted(plan.commune_ids.mapped("name"))),
                "domains": self._needs_by_domain(needs.get(plan.id, []), labels),
                "priorities": [
                    {"name": priority.name, "domain": labels["domains"][priority.life_domain]}
                    for priority in priorities.get(plan.id, [])
                ],
                "levels": self._recommendations_by_level(recommendations.get(plan.id, []), labels),
                "actions": [
                    self._action(action, indicators.get(action.id, []), values, labels)
                    for action in sorted(by_plan.get(plan.id, []), key=_action_order)
                ],
                "format_date": lambda value: date_text(env, value, lang),
            }
            for plan in plans
        ]

    @api.model
    def _labels(self, env):
        def selection(model, field):
            return dict(env[model]._fields[field]._description_selection(env))

        return {
            "plan_states": selection("cri.coordination.plan", "state"),
            "action_states": selection("cri.coordination.action", "state"),
            "domains": selection("cri.coordination.need", "life_domain"),
            "levels": selection("cri.coordination.recommendation", "addressee_level"),
        }

    @api.model
    def _needs_by_domain(self, needs, labels):
        """The needs by life domain (in the order of the domains), then by commune (the whole
        territory first)."""
        groups = {}
        ordered = sorted(
            needs,
            key=lambda need: (
                DOMAIN_ORDER.get(need.life_domain, len(DOMAIN_ORDER)),
                bool(need.commune_id),
                need.commune_id.name or "",
                need.id,
            ),
        )
        for need in ordered:
            group = groups.setdefault(
                need.life_domain, {"label": labels["domains"][need.life_domain], "needs": []}
            )
            group["needs"].append(
                {
                    "commune": need.commune_id.name or "",
                    "description": need.description,
                    "source": need.source or "",
                }
            )
        return list(groups.values())

    @api.model
    def _recommendations_by_level(self, recommendations, labels):
        groups = {}
        ordered = sorted(
            recommendations, key=lambda line: (LEVEL_ORDER.get(line.addressee_level, 99), line.id)
        )
        for line in ordered:
            groups.setdefault(
                line.addressee_level, {"label": labels["levels"][line.addressee_level], "texts": []}
            )["texts"].append(line.text)
        return list(groups.values())

    @api.model
    def _action(self, action, indicators, values, labels):
        return {
            "name": action.name,
            "priority": action.priority_id.name or "",
            "domain": labels["domains"].get(action.life_domain, ""),
            "partners": ", ".join(sorted(action.partner_ids.mapped("name"))),
            "communes": ", ".join(sorted(action.commune_ids.mapped("name"))),
            "date_start": action.date_start,
            "date_end": action.date_end,
            "means": action.means or "",
            "pcs_axis": action.pcs_axis or "",
            "state": action.state,
            "status": labels["action_states"][action.state],
            "indicators": [
                {
                    "name": indicator.name,
                    "unit": indicator.unit or "",
                    "target": indicator.target,
                    "values": values.get(indicator.id, {}),
                    "progress": indicator.progress,
                }
                for indicator in indicators
            ],
        }


class ReportCriCoordinationActionXlsx(models.AbstractModel):
    """The action plan of a plan as a workbook: a sheet a plan, a row an action, a block of
    columns an indicator (its unit, target, the value achieved each year of the plan and its
    progress), ready to filter."""

    _name = "report.cri_coordination.action_plan_xlsx"
    # the mixin first: the plans come from the document ids, checked, never from the options
    _inherit = ["cri.report.mixin", "report.report_xlsx.abstract"]
    _description = "Action Plan of a Local Integration Plan (XLSX)"
    _cri_report_model = "cri.coordination.plan"
    _cri_report_groups = PRINTING_GROUPS

    @api.model
    def _cri_printing_refusal(self):
        return self.env["report.cri_coordination.report_plan"]._cri_printing_refusal()

    @api.model
    def _cri_check_qualifies(self, docs):
        self.env["report.cri_coordination.report_plan"]._cri_check_qualifies(docs)

    def generate_xlsx_report(self, workbook, data, plans):
        lang = self.env["report.cri_coordination.report_plan"]._reader_lang()
        env = self.with_context(lang=lang).env
        self.env.cr.execute(self._rows_query(plans))
        rows = {}
        for row in self.env.cr.dictfetchall():
            rows.setdefault(row["plan_id"], []).append(row)
        labels = self.env["report.cri_coordination.report_plan"]._labels(env)
        styles = self._styles(workbook)
        names = set()
        for plan in plans:
            plan_rows = rows[plan.id]
            name = self._sheet_name(plan_rows[0]["plan_name"], names)
            self._write_sheet(env, workbook.add_worksheet(name), styles, labels, plan_rows)

    # ------------------------------------------------------------------ the one query
    @api.model
    def _rows_query(self, plans):
        """ONE query for every row of the workbooks of ``plans`` (checked already): a row an
        action (one row with no action for a plan without any), its partners and communes as
        text, its indicators with their yearly values as JSON. Each table is read once for all
        the actions (grouped, not a subquery a row), so that the cost grows with the rows
        only. The actions, indicators, values,
        partners and communes are those the user may read: each table is filtered by its
        model's record rules (``_search``, which also checks the model's access rights)."""
        Action = self.env["cri.coordination.action"]
        partners = Action._fields["partner_ids"]
        communes = Action._fields["commune_ids"]
        readable = {
            name: self.env[name].with_context(active_test=False)._search([]).subselect()
            for name in (
                "cri.coordination.action",
                "cri.coordination.indicator",
                "cri.coordination.indicator.value",
                "res.partner",
                "cri.commune",
            )
        }
        return SQL(
            """
              WITH action_partner AS (
                    SELECT r.%(partner_owner)s AS action_id, string_agg(p.name, ', ' ORDER BY p.name) AS names
                      FROM %(partner_rel)s r
                      JOIN cri_coordination_action a ON a.id = r.%(partner_owner)s
                      JOIN res_partner p ON p.id = r.%(partner_col)s
                     WHERE a.plan_id IN %(plans)s AND p.id IN (%(partners)s)
                  GROUP BY r.%(partner_owner)s),
                   action_commune AS (
                    SELECT r.%(commune_owner)s AS action_id, string_agg(c.name, ', ' ORDER BY c.name) AS names
                      FROM %(commune_rel)s r
                      JOIN cri_coordination_action a ON a.id = r.%(commune_owner)s
                      JOIN cri_commune c ON c.id = r.%(commune_col)s
                     WHERE a.plan_id IN %(plans)s AND c.id IN (%(communes)s)
                  GROUP BY r.%(commune_owner)s),
                   indicator_year AS (
                    SELECT v.indicator_id, json_object_agg(v.year, v.value) AS amounts
                      FROM cri_coordination_indicator_value v
                     WHERE v.plan_id IN %(plans)s AND v.id IN (%(values)s)
                  GROUP BY v.indicator_id),
                   action_indicator AS (
                    SELECT i.action_id, json_agg(json_build_object(
                               'name', i.name, 'unit', i.unit, 'target', i.target,
                               'progress', i.progress, 'values', y.amounts) ORDER BY i.id) AS items
                      FROM cri_coordination_indicator i
                      LEFT JOIN indicator_year y ON y.indicator_id = i.id
                     WHERE i.plan_id IN %(plans)s AND i.id IN (%(indicators)s)
                  GROUP BY i.action_id)
            SELECT pl.id AS plan_id, pl.name AS plan_name, pl.year_start, pl.year_end,
                   a.id AS action_id, a.name, pr.name AS priority, a.life_domain,
                   ap.names AS partners, ac.names AS communes,
                   a.date_start, a.date_end, a.state, a.pcs_axis, ai.items AS indicators
              FROM cri_coordination_plan pl
              LEFT JOIN cri_coordination_action a ON a.plan_id = pl.id AND a.id IN (%(actions)s)
              LEFT JOIN cri_coordination_priority pr ON pr.id = a.priority_id
              LEFT JOIN action_partner ap ON ap.action_id = a.id
              LEFT JOIN action_commune ac ON ac.action_id = a.id
              LEFT JOIN action_indicator ai ON ai.action_id = a.id
             WHERE pl.id IN %(plans)s
          ORDER BY pl.id, pr.sequence NULLS LAST, pr.id, a.date_start, a.id
            """,
            actions=readable["cri.coordination.action"],
            indicators=readable["cri.coordination.indicator"],
            values=readable["cri.coordination.indicator.value"],
            partners=readable["res.partner"],
            communes=readable["cri.commune"],
            partner_rel=SQL.identifier(partners.relation),
            partner_owner=SQL.identifier(partners.column1),
            partner_col=SQL.identifier(partners.column2),
            commune_rel=SQL.identifier(communes.relation),
            commune_owner=SQL.identifier(communes.column1),
            commune_col=SQL.identifier(communes.column2),
            plans=tuple(plans.ids),
        )

    # ------------------------------------------------------------------ writing
    @api.model
    def _styles(self, workbook):
        header = {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"}
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "subtitle": workbook.add_format({"italic": True}),
            "header": workbook.add_format(header),
            "indicator_header": workbook.add_format(dict(header, bg_color="#E2EFDA")),
            "text": workbook.add_format({"valign": "top"}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
            "number": workbook.add_format({"num_format": "#,##0.##", "valign": "top"}),
            "percent": workbook.add_format({"num_format": "0 %", "valign": "top"}),
        }

    @api.model
    def _sheet_name(self, plan_name, taken):
        """The plan's name as Excel accepts it, unique in the workbook."""
        base = SHEET_NAME_FORBIDDEN.sub("-", plan_name).strip("'") or "Plan"
        name, number = base[:SHEET_NAME_LENGTH], 1
        while name.lower() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        taken.add(name.lower())
        return name

    @api.model
    def _headers(self, env, years, blocks):
        actions = [
            env._("Plan"),
            env._("Priority"),
            env._("Life domain"),
            env._("Action"),
            env._("Carrying partners"),
            env._("Communes"),
            env._("Start"),
            env._("End"),
            env._("Status"),
            env._("PCS axis"),
        ]
        indicators = []
        for number in range(1, blocks + 1):
            indicators.append(
                [
                    env._("Indicator %(number)s", number=number),
                    env._("Unit"),
                    env._("Target"),
                    *(str(year) for year in years),
                    env._("Progress"),
                ]
            )
        return actions, indicators

    @api.model
    def _write_sheet(self, env, sheet, styles, labels, rows):
        head = rows[0]
        years = list(range(head["year_start"], head["year_end"] + 1))
        actions = [row for row in rows if row["action_id"]]
        blocks = max((len(row["indicators"] or []) for row in actions), default=0)
        block_width = len(years) + 4
        action_headers, indicator_headers = self._headers(env, years, blocks)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        for column, width in enumerate((30, 28, 16, 40, 30, 24, 11, 11, 12, 14)):
            sheet.set_column(column, column, width)
        for block in range(blocks):
            first = ACTION_COLUMNS + block * block_width
            sheet.set_column(first, first, 28)
            sheet.set_column(first + 1, first + block_width - 1, 10)
        sheet.write(0, 0, env._("Action plan of %(plan)s", plan=head["plan_name"]), styles["title"])
        sheet.write(
            1,
            0,
            env._(
                "%(start)s-%(end)s – %(count)s actions",
                start=head["year_start"],
                end=head["year_end"],
                count=len(actions),
            ),
            styles["subtitle"],
        )
        header_row = 3
        sheet.write_row(header_row, 0, action_headers, styles["header"])
        for block, headers in enumerate(indicator_headers):
            sheet.write_row(
                header_row, ACTION_COLUMNS + block * block_width, headers, styles["indicator_header"]
            )
        sheet.freeze_panes(header_row + 1, 4)
        sheet.repeat_rows(header_row)
        row = header_row
        for action in actions:
            row += 1
            self._write_action(sheet, styles, labels, row, action, years, block_width)
        last_column = ACTION_COLUMNS + blocks * block_width - 1
        sheet.autofilter(header_row, 0, max(row, header_row), last_column)

    @api.model
    def _write_action(self, sheet, styles, labels, row, action, years, block_width):
        """An action's cells: text as text, dates as Excel dates, numbers as numbers; a year
        without a value stays empty (not measured is not zero)."""
        sheet.write_string(row, 0, action["plan_name"], styles["text"])
        sheet.write_string(row, 1, action["priority"] or "", styles["text"])
        sheet.write_string(row, 2, labels["domains"].get(action["life_domain"], ""), styles["text"])
        sheet.write_string(row, 3, action["name"], styles["wrap"])
        sheet.write_string(row, 4, action["partners"] or "", styles["wrap"])
        sheet.write_string(row, 5, action["communes"] or "", styles["wrap"])
        for column, day in ((6, action["date_start"]), (7, action["date_end"])):
            if day:
                sheet.write_datetime(row, column, datetime.combine(day, datetime.min.time()), styles["date"])
        sheet.write_string(row, 8, labels["action_states"][action["state"]], styles["text"])
        sheet.write_string(row, 9, action["pcs_axis"] or "", styles["text"])
        for block, indicator in enumerate(action["indicators"] or []):
            column = ACTION_COLUMNS + block * block_width
            sheet.write_string(row, column, indicator["name"], styles["wrap"])
            sheet.write_string(row, column + 1, indicator["unit"] or "", styles["text"])
            sheet.write_number(row, column + 2, indicator["target"] or 0.0, styles["number"])
            values = indicator["values"] or {}
            for offset, year in enumerate(years, start=3):
                value = values.get(str(year))
                if value is not None:
                    sheet.write_number(row, column + offset, value, styles["number"])
            sheet.write_number(
                row, column + 3 + len(years), (indicator["progress"] or 0.0) / 100, styles["percent"]
            )
