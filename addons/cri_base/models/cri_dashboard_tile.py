"""The figures of a role's dashboard: each one a count, a sum or a share of the records its
reader may see, shipped as data by the addon that owns those records, opening on them."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang
from odoo.tools.safe_eval import datetime, safe_eval

from ..tools import amount_text, hours_text, legal_today

MEASURES = [
    ("count", "Number of records"),
    ("sum", "Sum of a field"),
    ("avg", "Average of a field"),
    ("ratio", "Share of one sum in another"),
]
UNITS = [("number", "Number"), ("amount", "Amount"), ("hours", "Hours"), ("percent", "Percentage")]


class CriDashboardTile(models.Model):
    _name = "cri.dashboard.tile"
    _description = "Dashboard Figure"
    _order = "section, sequence, id"

    # identity
    name = fields.Char(string="Figure", required=True, translate=True)
    description = fields.Char(translate=True, help="A short line under the figure: what it counts.")
    section = fields.Selection(
        [("centre", "Centre")],
        required=True,
        default="centre",
        help="The column of the dashboard the figure sits in; each addon adds its own.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # relations
    group_ids = fields.Many2many(
        "res.groups",
        string="Shown To",
        required=True,
        help="The roles whose dashboard shows the figure; each reads it over the records it may see.",
    )
    exclude_group_ids = fields.Many2many(
        "res.groups",
        "cri_dashboard_tile_exclude_group_rel",
        string="Not Shown To",
        help="Roles that would see the figure through a role they imply, but do other work: a "
        "manager is a trainer too, yet its own sessions are not its dashboard.",
    )
    action_id = fields.Many2one(
        "ir.actions.act_window",
        string="Opens",
        required=True,
        ondelete="cascade",
        help="The views the figure opens on, restricted to the records it counts.",
    )
    # what is measured
    res_model = fields.Char(string="Model", required=True)
    domain = fields.Char(
        default="[]",
        required=True,
        help="The records counted; may use today, now, relativedelta, datetime and user.",
    )
    measure = fields.Selection(MEASURES, default="count", required=True)
    field_name = fields.Char(string="Field", help="The field summed or averaged; for a share, the part.")
    base_field_name = fields.Char(string="Of Field", help="For a share: the whole the part is divided by.")
    unit = fields.Selection(UNITS, default="number", required=True)
    alert = fields.Boolean(help="The figure reads red when it is not zero: something is late.")
    # computed for the reader
    value = fields.Float(string="Raw Value", compute="_compute_value")
    value_display = fields.Char(string="Value", compute="_compute_value")
    is_alert = fields.Boolean(compute="_compute_value")

    def _eval_domain(self):
        self.ensure_one()
        today = legal_today()
        context = {
            "today": today,
            "now": fields.Datetime.now(),
            "year_start": today.replace(month=1, day=1),
            "relativedelta": relativedelta,
            "datetime": datetime,
            "user": self.env.user,
            "company_ids": self.env.companies.ids,
        }
        return safe_eval(self.domain or "[]", context)

    def _measure(self):
        """The figure over the records the current user reads (its record rules apply)."""
        self.ensure_one()
        Model = self.env[self.res_model]
        domain = self._eval_domain()
        if self.measure == "count":
            return Model.search_count(domain)
        part = self._sum(Model, domain, self.field_name, average=self.measure == "avg")
        if self.measure != "ratio":
            return part
        whole = self._sum(Model, domain, self.base_field_name)
        return 100.0 * part / whole if whole else None

    @api.model
    def _sum(self, Model, domain, field_name, average=False):
        field = Model._fields[field_name]
        if field.store and field.column_type:
            aggregate = "avg" if average else "sum"
            [(count, result)] = Model._read_group(domain, [], ["__count", f"{field_name}:{aggregate}"])
            # an average of nothing is no figure; a sum of nothing is zero
            if average and not count:
                return None
            return result or 0.0
        # a figure that is computed on the fly: few records (next sessions...), added up here
        values = Model.search(domain).mapped(field_name)
        if average:
            return sum(values) / len(values) if values else None
        return sum(values)

    def _format(self, value):
        """In the reader's language: "1 250,50 €", "62,5 h", "38 %", "1 204"."""
        if self.unit == "amount":
            return amount_text(self.env, value, self.env.company.currency_id)
        if self.unit == "hours":
            return hours_text(self.env, value)
        if self.unit == "percent":
            return self.env._("%(share)s %%", share=formatLang(self.env, value, digits=0))
        return formatLang(self.env, value, digits=0)

    @api.depends("res_model", "domain", "measure", "field_name", "base_field_name", "unit", "alert")
    @api.depends_context("uid", "allowed_company_ids", "lang")
    def _compute_value(self):
        for tile in self:
            if tile.res_model not in self.env or not self.env[tile.res_model].has_access("read"):
                tile.value, tile.value_display, tile.is_alert = 0.0, "-", False
                continue
            value = tile._measure()
            tile.value = value or 0.0
            # a share or an average over no record is no figure, not zero
            tile.value_display = "-" if value is None else tile._format(value)
            tile.is_alert = tile.alert and bool(round(value or 0.0, 2))

    def action_open(self):
        """The records behind the figure, in the views of its action."""
        self.ensure_one()
        if not self.env[self.res_model].has_access("read"):
            raise UserError(self.env._("You may not read the records behind this figure."))
        action = self.action_id._get_action_dict()
        try:
            context = safe_eval(action.get("context") or "{}", {"uid": self.env.uid, "context": {}})
        except (NameError, ValueError, SyntaxError):
            context = {}
        # the figure's records, without the default filters of the action on top
        context = {key: value for key, value in context.items() if not key.startswith("search_default_")}
        # the records first, as a list where the action has one
        views = action.get("views") or []
        listed = [view for view in views if view[1] == "list"]
        action["views"] = listed + [view for view in views if view[1] != "list"]
        action.update(
            {
                "name": self.name,
                "display_name": self.name,
                "domain": self._eval_domain(),
                "context": context,
                "target": "current",
            }
        )
        return action
