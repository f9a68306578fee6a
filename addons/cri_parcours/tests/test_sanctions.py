import io
from datetime import date

import PyPDF2
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.modules.migration import load_script
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import PathwayCase, PathwayHttpCase

MIGRATION = "cri_parcours/migrations/18.0.1.1.0/post-sanction-ladder.py"


class SanctionCase(PathwayCase):
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
        # the 2024 ladder as shipped: reminder, formal notice, report with the fine
        cls.reminder, cls.formal_notice, cls.report = (
            cls.env.ref(f"cri_parcours.regime_2024_sanction_{code}")
            for code in ("reminder", "formal_notice", "report")
        )
        # the names the CRIs read, whatever the state of the French translation file
        for step, french in ((cls.reminder, "Rappel"), (cls.formal_notice, "Mise en demeure")):
            step.update_field_translations("name", {"fr_BE": french})
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


@tagged("post_install", "-at_install")
class TestSanctions(SanctionCase):
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
        self.assertEqual(pathway.sanction_step_id, self.reminder)
        self.assertEqual(pathway.sanction_next_date, date(2024, 10, 4))
        reminder = pathway.sanction_ids
        self.assertEqual(len(reminder), 1)
        self.assertEqual(
            (reminder.step_id, reminder.deadline_kind, reminder.deadline, reminder.date),
            (self.reminder, "presentation", date(2024, 9, 3), date(2024, 9, 4)),
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

        # the person still has time: nothing before the reminder's delay (30 days) has passed
        self.assertFalse(self.run_cron("2024-10-03"))
        self.assertEqual(len(pathway.sanction_ids), 1)

        # 30 days later: formal notice
        self.assertEqual(self.run_cron("2024-10-04"), pathway)
        self.assertEqual(pathway.sanction_step_id, self.formal_notice)
        self.assertEqual(pathway.sanction_next_date, date(2024, 11, 3))
        notice = pathway.sanction_ids.filtered(lambda s: s.step_id == self.formal_notice)
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
        self.assertEqual(pathway.sanction_step_id, self.report)
        report = pathway.sanction_ids.filtered(lambda s: s.step_id == self.report)
        self.assertEqual(len(report), 1)
        self.assertEqual((report.fine_min, report.fine_max), (100, 2500))
        self.assertEqual(report.currency_id, self.env.ref("base.EUR"))
        body = self.messages(pathway)[0].body
        self.assertIn("reported to the competent authority", body)
        # the amount is formatted in the rendering language: 2,500.00 or 2 500,00
        self.assertRegex(body, r"2(,|\xa0|&nbsp;)500[.,]00")

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
        report = self.mandatory.sanction_ids.filtered(lambda s: s.step_id == self.report)
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
        self.assertEqual(self.not_yet_due.sanction_ids.step_id, self.reminder)

    def test_step_does_not_repeat_before_the_delay_of_the_step(self):
        self.reminder.delay_days = 10
        self.run_cron("2024-09-04")
        for day in ("2024-09-05", "2024-09-10", "2024-09-13"):
            self.assertNotIn(self.mandatory, self.run_cron(day), day)
        self.assertEqual(len(self.mandatory.sanction_ids), 1)
        self.assertEqual(self.mandatory.sanction_next_date, date(2024, 9, 14))
        self.assertEqual(self.run_cron("2024-09-14"), self.mandatory)
        self.assertEqual(self.mandatory.sanction_step_id, self.formal_notice)

    def test_presenting_resets_the_procedure(self):
        self.run_cron("2024-09-04")
        self.assertEqual(self.mandatory.sanction_step_id, self.reminder)
        with freeze_time("2024-09-20"):
            self.mandatory.action_start_reception()
        self.assertEqual(self.mandatory.reception_date, date(2024, 9, 20))
        self.assertFalse(self.mandatory.deadline_missed)
        self.assertFalse(self.mandatory.sanction_step_id)
        self.assertFalse(self.mandatory.sanction_next_date)
        self.assertNotIn(self.mandatory, self.run_cron("2024-10-04"))
        self.assertEqual(len(self.mandatory.sanction_ids), 1, "the history of the procedure stays")

    def test_missed_module_deadline_during_convention_is_flagged(self):
        pathway = self.to_convention(self.make_file(date(2024, 6, 3)), convention_date=date(2024, 10, 1))
        self.assertEqual(pathway.next_deadline, date(2025, 2, 1))
        self.assertNotIn(pathway, self.run_cron("2025-02-01"))
        self.assertIn(pathway, self.run_cron("2025-02-02"))
        self.assertEqual(
            pathway.sanction_ids.mapped(lambda s: (s.step_id, s.deadline_kind, s.deadline)),
            [(self.reminder, "citizenship", date(2025, 2, 1))],
        )

    def test_completing_the_missed_module_ends_its_procedure_and_a_later_miss_starts_anew(self):
        pathway = self.to_convention(self.make_file(date(2024, 6, 3)), convention_date=date(2024, 10, 1))
        self.run_cron("2025-02-02")
        self.assertEqual(
            (pathway.sanction_step_id, pathway.sanction_deadline_kind), (self.reminder, "citizenship")
        )
        citizenship = self.module(pathway, "citizenship")
        self.attend(citizenship, citizenship.required_hours)
        citizenship.action_complete()
        self.assertEqual(
            (pathway.deadline_missed, pathway.sanction_step_id, pathway.sanction_deadline_kind),
            (False, self.reminder.browse(), False),
        )
        closing = self.messages(pathway)[0]
        self.assertIn("Procédure de sanction clôturée", closing.body)
        citizenship_type = self.env.ref("cri_parcours.module_type_citizenship")
        self.assertIn(citizenship_type.with_context(lang="fr_BE").name, closing.body)
        self.assertEqual(closing.tracking_value_ids.mapped("old_value_char"), ["Rappel"])
        # the French deadline (16 months) is missed later: a new procedure, from the reminder
        self.assertNotIn(pathway, self.run_cron("2025-03-05"))
        self.assertIn(pathway, self.run_cron("2026-02-02"))
        self.assertEqual(
            (pathway.sanction_step_id, pathway.sanction_deadline_kind), (self.reminder, "french")
        )
        self.assertEqual(
            pathway.sanction_ids.mapped(lambda s: (s.step_id, s.deadline_kind)),
            [(self.reminder, "french"), (self.reminder, "citizenship")],
        )

    def test_batch_limit_processes_at_most_batch_size_files(self):
        others = self.make_file(date(2024, 6, 4)) | self.make_file(date(2024, 6, 5))
        overdue = self.mandatory | others
        first = self.run_cron("2024-09-10", batch_size=2)
        self.assertEqual(first, self.mandatory | others[0], "the earliest deadlines come first")
        self.assertEqual(len(overdue.filtered("sanction_step_id")), 2)
        second = self.run_cron("2024-09-10", batch_size=2)
        self.assertEqual(second, others[1])
        self.assertFalse(self.run_cron("2024-09-10", batch_size=2))
        self.assertEqual([pathway.sanction_step_id for pathway in overdue], [self.reminder] * 3)

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
class TestSanctionLadder(SanctionCase):
    """The ladder is data of the regime: its steps, delays, letters and fines are the records'."""

    def _template(self, word):
        return self.env["mail.template"].create(
            {
                "name": f"Pathway: {word}",
                "model_id": self.env["ir.model"]._get_id("cri.pathway"),
                "subject": f"{word} ({{{{ object.name }}}})",
                "body_html": f"<p>Letter of the {word} step.</p>",
                "partner_to": "{{ object.partner_id.id }}",
            }
        )

    def _step(self, code, sequence, delay_days, apply_fine=False, regime=None):
        return {
            **({"regime_id": (regime or self.regime_2024).id} if regime is not False else {}),
            "name": code.capitalize(),
            "code": code,
            "sequence": sequence,
            "delay_days": delay_days,
            "template_id": self._template(code).id,
            "apply_fine": apply_fine,
        }

    def test_a_new_regime_with_a_two_step_ladder_gives_exactly_its_steps_delays_and_letters(self):
        regime = self.env["cri.pathway.regime"].create(
            {
                "name": "Decree of tomorrow",
                "date_from": date(2025, 1, 1),
                "line_ids": self.module_lines(),
                "convention_months": 12,
                "presentation_deadline_months": 3,
                "fine_min": 50,
                "fine_max": 500,
                "sanction_step_ids": [
                    Command.create(self._step("warning", 1, 15, regime=False)),
                    Command.create(self._step("penalty", 2, 60, apply_fine=True, regime=False)),
                ],
            }
        )
        warning, penalty = regime.sanction_step_ids
        self.assertEqual((warning.code, penalty.code, penalty.is_last), ("warning", "penalty", True))
        # presentation deadline 2025-04-10
        pathway = self.make_file(date(2025, 1, 10))
        self.assertEqual(pathway.regime_id, regime)

        self.assertIn(pathway, self.run_cron("2025-04-11"))
        self.assertEqual(pathway.sanction_step_id, warning)
        self.assertEqual(pathway.sanction_next_date, date(2025, 4, 26), "the warning leaves 15 days")
        self.assertEqual(self.messages(pathway)[0].subject, f"warning ({pathway.name})")
        self.assertIn("Letter of the warning step.", self.messages(pathway)[0].body)
        self.assertEqual(pathway.sanction_ids.mapped(lambda s: (s.fine_min, s.fine_max)), [(0, 0)])
        self.assertEqual(self._activities(pathway).summary, "Échéance dépassée : Warning")

        self.assertNotIn(pathway, self.run_cron("2025-04-25"))
        self.assertIn(pathway, self.run_cron("2025-04-26"))
        self.assertEqual(pathway.sanction_step_id, penalty)
        self.assertEqual(pathway.sanction_next_date, date(2025, 6, 25), "the penalty leaves 60 days")
        self.assertEqual(self.messages(pathway)[0].subject, f"penalty ({pathway.name})")
        self.assertEqual(
            self.messages(pathway)[0].tracking_value_ids.mapped(
                lambda t: (t.old_value_char, t.new_value_char)
            ),
            [("Warning", "Penalty")],
        )
        penalty_taken = pathway.sanction_ids.filtered(lambda s: s.step_id == penalty)
        self.assertEqual((penalty_taken.fine_min, penalty_taken.fine_max), (50, 500))

        # the last step of the ladder: no more step, and the file leaves the check's search
        self.assertNotIn(pathway, self.run_cron("2025-12-01"))
        self.assertEqual(pathway.sanction_ids.step_id, warning | penalty)
        self.assertEqual(len(pathway.sanction_ids), 2)
        self.assertNotIn(pathway, pathway.search(pathway._overdue_domain(date(2025, 12, 1))))

    def test_a_longer_delay_of_a_step_postpones_the_next_step(self):
        self.reminder.delay_days = 45
        self.run_cron("2024-09-04")
        self.assertEqual(self.mandatory.sanction_next_date, date(2024, 10, 19))
        self.assertFalse(self.run_cron("2024-10-04"), "the former 30 days no longer apply")
        self.assertEqual(self.run_cron("2024-10-19"), self.mandatory)
        self.assertEqual(self.mandatory.sanction_step_id, self.formal_notice)

    def test_the_fine_is_set_only_at_a_step_that_applies_it(self):
        self.formal_notice.apply_fine = True
        self.report.apply_fine = False
        for day in ("2024-09-04", "2024-10-04", "2024-11-03"):
            self.run_cron(day)
        fines = {taken.step_id: (taken.fine_min, taken.fine_max) for taken in self.mandatory.sanction_ids}
        self.assertEqual(fines, {self.reminder: (0, 0), self.formal_notice: (100, 2500), self.report: (0, 0)})

    def test_a_step_added_after_the_last_one_is_taken_next(self):
        for day in ("2024-09-04", "2024-10-04", "2024-11-03"):
            self.run_cron(day)
        self.assertEqual(self.mandatory.sanction_step_id, self.report)
        self.assertNotIn(self.mandatory, self.run_cron("2024-12-10"))
        court = self.env["cri.pathway.regime.sanction.step"].create(self._step("court", 40, 30))
        self.assertEqual((self.report.is_last, court.is_last), (False, True))
        self.assertIn(self.mandatory, self.run_cron("2024-12-10"))
        self.assertEqual(self.mandatory.sanction_step_id, court)

    def test_each_regime_follows_its_own_ladder(self):
        # registered in 2019: the 2018 regime, whose reminder leaves 10 days
        older = self.make_file(date(2019, 1, 10))
        self.env.ref("cri_parcours.regime_2018_sanction_reminder").delay_days = 10
        self.run_cron("2019-04-11")
        self.assertEqual(older.sanction_step_id, self.env.ref("cri_parcours.regime_2018_sanction_reminder"))
        self.assertEqual(older.sanction_next_date, date(2019, 4, 21))

    def test_ladder_edits_are_noted_in_the_regimes_history(self):
        regime = self.regime_2024
        self.flush_tracking()
        Step = self.env["cri.pathway.regime.sanction.step"]
        court = Step.create(self._step("court", 40, 30))
        self.assertIn(
            "step “Court” added",
            self.env["mail.message"]
            .search([("model", "=", regime._name), ("res_id", "=", regime.id)], limit=1)
            .body,
        )
        court.write({"delay_days": 20, "apply_fine": True})
        note = self.env["mail.message"].search(
            [("model", "=", regime._name), ("res_id", "=", regime.id)], limit=1
        )
        self.assertIn("step “Court” changed", note.body)
        self.assertRegex(note.body, r"30 → 20")
        court.unlink()
        note = self.env["mail.message"].search(
            [("model", "=", regime._name), ("res_id", "=", regime.id)], limit=1
        )
        self.assertIn("step “Court” (court, 20 days) removed", note.body)

    def test_a_step_needs_a_positive_delay_a_pathway_letter_and_a_code_of_its_own(self):
        Step = self.env["cri.pathway.regime.sanction.step"]
        with self.assertRaisesRegex(ValidationError, "at least one day"), self.env.cr.savepoint():
            self.reminder.delay_days = 0
        other = self.env["mail.template"].create(
            {"name": "Other", "model_id": self.env["ir.model"]._get_id("res.partner")}
        )
        with (
            self.assertRaisesRegex(ValidationError, "e-mail template of the pathway files"),
            self.env.cr.savepoint(),
        ):
            self.reminder.template_id = other
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Step.create(self._step("reminder", 50, 30))
        # the same code in another regime is another step
        self.assertTrue(Step.create(self._step("court", 50, 30, regime=self.regime_2018)))

    def test_a_regime_with_files_keeps_one_step_and_a_step_keeps_its_regime(self):
        with self.assertRaisesRegex(UserError, "at least one step"), self.env.cr.savepoint():
            self.regime_2024.sanction_step_ids.unlink()
        with self.assertRaisesRegex(UserError, "cannot move"), self.env.cr.savepoint():
            self.reminder.regime_id = self.regime_2018

    def test_only_a_region_administrator_edits_a_ladder(self):
        for user in (self.social_worker, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.reminder.with_user(user).delay_days = 5
        self.assertEqual(self.reminder.with_user(self.social_worker).delay_days, 30, "read by the staff")


@tagged("post_install", "-at_install")
class TestSanctionLadderMigration(PathwayCase):
    """The post- script of 18.0.1.1.0 on a database that still has the old step columns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cr = cls.env.cr
        # what the upgrade leaves before the script: the old columns beside the new, empty links
        cr.execute("ALTER TABLE cri_pathway ADD COLUMN IF NOT EXISTS sanction_step varchar")
        cr.execute("ALTER TABLE cri_pathway_sanction ADD COLUMN IF NOT EXISTS step varchar")
        cr.execute("ALTER TABLE cri_pathway_sanction ALTER COLUMN step_id DROP NOT NULL")
        cr.execute("ALTER TABLE cri_pathway_regime ADD COLUMN IF NOT EXISTS sanction_step_days integer")
        cr.execute("UPDATE cri_pathway_regime SET sanction_step_days = 30")
        cls.regimes = cls.regime_2016 | cls.regime_2018 | cls.regime_2024
        cr.execute(
            "UPDATE cri_pathway_regime SET sanction_step_days = 20 WHERE id = %s", [cls.regime_2018.id]
        )
        # a regime of the Region's administrators, without a ladder, and 12 days between steps
        cls.own_regime = cls.regime_2024.copy({"date_from": date(2031, 1, 1), "sanction_step_ids": []})
        cr.execute("UPDATE cri_pathway_regime SET sanction_step_days = 12 WHERE id = %s", [cls.own_regime.id])
        cls.file_2019 = cls.make_file(date(2019, 1, 10))
        cls.file_2024 = cls.make_file(date(2024, 6, 3))
        for pathway, step in ((cls.file_2019, "formal_notice"), (cls.file_2024, "reminder")):
            cr.execute("UPDATE cri_pathway SET sanction_step = %s WHERE id = %s", [step, pathway.id])
        cls.history = cls.env["cri.pathway.sanction"].create(
            [
                {
                    "pathway_id": cls.file_2019.id,
                    "step_id": cls.env.ref("cri_parcours.regime_2016_sanction_report").id,
                    "deadline_kind": "presentation",
                    "deadline": date(2019, 4, 10),
                }
                for _i in range(2)
            ]
        )
        cls.env.flush_all()
        cr.execute(
            "UPDATE cri_pathway_sanction SET step_id = NULL, step = CASE WHEN id = %s THEN 'reminder' "
            "ELSE 'formal_notice' END WHERE id IN %s",
            [cls.history[0].id, tuple(cls.history.ids)],
        )
        cls.env.invalidate_all()
        load_script(MIGRATION, "cri_parcours_post_sanction_ladder").migrate(cr, "18.0.1.0.0")

    def step(self, regime, code):
        return regime.sanction_step_ids.filtered(lambda step: step.code == code)

    def test_migration_links_each_file_to_the_step_of_its_regime_with_the_old_code(self):
        self.assertEqual(self.file_2019.sanction_step_id, self.step(self.regime_2018, "formal_notice"))
        self.assertEqual(self.file_2024.sanction_step_id, self.step(self.regime_2024, "reminder"))

    def test_migration_links_the_steps_taken_to_the_steps_of_the_files_regime(self):
        self.assertEqual(
            self.history.mapped("step_id"),
            self.step(self.regime_2018, "reminder") | self.step(self.regime_2018, "formal_notice"),
        )

    def test_migration_keeps_the_former_delay_of_each_regime(self):
        self.assertEqual(set(self.regime_2018.sanction_step_ids.mapped("delay_days")), {20})
        self.assertEqual(set(self.regime_2024.sanction_step_ids.mapped("delay_days")), {30})

    def test_migration_gives_a_regime_without_ladder_the_former_one(self):
        ladder = self.own_regime.sanction_step_ids
        self.assertEqual(ladder.mapped("code"), ["reminder", "formal_notice", "report"])
        self.assertEqual(set(ladder.mapped("delay_days")), {12})
        self.assertEqual(ladder.mapped("apply_fine"), [False, False, True])
        self.assertEqual(ladder[0].template_id, self.env.ref("cri_parcours.mail_template_sanction_reminder"))

    def test_migration_of_a_database_without_the_old_columns_changes_nothing(self):
        for table, column in (
            ("cri_pathway", "sanction_step"),
            ("cri_pathway_sanction", "step"),
            ("cri_pathway_regime", "sanction_step_days"),
        ):
            self.env.cr.execute(
                SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(table), SQL.identifier(column))
            )
        before = self.env["cri.pathway.regime.sanction.step"].search_count([])
        load_script(MIGRATION, "cri_parcours_post_sanction_ladder").migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(self.env["cri.pathway.regime.sanction.step"].search_count([]), before)
        self.assertEqual(self.file_2019.sanction_step_id, self.step(self.regime_2018, "formal_notice"))


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
