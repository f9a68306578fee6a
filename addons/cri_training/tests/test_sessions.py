from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestWaitingList(TrainingCase):
    def test_a_full_session_puts_the_next_registrations_on_its_waiting_list(self):
        first, second = self.register(self.people[0]), self.register(self.people[1])
        third = self.register(self.people[2])
        fourth = self.register(self.people[3])
        self.assertEqual((first.state, second.state), ("open", "open"))
        self.assertEqual((third.state, third.cri_waiting), ("draft", True))
        self.assertTrue(fourth.cri_waiting)
        self.assertEqual(self.course.cri_waiting_count, 2)
        self.assertEqual(self.course.seats_taken, 2)

    def test_a_freed_seat_goes_to_the_oldest_waiting_registration(self):
        first = self.register(self.people[0])
        self.register(self.people[1])
        with freeze_time(date.today()):
            third = self.register(self.people[2])
        with freeze_time(date.today() + timedelta(seconds=5)):
            fourth = self.register(self.people[3])
        first.action_cancel()
        self.assertEqual((third.state, third.cri_waiting), ("open", False), "the oldest waiting one")
        self.assertTrue(fourth.cri_waiting)
        # the promoted participant gets its attendance lines
        self.assertEqual(len(third.cri_attendance_ids), 2)

    def test_more_seats_promote_as_many_waiting_registrations(self):
        registrations = [self.register(person) for person in self.people]
        self.course.seats_max = 3
        self.assertEqual([r.state for r in registrations], ["open", "open", "open", "draft"])

    def test_a_waiting_registration_cannot_be_confirmed_by_hand_while_full(self):
        self.register(self.people[0])
        self.register(self.people[1])
        third = self.register(self.people[2])
        with self.assertRaises(UserError):
            third.action_confirm()
        self.assertTrue(third.cri_waiting)

    def test_registrations_close_after_the_deadline(self):
        self.course.cri_registration_deadline = date.today() + timedelta(days=2)
        self.register(self.people[0], user=self.officer)
        with freeze_time(date.today() + timedelta(days=3)):
            self.course.invalidate_recordset(["event_registrations_open"])
            self.assertFalse(self.course.event_registrations_open)
            with self.assertRaises(UserError):
                self.register(self.people[1], user=self.officer)
        self.assertEqual(len(self.course.registration_ids), 1)

    def test_the_deadline_is_before_the_session(self):
        with self.assertRaises(ValidationError):
            self.course.cri_registration_deadline = self.course.date_begin.date() + timedelta(days=1)


