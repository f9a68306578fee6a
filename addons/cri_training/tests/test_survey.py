import html
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TrainingCase

SURVEY = "cri_training.survey_training_satisfaction"


class AfterSessionCase(TrainingCase):
    # the sessions of TrainingCommon end 31 days from now, at 16:00
    AFTER = datetime.combine(date.today() + timedelta(days=32), time(6, 0))

    def attend(self, registration, states=("present", "present")):
        for line, state in zip(registration.cri_attendance_ids.sorted("date"), states, strict=True):
            line.state = state
        return registration

    def run_followup(self, when=None):
        with freeze_time(when or self.AFTER):
            self.env["event.registration"]._cron_send_training_followup()

    def followup_mails(self, registrations):
        """The follow-up mails (not the event's own mails to the registrations)."""
        return self.env["mail.mail"].search(
            [
                ("model", "=", "event.registration"),
                ("res_id", "in", registrations.ids),
                ("body_html", "like", "o_cri_training_followup"),
            ]
        )


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(AfterSessionCase):
    def test_a_session_gets_the_survey_of_its_cri_or_the_shipped_one(self):
        self.assertEqual(self.course.cri_survey_id, self.env.ref(SURVEY))
        own = self.env["survey.survey"].create({"title": "CRIC survey"})
        self.company_cric.cri_training_survey_id = own
        self.assertEqual(self.make_session().cri_survey_id, own)
        self.assertFalse(
            self.env["event.event"]
            .create({"name": "Not a training", "date_begin": self.AFTER, "date_end": self.AFTER})
            .cri_survey_id
        )

    def test_the_followup_goes_once_the_day_after_to_those_who_attended_only(self):
        present = self.attend(self.register(self.people[0]))
        absent = self.attend(self.register(self.people[1]), ("absent", "absent"))
        waiting = self.register(self.people[2])
        self.assertTrue(waiting.cri_waiting)
        other = self.make_session()
        cancelled = self.attend(self.register(self.people[3], session=other))
        cancelled.action_cancel()
        everyone = present | absent | waiting | cancelled

        self.run_followup(self.AFTER - timedelta(days=1))
        self.assertFalse(self.env["survey.user_input"].search([("cri_registration_id", "in", everyone.ids)]))
        self.assertFalse(present.cri_followup_sent, "not on the day of the session itself")

        self.run_followup()
        answers = self.env["survey.user_input"].search([("cri_registration_id", "in", everyone.ids)])
        self.assertEqual(answers.cri_registration_id, present)
        self.assertEqual(answers.cri_event_id, self.course)
        self.assertEqual(answers.partner_id, self.people[0])
        self.assertEqual(answers.survey_id, self.env.ref(SURVEY))
        self.assertEqual((answers.cri_module_id, answers.cri_company_id), (self.module, self.company_cric))
        self.assertEqual(answers.cri_trainer_id, self.trainer)
        self.assertTrue(answers.invite_token)
        self.assertEqual(everyone.filtered("cri_followup_sent"), present)
        mail = self.followup_mails(everyone)
        self.assertEqual(mail.recipient_ids, self.people[0])
        self.assertIn(answers.access_token, mail.body_html, "the personal link to the survey")
        self.assertIn("o_cri_certificate", mail.body_html, "the certificate is announced")
        self.assertIn(self.course.name, mail.subject)
        template = self.env.ref("cri_training.mail_template_training_followup")
        self.assertEqual(template._render_lang(present.ids), {present.id: "fr_BE"}, "in French")

        self.run_followup(self.AFTER + timedelta(days=1))
        self.assertEqual(
            len(self.env["survey.user_input"].search([("cri_registration_id", "in", everyone.ids)])), 1
        )
        self.assertEqual(len(self.followup_mails(everyone)), 1, "sent once")

    def test_a_session_without_survey_still_thanks_its_attendees(self):
        self.course.cri_survey_id = False
        present = self.attend(self.register(self.people[0]), ("present", "absent"))
        self.run_followup()
        self.assertTrue(present.cri_followup_sent)
        self.assertFalse(present.cri_survey_answer_ids)
        mail = self.followup_mails(present)
        self.assertEqual(len(mail), 1)
        self.assertNotIn("o_cri_survey_link", mail.body_html)
        self.assertNotIn("o_cri_certificate", mail.body_html, "6 of 9 hours: no certificate")

    def test_the_daily_job_makes_as_many_queries_for_two_sessions_as_for_six(self):
        def sessions_with_attendees(count):
            for _index in range(count):
                session = self.make_session()
                self.attend(self.register(self.people[0], session=session))
                self.attend(self.register(self.people[1], session=session), ("present", "absent"))

        def queries_of_a_run():
            self.env.invalidate_all()
            with freeze_time(self.AFTER):
                before = self.cr.sql_log_count
                self.env["event.registration"]._cron_send_training_followup()
                self.env.flush_all()
                return self.cr.sql_log_count - before

        sessions_with_attendees(1)
        queries_of_a_run()  # warms the caches up
        sessions_with_attendees(2)
        with_two = queries_of_a_run()
        sessions_with_attendees(6)
        with_six = queries_of_a_run()
        self.assertEqual(
            self.env["survey.user_input"].search_count([("cri_event_id.cri_module_id", "=", self.module.id)]),
            18,
        )
        self.assertEqual(with_six, with_two, f"2 sessions: {with_two} queries, 6 sessions: {with_six}")


