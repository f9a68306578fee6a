import io
from datetime import date

import PyPDF2
from freezegun import freeze_time

from odoo.tests import tagged

from .common import PathwayCase, PathwayHttpCase


@tagged("post_install", "-at_install")
class TestSanctions(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the suite writes in the CRIs' French (Belgium): load it, whatever the test database has
        cls.env["res.lang"]._activate_lang("fr_BE")
        cls.env["ir.module.module"].search([("name", "=", "cri_parcours")])._update_translations(["fr_BE"])
        Pathway = cls.env["cri.pathway"]
        # files that exist before these tests must not take part in the daily check
        Pathway.search([]).write(
            {"eligibility_override": "voluntary", "eligibility_override_reason": "Out of the sanction tests"}
        )
        cls.sanction_type = cls.env.ref("cri_parcours.mail_activity_type_sanction")
        # presentation deadline 2024-09-03
        cls.mandatory = cls.make_file(date(2024, 6, 3))
        cls.excluded = cls.make_file(date(2024, 6, 3), person=cls.make_person(nationality=cls.france))
        cls.exempted = cls.make_file(date(2024, 6, 3), person=cls.make_person(birthdate=date(1950, 1, 1)))
        # presentation deadline 2024-11-20
        cls.not_yet_due = cls.make_file(date(2024, 8, 20))

    def run_cron(self, day, **kwargs):
        with freeze_time(day):
            return self.env["cri.pathway"]._cron_check_deadlines(**kwargs)

    def _activities(self, pathway):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "cri.pathway"),
                ("res_id", "=", pathway.id),
                ("activity_type_id", "=", self.sanction_type.id),
            ]
        )

    def test_setup_has_one_mandatory_overdue_file(self):
        self.assertTrue(self.mandatory.is_mandatory)
        self.assertEqual(self.mandatory.presentation_deadline, date(2024, 9, 3))
        self.assertEqual((self.excluded.eligibility, self.exempted.eligibility), ("excluded", "exempted"))
        self.assertEqual(self.not_yet_due.next_deadline, date(2024, 11, 20))

    def test_nothing_happens_on_the_deadline_itself(self):
        self.assertFalse(self.run_cron("2024-09-03"))
        self.assertFalse(self.mandatory.sanction_ids)
        self.assertFalse(self.mandatory.deadline_missed)

    def test_missed_presentation_gets_reminder_then_formal_notice_then_report(self):
        pathway = self.mandatory
        # day after the deadline: reminder
        self.assertEqual(self.run_cron("2024-09-04"), pathway)
        self.assertTrue(pathway.deadline_missed)
        self.assertEqual(pathway.sanction_step, "reminder")
        self.assertEqual(pathway.sanction_next_date, date(2024, 10, 4))
        reminder = pathway.sanction_ids
        self.assertEqual(len(reminder), 1)
        self.assertEqual(
            (reminder.step, reminder.deadline_kind, reminder.deadline, reminder.date),
            ("reminder", "presentation", date(2024, 9, 3), date(2024, 9, 4)),
        )
        self.assertEqual((reminder.fine_min, reminder.fine_max), (0, 0))
        activity = self._activities(pathway)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.social_worker)
        self.assertEqual(activity.date_deadline, date(2024, 9, 4))
        # written for the CRI's staff: in French, whatever the language of the scheduler
        self.assertEqual(activity.summary, "Échéance dépassée : Rappel")
        # one message: the letter (in the person's language, English here), which also shows the
        # change of step; no separate tracking message
        message = self.messages(pathway)[0]
        self.assertIn("has passed without the step being done", message.body)
        self.assertIn(pathway.partner_id.name, message.body)
        self.assertIn("reminder", message.subject)
        self.assertEqual(self.messages(pathway).filtered(lambda m: m.tracking_value_ids), message)
        self.assertEqual(message.tracking_value_ids.new_value_char, "Rappel")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

        # the person still has time: nothing before sanction_step_days (30) have passed
        self.assertFalse(self.run_cron("2024-10-03"))
        self.assertEqual(len(pathway.sanction_ids), 1)

        # 30 days later: formal notice
        self.assertEqual(self.run_cron("2024-10-04"), pathway)
        self.assertEqual(pathway.sanction_step, "formal_notice")
        self.assertEqual(pathway.sanction_next_date, date(2024, 11, 3))
        notice = pathway.sanction_ids.filtered(lambda s: s.step == "formal_notice")
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.date, date(2024, 10, 4))
        self.assertIn("formal notice", self.messages(pathway)[0].body)
        self.assertEqual(
            self.messages(pathway)[0].tracking_value_ids.mapped(
                lambda t: (t.old_value_char, t.new_value_char)
            ),
            [("Rappel", "Mise en demeure")],
        )
        self.assertEqual(len(self._activities(pathway)), 2)

        # later: report to the authority with the fine range of the regime
        self.assertEqual(self.run_cron("2024-11-05"), pathway)
        self.assertEqual(pathway.sanction_step, "report")
        report = pathway.sanction_ids.filtered(lambda s: s.step == "report")
        self.assertEqual(len(report), 1)
        self.assertEqual((report.fine_min, report.fine_max), (100, 2500))
        self.assertEqual(report.currency_id, self.env.ref("base.EUR"))
        body = self.messages(pathway)[0].body
        self.assertIn("reported to the competent authority", body)
        # the amount is formatted in the rendering language: 2,500.00 or 2.500,00
        self.assertRegex(body, r"2[.,]500[.,]00")

        # the report ends the procedure: no further step
        self.assertNotIn(pathway, self.run_cron("2025-06-01"))
        self.assertEqual(len(pathway.sanction_ids), 3)

    def test_letter_and_activity_are_in_french_whatever_the_running_language(self):
        self.env.user.lang = "en_US"
        # a person without language, and one whose language the letter has no translation in
        self.env["res.lang"]._activate_lang("nl_BE")
        unknown = self.make_file(date(2024, 6, 3), person=self.make_person(lang=False))
        dutch = self.make_file(date(2024, 6, 3), person=self.make_person(lang="nl_BE"))
        with freeze_time("2024-09-04"):
            self.env["cri.pathway"].with_context(lang="en_US")._cron_check_deadlines()
        for pathway in (unknown, dutch):
            with self.subTest(lang=pathway.partner_id.lang):
                letter = self.messages(pathway)[0]
                self.assertIn("est dépassée sans que l'étape ait été accomplie", letter.body)
                self.assertIn("Votre parcours d'intégration : rappel", letter.subject)
                self.assertEqual(self._activities(pathway).summary, "Échéance dépassée : Rappel")
                self.assertIn("imprimez le courrier", str(self._activities(pathway).note))
                # the printed letter is the same letter
                subject, body = pathway.sanction_ids._letter()
                self.assertEqual(subject, letter.subject)
                self.assertIn("est dépassée sans que l'étape ait été accomplie", body)

    def test_letter_is_in_the_persons_language_when_it_has_a_translation(self):
        # the person reads English (see make_person); the scheduler runs in French
        with freeze_time("2024-09-04"):
            self.env["cri.pathway"].with_context(lang="fr_BE")._cron_check_deadlines()
        letter = self.messages(self.mandatory)[0]
        self.assertIn("has passed without the step being done", letter.body)
        self.assertEqual(self._activities(self.mandatory).summary, "Échéance dépassée : Rappel")

    def test_letter_is_emailed_to_a_person_with_an_address(self):
        person = self.make_person(email="amina.mail@example.org")
        pathway = self.make_file(date(2024, 6, 3), person=person)
        pathway.message_subscribe(partner_ids=self.social_worker.partner_id.ids)
        self.run_cron("2024-09-04")
        letter = self.messages(pathway)[0]
        mail = self.env["mail.mail"].search([("mail_message_id", "=", letter.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual((mail.recipient_ids, mail.state), (person, "outgoing"))
        self.assertIn("has passed without the step being done", mail.body_html)
        self.assertEqual(
            letter.notification_ids.mapped(
                lambda n: (n.res_partner_id, n.notification_type, n.notification_status)
            ),
            [(person, "email", "ready")],
            "the person is the only recipient: the follower is told by the activity",
        )
        # the person without an address gets no e-mail, but the same letter in the chatter
        self.assertIn("has passed without the step being done", self.messages(self.mandatory)[0].body)
        self.assertFalse(self.messages(self.mandatory)[0].notification_ids)
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "cri.pathway"), ("res_id", "=", self.mandatory.id)])
        )

    def test_each_assignee_is_told_once_of_all_their_new_activities(self):
        files = self.mandatory | self.make_file(date(2024, 6, 3))
        self.run_cron("2024-09-04")
        notices = self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.social_worker.partner_id.ids),
            ]
        )
        self.assertEqual(len(notices), 1)
        for pathway in files:
            self.assertIn(pathway.name, notices.body)
            self.assertEqual(self._activities(pathway).user_id, self.social_worker)

    def test_activity_of_a_file_without_social_worker_goes_to_the_director(self):
        self.center_cric.manager_id = self.manager
        pathway = self.make_file(date(2024, 6, 3), social_worker_id=None)
        self.run_cron("2024-09-04")
        self.assertEqual(self._activities(pathway).user_id, self.manager)
        self.center_cric.manager_id = False
        other = self.make_file(date(2024, 6, 4), social_worker_id=None)
        self.run_cron("2024-09-05")
        self.assertEqual(self._activities(other).user_id, self.env.user, "else the running user")

    def test_fine_range_follows_the_regime(self):
        self.regime_2024.write({"fine_min": 150, "fine_max": 1000})
        for day in ("2024-09-04", "2024-10-04", "2024-11-03"):
            self.run_cron(day)
        report = self.mandatory.sanction_ids.filtered(lambda s: s.step == "report")
        self.assertEqual((report.fine_min, report.fine_max), (150, 1000))

    def test_voluntary_files_are_never_flagged(self):
        manager_decision = self.make_file(date(2024, 6, 3))
        manager_decision.write(
            {"eligibility_override": "voluntary", "eligibility_override_reason": "Sick child"}
        )
        for day in ("2024-09-04", "2024-12-01", "2025-06-01"):
            self.run_cron(day)
        for pathway in (self.excluded, self.exempted, manager_decision):
            with self.subTest(eligibility=pathway.eligibility):
                self.assertFalse(pathway.sanction_ids)
                self.assertFalse(pathway.deadline_missed)
                self.assertFalse(self._activities(pathway))

    def test_file_whose_deadline_is_not_passed_is_not_flagged(self):
        self.run_cron("2024-11-20")
        self.assertFalse(self.not_yet_due.sanction_ids)
        self.run_cron("2024-11-21")
        self.assertEqual(self.not_yet_due.sanction_ids.mapped("step"), ["reminder"])

    def test_step_does_not_repeat_before_sanction_step_days(self):
        self.regime_2024.sanction_step_days = 10
        self.run_cron("2024-09-04")
        for day in ("2024-09-05", "2024-09-10", "2024-09-13"):
            self.assertNotIn(self.mandatory, self.run_cron(day), day)
        self.assertEqual(len(self.mandatory.sanction_ids), 1)
        self.assertEqual(self.mandatory.sanction_next_date, date(2024, 9, 14))
        self.assertEqual(self.run_cron("2024-09-14"), self.mandatory)
        self.assertEqual(self.mandatory.sanction_step, "formal_notice")

    def test_presenting_resets_the_procedure(self):
        self.run_cron("2024-09-04")
        self.assertEqual(self.mandatory.sanction_step, "reminder")
        with freeze_time("2024-09-20"):
            self.mandatory.action_start_reception()
        self.assertEqual(self.mandatory.reception_date, date(2024, 9, 20))
        self.assertFalse(self.mandatory.deadline_missed)
        self.assertFalse(self.mandatory.sanction_step)
        self.assertFalse(self.mandatory.sanction_next_date)
        self.assertNotIn(self.mandatory, self.run_cron("2024-10-04"))
        self.assertEqual(len(self.mandatory.sanction_ids), 1, "the history of the procedure stays")

    def test_missed_module_deadline_during_convention_is_flagged(self):
        pathway = self.to_convention(self.make_file(date(2024, 6, 3)), convention_date=date(2024, 10, 1))
        self.assertEqual(pathway.next_deadline, date(2025, 2, 1))
        self.assertNotIn(pathway, self.run_cron("2025-02-01"))
        self.assertIn(pathway, self.run_cron("2025-02-02"))
        self.assertEqual(
            pathway.sanction_ids.mapped(lambda s: (s.step, s.deadline_kind, s.deadline)),
            [("reminder", "citizenship", date(2025, 2, 1))],
        )

    def test_completing_the_missed_module_ends_its_procedure_and_a_later_miss_starts_anew(self):
        pathway = self.to_convention(self.make_file(date(2024, 6, 3)), convention_date=date(2024, 10, 1))
        self.run_cron("2025-02-02")
        self.assertEqual((pathway.sanction_step, pathway.sanction_deadline_kind), ("reminder", "citizenship"))
        citizenship = self.module(pathway, "citizenship")
        self.attend(citizenship, citizenship.required_hours)
        citizenship.action_complete()
        self.assertEqual(
            (pathway.deadline_missed, pathway.sanction_step, pathway.sanction_deadline_kind),
            (False, False, False),
        )
        closing = self.messages(pathway)[0]
        self.assertIn("Procédure de sanction clôturée", closing.body)
        self.assertIn("Module citoyenneté", closing.body)
        self.assertEqual(closing.tracking_value_ids.mapped("old_value_char"), ["Rappel"])
        # the French deadline (16 months) is missed later: a new procedure, from the reminder
        self.assertNotIn(pathway, self.run_cron("2025-03-05"))
        self.assertIn(pathway, self.run_cron("2026-02-02"))
        self.assertEqual((pathway.sanction_step, pathway.sanction_deadline_kind), ("reminder", "french"))
        self.assertEqual(
            pathway.sanction_ids.mapped(lambda s: (s.step, s.deadline_kind)),
            [("reminder", "french"), ("reminder", "citizenship")],
        )

    def test_batch_limit_processes_at_most_batch_size_files(self):
        others = self.make_file(date(2024, 6, 4)) | self.make_file(date(2024, 6, 5))
        overdue = self.mandatory | others
        first = self.run_cron("2024-09-10", batch_size=2)
        self.assertEqual(first, self.mandatory | others[0], "the earliest deadlines come first")
        self.assertEqual(len(overdue.filtered("sanction_step")), 2)
        second = self.run_cron("2024-09-10", batch_size=2)
        self.assertEqual(second, others[1])
        self.assertFalse(self.run_cron("2024-09-10", batch_size=2))
        self.assertEqual(overdue.mapped("sanction_step"), ["reminder"] * 3)

    def test_completed_convention_waiting_for_its_certificate_does_not_block_the_batch(self):
        completed = self.to_convention(self.make_file(date(2019, 1, 10)), convention_date=date(2019, 3, 1))
        for module in completed.module_ids:
            self.attend(module, module.required_hours)
            module.action_complete()
        # past the convention end, the certificate is still to issue: an overdue file for the
        # staff, not a missed deadline of the person
        self.assertEqual(completed.next_deadline, date(2020, 9, 1))
        self.assertEqual(self.run_cron("2024-09-10", batch_size=1), self.mandatory)
        self.assertFalse(self.run_cron("2024-09-10", batch_size=1))
        self.assertFalse(completed.sanction_ids)
        self.assertFalse(completed.deadline_missed)


@tagged("post_install", "-at_install")
class TestSanctionLetter(PathwayHttpCase):
    """A person without an e-mail address gets the same letter on paper."""

    def test_person_without_email_gets_a_printable_letter(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        self.env["ir.module.module"].search([("name", "=", "cri_parcours")])._update_translations(["fr_BE"])
        pathway = self.make_file(date(2024, 6, 3))
        self.assertFalse(pathway.partner_id.email)
        with freeze_time("2024-09-04"):
            self.env["cri.pathway"]._cron_check_deadlines()
        activity = pathway.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("cri_parcours.mail_activity_type_sanction")
        )
        self.assertIn("n'a pas d'adresse e-mail", activity.note)
        reminder = pathway.sanction_ids
        action = reminder.with_user(self.social_worker).action_print_letter()
        self.assertEqual(action["report_name"], "cri_parcours.report_sanction_letter")
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("cri_parcours.action_report_sanction_letter", res_ids=reminder.ids)
        )
        text = " ".join(PyPDF2.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
        self.assertIn(pathway.partner_id.name, text)
        self.assertIn(pathway.name, text)
        self.assertIn("has passed without the step being done", text)
