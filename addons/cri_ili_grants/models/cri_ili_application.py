from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cri_base.models.cri_workflow_mixin import is_workflow
from odoo.addons.cri_base.tools import legal_today

from .cri_ili_application_line import EDITABLE_STATES
from .cri_ili_instalment import PAID

APPLICATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("completion", "Completion requested"),
    ("opinion", "Opinion given"),
    ("decided", "Granted"),
    ("refused", "Refused"),
    ("running", "Running"),
    ("clearing", "Clearing"),
    ("closed", "Closed"),
]
OPINIONS = [
    ("favourable", "Favourable"),
    ("reserved", "Favourable with reservations"),
    ("unfavourable", "Unfavourable"),
]
AGENT = "cri_ili_grants.group_ili_agent"
MANAGER = "cri_base.group_manager"
# written by the workflow only (cri.workflow.mixin): the reference, the state, what the buttons
# stamp, the applicant frozen at the decision, and the stored totals the decisions rest on
WORKFLOW_FIELDS = frozenset(
    {
        "name",
        "state",
        "submit_date",
        "opinion_signed_by_id",
        "opinion_date",
        "frozen_legal_name",
        "frozen_company_registry",
        "frozen_bank_account",
        "frozen_representative",
        "company_id",
        "center_id",
        "requested_amount",
        "declared_amount",
        "accepted_amount",
        "rejected_amount",
        "remaining_amount",
        "consumption_rate",
        "paid_amount",
        "has_overspending",
    }
)
# what the applicant writes, while the application is a draft or under completion
CONTENT_FIELDS = frozenset(
    {
        "call_id",
        "axis_id",
        "partner_id",
        "representative_id",
        "commune_id",
        "commune_ids",
        "title",
        "summary",
        "objectives",
        "target_public",
        "planned_activities",
        "expected_participants",
        "expected_hours",
        "budget_line_ids",
        "document_ids",
    }
)
# what the CRI prepares while the application is submitted, what it encodes of the Region's
# decision once its opinion is given, and what it asks the applicant to complete
STATE_FIELDS = {
    "opinion": ("submitted",),
    "opinion_motivation": ("submitted",),
    "completion_request": ("submitted",),
    "granted_amount": ("opinion",),
    "decision_reference": ("opinion",),
    "decision_date": ("opinion",),
    "decision_document": ("opinion",),
    "decision_document_name": ("opinion",),
    "refusal_reason": ("opinion",),
}


