from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today

from .common import IliCase


@tagged("post_install", "-at_install")
class TestApplication(IliCase):
    def test_requested_amount_is_the_sum_of_the_budget_to_the_cent(self):
        application = self.make_application()
        self.assertEqual(application.requested_amount, 14500.35)
        application.budget_line_ids[0].amount = 0.01
        self.assertEqual(application.requested_amount, 2500.26)

    def test_the_competent_cri_comes_from_the_main_commune(self):
        self.assertEqual(self.make_application().company_id, self.company_cric)
        self.assertEqual(self.make_application(commune=self.namur).company_id, self.company_cai)

    def test_submission_lists_what_is_missing_and_changes_nothing(self):
        application = self.make_application(complete=False)
        with self.assertRaises(UserError) as error:
            application.action_submit()
        message = str(error.exception)
        for missing in ("summary", "objectives", "expected participants", "budget", "Statutes"):
            self.assertIn(missing, message)
        self.assertEqual(application.state, "draft")
        self.assertFalse(application.submit_date)

    def test_a_grant_from_submission_to_closing(self):
        application = self.make_application()
        application.with_user(self.agent).action_submit()
        self.assertEqual((application.state, application.submit_date), ("submitted", legal_today()))
        application.with_user(self.agent).completion_request = "Join the trainers' diplomas"
        application.with_user(self.agent).action_request_completion()
        self.assertEqual(application.state, "completion")
        self.assertIn(self.org_a, application.message_ids[:1].partner_ids)
        application.with_user(self.portal_a).write({"summary": "French lessons, evenings and Saturdays"})
        application.with_user(self.portal_a).action_submit()
        self.assertEqual(application.state, "submitted")
        application.with_user(self.agent).write({"opinion": "reserved", "opinion_motivation": "Small rooms"})
        application.with_user(self.manager).action_sign_opinion()
        self.assertEqual((application.state, application.opinion_signed_by_id), ("opinion", self.manager))
        application.with_user(self.agent).write(
            {"granted_amount": 12000, "decision_reference": "AG/2027/15", "decision_date": legal_today()}
        )
        application.with_user(self.agent).action_decide()
        self.assertEqual(application.state, "decided")
        application.with_user(self.agent).action_start()
        application.with_user(self.agent).action_start_clearing()
        with self.assertRaisesRegex(UserError, "instalments to pay"):
            application.with_user(self.manager).action_close()
        # a call without plan pays the grant at once: to pay from the start, paid today
        self.assertEqual(application.instalment_ids.state, "due")
        application.instalment_ids.with_user(self.accountant).action_pay()
        application.with_user(self.manager).action_close()
        self.assertEqual(application.state, "closed")

    def test_every_transition_is_refused_from_a_wrong_state(self):
        application = self.make_application()
        for action in (
            "action_request_completion",
            "action_decide",
            "action_refuse",
            "action_start",
            "action_start_clearing",
        ):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(application.with_user(self.agent), action)()
        with self.assertRaises(UserError):
            application.with_user(self.manager).action_sign_opinion()
        with self.assertRaises(UserError):
            application.with_user(self.manager).action_close()
        self.assertEqual(application.state, "draft")
        self.to_decided(application)
        with self.assertRaises(UserError):
            application.action_submit()
        self.assertEqual(application.state, "decided")

    @mute_logger("odoo.models")
    def test_only_a_manager_signs_the_opinion(self):
        application = self.make_application()
        application.action_submit()
        application.write({"opinion": "favourable", "opinion_motivation": "Useful"})
        with self.assertRaises(AccessError):
            application.with_user(self.agent).action_sign_opinion()
        self.assertEqual(application.state, "submitted")

    def test_an_opinion_needs_its_conclusion_and_motivation(self):
        application = self.make_application()
        application.action_submit()
        application.opinion = "unfavourable"
        with self.assertRaisesRegex(UserError, "motivation"):
            application.with_user(self.manager).action_sign_opinion()

    def test_a_completion_request_says_what_to_complete(self):
        application = self.make_application()
        application.action_submit()
        with self.assertRaises(UserError):
            application.with_user(self.agent).action_request_completion()
        self.assertEqual(application.state, "submitted")

    def test_a_decision_needs_amount_reference_and_date(self):
        application = self.to_opinion(self.make_application())
        application.granted_amount = 5000
        with self.assertRaisesRegex(UserError, "reference"):
            application.with_user(self.agent).action_decide()
        self.assertEqual(application.state, "opinion")

    def test_granted_amount_cannot_exceed_the_request_nor_be_negative(self):
        application = self.to_opinion(self.make_application())
        for amount in (14500.36, -1):
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                application.granted_amount = amount
        with self.assertRaises(ValidationError):
            self.make_application(budget_line_ids=[Command.create({"description": "Refund", "amount": -5})])

    def test_a_decided_amount_no_longer_changes(self):
        application = self.to_decided(self.make_application())
        with self.assertRaises(UserError):
            application.with_user(self.manager).granted_amount = 14000
        self.assertEqual(application.granted_amount, 10000)

    def test_the_applicant_data_are_frozen_at_the_decision(self):
        application = self.to_decided(self.make_application())
        self.assertEqual(
            (
                application.frozen_legal_name,
                application.frozen_company_registry,
                application.frozen_bank_account,
                application.frozen_representative,
            ),
            ("ASBL Test Horizons A", "0123.456.789", "BE71 0961 2345 6769", "Dominique Testrep"),
        )
        self.org_a.write({"name": "ASBL Renamed", "company_registry": "0999.999.999"})
        self.org_a.bank_ids.acc_number = "BE68 5390 0754 7034"
        self.assertEqual(application.frozen_legal_name, "ASBL Test Horizons A")
        self.assertEqual(application.frozen_bank_account, "BE71 0961 2345 6769")
        with self.assertRaises(UserError):
            application.with_user(self.manager).frozen_bank_account = "BE00"

    def test_a_refusal_needs_its_reason_and_ends_the_application(self):
        application = self.to_opinion(self.make_application())
        with self.assertRaises(UserError):
            application.with_user(self.agent).action_refuse()
        application.refusal_reason = "Envelope exhausted"
        application.with_user(self.agent).action_refuse()
        self.assertEqual(application.state, "refused")
        with self.assertRaises(UserError):
            application.with_user(self.agent).action_start()

    def test_budget_and_content_are_locked_once_submitted(self):
        application = self.make_application()
        application.action_submit()
        with self.assertRaises(UserError):
            self.env["cri.ili.budget.line"].with_user(self.agent).create(
                {"application_id": application.id, "description": "Late", "amount": 10}
            )
        with self.assertRaises(UserError):
            application.budget_line_ids[0].with_user(self.agent).amount = 1
        with self.assertRaises(UserError):
            application.with_user(self.agent).summary = "Changed after submission"
        self.assertEqual(application.requested_amount, 14500.35)

    def test_state_and_workflow_fields_are_not_written_directly(self):
        application = self.make_application()
        for field, value in (
            ("state", "decided"),
            ("submit_date", date(2027, 1, 1)),
            ("frozen_legal_name", "X"),
        ):
            with self.subTest(field=field), self.assertRaises(UserError):
                application.with_user(self.manager).write({field: value})
        with self.assertRaises(UserError):
            self.make_application(env=self.env(user=self.agent), state="running")
        self.assertEqual(application.state, "draft")

    def test_a_line_stays_on_its_application(self):
        first, second = self.make_application(), self.make_application()
        with self.assertRaises(UserError):
            first.budget_line_ids[0].with_user(self.agent).application_id = second
        self.assertEqual(len(second.budget_line_ids), 2)

    def test_the_axis_must_be_one_of_the_call(self):
        with self.assertRaises(ValidationError):
            self.make_application(axis_id=self.env.ref("cri_ili_grants.axis_legal_aid").id)

    def test_a_draft_call_takes_no_application_and_a_deadline_holds(self):
        draft = self.call.copy({"name": "Draft call"})
        self.assertEqual(draft.state, "draft")
        with self.assertRaises(UserError):
            self.make_application(call_id=draft.id)
        application = self.make_application()
        with (
            freeze_time(self.call.date_submission + timedelta(days=1)),
            self.assertRaisesRegex(UserError, "deadline"),
        ):
            application.action_submit()
        self.assertEqual(application.state, "draft")

    @mute_logger("odoo.models")
    def test_only_the_region_opens_and_closes_calls(self):
        draft = self.call.copy({"name": "Another call"})
        with self.assertRaises(AccessError):
            draft.with_user(self.manager).action_open()
        with self.assertRaises(UserError):
            draft.with_user(self.region_admin).write({"state": "open"})
        draft.with_user(self.region_admin).action_open()
        self.assertEqual(draft.state, "open")
