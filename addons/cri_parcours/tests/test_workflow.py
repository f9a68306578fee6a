from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today

from .common import PathwayCase


@tagged("post_install", "-at_install")
class TestWorkflow(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation_type = cls.env.ref("cri_parcours.mail_activity_type_evaluation")
        cls.chatelet = cls.env.ref("cri_base.commune_52012")

    def _evaluation_activities(self, pathway):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "cri.pathway"),
                ("res_id", "=", pathway.id),
                ("activity_type_id", "=", self.evaluation_type.id),
            ]
        )

    def _convention_file(self, **vals):
        pathway = self.make_file(date(2024, 9, 2), **vals)
        return self.to_convention(pathway, convention_date=date(2024, 10, 1))

    # ------------------------------------------------------------------ referral and reception
    def test_new_file_is_a_referral_numbered_in_its_cri(self):
        pathway = self.make_file(env=self.env(user=self.agent))
        self.assertEqual(pathway.state, "referral")
        self.assertEqual(pathway.company_id, self.company_cric)
        self.assertEqual(pathway.center_id, self.center_cric)
        self.assertTrue(pathway.name.startswith("DOS/CRIC/"), pathway.name)

    def _confirm_dialog(self, action, user):
        """Confirm, as ``user``, the dialog that a button opens, with the day it proposes."""
        self.assertEqual(action["res_model"], "cri.pathway.date.wizard")
        return (
            Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))
            .save()
            .action_confirm()
        )

    def test_start_reception_moves_referral_to_reception(self):
        pathway = self.make_file()
        self._confirm_dialog(pathway.with_user(self.agent).action_ask_reception_date(), self.agent)
        self.assertEqual(pathway.state, "reception")
        self.assertEqual(pathway.reception_date, fields.Date.context_today(pathway))
        self.assertFalse(pathway.next_deadline, "no deadline runs while the person is received")

    def test_start_reception_keeps_a_given_presentation_date(self):
        pathway = self.make_file(reception_date=date(2024, 10, 15))
        pathway.action_start_reception()
        self.assertEqual(pathway.reception_date, date(2024, 10, 15))

    # ------------------------------------------------------------------ convention
    def test_convention_is_refused_without_rights_and_duties_information(self):
        pathway = self.make_file()
        pathway.action_start_reception()
        with self.assertRaisesRegex(UserError, "rights and duties"):
            pathway.with_user(self.social_worker).action_sign_convention()
        self.assertEqual(pathway.state, "reception")
        self.assertFalse(pathway.module_ids)

    def test_convention_creates_the_regime_modules_and_an_evaluation_activity(self):
        pathway = self.make_file(date(2024, 9, 2))
        pathway.with_user(self.agent).action_start_reception()
        pathway.with_user(self.social_worker).write({"rights_info_date": date(2024, 10, 1)})
        pathway.with_user(self.social_worker).action_sign_convention()
        self.assertEqual(pathway.state, "convention")
        self.assertEqual(pathway.convention_date, fields.Date.context_today(pathway))
        hours = {m.module_type: m.required_hours for m in pathway.module_ids}
        self.assertEqual(hours, {"french": 400, "citizenship": 60, "orientation": 4})
        self.assertEqual(self.module(pathway, "french").target_level, "a2")
        self.assertEqual(set(pathway.module_ids.mapped("state")), {"planned"})
        activity = self._evaluation_activities(pathway)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.social_worker)
        self.assertEqual(activity.date_deadline, pathway.convention_date + relativedelta(months=6))

    def test_convention_of_2016_file_takes_2016_hours(self):
        pathway = self.to_convention(self.make_file(date(2017, 3, 1)), convention_date=date(2017, 4, 3))
        hours = {m.module_type: m.required_hours for m in pathway.module_ids}
        self.assertEqual(hours, {"french": 120, "citizenship": 20, "orientation": 4})

    def test_evaluation_interview_schedules_the_next_one(self):
        pathway = self._convention_file()
        self.assertEqual(self._evaluation_activities(pathway).date_deadline, date(2025, 4, 1))
        self.env["cri.pathway.evaluation"].create(
            {"pathway_id": pathway.id, "date": date(2025, 3, 10), "report": "Follows French lessons."}
        )
        activity = self._evaluation_activities(pathway)
        self.assertEqual(len(activity), 1, "the due interview is done, the next one is planned")
        self.assertEqual(activity.date_deadline, date(2025, 9, 10))

    # ------------------------------------------------------------------ certificate
    def test_certificate_is_refused_while_hours_are_missing(self):
        pathway = self._convention_file()
        self.attend(self.module(pathway, "orientation"), 4)
        self.module(pathway, "orientation").action_complete()
        with self.assertRaises(UserError) as caught:
            pathway.action_issue_certificate()
        message = str(caught.exception)
        self.assertIn("French as a foreign language: 0 h attended of 400 h", message)
        self.assertIn("Citizenship: 0 h attended of 60 h", message)
        self.assertNotIn("orientation", message.lower())
        self.assertEqual(pathway.state, "convention")
        self.assertFalse(pathway.certificate_number)

    def test_module_cannot_be_completed_with_missing_hours(self):
        pathway = self._convention_file()
        citizenship = self.module(pathway, "citizenship")
        self.attend(citizenship, 59.5)
        with self.assertRaisesRegex(UserError, "59.5 h attended of 60 h"):
            citizenship.action_complete()
        self.env["res.lang"]._activate_lang("fr_BE")
        with self.assertRaisesRegex(UserError, "59,5 h .* 60 h"):
            citizenship.with_context(lang="fr_BE").action_complete()
        self.assertEqual(citizenship.state, "planned")

    def test_certificate_is_issued_when_attendance_reaches_required_hours(self):
        pathway = self._convention_file()
        for module in pathway.module_ids:
            self.attend(module, module.required_hours)
            module.action_complete()
        self.assertEqual(set(pathway.module_ids.mapped("state")), {"done"})
        self.assertTrue(self._evaluation_activities(pathway))
        action = self._confirm_dialog(
            pathway.with_user(self.social_worker).action_ask_certificate_date(), self.social_worker
        )
        self.assertEqual(action["report_name"], "cri_parcours.report_certificate")
        self.assertEqual(pathway.state, "done")
        self.assertTrue(pathway.certificate_number.startswith("ATT/CRIC/"), pathway.certificate_number)
        self.assertEqual(pathway.certificate_date, fields.Date.context_today(pathway))
        self.assertEqual(pathway.end_date, pathway.certificate_date)
        self.assertFalse(self._evaluation_activities(pathway), "no more evaluation once the file is closed")

    def test_french_validated_at_target_level_ends_module_early(self):
        pathway = self._convention_file()
        french = self.module(pathway, "french")
        self.attend(french, 36)
        french.validation_level = "a1"
        with self.assertRaises(UserError):
            french.action_complete()
        french.validation_level = "b1"
        french.action_complete()
        self.assertEqual(french.state, "early_done")
        for kind in ("citizenship", "orientation"):
            module = self.module(pathway, kind)
            self.attend(module, module.required_hours)
            module.action_complete()
        pathway.action_issue_certificate()
        self.assertEqual(pathway.state, "done")

    def test_target_level_does_not_end_other_modules(self):
        pathway = self._convention_file()
        citizenship = self.module(pathway, "citizenship")
        citizenship.validation_level = "c2"
        with self.assertRaises(UserError):
            citizenship.action_complete()

    # ------------------------------------------------------------------ wrong states
    def test_transitions_from_a_wrong_state_are_refused(self):
        referral = self.make_file()
        with self.assertRaisesRegex(UserError, "Referral"):
            referral.action_sign_convention()
        with self.assertRaises(UserError):
            referral.action_issue_certificate()
        with self.assertRaises(UserError):
            referral.action_print_certificate()
        convention = self._convention_file()
        for method in ("action_start_reception", "action_sign_convention", "action_print_certificate"):
            with self.subTest(method=method), self.assertRaisesRegex(UserError, "Convention"):
                getattr(convention, method)()
        reception = self.make_file()
        reception.action_start_reception()
        with self.assertRaises(UserError):
            reception.action_issue_certificate()
        abandoned = self.make_file()
        abandoned._do_abandon("Left the country")
        for method in ("action_start_reception", "action_abandon", "action_transfer"):
            with self.subTest(method=method), self.assertRaisesRegex(UserError, "Abandoned"):
                getattr(abandoned, method)()
        self.assertEqual(referral.state, "referral")
        self.assertEqual(convention.state, "convention")

    # ------------------------------------------------------------------ abandon
    def test_abandon_wizard_closes_the_file_with_its_reason(self):
        pathway = self._convention_file()
        action = pathway.with_user(self.social_worker).action_abandon()
        self.assertEqual(action["res_model"], "cri.pathway.abandon.wizard")
        wizard = Form(
            self.env["cri.pathway.abandon.wizard"]
            .with_user(self.social_worker)
            .with_context(**action["context"])
        )
        wizard.reason = "Moved to Flanders"
        wizard.save().action_confirm()
        self.assertEqual(pathway.state, "abandoned")
        self.assertEqual(pathway.abandon_reason, "Moved to Flanders")
        self.assertEqual(pathway.end_date, fields.Date.context_today(pathway))
        self.assertFalse(self._evaluation_activities(pathway))

    def test_abandon_stops_running_modules_and_their_attendance(self):
        pathway = self._convention_file()
        orientation = self.module(pathway, "orientation")
        self.attend(orientation, 4)
        orientation.action_complete()
        self.module(pathway, "french").action_start()
        pathway._do_abandon("No longer reachable")
        states = {m.module_type: m.state for m in pathway.module_ids}
        self.assertEqual(states, {"french": "abandoned", "citizenship": "abandoned", "orientation": "done"})
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.attend(self.module(pathway, "french"), 3)

    def test_abandon_requires_a_reason(self):
        pathway = self.make_file()
        wizard = self.env["cri.pathway.abandon.wizard"].create({"pathway_ids": pathway.ids, "reason": "   "})
        with self.assertRaisesRegex(UserError, "why"):
            wizard.action_confirm()
        with self.assertRaises(UserError):
            pathway._do_abandon(False)
        self.assertEqual(pathway.state, "referral")

    def test_abandon_of_a_closed_file_is_refused(self):
        pathway = self.make_file()
        pathway._do_abandon("Left")
        with self.assertRaises(UserError):
            pathway._do_abandon("Again")

    # ------------------------------------------------------------------ transfer
    def test_messages_of_a_transfer_are_in_french_whatever_the_users_language(self):
        self.assertTrue(self.env["res.lang"]._get_code("fr_BE"), "the suite's language is installed")
        self.social_worker.lang = "en_US"
        pathway = self.make_file(env=self.env(user=self.agent))
        wizard = (
            self.env["cri.pathway.transfer.wizard"]
            .with_user(self.social_worker)
            .create({"pathway_id": pathway.id, "commune_id": self.namur.id})
        )
        wizard.action_confirm()
        bodies = " ".join(self.messages(pathway).mapped("body"))
        self.assertIn("Dossier transféré vers", bodies)
        self.assertNotIn("File transferred to", bodies)

    def test_transfer_opens_a_linked_file_in_the_other_cri(self):
        pathway = self.make_file(env=self.env(user=self.agent))
        pathway.action_start_reception()
        pathway.rights_info_date = date(2024, 10, 1)
        wizard = (
            self.env["cri.pathway.transfer.wizard"]
            .with_user(self.social_worker)
            .create({"pathway_id": pathway.id, "commune_id": self.namur.id})
        )
        wizard.action_confirm()
        self.assertEqual(pathway.state, "transferred")
        self.assertEqual(pathway.end_date, fields.Date.context_today(pathway))
        new = pathway.transferred_to_id.sudo()
        self.assertTrue(new)
        self.assertEqual(new.transferred_from_id, pathway)
        self.assertEqual(new.company_id, self.company_cai)
        self.assertEqual(new.center_id, self.center_cai)
        self.assertEqual(new.commune_id, self.namur)
        self.assertEqual(new.partner_id, pathway.partner_id)
        self.assertEqual(new.state, "reception")
        self.assertEqual(new.rights_info_date, date(2024, 10, 1))
        self.assertEqual(new.registration_date, pathway.registration_date)
        self.assertEqual(new.eligibility, pathway.eligibility)
        self.assertFalse(new.social_worker_id)
        self.assertTrue(new.name.startswith("DOS/CAI/"), new.name)
        self.assertTrue(self.messages(pathway).filtered(lambda m: new.name in (m.body or "")))
        self.assertTrue(self.messages(new).filtered(lambda m: pathway.name in (m.body or "")))
        # each CRI sees its own file only
        new.with_user(self.social_worker_cai).check_access("read")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            new.with_user(self.social_worker).check_access("read")

    def test_transfer_carries_the_exemptions_even_those_the_agent_cannot_see(self):
        pathway = self.make_file(
            exemption_ids=[
                (
                    0,
                    0,
                    {"reason_id": self.medical.id, "date": date(2024, 9, 10), "note": "Certificate of Dr. X"},
                )
            ]
        )
        self.assertEqual(pathway.eligibility, "exempted")
        new = pathway.with_user(self.agent)._do_transfer(self.namur)
        self.assertEqual(new.exemption_ids.reason_id, self.medical)
        self.assertEqual(new.exemption_ids.date, date(2024, 9, 10))
        self.assertEqual(new.exemption_ids.company_id, self.company_cai)
        self.assertEqual(new.eligibility, "exempted")
        self.assertFalse(new.is_mandatory)
        self.assertEqual(pathway.exemption_ids.reason_id, self.medical, "the old file keeps its evidence")

    def test_transfer_stops_the_modules_of_the_old_file(self):
        pathway = self._convention_file()
        pathway._do_transfer(self.namur)
        self.assertEqual(set(pathway.module_ids.mapped("state")), {"abandoned"})

    def test_transfer_of_a_referral_stays_a_referral(self):
        pathway = self.make_file()
        new = pathway._do_transfer(self.namur)
        self.assertEqual(new.state, "referral")
        self.assertEqual(pathway.state, "transferred")

    def test_transfer_within_the_same_cri_is_refused(self):
        pathway = self.make_file()
        with self.assertRaisesRegex(UserError, "same CRI"):
            pathway._do_transfer(self.chatelet)
        self.assertEqual(pathway.state, "referral")

    def test_transfer_action_opens_the_wizard(self):
        pathway = self.make_file()
        action = pathway.action_transfer()
        self.assertEqual(action["res_model"], "cri.pathway.transfer.wizard")
        self.assertEqual(action["context"]["default_pathway_id"], pathway.id)

    # ------------------------------------------------------------------ routing
    def test_file_for_a_commune_of_another_cri_is_refused(self):
        with self.assertRaises(UserError) as caught:
            self.make_file(env=self.env(user=self.agent), commune_id=self.namur.id)
        self.assertIn("Namur", str(caught.exception))
        self.assertIn(self.center_cai.name, str(caught.exception))
        pathway = self.make_file(env=self.env(user=self.agent))
        with self.assertRaisesRegex(UserError, "territory"):
            pathway.with_user(self.agent).write({"commune_id": self.namur.id})
        self.assertEqual(pathway.commune_id, self.charleroi)

    def test_file_for_a_german_speaking_commune_is_refused(self):
        self.assertTrue(self.eupen.german_speaking)
        for env in (self.env, self.env(user=self.agent)):
            with self.subTest(user=env.user.login), self.assertRaisesRegex(UserError, "German-speaking"):
                self.make_file(env=env, commune_id=self.eupen.id)

    def test_registration_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError):
            self.make_file(legal_today() + timedelta(days=1))

    def test_legal_stay_after_registration_is_refused(self):
        with self.assertRaises(ValidationError):
            self.make_file(date(2024, 9, 2), stay_start_date=date(2024, 9, 3))


