from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CriCoordinationIndicatorValue(models.Model):
    """The value an indicator achieved in a year of its plan (one a year)."""

    _name = "cri.coordination.indicator.value"
    _description = "Yearly Value of an Indicator"
    _inherit = ["cri.coordination.record"]
    _order = "indicator_id, year"
    _rec_name = "year"
    _cri_parent_field = "indicator_id"

    # relations
    indicator_id = fields.Many2one(
        "cri.coordination.indicator",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    plan_id = fields.Many2one(related="indicator_id.plan_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(
        related="indicator_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    # dates
    year = fields.Integer(required=True)
    # amounts
    value = fields.Float(string="Achieved Value", required=True)

    @api.constrains("year", "indicator_id")
    def _check_year(self):
        for line in self:
            plan = line.indicator_id.plan_id
            if not plan.year_start <= line.year <= plan.year_end:
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s”: %(year)s is outside the years of plan “%(plan)s” "
                        "(%(start)s-%(end)s).",
                        indicator=line.indicator_id.name,
                        year=line.year,
                        plan=plan.name,
                        start=plan.year_start,
                        end=plan.year_end,
                    )
                )
            twice = line.indicator_id.value_ids.filtered(lambda other, line=line: other.year == line.year)
            if len(twice) > 1:
                raise ValidationError(
                    self.env._(
                        "Indicator “%(indicator)s” already has a value for %(year)s: correct that value.",
                        indicator=line.indicator_id.name,
                        year=line.year,
                    )
                )
