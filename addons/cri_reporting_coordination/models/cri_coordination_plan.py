from odoo import api, fields, models

from odoo.addons.cri_base.tools import legal_today

PATHWAY = "cri.reporting.pathway"
# the years of the pathway's figures shown on a plan before its first one: its diagnosis
YEARS_BEFORE = 3


class CriCoordinationPlan(models.Model):
    """The figures of the plan's territory from the statistics of the pathway, read with the
    reader's rights: a CRI's staff see their CRI's files only, the others no figure."""

    _inherit = "cri.coordination.plan"

    territory_figures = fields.Html(
        string="Figures of the Territory",
        compute="_compute_territory_figures",
        sanitize=False,
        help="The pathway's entries, mandatory entries and certificates by commune of the plan and "
        "year, from the three years before the plan to the current one.",
    )

    def _territory_years(self):
        self.ensure_one()
        last = min(self.year_end, max(legal_today().year, self.year_start))
        return list(range(self.year_start - YEARS_BEFORE, last + 1))

    @api.depends_context("uid", "lang")
    @api.depends("commune_ids", "year_start", "year_end")
    def _compute_territory_figures(self):
        Pathway = self.env[PATHWAY]
        readable = Pathway.has_access("read")
        for plan in self:
            years = plan._territory_years() if plan.year_start and plan.year_end else []
            rows = plan._territory_rows(years) if readable and plan.commune_ids and years else []
            plan.territory_figures = self.env["ir.qweb"]._render(
                "cri_reporting_coordination.plan_territory_figures",
                {"plan": plan, "readable": readable, "years": years, "rows": rows},
            )

    def _territory_rows(self, years):
        """[(commune, {year: (entries, mandatory, certificates)})] of the plan's communes, in one
        aggregate query on the pathway's statistics, as the reader may read them."""
        self.ensure_one()
        groups = self.env[PATHWAY]._read_group(
            [
                ("commune_id", "in", self.commune_ids.ids),
                ("registration_year", "in", [str(year) for year in years]),
            ],
            ["commune_id", "registration_year", "obligation", "stage_reached"],
            ["__count"],
        )
        figures = {}
        for commune, year, obligation, stage, count in groups:
            entries, mandatory, certificates = figures.get((commune.id, int(year)), (0, 0, 0))
            figures[commune.id, int(year)] = (
                entries + count,
                mandatory + (count if obligation == "mandatory" else 0),
                certificates + (count if stage == "done" else 0),
            )
        return [
            (commune, {year: figures.get((commune.id, year), (0, 0, 0)) for year in years})
            for commune in self.commune_ids.sorted("name")
        ]

    def action_view_territory_statistics(self):
        """The pathway's statistics of the plan's communes, by commune and year."""
        self.ensure_one()
        self.env[PATHWAY].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("cri_reporting.action_cri_reporting_pathway")
        action["domain"] = [("commune_id", "in", self.commune_ids.ids)]
        action["context"] = {
            "pivot_row_groupby": ["commune_id"],
            "pivot_column_groupby": ["registration_date:year"],
            "pivot_measures": ["__count"],
            "graph_groupbys": ["registration_date:year", "commune_id"],
        }
        action["display_name"] = self.env._("Pathway Files of %(plan)s", plan=self.name)
        return action
