"""Legal time is Europe/Brussels: the call's deadline, the requirements' overdue flag and daily
reminders, and the dates the buttons stamp follow the Belgian calendar day, whatever time zone
the caller's context says. In winter, 23:30 UTC is 00:30 in Brussels, the next day."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IliCase

# 15 January 2027, in winter (UTC+1 in Brussels)
DEADLINE = date(2027, 1, 15)
BEFORE_MIDNIGHT_IN_BRUSSELS = "2027-01-15 22:30:00"  # 23:30 in Brussels; 17:30 in New York
AFTER_MIDNIGHT_IN_BRUSSELS = "2027-01-15 23:30:00"  # 00:30 on the 16th in Brussels; 18:30 in New York


@tagged("post_install", "-at_install")
class TestLegalTime(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_jan = cls.call.copy({"name": "January call", "date_submission": DEADLINE})
        cls.call_jan.action_open()
        cls.requirement_template = cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call_jan.id, "name": "Interim report", "due_date": DEADLINE}
        )
        cls.call_jan.reminder_days = 10

    def application(self):
        return self.make_application(call_id=self.call_jan.id)

    def running_grant(self):
        grant = self.application()
        with freeze_time("2027-01-10 12:00:00"):
            self.to_decided(grant, amount=1000)
            grant.with_user(self.agent).action_start()
        return grant

    def in_zone(self, records, tz):
        return records.with_context(tz=tz)

    # ------------------------------------------------------------------ the call's deadline
    def test_the_deadline_is_past_at_half_past_midnight_in_brussels_whatever_the_zone(self):
        for tz in ("America/New_York", "Europe/Brussels", "UTC"):
            with self.subTest(tz=tz):
                call = self.in_zone(self.call_jan, tz)
                with freeze_time(AFTER_MIDNIGHT_IN_BRUSSELS):
                    self.assertFalse(call._accepts_applications())
                with freeze_time(BEFORE_MIDNIGHT_IN_BRUSSELS):
                    self.assertTrue(call._accepts_applications())
        # east of Brussels, already the 16th: the Brussels day still accepts
        with freeze_time(BEFORE_MIDNIGHT_IN_BRUSSELS):
            self.assertTrue(self.in_zone(self.call_jan, "Asia/Tokyo")._accepts_applications())

    def test_a_submission_at_half_past_midnight_in_brussels_is_late_even_from_new_york(self):
        application = self.application()
        with freeze_time(AFTER_MIDNIGHT_IN_BRUSSELS), self.assertRaisesRegex(UserError, "deadline"):
            self.in_zone(application, "America/New_York").action_submit()
        self.assertEqual(application.state, "draft")
        with freeze_time(BEFORE_MIDNIGHT_IN_BRUSSELS):
            self.in_zone(application, "Asia/Tokyo").action_submit()
        self.assertEqual((application.state, application.submit_date), ("submitted", DEADLINE))

    # ------------------------------------------------------------------ stamped dates
    def test_the_buttons_stamp_the_brussels_date(self):
        application = self.application()
        with freeze_time("2027-01-13 23:30:00"):
            self.in_zone(application, "America/New_York").action_submit()
        self.assertEqual(application.submit_date, date(2027, 1, 14))
        application.write({"opinion": "favourable", "opinion_motivation": "Useful"})
        with freeze_time("2027-01-14 23:30:00"):
            self.in_zone(application.with_user(self.manager), "America/New_York").action_sign_opinion()
        self.assertEqual(application.opinion_date, date(2027, 1, 15))

    def test_receipt_and_payment_dates_are_brussels_dates(self):
        grant = self.running_grant()
        requirement = grant.requirement_ids
        with freeze_time("2027-01-20 23:30:00"):
            self.in_zone(requirement.with_user(self.agent), "America/New_York").action_receive()
        self.assertEqual(requirement.received_date, date(2027, 1, 21))
        with freeze_time("2027-01-21 23:30:00"):
            self.in_zone(grant.instalment_ids.with_user(self.accountant), "America/New_York").action_pay()
        self.assertEqual(grant.instalment_ids.payment_date, date(2027, 1, 22))
        with freeze_time("2027-01-22 23:30:00"):
            visit = self.in_zone(self.env["cri.ili.visit"].with_user(self.agent), "America/New_York").create(
                {"application_id": grant.id}
            )
        self.assertEqual(visit.date, date(2027, 1, 23))

    # ------------------------------------------------------------------ requirements
    def test_a_requirement_is_overdue_from_midnight_in_brussels(self):
        grant = self.running_grant()
        requirement = self.in_zone(grant.requirement_ids, "America/New_York")
        self.assertEqual(requirement.due_date, DEADLINE)
        with freeze_time(BEFORE_MIDNIGHT_IN_BRUSSELS):
            requirement.invalidate_recordset(["overdue"])
            self.assertFalse(requirement.overdue)
            self.assertFalse(requirement.search([("id", "=", requirement.id), ("overdue", "=", True)]))
        with freeze_time(AFTER_MIDNIGHT_IN_BRUSSELS):
            requirement.invalidate_recordset(["overdue"])
            self.assertTrue(requirement.overdue)
            self.assertEqual(
                requirement.search([("id", "=", requirement.id), ("overdue", "=", True)]), requirement
            )

    def test_the_daily_reminders_follow_the_brussels_day(self):
        grant = self.running_grant()
        Requirement = self.in_zone(self.env["cri.ili.requirement"], "America/New_York")

        def reminded(moment):
            with freeze_time(moment):
                return Requirement._cron_remind().filtered(lambda r: r.application_id == grant)

        # ten days before the 15th is the 5th in Brussels, while New York is still on the 4th
        self.assertFalse(reminded("2027-01-04 22:30:00"))
        self.assertEqual(reminded("2027-01-04 23:30:00"), grant.requirement_ids)
        self.assertEqual(grant.requirement_ids.reminder_sent, "before")
        self.assertFalse(reminded(BEFORE_MIDNIGHT_IN_BRUSSELS), "due today is not overdue")
        self.assertEqual(reminded(AFTER_MIDNIGHT_IN_BRUSSELS), grant.requirement_ids)
        self.assertEqual(grant.requirement_ids.reminder_sent, "overdue")

    def test_the_plan_of_a_call_without_instalments_pays_on_the_brussels_day(self):
        self.assertFalse(self.call_jan.instalment_template_ids)
        grant = self.application()
        with freeze_time("2027-01-10 12:00:00"):
            self.to_decided(grant, amount=1000)
        with freeze_time(AFTER_MIDNIGHT_IN_BRUSSELS):
            self.in_zone(grant.with_user(self.agent), "America/New_York").action_start()
        self.assertEqual(grant.instalment_ids.planned_date, date(2027, 1, 16))
