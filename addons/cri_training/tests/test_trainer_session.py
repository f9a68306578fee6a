"""A session as its trainer and its training officer work it: the session's form lists its
participants (state, hours, attendance rate, certificate) and its days, each with a button that
opens the attendance of that day to mark; the days read as French dates; the certificates
earned are listed under the trainings' menu and printed from there. A trainer reaches its own
sessions only, whatever the client: the form, the ORM or the web client's RPC route."""

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import format_date, mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingHttpCase

REFUSAL_LOGGERS = ("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")


@tagged("post_install", "-at_install")
class TestTrainerSession(RpcMixin, TrainingHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.course.seats_max = 10
        cls.other_session = cls.make_session(trainer=cls.trainer_two, name="Other trainer's session")
        cls.attended, cls.missed = (
            cls.env["event.registration"].create({"event_id": cls.course.id, "partner_id": person.id})
            for person in cls.people[:2]
        )
        cls.attended.cri_attendance_ids.write({"state": "present"})
        cls.missed.cri_attendance_ids.write({"state": "absent"})
        cls.theirs = cls.env["event.registration"].create(
            {"event_id": cls.other_session.id, "partner_id": cls.people[2].id}
        )
        cls.theirs.cri_attendance_ids.write({"state": "present"})
        cls.day = cls.course.cri_slot_ids.sorted("date")[0]

    def arch(self, user, view_xmlid=None):
        view_id = self.env.ref(view_xmlid).id if view_xmlid else False
        views = self.env["event.event"].with_user(user).get_views([(view_id, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    # ------------------------------------------------------------------ the session's form
    def test_the_session_form_shows_participants_and_days_to_its_trainer_and_officer(self):
        forms = (
            (self.trainer, "cri_training.view_cri_training_session_form"),
            (self.trainer, None),
            (self.officer, None),
        )
        for user, view in forms:
            with self.subTest(user=user.login, view=view):
                root = self.arch(user, view)
                self.assertTrue(root.xpath("//button[@name='action_cri_open_participants']"))
                self.assertTrue(
                    root.xpath("//field[@name='cri_slot_ids']//button[@name='action_cri_mark_attendance']")
                )
        root = self.arch(self.trainer, "cri_training.view_cri_training_session_form")
        participants = root.xpath("//field[@name='registration_ids']//field/@name")
        self.assertLessEqual({"partner_id", "state", "cri_attendance_rate"}, set(participants))

    def test_the_trainer_reads_its_session_s_participants_with_their_attendance(self):
        session = self.course.with_user(self.trainer)
        self.assertEqual(session.cri_participant_count, 2)
        rows = session.registration_ids.read(["partner_id", "state", "cri_attendance_rate"])
        self.assertEqual(
            {(row["partner_id"][0], row["state"], row["cri_attendance_rate"]) for row in rows},
            {(self.people[0].id, "open", 100.0), (self.people[1].id, "open", 0.0)},
        )

    def test_the_participants_button_opens_the_session_s_registrations(self):
        for user in (self.trainer, self.officer):
            with self.subTest(user=user.login):
                action = self.course.with_user(user).action_cri_open_participants()
                self.assertEqual(action["res_model"], "event.registration")
                found = self.env["event.registration"].with_user(user).search(action["domain"])
                self.assertEqual(found, self.attended | self.missed)

    def test_the_day_button_opens_the_day_s_attendance_to_mark(self):
        action = self.day.with_user(self.trainer).action_cri_mark_attendance()
        self.assertEqual(action["res_model"], "cri.training.attendance")
        self.assertEqual([mode for _view, mode in action["views"]], ["list"])
        self.assertNotIn("search_default_group_session", action["context"], "the day's lines, ungrouped")
        lines = self.env["cri.training.attendance"].with_user(self.trainer).search(action["domain"])
        self.assertEqual(lines.slot_id, self.day)
        self.assertEqual(lines.registration_id, self.attended | self.missed)
        lines.filtered(lambda line: line.registration_id == self.missed).state = "present"
        self.assertEqual(self.missed.cri_attended_hours, self.day.hours)

    @mute_logger(*REFUSAL_LOGGERS)
    def test_the_server_refuses_what_the_form_of_another_session_would_offer(self):
        other_day = self.other_session.cri_slot_ids[:1]
        with self.assertRaises(AccessError):
            self.other_session.with_user(self.trainer).action_cri_open_participants()
        with self.assertRaises(AccessError):
            other_day.with_user(self.trainer).action_cri_mark_attendance()
        with self.assertRaises(AccessError):
            self.other_session.with_user(self.trainer).registration_ids.read(["partner_id"])
        # a CRI's staff who neither trains nor runs the trainings: none of these buttons
        for user in (self.observer, self.officer_cai):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.day.with_user(user).action_cri_mark_attendance()

    def test_a_trainer_opens_nothing_of_another_trainer_s_session_through_rpc(self):
        self.assertRefused(
            self.call_kw(
                self.trainer.login, "event.event", "action_cri_open_participants", [self.other_session.ids]
            )
        )
        self.assertRefused(
            self.call_kw(
                self.trainer.login,
                "cri.training.slot",
                "action_cri_mark_attendance",
                [self.other_session.cri_slot_ids[:1].ids],
            )
        )
        self.assertRefused(
            self.call_kw(
                self.trainer.login,
                "event.event",
                "web_read",
                [self.other_session.ids],
                {"specification": {"registration_ids": {"fields": {"partner_id": {}}}}},
            )
        )
        # its own session answers
        action, error = self.call_kw(
            self.trainer.login, "event.event", "action_cri_open_participants", [self.course.ids]
        )
        self.assertIsNone(error)
        self.assertEqual(action["domain"], [["event_id", "=", self.course.id]])

    # ------------------------------------------------------------------ French dates
    def test_a_day_reads_as_a_french_date(self):
        day = self.day.date
        self.assertEqual(
            self.day.with_context(lang="fr_BE").display_name,
            f"{day:%d/%m/%Y} – Journée complète",
        )
        self.assertEqual(
            self.day.with_context(lang="en_US").display_name,
            f"{format_date(self.env(context={'lang': 'en_US'}), day)} – Full day",
        )
        # the attendance grouped by day, as a French trainer reads it
        self.trainer.lang = "fr_BE"
        groups = (
            self.env["cri.training.attendance"]
            .with_user(self.trainer)
            .with_context(lang="fr_BE")
            .read_group([("event_id", "=", self.course.id)], ["slot_id"], ["slot_id"])
        )
        self.assertIn(f"{day:%d/%m/%Y} – Journée complète", [group["slot_id"][1] for group in groups])

    def test_the_certificate_lists_its_days_as_french_dates(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.trainer)
            ._render_qweb_html("cri_training.report_certificate", self.attended.ids)[0]
            .decode()
        )
        self.assertIn(f"{self.day.date:%d/%m/%Y} – Journée complète", html)
        self.assertNotIn(self.day.date.isoformat(), html)

    # ------------------------------------------------------------------ certificates
    def test_the_certificates_menu_lists_who_earned_one_in_the_user_s_sessions(self):
        action = self.env.ref("cri_training.action_cri_training_certificate")
        domain = safe_eval(action.domain)
        ours = [("event_id", "in", (self.course | self.other_session).ids)]
        expected = {
            self.trainer: self.attended,
            self.trainer_two: self.theirs,
            self.officer: self.attended | self.theirs,
            self.officer_cai: self.env["event.registration"],
        }
        for user, registrations in expected.items():
            with self.subTest(user=user.login):
                Registration = self.env["event.registration"].with_user(user)
                self.assertEqual(Registration.search(domain + ours), registrations)
                # beyond the test's sessions (the demo data's), its own CRI's and its own sessions' only
                found = Registration.search(domain).sudo()
                self.assertTrue(all(found.mapped("cri_certificate_eligible")))
                self.assertEqual(found.company_id, user.company_id if found else found.company_id)
                if user in (self.trainer, self.trainer_two):
                    self.assertEqual(found.event_id.cri_trainer_id, user)
                menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
                xmlids = {menu.get("xmlid") for menu in menus.values() if isinstance(menu, dict)}
                self.assertIn("cri_training.menu_cri_training_certificate", xmlids)
        menus = self.env["ir.ui.menu"].with_user(self.observer).load_menus(debug=False)
        self.assertNotIn(
            "cri_training.menu_cri_training_certificate",
            {menu.get("xmlid") for menu in menus.values() if isinstance(menu, dict)},
        )

    def test_the_certificate_is_printed_by_url_by_the_session_s_trainer_only(self):
        url = f"/report/pdf/cri_training.report_certificate/{self.attended.id}"
        self.authenticate(self.trainer.login, self.trainer.login)
        response = self.url_open(url, timeout=60)
        # under the test runner, Odoo renders the PDF route's document as HTML
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"o_cri_participant", response.content)
        self.assertIn(b"Practitioner 1", response.content)
        self.authenticate(self.trainer_two.login, self.trainer_two.login)
        with mute_logger("odoo.http", *REFUSAL_LOGGERS):
            response = self.url_open(url, timeout=60)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"o_cri_participant", response.content)
