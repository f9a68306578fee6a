"""The certificates through the report routes of the web client (``/report/pdf/...`` and
``/report/html/...``), as each role: printed by the training officers of the session's CRI (the
certificate of attendance by the session's trainer too), for registrations that qualify, whatever
the URL's options and context say; the cycle certificate is computed from the registrations the
printing officer reads, never from the URL."""

import html
import json
from urllib.parse import quote

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingHttpCase

CERTIFICATE = "cri_training.report_certificate"
CYCLE_CERTIFICATE = "cri_training.report_cycle_certificate"
REFUSAL_LOGGERS = (
    "odoo.http",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.base.models.ir_model",
    "odoo.models",
)


@tagged("post_install", "-at_install")
class TestCertificateReports(RpcMixin, TrainingHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.module_two = cls.module.copy({"name": "Foreign nationals law"})
        cls.cycle = cls.env["cri.training.cycle"].create(
            {
                "name": "Intercultural practice",
                "module_ids": [Command.set((cls.module | cls.module_two).ids)],
                "company_ids": [Command.set((cls.company_cric | cls.company_cai).ids)],
            }
        )
        cls.course.seats_max = 10
        cls.law = cls.make_session(cri_module_id=cls.module_two.id, name="Law session at CRIC", seats=10)
        cls.law_cai = cls.make_session(
            cri_module_id=cls.module_two.id, name="Law session at CAI", company=cls.company_cai, seats=10
        )
        # Practitioner 1 completes the cycle at the CRIC; Practitioner 2 stays below the threshold;
        # Practitioner 3 completes it half at the CRIC, half at the CAI
        cls.eligible = cls._attended(cls.course, cls.people[0])
        cls.eligible_law = cls._attended(cls.law, cls.people[0])
        cls.poor = cls._attended(cls.course, cls.people[1], ("absent", "present"))
        cls.split = cls._attended(cls.course, cls.people[2])
        cls.split_cai = cls._attended(cls.law_cai, cls.people[2])
        portal_contact = cls.env["res.partner"].create({"name": "Contact reports", "parent_id": cls.org.id})
        cls.portal = new_test_user(
            cls.env,
            login="reports-portal",
            password="reports-portal",
            groups="base.group_portal",
            partner_id=portal_contact.id,
        )
        cls.social_worker = new_test_user(
            cls.env,
            login="reports-social-worker",
            password="reports-social-worker",
            groups="cri_base.group_social_worker",
            company_id=cls.company_cric.id,
            company_ids=[Command.set(cls.company_cric.ids)],
        )

    @classmethod
    def _attended(cls, session, partner, marks=("present", "present")):
        registration = cls.env["event.registration"].create(
            {"event_id": session.id, "partner_id": partner.id}
        )
        lines = registration.cri_attendance_ids.sorted("date")
        for line, mark in zip(lines, marks[: len(lines)], strict=True):
            line.state = mark
        return registration

    def fetch(self, user, report, registrations, converter="pdf", options=None, context=None):
        """(status, text) of the report's route for ``registrations`` as ``user``."""
        self.authenticate(user.login, user.login)
        url = f"/report/{converter}/{report}/{','.join(map(str, registrations.ids))}"
        query = []
        if options is not None:
            query.append(f"options={quote(json.dumps(options))}")
        if context is not None:
            query.append(f"context={quote(json.dumps(context))}")
        if query:
            url += "?" + "&".join(query)
        with mute_logger(*REFUSAL_LOGGERS):
            response = self.url_open(url, timeout=60)
        return response.status_code, html.unescape(response.content.decode(errors="replace"))

    # ------------------------------------------------------------------ certificate of attendance
    def test_the_cri_s_training_officer_prints_the_certificate_of_a_qualifying_registration(self):
        self.assertTrue(self.eligible.cri_certificate_eligible)
        for converter in ("pdf", "html"):
            with self.subTest(converter=converter):
                status, text = self.fetch(self.officer, CERTIFICATE, self.eligible, converter)
                self.assertEqual(status, 200)
                self.assertIn("Practitioner 1", text)
                self.assertIn("CPAS Test", text)

    def test_a_registration_below_the_threshold_gets_no_certificate_even_with_others(self):
        self.assertFalse(self.poor.cri_certificate_eligible)
        for registrations in (self.poor, self.eligible | self.poor):
            for converter in ("pdf", "html"):
                with self.subTest(ids=registrations.ids, converter=converter):
                    status, text = self.fetch(self.officer, CERTIFICATE, registrations, converter)
                    self.assertEqual(status, 400)
                    self.assertIn("Practitioner 2", text)
                    self.assertNotIn("o_cri_participant", text)

    def test_the_session_s_trainer_prints_the_certificate_of_its_participant_not_another_s(self):
        # (under the test runner, Odoo renders the PDF route's document as HTML)
        status, text = self.fetch(self.trainer, CERTIFICATE, self.eligible)
        self.assertEqual(status, 200)
        self.assertIn("Practitioner 1", text)
        # the trainer of another session of the same CRI
        status, text = self.fetch(self.trainer_two, CERTIFICATE, self.eligible)
        self.assertEqual(status, 403)
        self.assertNotIn("o_cri_participant", text)
        # its own participant below the threshold
        status, text = self.fetch(self.trainer, CERTIFICATE, self.poor, "html")
        self.assertEqual(status, 400)
        self.assertNotIn("o_cri_participant", text)

    def test_no_other_role_prints_a_certificate(self):
        for user in (self.trainer_two, self.observer, self.social_worker, self.portal, self.officer_cai):
            for converter in ("pdf", "html"):
                with self.subTest(user=user.login, converter=converter):
                    status, text = self.fetch(user, CERTIFICATE, self.eligible, converter)
                    self.assertEqual(status, 403)
                    self.assertNotIn("o_cri_participant", text)

    def test_forged_options_and_context_print_nothing_more(self):
        # the options do not choose the records: the ids of the URL do, checked
        status, text = self.fetch(
            self.officer,
            CERTIFICATE,
            self.eligible,
            options={
                "doc_ids": self.split_cai.ids,
                "docs": self.split_cai.ids,
                "doc_model": "event.registration",
            },
        )
        self.assertEqual(status, 200)
        self.assertIn("Practitioner 1", text)
        self.assertNotIn("Practitioner 3", text)
        # another CRI's registration, with the companies of both CRIs in the context
        both = (self.company_cric | self.company_cai).ids
        for context in ({"allowed_company_ids": both}, {"active_test": False, "uid": 1, "su": True}):
            with self.subTest(context=context):
                status, text = self.fetch(self.officer, CERTIFICATE, self.split_cai, context=context)
                self.assertNotEqual(status, 200)
                self.assertNotIn("Practitioner 3", text)
        status, text = self.fetch(
            self.trainer_two, CERTIFICATE, self.eligible, options={"groups": "all"}, context={"uid": 1}
        )
        self.assertEqual(status, 403)

    def test_the_portal_s_own_route_renders_as_superuser_and_still_checks_the_threshold(self):
        self.authenticate(self.portal.login, self.portal.login)
        with mute_logger(*REFUSAL_LOGGERS):
            self.assertEqual(self.url_open(f"/my/trainings/{self.eligible.id}/certificate").status_code, 200)
            self.assertEqual(self.url_open(f"/my/trainings/{self.poor.id}/certificate").status_code, 404)
        Report = self.env["ir.actions.report"].sudo()
        self.assertIn("Practitioner 1", Report._render_qweb_html(CERTIFICATE, self.eligible.ids)[0].decode())
        with self.assertRaisesRegex(UserError, "Practitioner 2"):
            Report._render_qweb_pdf("cri_training.action_report_certificate", self.poor.ids)

    # ------------------------------------------------------------------ certificate of a cycle
    def test_the_cri_s_training_officer_prints_the_cycle_certificate_of_who_completed_it_there(self):
        for converter in ("pdf", "html"):
            with self.subTest(converter=converter):
                status, text = self.fetch(self.officer, CYCLE_CERTIFICATE, self.eligible, converter)
                self.assertEqual(status, 200)
                for expected in (
                    "Practitioner 1",
                    "Intercultural practice",
                    "Test session",
                    "Law session at CRIC",
                ):
                    self.assertIn(expected, text)

    def test_a_cycle_completed_partly_in_another_cri_is_not_certified_with_its_sessions(self):
        for user, registration in ((self.officer, self.split), (self.officer_cai, self.split_cai)):
            with self.subTest(user=user.login):
                status, text = self.fetch(user, CYCLE_CERTIFICATE, registration)
                self.assertEqual(status, 400)
                # in the officer's language, English or French
                self.assertRegex(text, "has not completed the cycle|pas encore terminé le cycle")
                self.assertNotIn("Law session at CAI", text)
                self.assertNotIn("o_cri_cycle_line", text)
        status, text = self.fetch(self.officer, CYCLE_CERTIFICATE, self.poor)
        self.assertEqual(status, 400)

    def test_no_other_role_prints_a_cycle_certificate(self):
        for user in (self.trainer, self.observer, self.social_worker, self.portal, self.officer_cai):
            for converter in ("pdf", "html"):
                with self.subTest(user=user.login, converter=converter):
                    status, text = self.fetch(user, CYCLE_CERTIFICATE, self.eligible, converter)
                    self.assertEqual(status, 403)
                    self.assertNotIn("o_cri_cycle_line", text)

    def test_the_print_buttons_are_the_training_officers_and_the_certificate_the_trainer_s_too(self):
        # the trainer prints the certificate of attendance of its own session's participant
        action, error = self.call_kw(
            self.trainer.login, "event.registration", "action_print_certificate", [self.eligible.ids]
        )
        self.assertIsNone(error)
        self.assertEqual(action["report_name"], CERTIFICATE)
        self.assertRefused(
            self.call_kw(
                self.trainer_two.login, "event.registration", "action_print_certificate", [self.eligible.ids]
            )
        )
        # the cycle runs over sessions of other trainers: the training officers'
        self.assertRefused(
            self.call_kw(
                self.trainer.login,
                "event.registration",
                "action_print_cycle_certificate",
                [self.eligible.ids],
            )
        )
        for method in ("action_print_certificate", "action_print_cycle_certificate"):
            with self.subTest(method=method):
                self.assertRefused(
                    self.call_kw(self.officer.login, "event.registration", method, [self.poor.ids])
                )
                action, error = self.call_kw(
                    self.officer.login, "event.registration", method, [self.eligible.ids]
                )
                self.assertIsNone(error)
                self.assertEqual((action["type"], action["data"]), ("ir.actions.report", None))

    def test_the_cycle_certificate_ignores_the_cycles_and_the_person_of_the_url(self):
        forged = {"cri_cycle_ids": self.cycle.ids, "cri_partner_id": self.people[2].id}
        status, text = self.fetch(self.officer, CYCLE_CERTIFICATE, self.eligible, "html", options=forged)
        self.assertEqual(status, 200)
        self.assertIn("Practitioner 1", text)
        self.assertNotIn("Practitioner 3", text)
        self.assertNotIn("Law session at CAI", text)
        # the person who did not complete it, with the data of one who did
        forged = {"cri_cycle_ids": self.cycle.ids, "cri_partner_id": self.people[0].id}
        status, text = self.fetch(self.officer, CYCLE_CERTIFICATE, self.split, "html", options=forged)
        self.assertEqual(status, 400)
        self.assertNotIn("o_cri_cycle_line", text)