@tagged("post_install", "-at_install")
class TestAttendance(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.to_convention(cls.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 1))
        cls.french = cls.module(cls.pathway, "french")

    def _attend(self, **vals):
        return self.env["cri.pathway.attendance"].create(
            {"module_id": self.french.id, "date": date(2025, 2, 3), "hours": 3, **vals}
        )

    def test_attended_hours_count_present_sessions_only(self):
        self._attend(hours=3)
        self._attend(date=date(2025, 2, 4), hours=2.5)
        self._attend(date=date(2025, 2, 5), hours=3, status="absent")
        self._attend(date=date(2025, 2, 6), hours=3, status="excused")
        self.assertEqual(self.french.attended_hours, 5.5)
        self.assertAlmostEqual(self.french.progress, 100 * 5.5 / 400)

    def test_session_of_zero_or_more_than_twelve_hours_is_refused(self):
        for hours in (0, -1, 12.5, 13):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                self._attend(hours=hours)
        self.assertEqual(self._attend(hours=12).hours, 12)

    def test_attendance_in_the_future_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self._attend(date=legal_today() + timedelta(days=1))
        self.assertTrue(self._attend(date=legal_today()))

    @mute_logger("odoo.sql_db")
    def test_two_sessions_on_the_same_date_are_refused(self):
        self._attend()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._attend(hours=2)

    def test_attendance_on_a_closed_module_is_refused(self):
        self.french.action_abandon()
        with self.assertRaisesRegex(ValidationError, "closed"):
            self._attend()
        citizenship = self.module(self.pathway, "citizenship")
        self.attend(citizenship, 60)
        citizenship.action_complete()
        with self.assertRaisesRegex(ValidationError, "closed"):
            self.env["cri.pathway.attendance"].create(
                {"module_id": citizenship.id, "date": date(2025, 6, 1), "hours": 2}
            )