@tagged("post_install", "-at_install")
class TestAttendance(TrainingCase):
    def mark(self, registration, states, user=None):
        for line, state in zip(registration.cri_attendance_ids.sorted("date"), states, strict=True):
            line.with_user(user or self.trainer).state = state

    def test_attended_hours_and_the_threshold_boundary(self):
        self.course.cri_attendance_threshold = 66.67
        below, at = self.register(self.people[0]), self.register(self.people[1])
        self.assertEqual(self.course.cri_total_hours, 9)
        self.mark(below, ["present", "absent"])  # 6 of 9 h = 66.67 %
        self.assertEqual((below.cri_attended_hours, below.cri_attendance_rate), (6, 66.67))
        self.assertTrue(below.cri_certificate_eligible, "exactly the threshold is enough")
        self.course.cri_attendance_threshold = 66.68
        self.assertFalse(below.cri_certificate_eligible, "just below the threshold is not")
        self.mark(at, ["present", "present"])
        self.assertEqual((at.cri_attended_hours, at.cri_attendance_rate), (9, 100))
        self.assertTrue(at.cri_certificate_eligible)

    def test_the_default_threshold_is_the_cri_s(self):
        self.company_cric.cri_training_attendance_threshold = 75
        session = self.make_session()
        self.assertEqual(session.cri_attendance_threshold, 75)
        with self.assertRaises(ValidationError):
            session.cri_attendance_threshold = 0

    def test_the_certificate_is_delivered_above_the_threshold_only(self):
        good, poor = self.register(self.people[0]), self.register(self.people[1])
        self.mark(good, ["present", "present"])
        self.mark(poor, ["absent", "present"])
        with self.assertRaises(UserError):
            poor.action_print_certificate()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "cri_training.report_certificate", good.ids
        )
        text = html.decode()
        self.assertIn("Practitioner 1", text)
        self.assertIn("Test module", text)
        self.assertIn("CPAS Test", text)
        self.assertRegex(text, r"9\s*</strong>\s*(of|sur)\s*9")

    def test_the_certificate_prints_french_hours(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        self.course.cri_slot_ids.sorted("date")[-1].hours = 2.5
        good = self.register(self.people[0])
        self.mark(good, ["present", "present"])
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "cri_training.report_certificate", good.ids
        )
        text = html.decode()
        for hours in ("6 h", "2,5 h"):
            self.assertRegex(text, rf">\s*{hours}\s*<", "each day's hours, in French")
        self.assertRegex(text, r">\s*8,5\s*</strong>", "the hours attended")
        self.assertNotRegex(text, r"\b(2\.5|8\.5|6\.0)\b")

    def test_only_the_attendance_is_marked_for_confirmed_participants(self):
        registration = self.register(self.people[0])
        line = registration.cri_attendance_ids[:1]
        with self.assertRaises(UserError):
            line.with_user(self.officer).write({"slot_id": registration.cri_attendance_ids[1].id})
        registration.action_cancel()
        with self.assertRaises(UserError):
            line.with_user(self.trainer).state = "present"

    def test_a_day_lasts_a_sensible_number_of_hours(self):
        with self.assertRaises(ValidationError):
            self.course.cri_slot_ids[1].hours = 6  # a half-day
        with self.assertRaises(ValidationError):
            self.course.cri_slot_ids[0].hours = 0

    def test_a_cycle_is_completed_when_each_module_is(self):
        second_module = self.module.copy({"name": "Second module"})
        cycle = self.env["cri.training.cycle"].create(
            {"name": "Test cycle", "module_ids": [(6, 0, (self.module | second_module).ids)]}
        )
        first = self.register(self.people[0])
        self.mark(first, ["present", "present"])
        self.assertFalse(cycle._completed_by(self.people[0]))
        other = self.make_session(cri_module_id=second_module.id)
        second = self.register(self.people[0], session=other)
        self.mark(second, ["present", "present"])
        self.assertTrue(cycle._completed_by(self.people[0]))
        self.assertFalse(cycle._completed_by(self.people[1]))


@tagged("post_install", "-at_install")
class TestSessionMails(TrainingCase):
    def confirmations(self, partner):
        return self.env["mail.mail"].search(
            [("model", "=", "event.registration"), ("recipient_ids", "in", partner.ids)]
        ) | self.env["mail.mail"].search(
            [("model", "=", "event.registration"), ("email_to", "ilike", partner.email)]
        )

    def send(self):
        for scheduler in self.course.event_mail_ids.filtered(lambda m: m.interval_type == "after_sub"):
            scheduler.execute()

    def test_the_confirmation_is_sent_in_french_when_a_seat_is_taken_not_before(self):
        self.assertTrue(self.env["res.lang"]._get_code("fr_BE"), "the suite's language is installed")
        self.people.lang = "fr_BE"
        first = self.register(self.people[0])
        self.register(self.people[1])
        waiting = self.register(self.people[2])
        self.send()
        self.assertTrue(self.confirmations(self.people[0]))
        self.assertFalse(self.confirmations(self.people[2]), "nothing confirmed to the waiting list")
        first.action_cancel()
        self.assertEqual(waiting.state, "open")
        self.send()
        mail = self.confirmations(self.people[2])
        self.assertTrue(mail, "the promoted practitioner is confirmed by mail")
        self.assertIn("Votre inscription", mail[:1].subject)
