from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today

from .common import IliCase


@tagged("post_install", "-at_install")
class TestInstalments(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_advance_and_balance("Activity report and statement", date(2028, 3, 1), date(2028, 6, 1))
        cls.grant = cls.to_decided(cls.make_application(), amount=10000.01)
        cls.grant.with_user(cls.agent).action_start()
        cls.advance, cls.balance = cls.grant.instalment_ids.sorted("planned_date")
        cls.report = cls.grant.requirement_ids

    def test_the_plan_of_the_call_sums_to_the_granted_amount_to_the_cent(self):
        self.assertEqual((self.advance.amount, self.balance.amount), (6000.01, 4000.00))
        self.assertEqual(self.balance.release_requirement_id, self.report)
        self.assertEqual(
            (self.report.name, self.report.due_date), ("Activity report and statement", date(2028, 3, 1))
        )

    def test_a_plan_whose_shares_are_not_a_hundred_percent_is_refused(self):
        self.call.instalment_template_ids[0].percent = 50
        application = self.to_decided(self.make_application(), amount=100)
        with self.assertRaisesRegex(ValidationError, "100"):
            application.with_user(self.agent).action_start()
        self.assertFalse(application.instalment_ids)

    def test_instalments_change_only_through_the_grants_workflow(self):
        with self.assertRaises(UserError):
            self.advance.with_user(self.agent).amount = 5000
        with self.assertRaises(UserError):
            self.grant.with_user(self.agent).write(
                {
                    "instalment_ids": [
                        Command.update(self.advance.id, {"amount": 5000}),
                        Command.update(self.balance.id, {"amount": 5000.01}),
                    ]
                }
            )
        self.assertEqual((self.advance.amount, self.balance.amount), (6000.01, 4000.00))
        with self.assertRaises(UserError):
            self.advance.with_user(self.agent).unlink()

    def mark_due(self, day):
        """The daily check, run on ``day``."""
        with freeze_time(day):
            return self.env["cri.ili.instalment"]._cron_mark_due()

    @mute_logger("odoo.models")
    def test_only_an_accountant_pays(self):
        self.mark_due("2027-02-03")
        self.assertEqual(self.advance.state, "due")
        with freeze_time("2027-02-03"):
            with self.assertRaises(AccessError):
                self.advance.with_user(self.agent).action_pay()
            with self.assertRaises(AccessError):
                self.advance.with_user(self.agent).action_open_pay_wizard()
            with self.assertRaises(UserError):
                self.advance.with_user(self.agent).write({"state": "paid"})
            self.assertEqual(self.advance.state, "due")
            self.advance.with_user(self.accountant).action_pay(date(2027, 2, 3))
        self.assertEqual((self.advance.state, self.advance.payment_date), ("paid", date(2027, 2, 3)))

    def test_an_instalment_waits_for_its_releasing_requirement(self):
        self.mark_due("2028-06-02")
        self.assertEqual(self.balance.state, "planned", "its date is past, its report is not accepted")
        with freeze_time("2028-06-02"):
            with self.assertRaisesRegex(UserError, "not accepted"):
                self.balance.with_user(self.accountant).action_pay()
            self.report.with_user(self.agent).action_receive()
            with self.assertRaises(UserError):
                self.report.with_user(self.agent).action_reject()  # needs a reason
            self.report.with_user(self.agent).action_accept()
            self.assertEqual(self.balance.state, "due", "to pay as soon as its report is accepted")
            self.balance.with_user(self.accountant).action_pay()
        self.assertEqual((self.balance.state, self.balance.payment_date), ("paid", date(2028, 6, 2)))

    def test_a_paid_instalment_is_paid_once_and_no_longer_changes(self):
        self.mark_due("2027-02-03")
        with freeze_time("2027-02-03"):
            self.advance.with_user(self.accountant).action_pay()
            with self.assertRaisesRegex(UserError, "already paid"):
                self.advance.with_user(self.accountant).action_pay()
        with self.assertRaises(UserError):
            self.advance.with_user(self.agent).amount = 1

    def test_nothing_is_paid_on_a_grant_that_is_not_running(self):
        self.mark_due("2027-02-03")
        self.grant._workflow_write({"state": "closed"})
        with freeze_time("2027-02-03"), self.assertRaisesRegex(UserError, "not running"):
            self.advance.with_user(self.accountant).action_pay()
        self.assertEqual(self.advance.state, "due")

    def test_a_requirement_changes_through_its_buttons_only(self):
        with self.assertRaises(UserError):
            self.report.with_user(self.agent).state = "accepted"
        with self.assertRaises(AccessError):
            self.report.with_user(self.accountant).action_receive()


@tagged("post_install", "-at_install")
class TestConcurrentPayment(IliCase):
    """Two accountants of the CRI paying the same instalment at the same moment, on two real
    database connections: the grant is paid once, the loser is told in words, and the refused
    payment leaves no ERROR in the log."""

    def _committed_grant(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            payers = [
                new_test_user(
                    env,
                    login=f"ili-concurrent-payer-{number}",
                    groups="cri_base.group_accountant",
                    company_id=self.company_cric.id,
                    company_ids=[Command.set(self.company_cric.ids)],
                )
                for number in (1, 2)
            ]
            call = env["cri.ili.call"].create(
                {
                    "name": "Concurrency call",
                    "period": "2027",
                    "axis_ids": [Command.set(self.axis_fle.ids)],
                    "date_submission": date(2099, 1, 1),
                    "date_activity_start": date(2027, 1, 1),
                    "date_activity_end": date(2027, 12, 31),
                }
            )
            call.action_open()
            organisation = env["res.partner"].create({"name": "ASBL Concurrency (test)", "is_company": True})
            grant = env["cri.ili.application"].create(
                {
                    "call_id": call.id,
                    "axis_id": self.axis_fle.id,
                    "partner_id": organisation.id,
                    "commune_id": self.charleroi.id,
                    "budget_line_ids": [Command.create({"description": "Trainer", "amount": 1000})],
                }
            )
            grant.write({"state": "decided", "granted_amount": 1000})
            # a call without plan pays the grant at once: its one instalment is to pay from the start
            grant.action_start()
            # two real connections see committed data only
            cr.commit()  # pylint: disable=invalid-commit
            return {
                "call": call.id,
                "organisation": organisation.id,
                "grant": grant.id,
                "instalment": grant.instalment_ids.id,
                "payers": [payer.id for payer in payers],
            }

    def _cleanup(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["cri.ili.application"].browse(ids["grant"]).unlink()
            env["cri.ili.call"].browse(ids["call"]).unlink()
            payers = env["res.users"].browse(ids["payers"])
            partners = payers.partner_id
            payers.unlink()
            (partners | env["res.partner"].browse(ids["organisation"])).unlink()
            # two real connections see committed data only
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_accountants_paying_at_once_pay_once_without_error_in_the_log(self):
        ids = self._committed_grant()
        first_payer, second_payer = ids["payers"]
        today = legal_today()
        try:
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                first = api.Environment(cr1, first_payer, {})["cri.ili.instalment"].browse(ids["instalment"])
                second = api.Environment(cr2, second_payer, {"lang": "fr_BE"})["cri.ili.instalment"].browse(
                    ids["instalment"]
                )
                # whatever logs at ERROR, anywhere (the database layer logs a failed query so)
                with self.assertNoLogs(level="ERROR"):
                    first.action_pay(today)
                    # the first payment is not committed yet: the second one must not go through
                    with self.assertRaisesRegex(UserError, "Quelqu'un d'autre"):
                        second.action_pay(today)
                    cr2.rollback()
                    cr1.commit()
                    # once the first is committed, the second sees it paid
                    with self.assertRaisesRegex(UserError, "déjà payée"):
                        second.action_pay(today)
                    cr2.rollback()
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT state, payment_date, write_uid FROM cri_ili_instalment WHERE id = %s",
                    [ids["instalment"]],
                )
                self.assertEqual(cr.fetchall(), [("paid", today, first_payer)])
        finally:
            self._cleanup(ids)


@tagged("post_install", "-at_install")
class TestReminders(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call.reminder_days = 10
        cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call.id, "name": "Activity report", "due_date": date(2028, 3, 1)}
        )
        cls.grant = cls.to_decided(cls.make_application(user_id=cls.agent.id), amount=1000)
        cls.grant.with_user(cls.agent).action_start()
        cls.report = cls.grant.requirement_ids

    def remind(self, day):
        """The requirements of the test's grant that the daily action reminded on ``day`` (the
        demo's grants, when installed, have their own)."""
        with freeze_time(day):
            reminded = self.env["cri.ili.requirement"]._cron_remind()
        return reminded.filtered(lambda requirement: requirement.application_id == self.grant)

    def _partner_messages(self):
        return self.grant.message_ids.filtered(lambda m: self.org_a in m.partner_ids)

    def test_a_requirement_is_announced_once_before_and_once_when_overdue(self):
        self.assertFalse(self.remind("2028-02-19"), "too early")
        self.assertEqual(self.remind("2028-02-20"), self.report)
        self.assertFalse(self.remind("2028-02-21"), "announced once")
        self.assertEqual(len(self._partner_messages()), 1)
        # the applicant's portal users hear of it, another applicant's do not
        recipients = self._partner_messages().partner_ids
        self.assertIn(self.portal_a.partner_id, recipients)
        self.assertNotIn(self.portal_b.partner_id, recipients)
        activity = self.grant.activity_ids
        self.assertEqual(activity.user_id, self.agent, "the agent who follows the grant")
        self.assertFalse(self.remind("2028-03-01"), "due today is not overdue")
        self.assertEqual(self.remind("2028-03-02"), self.report)
        self.assertFalse(self.remind("2028-03-03"), "overdue said once")
        self.assertEqual(len(self._partner_messages()), 2)
        self.assertIn("2028-03-01", self._partner_messages()[0].body)

    def test_a_received_requirement_is_not_reminded(self):
        self.report.with_user(self.agent).action_receive()
        self.assertFalse(self.remind("2028-02-25"))
        self.assertFalse(self.remind("2028-03-05"))
        self.assertFalse(self._partner_messages())

    def test_reminders_are_written_in_french_whatever_the_scheduler_language(self):
        self.assertTrue(self.env["res.lang"]._get_code("fr_BE"), "the suite's language is installed")
        with freeze_time("2028-02-25"):
            self.env["cri.ili.requirement"].with_context(lang="en_US")._cron_remind()
        body = self._partner_messages()[:1].body
        self.assertIn("Rappel", body)
        self.assertNotIn("Reminder:", body)
