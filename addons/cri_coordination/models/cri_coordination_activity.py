from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow
from odoo.addons.cri_base.tools import date_text, legal_today

ACTIVITY_TYPES = [
    ("participation", "Participation"),
    ("intercultural", "Intercultural Exchange"),
    ("awareness", "Awareness against Discrimination"),
    ("information", "Information Session"),
    ("other", "Other"),
]
ACTIVITY_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# the categories of the public reached, counted, never named
PUBLIC_CATEGORIES = [
    ("newcomers", "Newcomers"),
    ("foreign_residents", "Other Foreign Residents"),
    ("general_public", "General Public"),
    ("young_people", "Young People"),
    ("professionals", "Professionals"),
    ("other", "Other"),
]
# what still changes once an activity is done or cancelled: its evaluation
OPEN_AFTER_PLANNED = frozenset({"evaluation"})


class CriCoordinationActivity(models.Model):
    """A participation or awareness activity of a CRI: the participation of foreign persons,
    an intercultural exchange, an awareness action against discrimination, an information
    session. It records where and when it took place, who organised it with which partners, and
    the public reached as counts by category (never names). Written by the coordination officers
    of its CRI; every CRI's staff and the Region read the activities of every CRI."""

    _name = "cri.coordination.activity"
    _description = "Participation and Awareness Activity"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin", "cri.coordination.owned"]
    _check_company_auto = True
    _order = "date desc, id desc"
    # the total is what the statistics count: set by its counts only
    _cri_workflow_fields = frozenset({"state", "public_total"})

    # identity
    name = fields.Char(
        string="Activity",
        required=True,
        tracking=True,
        help="e.g. Intercultural evening of the district of Marchienne.",
    )
    activity_type = fields.Selection(ACTIVITY_TYPES, string="Type", required=True, tracking=True)
    place = fields.Char(help="Where it takes place: a room, a school, a square.")
    # relations
    company_id = fields.Many2one(
        "res.company",
        string="CRI",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
        help="The centre whose activity this is: only its coordination officers change it.",
    )
    commune_id = fields.Many2one(
        "cri.commune",
        tracking=True,
        domain="[('center_id.company_id', '=', company_id)]",
        help="The commune of the CRI's territory where it takes place.",
    )
    organiser_id = fields.Many2one(
        "res.partner",
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        help="The organisation that organises it, if not the CRI itself.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Partner Organisations",
        check_company=True,
        domain="[('is_company', '=', True)]",
        help="The organisations taking part in its organisation.",
    )
    plan_action_id = fields.Many2one(
        "cri.coordination.action",
        tracking=True,
        check_company=True,
        index="btree_not_null",
        help="The action of a local integration plan of the CRI this activity carries out, if any.",
    )
    public_ids = fields.One2many("cri.coordination.activity.public", "activity_id", string="Public Reached")
    # dates
    date = fields.Date(required=True, index=True, tracking=True, default=legal_today)
    evaluation = fields.Text(help="How it went: what worked, what to change next time.")
    # state
    state = fields.Selection(
        ACTIVITY_STATES,
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        readonly=True,
        copy=False,
    )
    # computed
    public_total = fields.Integer(
        string="Total Public",
        compute="_compute_public_total",
        store=True,
        help="The number of persons reached, all categories together.",
    )

    @api.depends("public_ids.count")
    def _compute_public_total(self):
        for activity in self:
            activity.public_total = sum(activity.public_ids.mapped("count"))

    # ------------------------------------------------------------------ rules
    @api.constrains("commune_id", "company_id")
    def _check_territory(self):
        for company, activities in self.filtered("commune_id").grouped("company_id").items():
            # a user reads its own CRI's centre only: the communes of the CRI are searched
            territory = self.env["cri.commune"].search(
                [("id", "in", activities.commune_id.ids), ("center_id.company_id", "=", company.id)]
            )
            for activity in activities:
                if activity.commune_id in territory:
                    continue
                raise ValidationError(
                    self.env._(
                        "Activity “%(activity)s”: %(commune)s is not in the territory of %(cri)s.",
                        activity=activity.name,
                        commune=activity.commune_id.name,
                        cri=company.name,
                    )
                )

    def write(self, vals):
        if "company_id" in vals and any(activity.company_id.id != vals["company_id"] for activity in self):
            raise UserError(
                self.env._("An activity stays with its CRI: create an activity for the other CRI instead.")
            )
        closed = self.filtered(lambda activity: activity.state != "planned")
        if closed and set(vals) - OPEN_AFTER_PLANNED and not is_workflow(self.env):
            raise UserError(
                self.env._(
                    "Activity “%(activity)s” is done or cancelled: only its evaluation still changes.",
                    activity=closed[0].name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_planned(self):
        closed = self.filtered(lambda activity: activity.state != "planned")
        if closed:
            raise UserError(
                self.env._(
                    "Activity “%(activity)s” is done or cancelled: it stays in the CRI's records.",
                    activity=closed[0].name,
                )
            )

    # ------------------------------------------------------------------ transitions
    def action_done(self):
        """Mark the activities done: each has taken place (its date is not in the future) and
        reached someone (a count of its public above zero)."""
        self._check_move(["planned"], "done")
        today = legal_today()
        for activity in self:
            if activity.date > today:
                raise UserError(
                    self.env._(
                        "Activity “%(activity)s” takes place on %(date)s: it is marked done once it has taken place.",
                        activity=activity.name,
                        date=date_text(self.env, activity.date),
                    )
                )
            if activity.public_total <= 0:
                raise UserError(
                    self.env._(
                        "Activity “%(activity)s”: count the public it reached (at least one person) "
                        "before marking it done.",
                        activity=activity.name,
                    )
                )
        self._workflow_write({"state": "done"})

    def action_cancel(self):
        self._check_move(["planned"], "cancelled")
        self._workflow_write({"state": "cancelled"})


class CriCoordinationActivityPublic(models.Model):
    """The public an activity reached in one category: a count, never names. Created and changed
    only under an activity its user runs, while the activity is planned; it never moves to another
    activity."""

    _name = "cri.coordination.activity.public"
    _description = "Public Reached by an Activity"
    _inherit = ["cri.coordination.record"]
    _order = "activity_id, category"
    _rec_name = "category"
    _cri_parent_field = "activity_id"

    activity_id = fields.Many2one(
        "cri.coordination.activity",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="activity_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    category = fields.Selection(PUBLIC_CATEGORIES, string="Public", required=True)
    count = fields.Integer(
        string="Persons", required=True, default=0, help="How many persons of this public."
    )

    _sql_constraints = [
        ("category_unique", "unique(activity_id, category)", "An activity counts each public on one line."),
        ("count_positive", "check(count >= 0)", "A count of persons cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self._check_counts(vals_list)
        self._check_categories([(vals.get("activity_id"), vals.get("category")) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if "activity_id" in vals and any(line.activity_id.id != vals["activity_id"] for line in self):
            raise UserError(
                self.env._("A count stays with its activity: add a line to the other activity instead.")
            )
        self._check_counts([vals])
        if "category" in vals:
            self._check_categories([(line.activity_id.id, vals["category"]) for line in self], self)
        return super().write(vals)

    def _check_counts(self, vals_list):
        """Refuse a negative count before the database does (its refusal has no message for the
        user)."""
        if any((vals.get("count") or 0) < 0 for vals in vals_list):
            raise ValidationError(
                self.env._("A count of persons cannot be negative: give 0 or more for each public.")
            )

    def _check_categories(self, keys, lines=None):
        """Refuse a second line for a public already counted under an activity, ``keys`` being
        the (activity id, category) of the lines created, or of ``lines`` written."""
        lines = lines or self.browse()
        activity_ids = [activity_id for activity_id, _category in keys if activity_id]
        existing = self.search([("activity_id", "in", activity_ids), ("id", "not in", lines.ids)])
        seen = {(line.activity_id.id, line.category) for line in existing}
        categories = dict(self._fields["category"]._description_selection(self.env))
        for key in keys:
            if key in seen:
                raise ValidationError(
                    self.env._(
                        "The public “%(public)s” is already counted for this activity: change its count instead.",
                        public=categories.get(key[1], key[1]),
                    )
                )
            seen.add(key)

    def _check_parents_writable(self, parents):
        """Counts change under an activity the user runs (its CRI's coordination officer), while
        it is planned."""
        if self.env.su:
            return
        try:
            parents.check_access("write")
            missing = parents - parents.exists()
        except (AccessError, MissingError):
            missing = parents
        if missing:
            raise AccessError(
                self.env._("Only the coordination officers of an activity's CRI count its public.")
            )
        closed = parents.filtered(lambda activity: activity.state != "planned")
        if closed:
            raise UserError(
                self.env._(
                    "Activity “%(activity)s” is done or cancelled: its public counts no longer change.",
                    activity=closed[0].name,
                )
            )
