"""The server's rules of a registration and of its attendance: the fields a decision rests on
(waiting list, attended hours, rate, certificate, follow-up) are the workflow's, whatever the
user and the client; a registration never moves to another session nor is made to an ended one;
attendance lines are created on a day of the participant's own session, within its dates, for a
confirmed participant only; deadlines are days in Brussels."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import LEGAL_TZ

from .common import TrainingCase, TrainingHttpCase

DECISIONS = {
    "cri_waiting": True,
    "cri_waiting_since": "2000-01-01 00:00:00",
    "cri_attended_hours": 9.0,
    "cri_attendance_rate": 100.0,
    "cri_certificate_eligible": True,
    "cri_followup_sent": True,
}


def utc(day, hour, minute=0):
    """The UTC time, as Odoo stores it, of ``hour``:``minute`` on ``day`` in Brussels."""
    local = LEGAL_TZ.localize(datetime.combine(day, time(hour, minute)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestRegistrationWorkflowFields(TrainingCase):
    def test_the_decision_fields_of_a_registration_are_refused_to_every_user(self):
        registration = self.register(self.people[0])
        manager = self.env["res.users"].create(
            {
                "name": "Training manager",
                "login": "training-rules-manager",
                "groups_id": [Command.set(self.env.ref("cri_base.group_manager").ids)],
                "company_id": self.company_cric.id,
                "company_ids": [Command.set(self.company_cric.ids)],
            }
        )
        for user in (self.officer, manager):
            for name, value in DECISIONS.items():
                with self.subTest(user=user.login, field=name):
                    with self.assertRaisesRegex(UserError, "nobody sets them by hand"):
                        registration.with_user(user).write({name: value})
                    with self.assertRaisesRegex(UserError, "nobody sets them by hand"):
                        self.env["event.registration"].with_user(user).create(
                            {"event_id": self.course.id, "partner_id": self.people[1].id, name: value}
                        )
        self.assertEqual(
            registration.read(list(DECISIONS))[0],
            dict(
                dict.fromkeys(DECISIONS, False),
                id=registration.id,
                cri_attended_hours=0.0,
                cri_attendance_rate=0.0,
            ),
        )
        self.assertEqual(self.course.registration_ids, registration)

    def test_a_default_in_the_context_does_not_put_a_registration_on_the_waiting_list(self):
        Registration = self.env["event.registration"].with_user(self.officer)
        registration = Registration.with_context(
            default_cri_waiting=True,
            default_cri_waiting_since="2000-01-01 00:00:00",
            cri_training_promote=True,
        ).create({"event_id": self.course.id, "partner_id": self.people[0].id})
        self.assertEqual((registration.state, registration.cri_waiting), ("open", False))
        self.assertFalse(registration.cri_waiting_since)

    def test_a_registration_never_moves_to_another_session(self):
        registration = self.register(self.people[0])
        other = self.make_session(seats=10)
        for env in (self.env(user=self.officer), self.env):
            with (
                self.subTest(user=env.user.login),
                self.assertRaisesRegex(UserError, "stays with its session"),
            ):
                registration.with_env(env).write({"event_id": other.id})
        self.assertEqual(registration.event_id, self.course)
        registration.with_user(self.officer).write({"event_id": self.course.id, "email": "same@example.com"})
        self.assertEqual(registration.email, "same@example.com")

    def test_nobody_registers_to_a_session_that_ended(self):
        ended = self.make_session(
            date_begin=datetime.now() - timedelta(days=2), date_end=datetime.now() - timedelta(hours=1)
        )
        with self.assertRaisesRegex(UserError, "takes no more registrations"):
            self.register(self.people[0], session=ended, user=self.officer)
        self.assertFalse(ended.registration_ids)
        # the data of the past (imports, the generator) is recorded by server code
        self.assertEqual(self.register(self.people[0], session=ended).state, "open")

    def test_the_registration_deadline_is_a_day_in_brussels_whatever_the_user_time_zone(self):
        deadline = self.course.date_begin.date() - timedelta(days=5)
        self.course.cri_registration_deadline = deadline
        Registration = self.env["event.registration"].with_user(self.officer)
        # 00:30 the day after the deadline in Brussels, still the deadline's day in New York
        with freeze_time(utc(deadline + timedelta(days=1), 0, 30)):
            late = Registration.with_context(tz="America/New_York")
            with self.assertRaisesRegex(UserError, "closed on"):
                late.create({"event_id": self.course.id, "partner_id": self.people[0].id})
            self.course.invalidate_recordset(["event_registrations_open"])
            self.assertFalse(self.course.with_context(tz="America/New_York").event_registrations_open)
        # 23:30 on the deadline in Brussels, already the day after in Tokyo
        with freeze_time(utc(deadline, 23, 30)):
            self.course.invalidate_recordset(["event_registrations_open"])
            self.assertTrue(self.course.with_context(tz="Asia/Tokyo").event_registrations_open)
            on_time = Registration.with_context(tz="Asia/Tokyo").create(
                {"event_id": self.course.id, "partner_id": self.people[1].id}
            )
        self.assertEqual(self.course.registration_ids.partner_id, on_time.partner_id)


@tagged("post_install", "-at_install")
class TestAttendanceLines(TrainingCase):
    @contextmanager
    def refused(self, exception, message):
        """``exception`` matching ``message``, with what the refused call wrote undone."""
        with self.assertRaisesRegex(exception, message), self.env.cr.savepoint():
            yield

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registration = cls.env["event.registration"].create(
            {"event_id": cls.course.id, "partner_id": cls.people[0].id}
        )
        cls.other = cls.make_session(seats=5)

    def test_an_attendance_line_on_a_day_of_another_session_is_refused(self):
        Attendance = self.env["cri.training.attendance"]
        for env in (self.env(user=self.officer), self.env):
            with (
                self.subTest(user=env.user.login),
                self.refused(ValidationError, "is not a day of"),
            ):
                Attendance.with_env(env).create(
                    {"registration_id": self.registration.id, "slot_id": self.other.cri_slot_ids[0].id}
                )
        line = self.registration.cri_attendance_ids[0]
        with self.refused(ValidationError, "is not a day of"):
            line.write({"slot_id": self.other.cri_slot_ids[0].id})
        self.assertEqual(self.registration.cri_attendance_ids.slot_id, self.course.cri_slot_ids)

    def test_an_attendance_line_for_a_registration_without_a_seat_is_refused(self):
        self.register(self.people[1])
        waiting = self.register(self.people[2])
        self.assertTrue(waiting.cri_waiting)
        cancelled = self.register(self.people[3], session=self.other)
        cancelled.action_cancel()
        cancelled.cri_attendance_ids.unlink()
        for registration, slot in (
            (waiting, self.course.cri_slot_ids[0]),
            (cancelled, self.other.cri_slot_ids[0]),
        ):
            with (
                self.subTest(partner=registration.partner_id.name),
                self.refused(UserError, "confirmed participants only"),
            ):
                self.env["cri.training.attendance"].with_user(self.officer).create(
                    {"registration_id": registration.id, "slot_id": slot.id, "state": "present"}
                )
        self.assertFalse(waiting.cri_attendance_ids)
        self.assertFalse(waiting.cri_attended_hours)

    def test_a_day_outside_the_session_dates_is_refused(self):
        first_day, last_day = self.course._cri_legal_dates()
        for day in (first_day - timedelta(days=1), last_day + timedelta(days=1)):
            with self.subTest(day=day), self.refused(ValidationError, "is not within the session"):
                self.env["cri.training.slot"].with_user(self.officer).create(
                    {"event_id": self.course.id, "date": day, "period": "afternoon", "hours": 3}
                )
        # moving the session away from its days is refused too
        with self.refused(ValidationError, "is not within the session"):
            self.course.with_user(self.officer).write(
                {
                    "date_begin": self.course.date_begin + timedelta(days=7),
                    "date_end": self.course.date_end + timedelta(days=7),
                }
            )
        # a day put outside behind the server's back gets no attendance line
        slot = self.course.cri_slot_ids[0]
        slot.attendance_ids.unlink()
        self.env.cr.execute(
            "UPDATE cri_training_slot SET date = %s WHERE id = %s", [first_day - timedelta(days=3), slot.id]
        )
        slot.invalidate_recordset(["date"])
        with self.refused(ValidationError, "is not within the session"):
            self.env["cri.training.attendance"].create(
                {"registration_id": self.registration.id, "slot_id": slot.id}
            )

    def test_a_day_never_moves_to_another_session(self):
        slot = self.course.cri_slot_ids[0]
        with self.refused(UserError, "never moves"):
            slot.with_user(self.officer).write({"event_id": self.other.id})
        self.assertEqual(slot.event_id, self.course)

    def test_the_hours_of_a_line_follow_the_attendance_marked(self):
        line = self.registration.cri_attendance_ids.sorted("date")[0]
        with self.refused(UserError, "Only the attendance itself is marked"):
            line.with_user(self.trainer).write({"hours": 10})
        with self.refused(UserError, "Only the attendance itself is marked"):
            line.with_user(self.officer).write({"hours": 10, "state": "present"})
        other_registration = self.register(self.people[1], session=self.other)
        other_registration.cri_attendance_ids.unlink()
        with self.refused(UserError, "follow from the attendance marked"):
            self.env["cri.training.attendance"].with_user(self.officer).create(
                {
                    "registration_id": other_registration.id,
                    "slot_id": self.other.cri_slot_ids[0].id,
                    "hours": 6,
                }
            )
        line.with_user(self.trainer).state = "present"
        self.assertEqual((line.hours, self.registration.cri_attended_hours), (6, 6))


@tagged("post_install", "-at_install")
class TestFollowupInBrussels(TrainingCase):
    def test_the_followup_leaves_the_day_after_the_session_in_brussels(self):
        day = self.course.date_begin.date()
        # a session ending at 23:30 in Brussels: at 00:30 the next day it is the day after in
        # Brussels, while it is still the session's day in UTC
        evening = self.make_session(
            seats=5, date_begin=utc(day, 9), date_end=utc(day, 23, 30), name="Evening session"
        )
        registration = self.register(self.people[0], session=evening)
        registration.cri_attendance_ids.write({"state": "present"})
        Registration = self.env["event.registration"].with_context(tz="UTC")
        with freeze_time(utc(day, 23, 45)):
            Registration._cron_send_training_followup()
        self.assertFalse(registration.cri_followup_sent, "not on the session's own day")
        with freeze_time(utc(day + timedelta(days=1), 0, 30)):
            Registration._cron_send_training_followup()
        self.assertTrue(registration.cri_followup_sent)


@tagged("post_install", "-at_install")
class TestRegistrationRulesRpc(RpcMixin, TrainingHttpCase):
    """The same rules through the web client's RPC route, as a training officer (the weakest role
    that writes registrations) and a trainer (attendance)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registration = cls.env["event.registration"].create(
            {"event_id": cls.course.id, "partner_id": cls.people[0].id}
        )
        cls.other = cls.make_session(seats=5)
        cls.cai_session = cls.make_session(company=cls.company_cai)

    def test_an_officer_cannot_write_the_decisions_of_a_registration_through_rpc(self):
        ids = self.registration.ids
        for name, value in DECISIONS.items():
            with self.subTest(field=name):
                self.assertRefused(
                    self.call_kw(self.officer.login, "event.registration", "write", [ids, {name: value}])
                )
                self.assertRefused(
                    self.call_kw(
                        self.officer.login,
                        "event.registration",
                        "write",
                        [ids, {name: value}],
                        {"context": {"cri_workflow": True, "cri_training_promote": True}},
                    )
                )
                self.assertRefused(
                    self.call_kw(
                        self.officer.login,
                        "event.registration",
                        "create",
                        [{"event_id": self.other.id, "partner_id": self.people[1].id, name: value}],
                    )
                )
        self.assertRefused(
            self.call_kw(
                self.officer.login, "event.registration", "write", [ids, {"event_id": self.other.id}]
            )
        )
        self.assertFalse(self.other.registration_ids)
        self.assertEqual(
            (
                self.registration.event_id,
                self.registration.cri_waiting,
                self.registration.cri_certificate_eligible,
            ),
            (self.course, False, False),
        )

    def test_attendance_lines_of_another_session_or_cri_are_refused_through_rpc(self):
        model = "cri.training.attendance"
        other_slot = self.other.cri_slot_ids[0]
        cai_slot = self.cai_session.cri_slot_ids[0]
        line = self.registration.cri_attendance_ids[0]
        for login in (self.officer.login, self.officer_cai.login):
            for slot in (other_slot, cai_slot):
                with self.subTest(login=login, slot=slot.event_id.company_id.name):
                    self.assertRefused(
                        self.call_kw(
                            login,
                            model,
                            "create",
                            [{"registration_id": self.registration.id, "slot_id": slot.id}],
                        )
                    )
        self.assertRefused(self.call_kw(self.trainer.login, model, "write", [line.ids, {"hours": 6}]))
        self.assertRefused(
            self.call_kw(self.trainer.login, model, "write", [line.ids, {"slot_id": other_slot.id}])
        )
        self.assertRefused(
            self.call_kw(
                self.trainer.login,
                model,
                "create",
                [{"registration_id": self.registration.id, "slot_id": line.slot_id.id}],
            )
        )
        self.assertEqual(self.env[model].search_count([("registration_id", "=", self.registration.id)]), 2)
        self.assertEqual((line.hours, line.slot_id.event_id), (0, self.course))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_an_officer_of_another_cri_reaches_no_registration(self):
        with self.assertRaises(AccessError):
            self.registration.with_user(self.officer_cai).read(["partner_id"])
        self.assertRefused(
            self.call_kw(
                self.officer_cai.login,
                "event.registration",
                "write",
                [self.registration.ids, {"state": "cancel"}],
            )
        )
        self.assertEqual(self.registration.state, "open")
