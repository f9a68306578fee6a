"""The diagnosis survey of a plan: a copy of the template questionnaire per plan, sent to the
organisations of the territory, answered from their portal account on Odoo's own survey pages,
and summarised into the needs of the diagnosis by life domain and commune."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.cri_base.models.cri_workflow_mixin import WORKFLOW_CONTEXT, is_workflow
from odoo.addons.cri_base.tools import legal_today

from .cri_coordination_plan import WORKFLOW_FIELDS
from .cri_coordination_record import COORDINATION_OFFICER, LIFE_DOMAINS

SURVEY_TEMPLATE = "cri_coordination.survey_coordination_diagnosis"
INVITATION_TEMPLATE = "cri_coordination.mail_template_survey_invitation"
REMINDER_TEMPLATE = "cri_coordination.mail_template_survey_reminder"
# what each question of the questionnaire asks, so that the summary reads the questions of a
# plan's copy by their role, never by their wording
QUESTION_ROLES = [
    ("communes", "Communes of Action"),
    ("life_domains", "Life Domains with Needs"),
    ("actions", "Actions for Foreign Persons"),
    ("comments", "Free Comments"),
]
INVITATION_STATES = [
    ("draft", "To Send"),
    ("invited", "Invited"),
    ("answered", "Answered"),
]
DEFAULT_REMINDER_DAYS = 7


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cri_question_role = fields.Selection(
        QUESTION_ROLES,
        string="Role in the Diagnosis",
        help="What the question asks in the diagnosis survey of a local integration plan: the "
        "summary reads the answers of the questions by this role.",
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    cri_life_domain = fields.Selection(
        LIFE_DOMAINS,
        string="Life Domain",
        help="The life domain a need reported with this choice is counted in.",
    )
    cri_commune_id = fields.Many2one(
        "cri.commune",
        string="Commune",
        ondelete="set null",
        help="The commune of the plan's territory this choice stands for.",
    )


class CriCoordinationNeed(models.Model):
    _inherit = "cri.coordination.need"

    from_survey = fields.Boolean(
        string="From the Survey",
        readonly=True,
        copy=False,
        help="Written by the summary of the plan's diagnosis survey.",
    )
    survey_count = fields.Integer(
        string="Organisations",
        readonly=True,
        copy=False,
        help="How many surveyed organisations reported this need, at the last summary.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_survey_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_survey_fields([vals])
        return super().write(vals)

    @api.model
    def _check_survey_fields(self, vals_list):
        """The figures of the survey come from its summary, never from a form or an RPC call."""
        if is_workflow(self.env):
            return
        if any(vals.get("from_survey") or vals.get("survey_count") for vals in vals_list):
            raise UserError(
                self.env._(
                    "The survey's figures of a need change only through “Summarise into the Diagnosis”."
                )
            )


class CriCoordinationSurveyInvitation(models.Model):
    """An organisation invited to answer the diagnosis survey of a plan: its personal answer
    (created when the survey is sent), whether it answered, and the reminders it received."""

    _name = "cri.coordination.survey.invitation"
    _description = "Organisation Invited to the Diagnosis Survey"
    _inherit = ["cri.coordination.record", "cri.workflow.mixin"]
    _order = "plan_id, state, partner_id"
    _rec_name = "partner_id"
    _cri_workflow_fields = frozenset(
        {"user_input_id", "recipient_id", "date_invited", "last_reminder_date", "reminder_count"}
    )

    # relations
    plan_id = fields.Many2one(
        "cri.coordination.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", string="CRI", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
        help="The organisation surveyed: it answers from its portal account, or through the link "
        "sent to its email address.",
    )
    recipient_id = fields.Many2one(
        "res.partner",
        string="Sent to",
        readonly=True,
        copy=False,
        help="Who received the survey: the organisation's portal user, or the organisation itself.",
    )
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Answer",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups=COORDINATION_OFFICER,
    )
    # dates
    date_invited = fields.Date(string="Invited on", readonly=True, copy=False)
    last_reminder_date = fields.Date(string="Last Reminder", readonly=True, copy=False)
    reminder_count = fields.Integer(string="Reminders", readonly=True, copy=False)
    # state
    state = fields.Selection(
        INVITATION_STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        help="Invited once the survey is sent; answered once the organisation submitted it.",
    )
    # computed
    survey_url = fields.Char(
        string="Survey Link",
        compute="_compute_survey_url",
        groups=COORDINATION_OFFICER,
        help="The organisation's personal link to the survey, shown to the officers of the plan's CRI.",
    )
    answer_summary = fields.Char(
        string="Reported Needs",
        compute="_compute_answer_summary",
        compute_sudo=True,
        help="The life domains and the communes the organisation named in its answer.",
    )

    _sql_constraints = [
        (
            "partner_plan_unique",
            "UNIQUE(plan_id, partner_id)",
            "An organisation is invited once to the survey of a plan.",
        ),
    ]

    @api.depends("user_input_id", "user_input_id.state")
    def _compute_state(self):
        for invitation in self:
            answer = invitation.sudo().user_input_id
            if not answer:
                invitation.state = "draft"
            elif answer.state == "done":
                invitation.state = "answered"
            else:
                invitation.state = "invited"

    @api.depends_context("uid")
    def _compute_survey_url(self):
        # the token is the organisation's key: not shown to the other CRIs, which read the plan
        companies = self.env.user.company_ids
        for invitation in self:
            answer = invitation.sudo().user_input_id
            mine = self.env.su or invitation.company_id in companies
            invitation.survey_url = mine and answer and f"{answer.get_base_url()}{answer.get_start_url()}"

    @api.depends("state")
    def _compute_answer_summary(self):
        labels = dict(
            self.env["cri.coordination.need"]._fields["life_domain"]._description_selection(self.env)
        )
        for invitation in self:
            if invitation.state != "answered":
                invitation.answer_summary = False
                continue
            choices = invitation.user_input_id.user_input_line_ids.filtered(
                lambda line: not line.skipped
            ).suggested_answer_id.sorted("sequence")
            life_domains = [labels[key] for key in choices.mapped("cri_life_domain") if key]
            communes = choices.cri_commune_id.sorted("name").mapped("name")
            invitation.answer_summary = " — ".join(
                filter(None, [", ".join(life_domains), ", ".join(communes)])
            )

    # ------------------------------------------------------------------ rules
    @api.constrains("partner_id")
    def _check_partner_is_organisation(self):
        for invitation in self:
            if not invitation.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a person: the survey is sent to organisations.",
                        partner=invitation.partner_id.display_name,
                    )
                )

    def write(self, vals):
        if "partner_id" in vals and any(
            invitation.date_invited and invitation.partner_id.id != vals["partner_id"] for invitation in self
        ):
            raise UserError(
                self.env._("The survey was sent to this organisation: invite the other one instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_before_sending(self):
        sent = self.filtered("date_invited")
        if sent:
            raise UserError(
                self.env._(
                    "%(partner)s received the survey: its invitation is kept.",
                    partner=sent[0].partner_id.display_name,
                )
            )

    # ------------------------------------------------------------------ sending
    def _cri_portal_users(self):
        """The portal user of each organisation ({organisation: user}), where it has one."""
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [("share", "=", True), ("partner_id.commercial_partner_id", "in", self.partner_id.ids)],
                order="id",
            )
        )
        found = {}
        for user in users:
            found.setdefault(user.partner_id.commercial_partner_id, user)
        return found

    def _cri_send(self):
        """Create the personal answer of each organisation not invited yet and send it the
        invitation mail. Every organisation is checked before anything is created."""
        todo = self.filtered(lambda invitation: not invitation.date_invited)
        users = todo._cri_portal_users()
        recipients = {}
        for invitation in todo:
            user = users.get(invitation.partner_id)
            recipient = user.partner_id if user else invitation.partner_id
            if not (recipient.email or invitation.partner_id.email):
                raise UserError(
                    self.env._(
                        "%(partner)s has neither a portal account nor an email address: the survey "
                        "cannot reach it. Give it one of them, or remove it from the invited "
                        "organisations.",
                        partner=invitation.partner_id.display_name,
                    )
                )
            recipients[invitation] = (user, recipient)
        for invitation, (user, recipient) in recipients.items():
            survey = invitation.plan_id.sudo().cri_survey_id
            answer = survey._create_answer(
                user=user or False,
                partner=recipient,
                check_attempts=False,
                invite_token=self.env["survey.user_input"]._generate_invite_token(),
            )
            invitation._workflow_write(
                {"user_input_id": answer.id, "recipient_id": recipient.id, "date_invited": legal_today()}
            )
        if todo:
            self.env.ref(INVITATION_TEMPLATE).sudo().send_mail_batch(todo.ids)
        return todo

    def _cri_due_for_reminder(self, today=None):
        """The invitations not answered whose last mail (invitation or reminder) is at least the
        plan's reminder delay old."""
        today = today or legal_today()
        return self.filtered(
            lambda invitation: (
                invitation.state == "invited"
                and (invitation.last_reminder_date or invitation.date_invited)
                <= today - relativedelta(days=invitation.plan_id.survey_reminder_days)
            )
        )

    def _cri_remind(self):
        """Send a reminder to those due for one, and record it."""
        due = self._cri_due_for_reminder()
        for invitation in due:
            invitation._workflow_write(
                {"last_reminder_date": legal_today(), "reminder_count": invitation.reminder_count + 1}
            )
        if due:
            self.env.ref(REMINDER_TEMPLATE).sudo().send_mail_batch(due.ids)
        return due

    # ------------------------------------------------------------------ answers
    def _cri_save_answer(self, life_domains, commune_ids=(), actions="", comments=""):
        """Record the organisation's answer and submit it, as the survey pages do: the life
        domains (their keys) where it observes needs, the communes (ids) where it acts, its
        actions and comments. For an answer received by mail or on paper (and the demo)."""
        self.ensure_one()
        answer = self.sudo().user_input_id
        if not answer or answer.state == "done":
            raise UserError(
                self.env._("%(partner)s has no answer to record.", partner=self.partner_id.display_name)
            )
        questions = {question.cri_question_role: question for question in answer.survey_id.question_ids}
        choices = {
            "life_domains": questions["life_domains"].suggested_answer_ids.filtered(
                lambda choice: choice.cri_life_domain in life_domains
            ),
            "communes": questions["communes"].suggested_answer_ids.filtered(
                lambda choice: choice.cri_commune_id.id in commune_ids
            ),
        }
        for role, selected in choices.items():
            if selected:
                answer._save_lines(questions[role], [str(choice_id) for choice_id in selected.ids])
        for role, text in (("actions", actions), ("comments", comments)):
            if text:
                answer._save_lines(questions[role], text)
        answer._mark_done()


