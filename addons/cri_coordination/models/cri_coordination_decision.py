from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cri_base.tools import legal_today

DECISION_STATES = [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")]
# how many days before its due date the owner of an open decision is reminded
REMINDER_DAYS = 3


class CriCoordinationDecision(models.Model):
    """A decision of a meeting, followed up as an action: who carries it (a CRI user, or a member
    organisation), by when, and whether it is done. Its owner gets a to-do activity with the due
    date; a daily job reminds the owners of decisions due soon or overdue. A decision may become
    an action of the platform's local integration plan."""

    _name = "cri.coordination.decision"
    _description = "Meeting Decision"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin", "cri.coordination.owned"]
    _check_company_auto = True
    _order = "state, date_due, id"
    _cri_workflow_fields = frozenset({"state", "reminder_date"})

    name = fields.Char(string="Decision", required=True, tracking=True)
    meeting_id = fields.Many2one(
        "cri.coordination.meeting", required=True, index=True, ondelete="cascade", check_company=True
    )
    platform_id = fields.Many2one(related="meeting_id.platform_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(
        related="meeting_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    minutes_internal = fields.Boolean(related="meeting_id.minutes_internal", store=True)
    owner_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="The CRI staff member who follows the decision up: a to-do with its due date is "
        "scheduled for them.",
    )
    owner_partner_id = fields.Many2one(
        "res.partner",
        string="Carried by",
        tracking=True,
        help="The member organisation that carries the decision, if not the CRI.",
    )
    date_due = fields.Date(string="Due Date", tracking=True, index=True)
    state = fields.Selection(
        DECISION_STATES,
        string="Status",
        required=True,
        default="open",
        tracking=True,
        readonly=True,
        copy=False,
    )
    reminder_date = fields.Date(string="Last Reminder", readonly=True, copy=False)
    plan_action_id = fields.Many2one(
        "cri.coordination.action",
        check_company=True,
        tracking=True,
        help="The action of the local integration plan the decision became or follows.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        today = legal_today()
        for decision in self:
            decision.is_overdue = (
                decision.state == "open" and bool(decision.date_due) and decision.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on “Overdue”."))
        domain = [("state", "=", "open"), ("date_due", "<", legal_today())]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def _cri_editable(self):
        return self.state == "open"

    # ------------------------------------------------------------------ rules
    @api.constrains("owner_id", "owner_partner_id", "date_due")
    def _check_follow_up(self):
        for decision in self.filtered(lambda d: d.state == "open"):
            if not decision.date_due:
                raise ValidationError(
                    self.env._("Decision “%(decision)s”: give the date it is due.", decision=decision.name)
                )
            if not (decision.owner_id or decision.owner_partner_id):
                raise ValidationError(
                    self.env._(
                        "Decision “%(decision)s”: say who carries it, a member of the CRI or an organisation.",
                        decision=decision.name,
                    )
                )

    @api.constrains("owner_id", "company_id")
    def _check_owner(self):
        for decision in self.filtered("owner_id"):
            if decision.owner_id.share or decision.company_id not in decision.owner_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "Decision “%(decision)s”: %(owner)s is not a member of %(cri)s.",
                        decision=decision.name,
                        owner=decision.owner_id.name,
                        cri=decision.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        meetings = self.env["cri.coordination.meeting"].browse(
            {vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")}
        )
        unheld = meetings.filtered(lambda meeting: meeting.state != "held")
        if unheld:
            raise UserError(
                self.env._(
                    "Meeting “%(meeting)s” is not marked held: its decisions are recorded afterwards.",
                    meeting=unheld[0].name,
                )
            )
        decisions = super().create(vals_list)
        decisions._schedule_owner_activity()
        return decisions

    def write(self, vals):
        if "meeting_id" in vals and any(d.meeting_id.id != vals["meeting_id"] for d in self):
            raise UserError(self.env._("A decision stays with the meeting that took it."))
        result = super().write(vals)
        if {"owner_id", "date_due", "name"} & set(vals):
            self._schedule_owner_activity()
        return result

    def _schedule_owner_activity(self):
        """One to-do per open decision, for its owner, due on its due date (moved when they change)."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for decision in self.sudo():
            activities = decision.activity_ids.filtered(lambda a: a.activity_type_id == todo)
            if decision.state != "open" or not decision.owner_id or not decision.date_due:
                activities.unlink()
                continue
            values = {
                "user_id": decision.owner_id.id,
                "date_deadline": decision.date_due,
                "summary": decision.name[:80],
            }
            if activities:
                activities.write(values)
            else:
                decision.activity_schedule("mail.mail_activity_data_todo", **values)

    # ------------------------------------------------------------------ transitions
    def action_done(self):
        self._move(["open"], "done")
        self.sudo().activity_ids.unlink()

    def action_cancel(self):
        self._move(["open"], "cancelled")
        self.sudo().activity_ids.unlink()

    def action_make_plan_action(self):
        """Make the decision an action of the platform's local integration plan."""
        self.ensure_one()
        self._check_officer()
        plan = self.platform_id.plan_id
        if not plan:
            raise UserError(
                self.env._(
                    "Platform “%(platform)s” follows no local integration plan: link one to it first.",
                    platform=self.platform_id.name,
                )
            )
        if self.plan_action_id:
            raise UserError(
                self.env._("Decision “%(decision)s” is already an action of the plan.", decision=self.name)
            )
        action = self.env["cri.coordination.action"].create(
            {
                "name": self.name,
                "plan_id": plan.id,
                "date_end": self.date_due,
                "partner_ids": [fields.Command.set(self.owner_partner_id.commercial_partner_id.ids)],
            }
        )
        self.plan_action_id = action
        return {
            "type": "ir.actions.act_window",
            "res_model": "cri.coordination.action",
            "res_id": action.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ reminders
    @api.model
    def _cron_remind_owners(self):
        """E-mail the owners of the open decisions due within REMINDER_DAYS or overdue, at most
        once a week per decision."""
        today = legal_today()
        decisions = self.search(
            [
                ("state", "=", "open"),
                ("date_due", "<=", today + timedelta(days=REMINDER_DAYS)),
                "|",
                ("reminder_date", "=", False),
                ("reminder_date", "<=", today - timedelta(days=7)),
            ]
        )
        template = self.env.ref("cri_coordination.mail_template_decision_reminder")
        for decision in decisions:
            recipients = decision.owner_id.partner_id | decision.owner_partner_id
            if not recipients:
                continue
            decision.message_post_with_source(
                template, partner_ids=recipients.ids, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
            decision._workflow_write({"reminder_date": today})