@tagged("post_install", "-at_install")
class TestSatisfactionScore(AfterSessionCase):
    def answer(self, session, survey, choices, done=True):
        """An answer of ``survey`` for ``session`` with the given answer per question, in order."""
        answer = self.env["survey.user_input"].create(
            {"survey_id": survey.id, "partner_id": self.people[0].id, "cri_event_id": session.id}
        )
        for question, choice in zip(survey.question_ids, choices, strict=False):
            answer._save_lines(question, choice)
        if done:
            answer._mark_done()
        return answer

    def scores(self, *levels):
        """The suggested answers scored ``levels`` (1 to 5) of the shipped survey's ratings."""
        survey = self.env.ref(SURVEY)
        ratings = survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")
        return [
            question.suggested_answer_ids.filtered(lambda a, level=level: a.answer_score == level).id
            for question, level in zip(ratings, levels, strict=True)
        ]

    def test_the_satisfaction_of_a_session_is_the_average_score_of_its_completed_answers(self):
        survey = self.env.ref(SURVEY)
        very_good = self.answer(self.course, survey, self.scores(5, 5, 5))
        fair = self.answer(self.course, survey, self.scores(3, 3, 3))
        self.answer(self.course, survey, self.scores(1, 1, 1), done=False)
        self.answer(self.make_session(), survey, self.scores(1, 1, 1))
        self.assertEqual((very_good.cri_score, fair.cri_score), (100.0, 60.0))
        self.assertEqual(self.course.cri_satisfaction_score, 80.0)
        self.assertEqual(self.course.cri_survey_done_count, 2)
        by_module = self.env["survey.user_input"]._read_group(
            [("cri_event_id", "=", self.course.id), ("state", "=", "done")],
            ["cri_module_id"],
            ["cri_score:avg"],
        )
        self.assertEqual(by_module, [(self.module, 80.0)])

    def test_a_survey_without_scores_averages_its_scales(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Scales",
                "scoring_type": "no_scoring",
                "question_and_page_ids": [
                    Command.create(
                        {"title": "Content", "question_type": "scale", "scale_min": 0, "scale_max": 10}
                    ),
                    Command.create(
                        {"title": "Pace", "question_type": "scale", "scale_min": 1, "scale_max": 5}
                    ),
                ],
            }
        )
        answer = self.answer(self.course, survey, ["8", "4"])  # 80 % and 75 %
        self.assertEqual(answer.cri_score, 77.5)

    def test_a_training_officer_reads_the_answers_of_its_cri_only(self):
        survey = self.env.ref(SURVEY)
        cric = self.answer(self.course, survey, self.scores(4, 4, 4))
        cai = self.answer(self.make_session(company=self.company_cai), survey, self.scores(4, 4, 4))
        Answer = self.env["survey.user_input"]
        self.assertEqual(Answer.with_user(self.officer).search([("id", "in", (cric | cai).ids)]), cric)
        self.assertEqual(Answer.with_user(self.officer_cai).search([("id", "in", (cric | cai).ids)]), cai)
        self.assertEqual(self.course.with_user(self.officer).cri_satisfaction_score, 80.0)


@tagged("post_install", "-at_install")
class TestCycleCertificate(AfterSessionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.module_two = cls.module.copy({"name": "Foreign nationals law"})
        cls.cycle = cls.env["cri.training.cycle"].create(
            {
                "name": "Intercultural practice",
                "module_ids": [Command.set((cls.module | cls.module_two).ids)],
                "company_ids": [Command.set(cls.company_cric.ids)],
            }
        )

    def render(self, registrations):
        html_bytes = self.env["ir.actions.report"]._render_qweb_html(
            "cri_training.report_cycle_certificate", registrations.ids
        )[0]
        return html.unescape(html_bytes.decode())

    def test_the_certificate_waits_for_every_module_of_the_cycle(self):
        first = self.attend(self.register(self.people[0]))
        with self.assertRaisesRegex(UserError, "not completed the cycle.*Foreign nationals law"):
            first.action_print_cycle_certificate()
        second_session = self.make_session(cri_module_id=self.module_two.id, name="Law session")
        poor = self.attend(self.register(self.people[0], session=second_session), ("present", "absent"))
        self.assertFalse(poor.cri_certificate_eligible)
        with self.assertRaisesRegex(UserError, "Foreign nationals law"):
            first.action_print_cycle_certificate()
        # the report itself refuses, whatever asks for it
        with self.assertRaisesRegex(UserError, "not completed the cycle"):
            self.render(first)

    def test_the_certificate_lists_the_modules_sessions_and_hours_of_the_cycle(self):
        first = self.attend(self.register(self.people[0]))
        second_session = self.make_session(cri_module_id=self.module_two.id, name="Law session")
        self.attend(self.register(self.people[0], session=second_session))
        action = first.action_print_cycle_certificate()
        self.assertEqual(action["report_name"], "cri_training.report_cycle_certificate")
        self.assertFalse(action["data"], "nothing but the registration goes to the report")
        self.assertEqual(action["context"]["active_ids"], first.ids)
        certificate = self.render(first)
        center = self.env.ref("cri_base.center_cric")
        for text in (
            center.name,
            "Practitioner 1",
            "Intercultural practice",
            "Test module",
            "Foreign nationals law",
            "Law session",
        ):
            self.assertIn(text, certificate)
        self.assertIn("9 h", certificate)
        # the certificate speaks French: the total is found by its place, not its words
        self.assertRegex(certificate, r'class="o_cri_hours">[^<]*<strong[^>]*>18</strong>')
        self.assertNotIn("Practitioner 2", certificate)

    def test_a_module_outside_any_cycle_has_no_cycle_certificate(self):
        self.cycle.module_ids = self.module_two
        registration = self.attend(self.register(self.people[0]))
        with self.assertRaisesRegex(UserError, "part of no cycle"):
            registration.action_print_cycle_certificate()