class CriCoordinationPlan(models.Model):
    _inherit = "cri.coordination.plan"

    _cri_workflow_fields = WORKFLOW_FIELDS | {"cri_survey_id"}

    # relations
    cri_survey_id = fields.Many2one(
        "survey.survey",
        string="Diagnosis Survey",
        readonly=True,
        copy=False,
        groups="survey.group_survey_user",
        help="The plan's own copy of the diagnosis questionnaire, with the communes of its territory.",
    )
    survey_invitation_ids = fields.One2many(
        "cri.coordination.survey.invitation", "plan_id", string="Invited Organisations"
    )
    survey_reminder_days = fields.Integer(
        string="Days Between Reminders",
        default=DEFAULT_REMINDER_DAYS,
        help="An organisation that did not answer gets at most one reminder in this many days.",
    )
    # computed
    survey_title = fields.Char(
        string="Survey", compute="_compute_survey_title", compute_sudo=True, help="The plan's questionnaire."
    )
    survey_invited_count = fields.Integer(string="Invited", compute="_compute_survey_counts")
    survey_answered_count = fields.Integer(string="Answered", compute="_compute_survey_counts")

    @api.depends("cri_survey_id.title")
    def _compute_survey_title(self):
        for plan in self:
            plan.survey_title = plan.cri_survey_id.title

    @api.depends("survey_invitation_ids.state")
    def _compute_survey_counts(self):
        counts = defaultdict(int)
        for plan, state, count in self.env["cri.coordination.survey.invitation"]._read_group(
            [("plan_id", "in", self.ids), ("state", "!=", "draft")], ["plan_id", "state"], ["__count"]
        ):
            counts[plan, state] = count
        for plan in self:
            plan.survey_answered_count = counts[plan, "answered"]
            plan.survey_invited_count = counts[plan, "invited"] + plan.survey_answered_count

    @api.constrains("survey_reminder_days")
    def _check_survey_reminder_days(self):
        for plan in self:
            if plan.survey_reminder_days < 1:
                raise ValidationError(
                    self.env._("Reminders are at least one day apart: give a number of days of 1 or more.")
                )

    # ------------------------------------------------------------------ buttons
    def action_create_survey(self):
        """Copy the template questionnaire for the plan, with one choice per commune of its
        territory."""
        self._check_officer()
        template = self.env.ref(SURVEY_TEMPLATE).sudo()
        for plan in self:
            plan._check_survey_open()
            if plan.sudo().cri_survey_id:
                raise UserError(self.env._("Plan “%(plan)s” has its survey already.", plan=plan.name))
            if not plan.commune_ids:
                raise UserError(
                    self.env._(
                        "Plan “%(plan)s” has no territory yet: choose its communes before its survey.",
                        plan=plan.name,
                    )
                )
            survey = template.copy()
            # the template's title (in the organisations' language) and the plan's name
            survey.title = f"{template.title} – {plan.name}"
            communes = survey.question_ids.filtered(lambda question: question.cri_question_role == "communes")
            communes.suggested_answer_ids = [
                Command.create({"value": commune.name, "sequence": sequence, "cri_commune_id": commune.id})
                for sequence, commune in enumerate(plan.commune_ids.sorted("name"), start=1)
            ]
            # the link is the Survey app's field: the officer's right was checked above
            plan.sudo()._workflow_write({"cri_survey_id": survey.id})

    def action_send_survey(self):
        """Send the survey to the invited organisations that did not receive it yet."""
        self._check_officer()
        for plan in self:
            plan._check_survey_open()
            if not plan.sudo().cri_survey_id:
                raise UserError(self.env._("Create the plan's survey before sending it."))
            todo = plan.survey_invitation_ids.filtered(lambda invitation: not invitation.date_invited)
            if not todo:
                raise UserError(
                    self.env._("Every invited organisation received the survey: add organisations first.")
                )
        sent = self.survey_invitation_ids._cri_send()
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "Diagnosis survey sent to %(count)s organisations.",
                    count=len(sent & plan.survey_invitation_ids),
                )
            )
        return self._survey_notification(
            self.env._("Survey sent to %(count)s organisations.", count=len(sent))
        )

    def action_remind_survey(self):
        """Remind the organisations that did not answer, at most once per reminder delay."""
        self._check_officer()
        for plan in self:
            plan._check_survey_open()
        reminded = self.survey_invitation_ids._cri_remind()
        return self._survey_notification(
            self.env._("Reminder sent to %(count)s organisations.", count=len(reminded))
            if reminded
            else self.env._("No organisation is due for a reminder.")
        )

    @api.model
    def _cron_remind_survey(self):
        """Daily: the reminders due on the plans that are not closed."""
        invitations = (
            self.env["cri.coordination.survey.invitation"]
            .sudo()
            .search([("state", "=", "invited"), ("plan_id.state", "!=", "closed")])
        )
        invitations._cri_remind()

    def action_summarise_survey(self):
        """Write the needs of the diagnosis from the answers: one need per life domain and
        commune (none for the whole territory), with the number of organisations that reported
        it. Running it again updates the same needs."""
        self._check_officer()
        for plan in self:
            plan._check_survey_open()
            reported = plan._survey_reported_needs()
            needs = self.env["cri.coordination.need"].with_context(**WORKFLOW_CONTEXT)
            existing = {
                (need.life_domain, need.commune_id): need
                for need in plan.need_ids.with_context(**WORKFLOW_CONTEXT).filtered("from_survey")
            }
            for key in existing.keys() - reported.keys():
                existing[key].survey_count = 0
            new = []
            for (life_domain, commune), count in reported.items():
                if (life_domain, commune) in existing:
                    existing[life_domain, commune].survey_count = count
                    continue
                new.append(
                    {
                        "plan_id": plan.id,
                        "life_domain": life_domain,
                        "commune_id": commune.id,
                        "description": self.env._("Needs reported by organisations in the diagnosis survey."),
                        "source": self.env._("Diagnosis survey"),
                        "from_survey": True,
                        "survey_count": count,
                    }
                )
            needs.create(new)
        return self._survey_notification(self.env._("The diagnosis holds the survey's answers."))

    def _survey_reported_needs(self):
        """{(life domain, commune): number of organisations} from the submitted answers; an
        organisation that named no commune of the territory reports for the whole territory."""
        self.ensure_one()
        answers = self.survey_invitation_ids.filtered(lambda invitation: invitation.state == "answered")
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search(
                [
                    ("user_input_id", "in", answers.sudo().user_input_id.ids),
                    ("skipped", "=", False),
                    ("suggested_answer_id", "!=", False),
                ]
            )
        )
        domains, communes = defaultdict(set), defaultdict(lambda: self.env["cri.commune"])
        for line in lines:
            role = line.question_id.cri_question_role
            if role == "life_domains" and line.suggested_answer_id.cri_life_domain:
                domains[line.user_input_id].add(line.suggested_answer_id.cri_life_domain)
            elif role == "communes" and line.suggested_answer_id.cri_commune_id in self.commune_ids:
                communes[line.user_input_id] |= line.suggested_answer_id.cri_commune_id
        counts = defaultdict(int)
        for answer, life_domains in domains.items():
            for life_domain in life_domains:
                for commune in communes[answer] or [self.env["cri.commune"]]:
                    counts[life_domain, commune] += 1
        return counts

    def _check_survey_open(self):
        if self.state == "closed":
            raise UserError(
                self.env._("Plan “%(plan)s” is closed: its content no longer changes.", plan=self.name)
            )

    def _survey_notification(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success", "sticky": False},
        }
