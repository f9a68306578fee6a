from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import legal_today

from .common import CoordinationCommon

PLAN = "cri.coordination.plan"
INVITATION = "cri.coordination.survey.invitation"


@tagged("post_install", "-at_install")
class TestDiagnosisSurvey(CoordinationCommon, RpcMixin, HttpCase):
    """The diagnosis survey of the CRIC's plan sent to three organisations: two answer from their
    portal account (A and B), the third (C) has only an email address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cric = cls.company_cric

        def organisation(name, email):
            return env["res.partner"].create(
                {"name": name, "is_company": True, "company_id": cric.id, "email": email}
            )

        def portal_user(login, org):
            user = new_test_user(
                env, login=login, password=login, groups="base.group_portal", email=f"{login}@example.com"
            )
            user.partner_id.parent_id = org
            return user

        cls.org_a = organisation("Organisation A (test)", "org-a@example.com")
        cls.org_b = organisation("Organisation B (test)", "org-b@example.com")
        cls.org_c = organisation("Organisation C (test)", "org-c@example.com")
        cls.portal_a = portal_user("survey-org-a", cls.org_a)
        cls.portal_b = portal_user("survey-org-b", cls.org_b)
        plan = cls.plan_cric.with_user(cls.officer)
        plan.action_create_survey()
        cls.invitations = (
            env[INVITATION]
            .with_user(cls.officer)
            .create([{"plan_id": plan.id, "partner_id": org.id} for org in (cls.org_a, cls.org_b, cls.org_c)])
            .with_env(env)
        )
        cls.invitation_a, cls.invitation_b, cls.invitation_c = cls.invitations
        plan.action_send_survey()
        cls.survey = cls.plan_cric.cri_survey_id
        questions = {question.cri_question_role: question for question in cls.survey.question_ids}
        cls.question_domains, cls.question_communes = questions["life_domains"], questions["communes"]
        cls.plan_cai.with_user(cls.officer_cai).action_create_survey()

    # ------------------------------------------------------------------ helpers
    def mails(self, invitations, subject=None):
        domain = [("model", "=", INVITATION), ("res_id", "in", invitations.ids)]
        if subject:
            domain.append(("subject", "ilike", subject))
        return self.env["mail.mail"].search(domain)

    def choices(self, question, values, field):
        return question.suggested_answer_ids.filtered(lambda choice: choice[field] in values)

    def submit(self, user, survey, answer_token, post):
        """Open the survey with the invitation link as ``user`` and submit ``post``, as the
        survey page does; the JSON answer of the submission."""
        self.authenticate(user.login, user.login)
        base = survey.get_base_url()
        self.url_open(f"/survey/start/{survey.access_token}?answer_token={answer_token}")
        self.opener.post(url=f"{base}/survey/begin/{survey.access_token}/{answer_token}", json={})
        response = self.opener.post(
            url=f"{base}/survey/submit/{survey.access_token}/{answer_token}",
            json={"params": {**post, "token": answer_token}},
        )
        self.env.invalidate_all()
        return response.json()

    def answer_over_http(self, user, invitation, life_domains, communes):
        post = {
            str(self.question_domains.id): [
                str(choice)
                for choice in self.choices(self.question_domains, life_domains, "cri_life_domain").ids
            ],
            str(self.question_communes.id): [
                str(choice) for choice in self.choices(self.question_communes, communes, "cri_commune_id").ids
            ],
        }
        result = self.submit(user, self.survey, invitation.user_input_id.access_token, post)
        self.assertIn("result", result, result)
        self.assertNotIn("error", result.get("result", [{}, {}])[1] or {}, result)
        return result

    def survey_needs(self):
        return {
            (need.life_domain, need.commune_id): need.survey_count
            for need in self.plan_cric.need_ids.filtered("from_survey")
        }

    # ------------------------------------------------------------------ sending
    def test_sending_invites_each_organisation_once_with_its_personal_link(self):
        self.assertEqual(self.invitations.mapped("state"), ["invited"] * 3)
        self.assertEqual(self.invitations.mapped("date_invited"), [legal_today()] * 3)
        # an organisation with a portal account gets it there, the others at their address
        self.assertEqual(self.invitation_a.recipient_id, self.portal_a.partner_id)
        self.assertEqual(self.invitation_b.user_input_id.partner_id, self.portal_b.partner_id)
        self.assertEqual(self.invitation_c.recipient_id, self.org_c)
        self.assertEqual(self.invitations.user_input_id.survey_id, self.survey)
        self.assertEqual(self.survey.access_mode, "token")
        self.assertTrue(self.survey.users_login_required)
        # the personal link is for the officers of the plan's CRI only
        self.assertIn(
            self.invitation_a.user_input_id.access_token, self.invitation_a.with_user(self.officer).survey_url
        )
        self.assertFalse(self.invitation_a.with_user(self.officer_cai).survey_url)
        for invitation in self.invitations:
            mail = self.mails(invitation)
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.recipient_ids, invitation.recipient_id)
            self.assertIn(invitation.user_input_id.access_token, mail.body_html)
            self.assertIn("Répondre au questionnaire", mail.body_html)
        self.assertEqual((self.plan_cric.survey_invited_count, self.plan_cric.survey_answered_count), (3, 0))
        # the copy has the communes of the territory, the template none
        self.assertEqual(
            self.question_communes.suggested_answer_ids.cri_commune_id, self.plan_cric.commune_ids
        )
        self.assertNotEqual(self.survey, self.env.ref("cri_coordination.survey_coordination_diagnosis"))

    def test_sending_again_reaches_only_the_new_organisations(self):
        org_d = self.env["res.partner"].create(
            {"name": "Organisation D (test)", "is_company": True, "email": "org-d@example.com"}
        )
        invitation_d = (
            self.env[INVITATION]
            .with_user(self.officer)
            .create({"plan_id": self.plan_cric.id, "partner_id": org_d.id})
        )
        self.assertEqual(invitation_d.state, "draft")
        self.plan_cric.with_user(self.officer).action_send_survey()
        self.assertEqual(invitation_d.state, "invited")
        self.assertEqual(len(self.mails(invitation_d)), 1)
        self.assertEqual(len(self.mails(self.invitations)), 3)
        with self.assertRaises(UserError):
            self.plan_cric.with_user(self.officer).action_send_survey()

    def test_an_organisation_without_portal_account_nor_email_is_refused_and_nothing_is_sent(self):
        org_e = self.env["res.partner"].create(
            {"name": "Organisation E sans adresse (test)", "is_company": True}
        )
        org_f = self.env["res.partner"].create(
            {"name": "Organisation F (test)", "is_company": True, "email": "org-f@example.com"}
        )
        new = (
            self.env[INVITATION]
            .with_user(self.officer)
            .create([{"plan_id": self.plan_cric.id, "partner_id": org.id} for org in (org_f, org_e)])
        )
        with self.assertRaisesText(UserError, "Organisation E sans adresse"):
            self.plan_cric.with_user(self.officer).with_context(lang="fr_BE").action_send_survey()
        self.assertEqual(new.mapped("state"), ["draft", "draft"])
        self.assertFalse(self.mails(new))

    def test_only_organisations_are_invited_once_and_a_sent_invitation_stays(self):
        person = self.env["res.partner"].create({"name": "Personne (test)", "email": "p@example.com"})
        invitations = self.env[INVITATION].with_user(self.officer)
        with self.assertRaises(ValidationError):
            invitations.create({"plan_id": self.plan_cric.id, "partner_id": person.id})
        with self.assertRaises(UserError):
            self.invitation_c.with_user(self.officer).unlink()
        with self.assertRaises(UserError):
            self.invitation_c.with_user(self.officer).write({"partner_id": self.org_a.id})
        with self.assertRaises(UserError):
            self.invitation_c.with_user(self.officer).write({"date_invited": False})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            invitations.create({"plan_id": self.plan_cric.id, "partner_id": self.org_a.id})

    # ------------------------------------------------------------------ answering and summary
    def test_answers_from_the_portal_are_summarised_by_life_domain_and_commune_idempotently(self):
        self.answer_over_http(
            self.portal_a, self.invitation_a, ["housing", "health"], self.charleroi | self.chatelet
        )
        self.answer_over_http(self.portal_b, self.invitation_b, ["housing", "employment"], self.charleroi)
        self.assertEqual(self.invitations.mapped("state"), ["answered", "answered", "invited"])
        summary_a = self.invitation_a.with_user(self.reception).with_context(lang="en_US").answer_summary
        self.assertEqual(summary_a, "Health, Housing — Charleroi, Châtelet")
        self.assertFalse(self.invitation_c.answer_summary)
        self.assertEqual((self.plan_cric.survey_invited_count, self.plan_cric.survey_answered_count), (3, 2))
        manual_need = self.plan_cric.need_ids
        expected = {
            ("housing", self.charleroi): 2,
            ("housing", self.chatelet): 1,
            ("health", self.charleroi): 1,
            ("health", self.chatelet): 1,
            ("employment", self.charleroi): 1,
        }
        plan = self.plan_cric.with_user(self.officer)
        plan.action_summarise_survey()
        self.assertEqual(self.survey_needs(), expected)
        needs = self.plan_cric.need_ids
        plan.action_summarise_survey()
        self.assertEqual(self.survey_needs(), expected)
        self.assertEqual(self.plan_cric.need_ids, needs, "a second summary creates nothing")
        self.assertIn(manual_need, needs)
        self.assertFalse(manual_need.from_survey)
        # a late answer naming no commune counts for the whole territory; the others are updated
        self.invitation_c._cri_save_answer(["housing"])
        plan.action_summarise_survey()
        self.assertEqual(self.survey_needs(), {**expected, ("housing", self.env["cri.commune"]): 1})
        self.assertEqual(len(self.plan_cric.need_ids), len(needs) + 1)

    def test_the_survey_figures_of_a_need_come_only_from_the_summary(self):
        need = self.plan_cric.need_ids.with_user(self.officer)
        with self.assertRaises(UserError):
            need.write({"survey_count": 40})
        with self.assertRaises(UserError):
            need.create(
                {
                    "plan_id": self.plan_cric.id,
                    "life_domain": "other",
                    "description": "x",
                    "from_survey": True,
                }
            )
        self.assertEqual(need.survey_count, 0)

    def test_an_organisation_reaches_neither_another_answer_nor_another_plans_survey(self):
        token_a = self.invitation_a.user_input_id.access_token
        token_b = self.invitation_b.user_input_id.access_token
        survey_cai = self.plan_cai.cri_survey_id
        domains = {str(self.question_domains.id): [str(self.question_domains.suggested_answer_ids[0].id)]}
        # B's token, A's session: Odoo's survey pages refuse a partner who is not the answer's
        self.assertEqual(
            self.submit(self.portal_a, self.survey, token_b, domains)["result"][1]["error"],
            "answer_wrong_user",
        )
        # A's token on another plan's survey, or no token at all
        self.assertEqual(
            self.submit(self.portal_a, survey_cai, token_a, domains)["result"][1]["error"], "token_wrong"
        )
        self.assertEqual(
            self.submit(self.portal_a, self.survey, "00000000-guess", domains)["result"][1]["error"],
            "token_wrong",
        )
        response = self.url_open(f"/survey/start/{survey_cai.access_token}")
        self.assertNotIn(self.question_domains.title, response.text)
        self.assertEqual(self.invitation_b.user_input_id.state, "new")
        self.assertFalse(self.invitation_b.user_input_id.user_input_line_ids)
        self.assertEqual(self.invitation_a.state, "invited")
        # nor through the web client's RPC
        answer_b = self.invitation_b.user_input_id
        calls = [
            ("survey.user_input", "read", [[answer_b.id], ["access_token", "partner_id"]]),
            ("survey.user_input", "search_read", [[]], {"fields": ["access_token"]}),
            ("survey.user_input.line", "search_read", [[]], {"fields": ["value_text_box"]}),
            ("survey.user_input", "write", [[answer_b.id], {"partner_id": self.portal_a.partner_id.id}]),
            (INVITATION, "search_read", [[]], {"fields": ["partner_id", "state"]}),
            ("survey.survey", "read", [[survey_cai.id], ["access_token"]]),
        ]
        for model, method, args, *kwargs in calls:
            with self.subTest(model=model, method=method):
                self.assertRefused(self.call_kw(self.portal_a.login, model, method, args, *kwargs))
        self.assertEqual(answer_b.partner_id, self.portal_b.partner_id)

    # ------------------------------------------------------------------ reminders
    def test_reminders_go_only_to_who_did_not_answer_once_per_delay(self):
        week_ago = legal_today() - relativedelta(days=self.plan_cric.survey_reminder_days)
        self.invitations._workflow_write({"date_invited": week_ago})
        self.invitation_a._cri_save_answer(["social"])
        plan = self.plan_cric.with_user(self.officer)
        plan.action_remind_survey()
        reminded = self.invitation_b | self.invitation_c
        self.assertEqual(
            sorted(self.mails(self.invitations, "Rappel").mapped("res_id")), sorted(reminded.ids)
        )
        self.assertEqual(reminded.mapped("reminder_count"), [1, 1])
        self.assertEqual(reminded.mapped("last_reminder_date"), [legal_today()] * 2)
        self.assertEqual(self.invitation_a.reminder_count, 0)
        # not twice the same day, by the button or the scheduled action
        plan.action_remind_survey()
        self.env["cri.coordination.plan"]._cron_remind_survey()
        self.assertEqual(len(self.mails(self.invitations, "Rappel")), 2)
        self.assertEqual(reminded.mapped("reminder_count"), [1, 1])
        # the delay past, the scheduled action reminds again who still did not answer
        self.invitation_b._cri_save_answer(["health"])
        self.invitation_c._workflow_write({"last_reminder_date": week_ago})
        self.env.ref("cri_coordination.ir_cron_coordination_survey_reminder").method_direct_trigger()
        self.assertEqual(self.invitation_c.reminder_count, 2)
        self.assertEqual(self.invitation_b.reminder_count, 1)
        self.assertEqual(len(self.mails(self.invitation_c, "Rappel")), 2)

    # ------------------------------------------------------------------ refusals
    def test_only_the_plans_officers_send_remind_and_summarise(self):
        methods = (
            "action_create_survey",
            "action_send_survey",
            "action_remind_survey",
            "action_summarise_survey",
        )
        for user in (self.officer_cai, self.reception, self.observer):
            plan = self.plan_cric.with_user(user)
            for method in methods:
                with self.subTest(user=user.login, method=method), self.assertRaises(AccessError):
                    getattr(plan, method)()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[INVITATION].with_user(user).create(
                    {"plan_id": self.plan_cric.id, "partner_id": self.org_a.id}
                )
        # the other staff read the survey's figures
        plan = self.plan_cric.with_user(self.reception)
        self.assertEqual(plan.survey_invited_count, 3)
        self.assertEqual(len(plan.survey_invitation_ids), 3)
        self.assertFalse(self.plan_cric.need_ids.filtered("from_survey"))

    def test_refusals_hold_through_rpc(self):
        plan_id, invitation_id = self.plan_cric.id, self.invitation_c.id
        for login in (self.officer_cai.login, self.reception.login):
            for method in ("action_send_survey", "action_remind_survey", "action_summarise_survey"):
                with self.subTest(login=login, method=method):
                    self.assertRefused(self.call_kw(login, PLAN, method, [[plan_id]]))
            with self.subTest(login=login):
                self.assertRefused(
                    self.call_kw(
                        login, INVITATION, "create", [{"plan_id": plan_id, "partner_id": self.org_a.id}]
                    )
                )
        # the plan's own officer: not the fields the buttons set
        login = self.officer.login
        self.assertRefused(self.call_kw(login, INVITATION, "write", [[invitation_id], {"reminder_count": 9}]))
        self.assertRefused(self.call_kw(login, PLAN, "write", [[plan_id], {"cri_survey_id": False}]))
        self.assertEqual(self.invitation_c.reminder_count, 0)
        self.assertTrue(self.plan_cric.cri_survey_id)
        self.assertFalse(self.plan_cric.need_ids.filtered("from_survey"))
