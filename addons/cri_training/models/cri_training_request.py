from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow
from odoo.addons.cri_base.tools import amount_text, datetime_text

REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("study", "Under study"),
    ("quoted", "Quoted"),
    ("planned", "Planned"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("refused", "Refused"),
]
REFUSABLE_STATES = ("submitted", "study", "quoted")
OFFICER = "cri_training.group_training_officer"
# written by the workflow only (cri.workflow.mixin)
WORKFLOW_FIELDS = frozenset({"name", "state", "event_id"})
# what an organisation's portal user gives when it asks for a training
PORTAL_FIELDS = frozenset(
    {"organisation_id", "contact_id", "company_id", "subject", "audience", "participants", "wished_dates"}
)
# the states in which the CRI's staff may still change a field (fields not listed: always)
STATE_FIELDS = {
    "organisation_id": ("draft",),
    "company_id": ("draft",),
    "contact_id": ("draft", "submitted", "study"),
    "subject": ("draft", "submitted", "study"),
    "audience": ("draft", "submitted", "study"),
    "participants": ("draft", "submitted", "study"),
    "wished_dates": ("draft", "submitted", "study"),
    "module_id": ("draft", "submitted", "study", "quoted"),
    "quote_amount": ("draft", "submitted", "study"),
    "currency_id": ("draft", "submitted", "study"),
    "date_begin": ("draft", "submitted", "study", "quoted"),
    "date_end": ("draft", "submitted", "study", "quoted"),
    "refusal_reason": REFUSABLE_STATES,
}


