from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow
from odoo.addons.cri_base.tools import legal_today

REQUIREMENT_STATES = [
    ("due", "Due"),
    ("received", "Received"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]
AGENT = "cri_ili_grants.group_ili_agent"
# what the call's plan sets and the buttons (deliver, receive, accept, reject) and the daily
# reminder change: the rest of the CRI only writes the reason of a rejection
WORKFLOW_FIELDS = frozenset(
    {
        "application_id",
        "name",
        "due_date",
        "state",
        "document",
        "document_name",
        "received_date",
        "accepted_by_id",
        "reminder_sent",
    }
)
# the requirements still expected from the applicant
OPEN_STATES = ("due", "rejected")
# what the reminders are written in, whatever the language of the scheduled action
CRI_LANG = "fr_BE"


class CriIliRequirement(models.Model):
    """What a grant must provide (a report, a statement...) by its due date; its acceptance by
    the CRI may release an instalment."""

    _name = "cri.ili.requirement"
    _description = "ILI Grant Requirement"
    _inherit = ["cri.ili.grant.record", "mail.thread", "cri.workflow.mixin"]
    _order = "due_date, id"
    _cri_workflow_fields = WORKFLOW_FIELDS

    name = fields.Char(string="Requirement", required=True)
    due_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(REQUIREMENT_STATES, default="due", required=True, tracking=True, copy=False)
    rejection_reason = fields.Text(tracking=True, copy=False, help="Read by the applicant.")
    document = fields.Binary(
        attachment=True, copy=False, help="The report or statement the applicant delivered."
    )
    document_name = fields.Char(copy=False)
    received_date = fields.Date(readonly=True, copy=False, tracking=True)
    accepted_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="The CRI's agent who accepted the requirement: when the CRI separates the duties, "
        "someone else pays the instalment it releases.",
    )
    overdue = fields.Boolean(
        compute="_compute_overdue",
        search="_search_overdue",
        help="Still expected after its due date.",
    )
    reminder_sent = fields.Selection(
        [("before", "Before the due date"), ("overdue", "Overdue")],
        string="Last Reminder",
        readonly=True,
        copy=False,
        help="Set by the daily reminder: each reminder is sent once.",
    )

    @api.depends("state", "due_date")
    def _compute_overdue(self):
        today = legal_today()
        for requirement in self:
            requirement.overdue = requirement.state in OPEN_STATES and requirement.due_date < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the overdue requirements with yes or no."))
        domain = [("state", "in", OPEN_STATES), ("due_date", "<", legal_today())]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._(
            "%(fields)s of a requirement change only through its buttons (the call sets what a grant "
            "must provide).",
            fields=labels,
        )

    def write(self, vals):
        if (
            "rejection_reason" in vals
            and not is_workflow(self.env)
            and any(requirement.state != "received" for requirement in self)
        ):
            raise UserError(
                self.env._("The reason of a rejection is written while the requirement is received.")
            )
        return super().write(vals)

    def _move(self, allowed, vals):
        if not self.env.su and not self.env.user.has_group(AGENT):
            raise AccessError(self.env._("Only the CRI's ILI agents review the requirements."))
        states = dict(self._fields["state"]._description_selection(self.env))
        for requirement in self:
            if requirement.state not in allowed:
                raise UserError(
                    self.env._(
                        "The requirement %(name)s is “%(state)s”: it cannot change that way.",
                        name=requirement.name,
                        state=states[requirement.state],
                    )
                )
        self._workflow_write(vals)

    def action_receive(self):
        self._move(["due", "rejected"], {"state": "received", "received_date": legal_today()})

    def action_deliver(self, document, filename):
        """The applicant (or an agent on its behalf) delivers the document of a requirement still
        expected: it becomes received, for the CRI to accept or reject."""
        self._check_may_deliver()
        if not document:
            raise UserError(self.env._("Join the document."))
        for requirement in self:
            if requirement.state not in OPEN_STATES:
                raise UserError(
                    self.env._("The requirement %(name)s is not expected any more.", name=requirement.name)
                )
            if requirement.application_id.state not in ("running", "clearing"):
                raise UserError(
                    self.env._(
                        "%(grant)s is not running: nothing is delivered on it.",
                        grant=requirement.application_id.name,
                    )
                )
        # the applicant reads its requirements only: the delivery is written as superuser, once
        # the checks above passed
        self.sudo()._workflow_write(
            {
                "document": document,
                "document_name": filename,
                "state": "received",
                "received_date": legal_today(),
            }
        )
        for requirement in self:
            requirement.application_id.sudo().message_post(
                body=self.env._(
                    "%(who)s delivered the document of “%(requirement)s”.",
                    who=self.env.user.name,
                    requirement=requirement.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _check_may_deliver(self):
        """Who delivers: a portal user of the applicant, on its own grant's requirements, or an ILI
        agent of the grant's CRI (who may write them). Nobody else, read access or not (the
        Region observer, an accountant)."""
        if self.env.su:
            return
        user = self.env.user
        if user.share:
            self.check_access("read")
            if any(
                requirement.application_id.partner_id != user.commercial_partner_id for requirement in self
            ):
                raise AccessError(
                    self.env._("You deliver the requirements of your organisation's grants only.")
                )
        elif user.has_group(AGENT):
            self.check_access("write")
        else:
            raise AccessError(self.env._("Only the applicant or the CRI's ILI agents deliver a requirement."))

    def action_accept(self):
        self._move(["received"], {"state": "accepted", "accepted_by_id": self.env.user.id})
        # the instalments it releases are to pay at once, when their date is reached
        self.env["cri.ili.instalment"].search([("release_requirement_id", "in", self.ids)])._update_due()

    def action_reject(self):
        if any(not (r.rejection_reason or "").strip() for r in self):
            raise UserError(self.env._("Say why the requirement is rejected: the applicant reads it."))
        self._move(["received"], {"state": "rejected"})

    # ------------------------------------------------------------------ reminders
    @api.model
    def _cron_remind(self):
        """Daily: tell the applicant and the CRI of the requirements due soon (the call's
        reminder delay before the due date) and of those overdue, each once."""
        today = legal_today()
        lang = self.env["res.lang"]._get_code(CRI_LANG) or self.env.lang
        # selected in the database, not read one by one: a day's run costs what is due that
        # day, whatever the number of grants
        expected = [("state", "in", OPEN_STATES), ("application_id.state", "in", ("running", "clearing"))]
        overdue = self.search([*expected, ("due_date", "<", today), ("reminder_sent", "!=", "overdue")])
        soon = self.browse()
        for [days] in self.env["cri.ili.call"].sudo()._read_group([], ["reminder_days"]):
            soon |= self.search(
                [
                    *expected,
                    ("reminder_sent", "=", False),
                    ("due_date", ">=", today),
                    ("due_date", "<=", fields.Date.add(today, days=days or 0)),
                    ("application_id.call_id.reminder_days", "=", days),
                ]
            )
        soon.with_context(lang=lang)._remind("before")
        overdue.with_context(lang=lang)._remind("overdue")
        return soon | overdue

    def _remind(self, kind):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for requirement in self:
            grant = requirement.application_id
            if kind == "before":
                body = self.env._(
                    "Reminder: “%(requirement)s” of %(grant)s is due on %(date)s.",
                    requirement=requirement.name,
                    grant=grant.name,
                    date=requirement.due_date,
                )
            else:
                body = self.env._(
                    "Overdue: “%(requirement)s” of %(grant)s was due on %(date)s and is still expected.",
                    requirement=requirement.name,
                    grant=grant.name,
                    date=requirement.due_date,
                )
            grant.message_post(
                body=body,
                partner_ids=grant._applicant_recipients().ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            grant.activity_schedule(
                activity_type_id=activity_type.id,
                summary=body,
                user_id=(grant.user_id or grant.center_id.sudo().manager_id or self.env.user).id,
            )
        self._workflow_write({"reminder_sent": kind})