class CriIliApplication(models.Model):
    """An application of a local integration initiative (ILI) to a call of the Region, from
    its draft to the Region's decision: the CRI of its territory gives the opportunity opinion."""

    _name = "cri.ili.application"
    _description = "ILI Application"
    _inherit = ["mail.thread", "mail.activity.mixin", "cri.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _cri_workflow_fields = WORKFLOW_FIELDS
    # a grant is looked for by its beneficiary as much as by its reference
    _rec_names_search = ["name", "partner_id.name", "frozen_legal_name"]

    # identity
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    # relations
    call_id = fields.Many2one("cri.ili.call", required=True, tracking=True, domain="[('state', '=', 'open')]")
    axis_id = fields.Many2one(
        "cri.ili.axis", required=True, tracking=True, domain="[('id', 'in', call_axis_ids)]"
    )
    call_axis_ids = fields.Many2many(related="call_id.axis_ids", string="Axes of the Call")
    partner_id = fields.Many2one(
        "res.partner",
        string="Applicant",
        required=True,
        tracking=True,
        index=True,
        domain="[('is_company', '=', True)]",
        help="The organisation that carries the project (a local integration initiative).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Followed By",
        default=lambda self: self.env.user if not self.env.user.share else False,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The CRI's agent who follows this application and its grant.",
    )
    representative_id = fields.Many2one(
        "res.partner",
        domain="[('parent_id', '=', partner_id)]",
        help="The person who represents the applicant for this project.",
    )
    commune_id = fields.Many2one(
        "cri.commune",
        string="Main Commune",
        required=True,
        tracking=True,
        help="Main commune of the activities: its CRI gives the opinion and follows the grant.",
    )
    commune_ids = fields.Many2many("cri.commune", string="Other Communes", help="Other communes of activity.")
    center_id = fields.Many2one(
        "cri.center", string="Competent CRI", compute="_compute_center_id", store=True, precompute=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="CRI (company)",
        compute="_compute_center_id",
        store=True,
        precompute=True,
        index=True,
    )
    budget_line_ids = fields.One2many("cri.ili.budget.line", "application_id", string="Budget")
    document_ids = fields.One2many("cri.ili.application.document", "application_id", string="Documents")
    requirement_ids = fields.One2many("cri.ili.requirement", "application_id", string="Requirements")
    instalment_ids = fields.One2many("cri.ili.instalment", "application_id", string="Instalments")
    expense_ids = fields.One2many("cri.ili.expense", "application_id", string="Expenses")
    # project
    title = fields.Char(
        string="Project Title", tracking=True, help="The name of the project, as the applicant gives it."
    )
    summary = fields.Text(help="The project in a few lines.")
    objectives = fields.Text(help="Measurable objectives of the project.")
    target_public = fields.Text()
    planned_activities = fields.Text()
    expected_participants = fields.Integer()
    expected_hours = fields.Float(help="Hours of activity planned for the participants.")
    # dates
    submit_date = fields.Date(string="Submitted On", readonly=True, copy=False, tracking=True)
    # amounts
    currency_id = fields.Many2one(related="call_id.currency_id", string="Currency")
    requested_amount = fields.Monetary(
        currency_field="currency_id", compute="_compute_requested_amount", store=True, tracking=True
    )
    granted_amount = fields.Monetary(currency_field="currency_id", tracking=True, copy=False)
    declared_amount = fields.Monetary(
        string="Declared Expenses",
        currency_field="currency_id",
        compute="_compute_expense_totals",
        store=True,
    )
    accepted_amount = fields.Monetary(
        string="Accepted Expenses",
        currency_field="currency_id",
        compute="_compute_expense_totals",
        store=True,
    )
    rejected_amount = fields.Monetary(
        string="Rejected Expenses",
        currency_field="currency_id",
        compute="_compute_expense_totals",
        store=True,
    )
    remaining_amount = fields.Monetary(
        string="Still to Justify",
        currency_field="currency_id",
        compute="_compute_expense_totals",
        store=True,
        help="Granted amount not yet covered by accepted expenses.",
    )
    consumption_rate = fields.Float(
        string="Consumption (%)", compute="_compute_expense_totals", store=True, aggregator="avg"
    )
    # opinion of the CRI: internal, never shown to the applicant
    opinion = fields.Selection(OPINIONS, tracking=True, copy=False, groups="base.group_user")
    opinion_motivation = fields.Text(copy=False, groups="base.group_user")
    opinion_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False, groups="base.group_user")
    opinion_date = fields.Date(
        string="Opinion Signed On", readonly=True, copy=False, groups="base.group_user"
    )
    completion_request = fields.Text(
        copy=False, tracking=True, help="What the applicant must complete or correct before resubmitting."
    )
    # decision of the Region, as encoded from its notification
    decision_reference = fields.Char(copy=False, tracking=True)
    decision_date = fields.Date(copy=False, tracking=True)
    decision_document = fields.Binary(attachment=True, copy=False)
    decision_document_name = fields.Char(copy=False)
    refusal_reason = fields.Text(copy=False, tracking=True)
    # what payments depend on, frozen at the decision
    frozen_legal_name = fields.Char(string="Legal Name", readonly=True, copy=False)
    frozen_company_registry = fields.Char(string="Company Number", readonly=True, copy=False)
    frozen_bank_account = fields.Char(string="Bank Account", readonly=True, copy=False)
    frozen_representative = fields.Char(string="Represented By", readonly=True, copy=False)
    # state
    state = fields.Selection(
        APPLICATION_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_expand_states",
    )

    def _expand_states(self, states, domain):
        """The kanban shows the stages of an application in their order, even when empty."""
        return [key for key, _label in APPLICATION_STATES]

    @api.depends("commune_id")
    def _compute_center_id(self):
        for application in self:
            # which CRI covers a commune is public reference information
            center = application.commune_id.sudo().center_id
            application.center_id = center
            application.company_id = center.company_id

    @api.depends(
        "expense_ids.amount", "expense_ids.accepted_amount", "expense_ids.review_state", "granted_amount"
    )
    def _compute_expense_totals(self):
        for application in self:
            expenses = application.expense_ids
            reviewed = expenses.filtered(lambda e: e.review_state != "to_review")
            round_ = application.currency_id.round if application.currency_id else (lambda x: round(x, 2))
            application.declared_amount = round_(sum(expenses.mapped("amount")))
            application.accepted_amount = round_(sum(reviewed.mapped("accepted_amount")))
            application.rejected_amount = round_(sum(reviewed.mapped("amount")) - application.accepted_amount)
            application.remaining_amount = round_(
                max(0.0, application.granted_amount - application.accepted_amount)
            )
            application.consumption_rate = (
                round(100.0 * application.accepted_amount / application.granted_amount, 2)
                if application.granted_amount
                else 0.0
            )

    @api.depends("budget_line_ids.amount")
    def _compute_requested_amount(self):
        for application in self:
            application.requested_amount = sum(application.budget_line_ids.mapped("amount"))

    @api.constrains("expected_participants", "expected_hours", "granted_amount")
    def _check_numbers(self):
        for application in self:
            if (
                min(application.expected_participants, application.expected_hours, application.granted_amount)
                < 0
            ):
                raise ValidationError(self.env._("Participants, hours and amounts cannot be negative."))
            if application.granted_amount > application.requested_amount:
                raise ValidationError(
                    self.env._(
                        "Application %(application)s: the granted amount cannot exceed the requested amount.",
                        application=application.name,
                    )
                )

    @api.constrains("instalment_ids", "granted_amount")
    def _check_instalment_sum(self):
        """The instalments of a grant always sum to its granted amount, to the cent. Checked on
        the grant, once its plan is written: the instalments change only through the grant's
        workflow (its plan, the budget re-allocation, the payment)."""
        for application in self.filtered("instalment_ids"):
            if any(line.amount < 0 for line in application.instalment_ids):
                raise ValidationError(self.env._("An instalment cannot be negative."))
            total = application.currency_id.round(sum(application.instalment_ids.mapped("amount")))
            if application.currency_id.compare_amounts(total, application.granted_amount):
                raise ValidationError(
                    self.env._(
                        "The instalments of %(grant)s sum to %(total)s: they must sum to the granted amount, "
                        "%(granted)s.",
                        grant=application.name,
                        total=application.currency_id.format(total),
                        granted=application.currency_id.format(application.granted_amount),
                    )
                )

    @api.constrains("representative_id", "partner_id")
    def _check_representative(self):
        """The representative is a person of the applicant: whoever writes the application
        (its applicant on the portal included) cannot name someone of another organisation."""
        for application in self.filtered("representative_id"):
            # the contacts are read as superuser: an applicant may not read another organisation's
            representative, applicant = application.representative_id.sudo(), application.partner_id.sudo()
            if (
                representative == applicant
                or representative.commercial_partner_id != applicant.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The representative must be a contact of the applicant, %(applicant)s.",
                        applicant=applicant.name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.representative_id and (
            self.representative_id.commercial_partner_id != self.partner_id.commercial_partner_id
        ):
            self.representative_id = False

    @api.constrains("axis_id", "call_id")
    def _check_axis(self):
        for application in self:
            if application.axis_id not in application.call_id.axis_ids:
                raise ValidationError(
                    self.env._(
                        "The call %(call)s has no axis %(axis)s.",
                        call=application.call_id.name,
                        axis=application.axis_id.name,
                    )
                )

    @api.depends("name", "frozen_legal_name", "partner_id.name")
    def _compute_display_name(self):
        """“SUB/2026/003 – ASBL Les Passerelles”: the reference and the beneficiary, as the
        decision names it once the grant is decided."""
        for application in self:
            # the applicant's name, as the many2one shows it to whoever reads the application
            beneficiary = application.frozen_legal_name or application.partner_id.sudo().name
            reference = application.name if application.name and application.name != "/" else ""
            application.display_name = " – ".join(part for part in (reference, beneficiary) if part)

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            for vals in vals_list:
                if self.env.user.share:
                    # an applicant applies for its own organisation
                    vals["partner_id"] = self.env.user.commercial_partner_id.id
                    self._check_portal_fields(vals)
                self._refuse_state_fields({name for name, value in vals.items() if value}, "draft")
        # the reference is a workflow field: numbered here, once the caller's values are checked
        vals_list = self._cri_checked_values(vals_list)
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            vals["name"] = Sequence.next_by_code("cri.ili.application") or "/"
        applications = super().create(vals_list)
        applications._check_call_open()
        return applications

    def write(self, vals):
        if not is_workflow(self.env):
            if self.env.user.share:
                self._check_portal_fields(vals)
                if "partner_id" in vals:
                    raise AccessError(self.env._("An application stays with its applicant."))
            for application in self:
                application._refuse_state_fields(set(vals), application.state)
            if "call_id" in vals:
                self._check_call_open(self.env["cri.ili.call"].browse(vals["call_id"]))
        return super().write(vals)

    @api.model
    def _cri_workflow_refusal(self, labels):
        return self.env._("%(fields)s of an application change only through its buttons.", fields=labels)

    def _refuse_state_fields(self, names, state):
        """Refuse the fields that may not change in ``state`` (see CONTENT_FIELDS, STATE_FIELDS)."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for name in names:
            allowed = EDITABLE_STATES if name in CONTENT_FIELDS else STATE_FIELDS.get(name)
            if allowed is not None and state not in allowed:
                raise UserError(
                    self.env._(
                        "%(field)s cannot change while the application is “%(state)s”.",
                        field=self._fields[name]._description_string(self.env),
                        state=states[state],
                    )
                )

    def _check_portal_fields(self, vals):
        if set(vals) - CONTENT_FIELDS - {"name"}:
            raise AccessError(self.env._("An applicant writes the content of its application only."))

    def _check_call_open(self, calls=None):
        for application in self:
            call = calls if calls is not None else application.call_id
            if application.state in ("draft", "completion") and call.state != "open":
                raise UserError(self.env._("The call %(call)s is not open for applications.", call=call.name))

    # ------------------------------------------------------------------ workflow
    def _check_state(self, allowed, action):
        states = dict(self._fields["state"]._description_selection(self.env))
        for application in self:
            if application.state not in allowed:
                raise UserError(
                    self.env._(
                        "Application %(application)s is “%(state)s”: %(action)s is not possible now.",
                        application=application.name,
                        state=states[application.state],
                        action=action,
                    )
                )

    def _check_group(self, group, message):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(message)

    def _submission_blockers(self):
        """What the application still lacks to be submitted, in plain words."""
        self.ensure_one()
        missing = []
        for name in ("summary", "objectives", "target_public", "planned_activities"):
            if not (self[name] or "").strip():
                missing.append(self._fields[name]._description_string(self.env).lower())
        if self.expected_participants <= 0:
            missing.append(self.env._("the expected participants"))
        if self.expected_hours <= 0:
            missing.append(self.env._("the expected hours"))
        if not self.budget_line_ids or self.requested_amount <= 0:
            missing.append(self.env._("a budget with the requested amount"))
        for document_type in self.call_id.required_document_type_ids - self.document_ids.document_type_id:
            missing.append(self.env._("the document “%(document)s”", document=document_type.name))
        return missing

    def action_submit(self):
        # the applicant in its portal, or the CRI's ILI agent for an application sent on paper
        if not self.env.user.share:
            self._check_group(
                AGENT, self.env._("Only the CRI's ILI agents submit an application for its applicant.")
            )
        self.check_access("write")
        self._check_state(EDITABLE_STATES, self.env._("submitting"))
        today = legal_today()
        for application in self:
            missing = application._submission_blockers()
            if missing:
                raise UserError(
                    self.env._(
                        "Application %(application)s cannot be submitted yet. Missing: %(missing)s.",
                        application=application.name,
                        missing="; ".join(missing),
                    )
                )
            # a completion is answered after the deadline; a first submission is not
            if application.state == "draft" and not application.call_id._accepts_applications(today):
                raise UserError(
                    self.env._(
                        "The call %(call)s no longer accepts applications (deadline %(date)s).",
                        call=application.call_id.name,
                        date=application.call_id.date_submission,
                    )
                )
        self._workflow_write({"state": "submitted", "submit_date": today})
        return True

    def action_request_completion(self):
        self._check_group(AGENT, self.env._("Only the CRI's ILI agents ask for a completion."))
        self._check_state(["submitted"], self.env._("asking for a completion"))
        for application in self:
            if not (application.completion_request or "").strip():
                raise UserError(self.env._("Say what the applicant must complete or correct."))
            application.message_post(
                body=application.completion_request,
                partner_ids=application._applicant_recipients().ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self._workflow_write({"state": "completion"})
        return True

    def action_sign_opinion(self):
        self._check_group(MANAGER, self.env._("Only the CRI's manager signs an opportunity opinion."))
        self._check_state(["submitted"], self.env._("signing the opinion"))
        for application in self:
            if not application.opinion or not (application.opinion_motivation or "").strip():
                raise UserError(self.env._("An opinion needs its conclusion and its motivation."))
        self._workflow_write(
            {
                "state": "opinion",
                "opinion_signed_by_id": self.env.user.id,
                "opinion_date": legal_today(),
            }
        )
        return True

    def action_decide(self):
        """Encode the Region's decision to grant: the amount, its reference and date."""
        self._check_group(AGENT, self.env._("Only the CRI's ILI agents encode the Region's decision."))
        self._check_state(["opinion"], self.env._("encoding the decision"))
        for application in self:
            if (
                application.granted_amount <= 0
                or not application.decision_reference
                or not application.decision_date
            ):
                raise UserError(
                    self.env._(
                        "A grant needs the granted amount, the reference and the date of the decision."
                    )
                )
        for application in self:
            application._workflow_write(dict(application._frozen_applicant(), state="decided"))
            application._create_grant_budget()
        return True

    def _applicant_recipients(self):
        """Who hears of the application on the applicant's side: the organisation and the contacts
        of its portal users (who follow it in the portal)."""
        self.ensure_one()
        organisation = self.partner_id.commercial_partner_id
        users = (
            self.env["res.users"]
            .sudo()
            .search([("share", "=", True), ("partner_id.commercial_partner_id", "=", organisation.id)])
        )
        return organisation | users.partner_id

    def _frozen_applicant(self):
        """What payments depend on, as the applicant's record says it at the decision."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        bank = partner.bank_ids[:1]
        return {
            "frozen_legal_name": partner.name,
            "frozen_company_registry": partner.company_registry or partner.vat or False,
            "frozen_bank_account": bank.acc_number or False,
            "frozen_representative": self.representative_id.sudo().name or False,
        }

    def action_refuse(self):
        self._check_group(AGENT, self.env._("Only the CRI's ILI agents encode the Region's decision."))
        self._check_state(["opinion"], self.env._("encoding a refusal"))
        if any(not (application.refusal_reason or "").strip() for application in self):
            raise UserError(self.env._("Give the reason of the Region's refusal."))
        self._workflow_write({"state": "refused"})
        return True

    def action_start(self):
        self._check_group(AGENT, self.env._("Only the CRI's ILI agents follow the grants."))
        self._check_state(["decided"], self.env._("starting the grant"))
        for application in self:
            application._create_grant_plan()
            application._create_indicators()
        self._workflow_write({"state": "running"})
        # an advance planned today or before is to pay at once
        self.instalment_ids._update_due()
        return True

    def action_start_clearing(self):
        self._check_group(AGENT, self.env._("Only the CRI's ILI agents follow the grants."))
        self._check_state(["running"], self.env._("starting the clearing"))
        self._workflow_write({"state": "clearing"})
        return True

    def action_close(self):
        self._check_group(MANAGER, self.env._("Only the CRI's manager closes a grant."))
        self._check_state(["clearing"], self.env._("closing the grant"))
        unpaid = self.instalment_ids.filtered(lambda line: line.state != PAID)
        if unpaid:
            raise UserError(
                self.env._(
                    "%(grant)s still has instalments to pay: it cannot be closed.",
                    grant=unpaid[0].application_id.name,
                )
            )
        self._workflow_write({"state": "closed"})
        return True
