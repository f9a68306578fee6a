from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

REQUIREMENT_STATES = [
    ("due", "Due"),
    ("received", "Received"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
]
AGENT = "cri_ili_grants.group_ili_agent"
TOKEN = object()
# the requirements still expected from the applicant
OPEN_STATES = ("due", "rejected")
# what the reminders are written in, whatever the language of the scheduled action
CRI_LANG = "fr_BE"


class CriIliRequirement(models.Model):
    """What a grant must provide (a report, a statement...) by its due date; its acceptance by
    the CRI may release an instalment."""

    _name = "cri.ili.requirement"
    _description = "ILI Grant Requirement"
    _inherit = ["cri.ili.grant.record", "mail.thread"]
    _order = "due_date, id"

    name = fields.Char(string="Requirement", required=True)
    due_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(REQUIREMENT_STATES, default="due", required=True, tracking=True, copy=False)
    rejection_reason = fields.Text(tracking=True, copy=False, help="Read by the applicant.")
    document = fields.Binary(
        attachment=True, copy=False, help="The report or statement the applicant delivered."
    )
    document_name = fields.Char(copy=False)
    received_date = fields.Date(readonly=True, copy=False, tracking=True)
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
        today = fields.Date.context_today(self)
        for requirement in self:
            requirement.overdue = requirement.state in OPEN_STATES and requirement.due_date < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the overdue requirements with yes or no."))
        domain = [("state", "in", OPEN_STATES), ("due_date", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    def write(self, vals):
        if {"state", "application_id", "reminder_sent", "document", "received_date"} & set(vals) and not (
            self.env.su or self.env.context.get("cri_ili") is TOKEN
        ):
            raise UserError(self.env._("A requirement changes state through its buttons only."))
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
        self.with_context(cri_ili=TOKEN).write(vals)

    def action_receive(self):
        self._move(
            ["due", "rejected"], {"state": "received", "received_date": fields.Date.context_today(self)}
        )

    def action_deliver(self, document, filename):
        """The applicant (or an agent on its behalf) delivers the document of a requirement still
        expected: it becomes received, for the CRI to accept or reject."""
        if not self.env.su and not self.env.user.has_group(AGENT):
            self.check_access("read")  # an applicant its own requirements only (record rules)
        else:
            self.check_access("write")
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
        today = fields.Date.context_today(self)
        self.sudo().with_context(cri_ili=TOKEN).write(
            {"document": document, "document_name": filename, "state": "received", "received_date": today}
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

    def action_accept(self):
        self._move(["received"], {"state": "accepted"})

    def action_reject(self):
        if any(not (r.rejection_reason or "").strip() for r in self):
            raise UserError(self.env._("Say why the requirement is rejected: the applicant reads it."))
        self._move(["received"], {"state": "rejected"})

    # ------------------------------------------------------------------ reminders
    @api.model
    def _cron_remind(self):
        """Daily: tell the applicant and the CRI of the requirements due soon (the call's
        reminder delay before the due date) and of those overdue, each once."""
        today = fields.Date.context_today(self)
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
        self.with_context(cri_ili=TOKEN).write({"reminder_sent": kind})