class CriTrainingRequest(models.Model):
    """An "à la carte" training an organisation asks a CRI for: studied, quoted, planned as a
    session of the CRI, delivered and closed, or refused with its reason."""

    _name = "cri.training.request"
    _description = "Training Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin"]
    _order = "id desc"
    _cri_workflow_fields = WORKFLOW_FIELDS

    # identity
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True)
    # relations
    organisation_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', organisation_id)]", tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="CRI",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Followed By",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The CRI's training officer who studies the request.",
    )
    module_id = fields.Many2one("cri.training.module", string="Catalogue Module", tracking=True)
    event_id = fields.Many2one("event.event", string="Session", readonly=True, copy=False, tracking=True)
    # content
    audience = fields.Text(help="Who the training is for.")
    participants = fields.Integer(string="Number of People")
    wished_dates = fields.Text(help="When the organisation would like the training.")
    refusal_reason = fields.Text(copy=False, tracking=True)
    # dates
    date_begin = fields.Datetime(
        string="Planned Start", copy=False, help="Start of the session that answers the request."
    )
    date_end = fields.Datetime(string="Planned End", copy=False)
    # amounts
    quote_amount = fields.Monetary(currency_field="currency_id", tracking=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.EUR"), required=True
    )
    # state
    state = fields.Selection(
        REQUEST_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_expand_states",
    )

    def _expand_states(self, states, domain):
        """The kanban shows the steps of a request in their order, even when empty."""
        return [key for key, _label in REQUEST_STATES]

    @api.constrains("participants", "quote_amount", "date_begin", "date_end")
    def _check_numbers(self):
        for request in self:
            if request.participants < 0 or request.quote_amount < 0:
                raise ValidationError(self.env._("The number of people and the quote cannot be negative."))
            if request.date_begin and request.date_end and request.date_end <= request.date_begin:
                raise ValidationError(self.env._("A training ends after it starts."))

    @api.constrains("company_id")
    def _check_company_is_cri(self):
        # which companies are CRIs is public reference information
        centers = self.env["cri.center"].sudo().search([("company_id", "in", self.company_id.ids)])
        if self.company_id - centers.company_id:
            raise ValidationError(self.env._("A training request is addressed to a CRI."))

    @api.constrains("contact_id", "organisation_id")
    def _check_contact(self):
        for request in self.filtered("contact_id"):
            if request.contact_id.commercial_partner_id != request.organisation_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s does not work for %(organisation)s.",
                        contact=request.contact_id.name,
                        organisation=request.organisation_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            # the user's values are checked before the reference is taken
            self = self._cri_without_workflow_defaults()
            vals_list = self._cri_checked_values(vals_list)
        for vals in vals_list:
            if self.env.user.share:
                self._check_portal_vals(vals)
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals["name"] = (
                self.env["ir.sequence"].sudo().with_company(company).next_by_code("cri.training.request")
                or "/"
            )
        requests = super().create(vals_list)
        requests._subscribe_organisation()
        return requests

    def write(self, vals):
        if not is_workflow(self.env):
            if self.env.user.share:
                raise AccessError(
                    self.env._("An organisation submits its request: the CRI then follows it up.")
                )
            self._cri_refuse_workflow_fields([vals])
            for request in self:
                request._refuse_state_fields(set(vals))
        return super().write(vals)

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._("%(fields)s of a training request change only through its buttons.", fields=labels)

    def _check_portal_vals(self, vals):
        """An organisation's user asks for its own organisation, a draft with the fields of its page."""
        if set(vals) - PORTAL_FIELDS - {"state"} or vals.get("state", "draft") != "draft":
            raise AccessError(self.env._("An organisation gives the content of its request only."))
        organisation = self.env.user.commercial_partner_id
        vals["organisation_id"] = vals.get("organisation_id") or organisation.id
        if vals["organisation_id"] != organisation.id:
            raise AccessError(self.env._("An organisation asks for trainings for itself only."))
        vals["contact_id"] = vals.get("contact_id") or self.env.user.partner_id.id
        # the contact is checked before the user may read it
        contact = self.env["res.partner"].sudo().browse(vals["contact_id"])
        if contact.commercial_partner_id != organisation:
            raise AccessError(self.env._("An organisation names one of its own contacts."))

    def _refuse_state_fields(self, names):
        self.ensure_one()
        for name in names:
            allowed = STATE_FIELDS.get(name)
            if allowed is not None and self.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(field)s cannot change while the request is “%(state)s”.",
                        field=self._fields[name]._description_string(self.env),
                        state=self._state_label(),
                    )
                )

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------ followers
    def _organisation_users(self):
        """The organisation's portal users, who follow its requests in the portal."""
        # res.users of an organisation: looked up for the notification only
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [("share", "=", True), ("partner_id.commercial_partner_id", "in", self.organisation_id.ids)]
            )
        )

    def _subscribe_organisation(self):
        """The organisation's users and contact follow its request, whoever created it: chosen by
        the server (a portal user subscribes no one but itself, and writes no request)."""
        users = self._organisation_users()
        for request in self.sudo():
            partners = users.filtered(
                lambda u, r=request: u.partner_id.commercial_partner_id == r.organisation_id
            ).partner_id
            request._message_subscribe(partner_ids=(partners | request.contact_id).ids)

    def _notify_organisation(self, body):
        """A message to the organisation's followers (its portal users and its contact)."""
        for request in self:
            request.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment")

    # ------------------------------------------------------------------ workflow
    def _check_state(self, allowed, action):
        for request in self:
            if request.state not in allowed:
                raise UserError(
                    self.env._(
                        "Request %(request)s is “%(state)s”: %(action)s is not possible now.",
                        request=request.name,
                        state=request._state_label(),
                        action=action,
                    )
                )

    def _check_officer(self):
        if not self.env.su and not self.env.user.has_group(OFFICER):
            raise AccessError(self.env._("Only the CRI's training officers follow up training requests."))

    def _move(self, state, body):
        self._workflow_write({"state": state})
        self._notify_organisation(body)
        return True

    def action_submit(self):
        self._check_state(["draft"], self.env._("submitting"))
        if self.env.user.share:
            self.check_access("read")
            if any(request.organisation_id != self.env.user.commercial_partner_id for request in self):
                raise AccessError(self.env._("An organisation submits its own requests only."))
            # the organisation's own drafts, found through its rights: the submission is the
            # CRI's workflow (its followers, its to-do, the state), which portal users do not write
            requests = self.sudo()
        else:
            self._check_officer()
            requests = self
        for request in requests:
            if not (request.subject or "").strip() or request.participants <= 0:
                raise UserError(
                    self.env._(
                        "Request %(request)s needs its subject and the number of people to train.",
                        request=request.name,
                    )
                )
        requests._subscribe_organisation()
        requests._schedule_study()
        return requests._move(
            "submitted", self.env._("Your training request was sent to the CRI, which will study it.")
        )

    def _schedule_study(self):
        # the CRI's to-do, scheduled by the server even when the organisation submits: portal
        # users create no activity (internal to the CRI), and do not subscribe the CRI's officer
        # to the request, which scheduling it does
        for request in self.with_user(SUPERUSER_ID).sudo():
            user = request.user_id or request._default_officer()
            if user:
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Study the training request"),
                    user_id=user.id,
                )

    def _default_officer(self):
        group = self.env.ref(OFFICER)
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("company_ids", "in", self.company_id.ids),
                    ("share", "=", False),
                ],
                order="id",
                limit=1,
            )
        )

    def action_study(self):
        self._check_officer()
        self._check_state(["submitted"], self.env._("studying the request"))
        self.filtered(lambda r: not r.user_id)._workflow_write({"user_id": self.env.user.id})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return self._move("study", self.env._("The CRI is studying your training request."))

    def action_quote(self):
        self._check_officer()
        self._check_state(["study"], self.env._("sending a quote"))
        if any(request.quote_amount <= 0 for request in self):
            raise UserError(self.env._("Give the amount of the quote first."))
        for request in self:
            request._move(
                "quoted",
                self.env._(
                    "The CRI quotes your training request at %(amount)s.",
                    amount=amount_text(self.env, request.quote_amount, request.currency_id),
                ),
            )
        return True

    def action_plan(self):
        """Create the session that answers the request and open it."""
        self.ensure_one()
        self._check_officer()
        self._check_state(["quoted"], self.env._("planning the session"))
        if not (self.date_begin and self.date_end) or self.participants <= 0:
            raise UserError(self.env._("Give the planned start and end and the number of people first."))
        session = self.env["event.event"].with_company(self.company_id).create(self._session_values())
        self._workflow_write({"event_id": session.id})
        self._move(
            "planned",
            self.env._(
                "Your training is planned: %(session)s, from %(begin)s.",
                session=session.name,
                begin=datetime_text(self.env, session.date_begin, tz=session.date_tz),
            ),
        )
        return self.action_open_session()

    def action_open_session(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "event.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _session_values(self):
        return {
            "name": self.subject,
            "cri_module_id": self.module_id.id,
            "company_id": self.company_id.id,
            "date_begin": self.date_begin,
            "date_end": self.date_end,
            "seats_limited": True,
            "seats_max": self.participants,
        }

    def action_deliver(self):
        self._check_officer()
        self._check_state(["planned"], self.env._("recording the delivery"))
        now = fields.Datetime.now()
        for request in self:
            if not request.event_id.date_end or request.event_id.date_end > now:
                raise UserError(
                    self.env._("The session of %(request)s has not ended yet.", request=request.name)
                )
        return self._move("delivered", self.env._("Your training was delivered. Thank you!"))

    def action_close(self):
        self._check_officer()
        self._check_state(["delivered"], self.env._("closing the request"))
        return self._move("closed", self.env._("Your training request is closed."))

    def action_refuse(self):
        self._check_officer()
        self._check_state(REFUSABLE_STATES, self.env._("refusing the request"))
        if any(not (request.refusal_reason or "").strip() for request in self):
            raise UserError(self.env._("Give the reason of the refusal."))
        self.activity_feedback(["mail.mail_activity_data_todo"])
        for request in self:
            request._move(
                "refused",
                self.env._(
                    "The CRI cannot answer your training request: %(reason)s", reason=request.refusal_reason
                ),
            )
        return True

    @api.model
    def _cron_deliver(self):
        """Planned requests whose session ended are delivered."""
        ended = self.sudo().search(
            [("state", "=", "planned"), ("event_id.date_end", "<=", fields.Datetime.now())]
        )
        return ended.action_deliver()
