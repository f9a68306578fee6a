"""Dates as they happened: each button that records a step of a file (reception, convention,
certificate, abandon, transfer, a module's start) asks its day in a dialog, today by default,
never in the future nor before the previous step; the step's method checks the same bounds for
whoever calls it without the dialog, and the deadlines count from the recorded day."""

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import legal_today

from .common import PathwayCase, PathwayHttpCase


def days_ago(days):
    return legal_today() - timedelta(days=days)


class StepDateCommon:
    def dialog(self, action, user):
        """The dialog that a button's ``action`` opens, as ``user`` fills it in."""
        self.assertEqual(action["res_model"], "cri.pathway.date.wizard")
        self.assertEqual(action["target"], "new")
        return Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))

    def received(self, registered, received):
        pathway = self.make_file(registered)
        pathway.action_start_reception(received)
        pathway.rights_info_date = received
        return pathway

    def tracked(self, pathway, field_name):
        """The tracking values of ``field_name`` in the file's chatter (written before the
        commit, as at the end of a request)."""
        self.flush_tracking()
        pathway.invalidate_recordset(["message_ids"])
        return pathway.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == field_name)


@tagged("post_install", "-at_install")
class TestStepDates(StepDateCommon, PathwayCase):
    # ------------------------------------------------------------------ the dialog
    def test_the_dialog_proposes_today_and_shows_the_previous_step(self):
        pathway = self.make_file(days_ago(30))
        dialog = self.dialog(pathway.with_user(self.agent).action_ask_reception_date(), self.agent)
        self.assertEqual(dialog.date, legal_today())
        self.assertEqual(dialog.date_min, days_ago(30), "the registration is the previous step")
        dialog.save().action_confirm()
        self.assertEqual(pathway.state, "reception")
        self.assertEqual(pathway.reception_date, legal_today())

    def test_each_step_is_recorded_with_the_day_it_happened(self):
        pathway = self.make_file(days_ago(60))
        # the file was opened in an earlier request: the chatter tracks what changes after it
        self.flush_tracking()
        dialog = self.dialog(pathway.with_user(self.agent).action_ask_reception_date(), self.agent)
        dialog.date = days_ago(50)
        dialog.save().action_confirm()
        self.assertEqual(pathway.reception_date, days_ago(50))
        pathway.with_user(self.social_worker).rights_info_date = days_ago(50)
        dialog = self.dialog(
            pathway.with_user(self.social_worker).action_ask_convention_date(), self.social_worker
        )
        self.assertEqual(dialog.date_min, days_ago(50))
        dialog.date = days_ago(40)
        dialog.save().action_confirm()
        self.assertEqual(pathway.state, "convention")
        self.assertEqual(pathway.convention_date, days_ago(40))
        for module in pathway.module_ids:
            self.attend(module, module.required_hours, start=days_ago(35))
            module.action_complete()
        last_session = max(pathway.module_ids.attendance_ids.mapped("date"))
        dialog = self.dialog(
            pathway.with_user(self.social_worker).action_ask_certificate_date(), self.social_worker
        )
        self.assertEqual(dialog.date_min, last_session, "the certificate comes after the hours are done")
        dialog.date = last_session
        action = dialog.save().action_confirm()
        self.assertEqual(action["report_name"], "cri_parcours.report_certificate", "the certificate prints")
        self.assertEqual(pathway.state, "done")
        self.assertEqual(pathway.certificate_date, last_session)
        self.assertEqual(pathway.end_date, last_session)
        # the chatter shows each recorded day
        for field_name, day in (
            ("reception_date", days_ago(50)),
            ("convention_date", days_ago(40)),
            ("certificate_date", last_session),
            ("end_date", last_session),
        ):
            with self.subTest(field=field_name):
                self.assertEqual(self.tracked(pathway, field_name).new_value_datetime.date(), day)

    def test_abandon_and_transfer_dialogs_ask_the_day_too(self):
        abandoned = self.to_convention(self.make_file(days_ago(40)), days_ago(30))
        self.flush_tracking()
        action = abandoned.with_user(self.social_worker).action_abandon()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.social_worker).with_context(**action["context"])
        )
        self.assertEqual(wizard.date, legal_today())
        wizard.reason = "Moved to Flanders"
        wizard.date = days_ago(3)
        wizard.save().action_confirm()
        self.assertEqual(abandoned.state, "abandoned")
        self.assertEqual(abandoned.end_date, days_ago(3))
        self.assertTrue(self.tracked(abandoned, "end_date"), "the day of the closing is in the chatter")

        moved = self.make_file(days_ago(40))
        action = moved.with_user(self.agent).action_transfer()
        wizard = Form(self.env[action["res_model"]].with_user(self.agent).with_context(**action["context"]))
        self.assertEqual(wizard.date, legal_today())
        wizard.commune_id = self.namur
        wizard.date = days_ago(2)
        wizard.save().action_confirm()
        self.assertEqual(moved.state, "transferred")
        self.assertEqual(moved.end_date, days_ago(2))

    def test_a_module_starts_on_the_day_it_started(self):
        pathway = self.to_convention(self.make_file(days_ago(40)), days_ago(30))
        french = self.module(pathway, "french")
        dialog = self.dialog(french.with_user(self.agent).action_ask_start_date(), self.agent)
        self.assertEqual(dialog.date, legal_today())
        self.assertEqual(dialog.date_min, days_ago(30), "a module starts once the convention is signed")
        dialog.date = days_ago(20)
        dialog.save().action_confirm()
        self.assertEqual(french.state, "in_progress")
        self.assertEqual(french.start_date, days_ago(20))
        citizenship = self.module(pathway, "citizenship")
        with self.assertRaisesRegex(UserError, "cannot start before the convention"):
            citizenship.action_start(days_ago(31))
        with self.assertRaisesRegex(UserError, "in the future"):
            citizenship.action_start(legal_today() + timedelta(days=1))
        self.assertEqual(citizenship.state, "planned")

    # ------------------------------------------------------------------ the bounds
    def test_a_future_date_is_refused_at_every_step(self):
        tomorrow = legal_today() + timedelta(days=1)
        referral = self.make_file(days_ago(10))
        with self.assertRaisesRegex(UserError, "in the future"):
            referral.action_start_reception(tomorrow)
        self.assertEqual(referral.state, "referral")
        self.assertFalse(referral.reception_date)
        reception = self.received(days_ago(10), days_ago(5))
        with self.assertRaisesRegex(UserError, "in the future"):
            reception.action_sign_convention(tomorrow)
        self.assertEqual(reception.state, "reception")
        self.assertFalse(reception.module_ids, "nothing of the convention was created")
        for close in (
            lambda: reception._do_abandon("Left", tomorrow),
            lambda: reception._do_transfer(self.namur, tomorrow),
        ):
            with self.assertRaisesRegex(UserError, "in the future"):
                close()
        self.assertEqual(reception.state, "reception")
        self.assertFalse(reception.transferred_to_id)

    def test_a_future_date_is_refused_through_the_dialog(self):
        pathway = self.make_file(days_ago(10))
        dialog = self.dialog(pathway.with_user(self.agent).action_ask_reception_date(), self.agent)
        dialog.date = legal_today() + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "in the future"):
            dialog.save().action_confirm()
        self.assertEqual(pathway.state, "referral")

    def test_a_date_before_the_previous_step_is_refused(self):
        referral = self.make_file(days_ago(10))
        with self.assertRaisesRegex(UserError, "before the commune registration"):
            referral.action_start_reception(days_ago(11))
        self.assertEqual(referral.state, "referral")

        reception = self.received(days_ago(20), days_ago(10))
        with self.assertRaisesRegex(UserError, "before the reception"):
            reception.action_sign_convention(days_ago(11))
        reception.rights_info_date = days_ago(5)
        with self.assertRaisesRegex(UserError, "before the rights and duties were explained"):
            reception.action_sign_convention(days_ago(6))
        self.assertEqual(reception.state, "reception")
        with self.assertRaisesRegex(UserError, "closed before its reception"):
            reception._do_abandon("Left", days_ago(11))
        with self.assertRaisesRegex(UserError, "closed before its reception"):
            reception._do_transfer(self.namur, days_ago(11))
        self.assertEqual(reception.state, "reception")

        convention = self.to_convention(self.make_file(days_ago(60)), days_ago(50))
        for module in convention.module_ids:
            self.attend(module, module.required_hours, start=days_ago(45))
            module.action_complete()
        with self.assertRaisesRegex(UserError, "closed before its convention was signed"):
            convention._do_abandon("Left", days_ago(51))
        last_session = max(convention.module_ids.attendance_ids.mapped("date"))
        with self.assertRaisesRegex(UserError, "last session attended"):
            convention.action_issue_certificate(last_session - timedelta(days=1))
        self.assertEqual(convention.state, "convention")
        self.assertFalse(convention.certificate_number, "no number is taken for a refused date")

    def test_the_certificate_cannot_predate_the_convention(self):
        pathway = self.to_convention(self.make_file(days_ago(100)), days_ago(50))
        # sessions recorded with days before the convention: the convention is the bound
        for module in pathway.module_ids:
            self.attend(module, module.required_hours, start=days_ago(90))
            module.action_complete()
        self.assertLess(pathway._last_attended_date(), days_ago(50))
        with self.assertRaisesRegex(UserError, "before the convention"):
            pathway.action_issue_certificate(days_ago(51))
        pathway.action_issue_certificate(days_ago(50))
        self.assertEqual(pathway.certificate_date, days_ago(50))

    def test_the_refusal_speaks_french_with_a_french_date(self):
        pathway = self.make_file(date(2025, 3, 4))
        with self.assertRaises(UserError) as caught:
            pathway.with_context(lang="fr_BE").action_start_reception(date(2025, 3, 3))
        message = str(caught.exception)
        self.assertIn("04/03/2025", message, "the date is written the Belgian way")
        self.assertNotIn("2025-03-04", message)
        self.assertIn("l'accueil", message)

    def test_a_text_that_is_no_date_is_refused(self):
        pathway = self.make_file(days_ago(10))
        with self.assertRaisesRegex(UserError, "is not a date"):
            pathway.action_start_reception("yesterday")
        self.assertEqual(pathway.state, "referral")

    # ------------------------------------------------------------------ deadlines
    def test_deadlines_follow_the_recorded_convention_date(self):
        registered = days_ago(60)
        today_file = self.to_convention(self.make_file(registered), legal_today())
        earlier_file = self.to_convention(self.make_file(registered), days_ago(10))
        regime = today_file.regime_id
        self.assertEqual(earlier_file.regime_id, regime)
        months = regime._convention_months_for(today_file.stay_start_date)
        self.assertEqual(today_file.convention_end_date, regime._add_months(legal_today(), months))
        self.assertEqual(earlier_file.convention_end_date, regime._add_months(days_ago(10), months))
        for kind in ("french", "citizenship", "orientation"):
            with self.subTest(module=kind):
                line_months = regime._line_for(kind).deadline_months
                self.assertEqual(
                    self.deadline(earlier_file, kind), regime._add_months(days_ago(10), line_months)
                )
        self.assertEqual(
            earlier_file.next_deadline,
            regime._add_months(days_ago(10), min(regime.line_ids.mapped("deadline_months"))),
        )

    def test_a_convention_signed_ten_days_earlier_ends_ten_days_earlier(self):
        signed_today = self.to_convention(self.make_file(date(2025, 1, 6)), date(2025, 3, 20))
        signed_earlier = self.to_convention(self.make_file(date(2025, 1, 6)), date(2025, 3, 10))
        self.assertEqual(
            signed_today.convention_end_date - signed_earlier.convention_end_date, timedelta(days=10)
        )
        self.assertEqual(
            self.deadline(signed_today, "citizenship") - self.deadline(signed_earlier, "citizenship"),
            timedelta(days=10),
        )
        self.assertEqual(signed_today.next_deadline - signed_earlier.next_deadline, timedelta(days=10))

    # ------------------------------------------------------------------ roles
    def test_a_role_that_may_not_run_the_transition_is_refused_through_the_dialog(self):
        pathway = self.make_file(days_ago(10))
        Wizard = self.env["cri.pathway.date.wizard"]
        # the Region observer reads no file and may not open the dialog
        with self.assertRaises(AccessError), mute_logger("odoo.models", "odoo.addons.base.models.ir_model"):
            Wizard.with_user(self.observer).create(
                {"pathway_id": pathway.id, "step": "reception", "date": days_ago(1)}
            )
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            pathway.with_user(self.observer).action_ask_reception_date()
        # a social worker of another CRI may use the dialog, not on this CRI's file
        wizard = Wizard.with_user(self.social_worker_cai).create(
            {"pathway_id": pathway.id, "step": "reception", "date": days_ago(1)}
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"):
            wizard.action_confirm()
        self.assertEqual(pathway.state, "referral")
        self.assertFalse(pathway.reception_date)

    def test_the_dialog_is_not_opened_at_the_wrong_stage(self):
        pathway = self.make_file(days_ago(10))
        with self.assertRaisesRegex(UserError, "Referral"):
            pathway.action_ask_convention_date()
        with self.assertRaisesRegex(UserError, "Referral"):
            pathway.action_ask_certificate_date()
        wizard = self.env["cri.pathway.date.wizard"].create(
            {"pathway_id": pathway.id, "step": "certificate", "date": legal_today()}
        )
        with self.assertRaisesRegex(UserError, "Referral"):
            wizard.action_confirm()
        self.assertEqual(pathway.state, "referral")

    def test_the_recorded_dates_stay_the_workflows(self):
        pathway = self.received(days_ago(20), days_ago(10))
        with self.assertRaisesRegex(UserError, "buttons"):
            pathway.with_user(self.agent).write({"reception_date": days_ago(15)})
        self.assertEqual(pathway.reception_date, days_ago(10))


@tagged("post_install", "-at_install")
class TestStepDatesRpc(RpcMixin, StepDateCommon, PathwayHttpCase):
    """The bounds hold for a client that calls the step's method without the dialog."""

    def test_an_rpc_call_with_a_bad_date_is_refused(self):
        pathway = self.make_file(days_ago(10))
        login = self.agent.login
        for bad in (
            (legal_today() + timedelta(days=1)).isoformat(),
            days_ago(11).isoformat(),
            "not a date",
        ):
            with self.subTest(date=bad):
                self.assertEqual(
                    self.call_kw(login, "cri.pathway", "action_start_reception", [pathway.ids, bad]),
                    (None, "UserError"),
                )
        pathway.invalidate_recordset()
        self.assertEqual(pathway.state, "referral")
        self.assertEqual(
            self.call_kw(
                login, "cri.pathway", "action_start_reception", [pathway.ids, days_ago(3).isoformat()]
            ),
            (True, None),
        )
        pathway.invalidate_recordset()
        self.assertEqual(pathway.reception_date, days_ago(3))
        pathway.rights_info_date = days_ago(3)
        _result, error = self.call_kw(
            self.social_worker.login,
            "cri.pathway",
            "action_sign_convention",
            [pathway.ids],
            {"convention_date": days_ago(4).isoformat()},
        )
        self.assertEqual(error, "UserError")
        pathway.invalidate_recordset()
        self.assertEqual(pathway.state, "reception")

    def test_an_rpc_dialog_with_a_bad_date_is_refused(self):
        pathway = self.received(days_ago(20), days_ago(10))
        wizard_id, error = self.call_kw(
            self.social_worker.login,
            "cri.pathway.date.wizard",
            "create",
            [{"pathway_id": pathway.id, "step": "convention", "date": days_ago(12).isoformat()}],
        )
        self.assertIsNone(error)
        self.assertEqual(
            self.call_kw(
                self.social_worker.login, "cri.pathway.date.wizard", "action_confirm", [[wizard_id]]
            ),
            (None, "UserError"),
        )
        pathway.invalidate_recordset()
        self.assertEqual(pathway.state, "reception")
        self.assertFalse(pathway.convention_date)
