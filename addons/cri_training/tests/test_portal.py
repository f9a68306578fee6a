"""The trainings portal: an organisation's contact registers its own staff to the open sessions of
any CRI, follows and cancels their registrations, downloads their certificates and asks for a
training on request; it never reaches another organisation's staff or registrations by guessing
ids. Every page is fetched over HTTP as the portal user."""

import html
import re
from datetime import timedelta

from odoo import fields, http
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingHttpCase

REFUSAL_LOGGERS = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")


@tagged("post_install", "-at_install")
class TestTrainingPortal(RpcMixin, TrainingHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_b = cls.env["res.partner"].create({"name": "ASBL Test B", "is_company": True})
        cls.person_b = cls.env["res.partner"].create(
            {"name": "Practitioner B", "parent_id": cls.org_b.id, "email": "pb@example.com"}
        )
        cls.portal_a = cls._portal("training-portal-a", cls.org)
        cls.portal_b = cls._portal("training-portal-b", cls.org_b)
        cls.Registration = cls.env["event.registration"]

    @classmethod
    def _portal(cls, login, organisation):
        contact = cls.env["res.partner"].create(
            {"name": f"Contact {login}", "parent_id": organisation.id, "email": f"{login}@example.com"}
        )
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=contact.id,
            lang="en_US",
        )

    # ------------------------------------------------------------------ helpers
    def login(self, user):
        self.authenticate(user.login, user.login)

    def post(self, url, data=None):
        data = dict({"csrf_token": http.Request.csrf_token(self)}, **(data or {}))
        with mute_logger(*REFUSAL_LOGGERS):
            return self.url_open(url, data=data, allow_redirects=False)

    def get(self, url):
        with mute_logger(*REFUSAL_LOGGERS):
            return self.url_open(url, allow_redirects=False)

    def register_url(self, session=None):
        return f"/my/trainings/sessions/{(session or self.course).id}/register"

    def assertDone(self, response, message):
        error = re.search(r'id="training_error">(.*?)</div>\s*</div>', html.unescape(response.text), re.S)
        self.assertEqual(response.status_code, 303, error and error.group(1))
        self.assertTrue(
            response.headers["Location"].endswith(f"?message={message}"), response.headers["Location"]
        )

    def assertShown(self, response, *texts):
        """The form is shown again with an error naming ``texts``."""
        self.assertEqual(response.status_code, 400, response.text[:300])
        page = html.unescape(response.text)
        self.assertIn('id="training_error"', page)
        for text in texts:
            self.assertIn(text, page)

    def registrations(self, session=None):
        return self.Registration.search([("event_id", "=", (session or self.course).id)])

    def make_eligible(self, registration):
        registration.cri_attendance_ids.sudo().write({"state": "present"})
        self.assertTrue(registration.cri_certificate_eligible)

    # ------------------------------------------------------------------ home and sessions
    def test_home_counts_the_registrations_of_the_organisation(self):
        self.register(self.people[0])
        self.register(self.person_b)
        self.login(self.portal_a)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["training_count"]})
        self.assertEqual(counters["training_count"], 1)
        self.assertIn('href="/my/trainings"', self.url_open("/my").text)

    def test_the_sessions_list_shows_the_open_sessions_of_every_cri_only(self):
        yesterday = fields.Date.today() - timedelta(days=1)
        started = fields.Datetime.now() - timedelta(hours=1)
        other_cri = self.make_session(company=self.company_cai, name="Open at CAI")
        closed = self.make_session(name="Deadline passed", cri_registration_deadline=yesterday)
        past = self.make_session(
            name="Already started", date_begin=started, date_end=started + timedelta(hours=8)
        )
        cancelled = self.make_session(name="Cancelled session")
        cancelled.stage_id = self.env.ref("event.event_stage_cancelled")
        not_training = self.env["event.event"].create(
            {
                "name": "Staff party",
                "date_begin": self.course.date_begin,
                "date_end": self.course.date_end,
                "company_id": self.company_cric.id,
            }
        )
        self.login(self.portal_a)
        response = self.url_open("/my/trainings/sessions")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.text, r"\(\s*9 h\s*\)", "the session's hours, not 9.0 or 9,0")
        for session in (self.course, other_cri):
            self.assertIn(f'data-session-id="{session.id}"', response.text)
            self.assertIn(self.register_url(session), response.text)
        for session in (closed, past, cancelled, not_training):
            self.assertNotIn(f'data-session-id="{session.id}"', response.text)
            self.assertNotIn(session.name, response.text)

    # ------------------------------------------------------------------ registering
    def test_registering_two_staff_members_confirms_one_and_puts_the_other_on_the_waiting_list(self):
        self.register(self.people[3])
        self.login(self.portal_a)
        page = self.url_open(self.register_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="training_waiting_notice"', page.text)
        self.assertIn(f'value="{self.people[0].id}"', page.text)
        self.assertNotIn(f'value="{self.person_b.id}"', page.text)

        response = self.post(
            self.register_url(),
            {
                "partner_ids": str(self.people[0].id),
                "new_name": "  New   Colleague ",
                "new_email": "New@Example.com",
            },
        )

        self.assertDone(response, "waiting")
        newcomer = self.env["res.partner"].search([("email", "=", "new@example.com")])
        self.assertEqual((newcomer.name, newcomer.parent_id), ("New Colleague", self.org))
        confirmed = self.registrations().filtered(lambda r: r.partner_id == self.people[0])
        waiting = self.registrations().filtered(lambda r: r.partner_id == newcomer)
        self.assertEqual((confirmed.state, confirmed.cri_waiting), ("open", False))
        self.assertEqual((waiting.state, waiting.cri_waiting), ("draft", True))
        self.assertEqual((waiting.cri_organisation_id, waiting.email), (self.org, "new@example.com"))
        self.assertEqual(confirmed.create_uid, self.portal_a)
        listed = self.url_open("/my/trainings").text
        self.assertIn('data-state="waiting"', listed)
        self.assertIn(f'data-registration-id="{waiting.id}"', listed)

    def test_another_organisation_cannot_register_the_staff_of_an_organisation(self):
        self.login(self.portal_b)
        for partner_ids in (str(self.people[0].id), "abc", str(self.org.id)):
            with self.subTest(partner_ids=partner_ids):
                response = self.post(self.register_url(), {"partner_ids": partner_ids})
                self.assertShown(response)
        response = self.post(
            self.register_url(),
            {
                "partner_ids": [str(self.person_b.id), str(self.people[0].id)],
                "new_name": "X",
                "new_email": "x@b.example",
            },
        )
        self.assertShown(response)
        self.assertFalse(self.registrations())
        self.assertFalse(self.env["res.partner"].search([("email", "=", "x@b.example")]))

    def test_registering_after_the_deadline_is_refused_and_writes_nothing(self):
        closed = self.make_session(cri_registration_deadline=fields.Date.today() - timedelta(days=1))
        self.login(self.portal_a)
        response = self.get(self.register_url(closed))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/trainings/sessions"))
        response = self.post(
            self.register_url(closed),
            {"partner_ids": str(self.people[0].id), "new_name": "Late", "new_email": "late@example.com"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/trainings/sessions"))
        self.assertFalse(self.registrations(closed))
        self.assertFalse(self.env["res.partner"].search([("email", "=", "late@example.com")]))

    def test_the_same_person_is_not_registered_twice(self):
        self.register(self.people[0])
        self.login(self.portal_a)
        response = self.post(self.register_url(), {"partner_ids": str(self.people[0].id)})
        self.assertShown(response, self.people[0].name)
        response = self.post(
            self.register_url(), {"new_name": "Same Person", "new_email": self.people[1].email}
        )
        self.assertShown(response, self.people[1].email)
        # the new contact is created before the duplicate is found: undone with the rest
        response = self.post(
            self.register_url(),
            {
                "partner_ids": str(self.people[0].id),
                "new_name": "Fresh Person",
                "new_email": "fresh@example.com",
            },
        )
        self.assertShown(response, self.people[0].name)
        self.assertFalse(self.env["res.partner"].search([("email", "=", "fresh@example.com")]))
        self.assertEqual(self.registrations().partner_id, self.people[0])

    def test_a_bad_email_or_an_empty_form_is_refused(self):
        self.login(self.portal_a)
        for form in (
            {"new_name": "No Mail", "new_email": "not-an-email"},
            {"new_name": "", "new_email": "nameless@example.com"},
            {},
        ):
            with self.subTest(form=form):
                self.assertShown(self.post(self.register_url(), form))
        self.assertFalse(self.registrations())
        self.assertFalse(self.env["res.partner"].search([("name", "=", "No Mail")]))

    # ------------------------------------------------------------------ following registrations
    def test_another_organisation_neither_sees_nor_cancels_nor_downloads_a_registration(self):
        registration = self.register(self.people[0])
        self.make_eligible(registration)
        self.login(self.portal_b)
        self.assertNotIn(f'data-registration-id="{registration.id}"', self.url_open("/my/trainings").text)
        self.assertEqual(self.get(f"/my/trainings/{registration.id}/certificate").status_code, 404)
        self.assertEqual(self.post(f"/my/trainings/{registration.id}/cancel").status_code, 404)
        self.assertEqual(registration.state, "open")

    def test_cancelling_frees_the_seat_for_the_waiting_list(self):
        first, second, waiting = (self.register(person) for person in self.people[:3])
        self.assertTrue(waiting.cri_waiting)
        self.login(self.portal_a)
        self.assertIn(f'action="/my/trainings/{first.id}/cancel"', self.url_open("/my/trainings").text)

        self.assertDone(self.post(f"/my/trainings/{first.id}/cancel"), "cancelled")

        self.assertEqual(first.state, "cancel")
        self.assertEqual((waiting.state, waiting.cri_waiting), ("open", False))
        self.assertEqual(second.state, "open")
        self.assertShown(self.post(f"/my/trainings/{first.id}/cancel"))

    def test_a_started_session_is_not_cancelled(self):
        registration = self.register(self.people[0])
        self.course.write({"date_begin": fields.Datetime.now() - timedelta(hours=1)})
        self.login(self.portal_a)
        self.assertShown(self.post(f"/my/trainings/{registration.id}/cancel"))
        self.assertEqual(registration.state, "open")

    def test_the_certificate_is_downloaded_when_eligible_only(self):
        eligible, absent = self.register(self.people[0]), self.register(self.people[1])
        self.make_eligible(eligible)
        self.login(self.portal_a)
        listed = self.url_open("/my/trainings").text
        self.assertIn(f"/my/trainings/{eligible.id}/certificate", listed)
        self.assertNotIn(f"/my/trainings/{absent.id}/certificate", listed)

        response = self.get(f"/my/trainings/{eligible.id}/certificate")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(self.get(f"/my/trainings/{absent.id}/certificate").status_code, 404)

    def test_a_practitioner_alone_sees_its_own_registrations(self):
        person = self.env["res.partner"].create(
            {"name": "Independent Practitioner", "email": "ind@example.com"}
        )
        user = new_test_user(
            self.env,
            login="training-alone",
            password="training-alone",
            groups="base.group_portal",
            partner_id=person.id,
        )
        own, other = self.register(person), self.register(self.people[0])
        self.login(user)
        listed = self.url_open("/my/trainings").text
        self.assertIn(f'data-registration-id="{own.id}"', listed)
        self.assertNotIn(f'data-registration-id="{other.id}"', listed)
        self.assertNotIn(self.register_url(), self.url_open("/my/trainings/sessions").text)

    # ------------------------------------------------------------------ requests
    def test_the_request_form_asks_a_cri_for_the_user_organisation(self):
        center = self.env.ref("cri_base.center_cai")
        other = self.env["cri.training.request"].create(
            {
                "organisation_id": self.org_b.id,
                "company_id": self.company_cric.id,
                "subject": "Zorglub B subject",
            }
        )
        self.login(self.portal_a)
        page = self.url_open("/my/trainings/request")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'value="{center.id}"', page.text)

        response = self.post(
            "/my/trainings/request",
            {
                "subject": "Welcoming newcomers",
                "center_id": str(center.id),
                "audience": "Reception staff",
                "participants": "12",
                "wished_dates": "Spring",
                "organisation_id": str(self.org_b.id),
            },
        )

        self.assertDone(response, "requested")
        training_request = self.env["cri.training.request"].search([("subject", "=", "Welcoming newcomers")])
        self.assertEqual(
            (training_request.organisation_id, training_request.contact_id, training_request.company_id),
            (self.org, self.portal_a.partner_id, center.company_id),
        )
        self.assertEqual(training_request.participants, 12)
        self.assertEqual(training_request.state, "submitted")
        listed = self.url_open("/my/trainings/request").text
        self.assertIn("Welcoming newcomers", listed)
        self.assertNotIn(other.subject, listed)

    def test_a_bad_request_is_refused_and_writes_nothing(self):
        center = self.env.ref("cri_base.center_cai")
        self.login(self.portal_a)
        good = {"subject": "Zorglub request", "center_id": str(center.id), "participants": "5"}
        for bad in ({"subject": " "}, {"center_id": "abc"}, {"center_id": "999999"}, {"participants": "0"}):
            with self.subTest(bad=bad):
                self.assertShown(self.post("/my/trainings/request", dict(good, **bad)))
        self.assertFalse(self.env["cri.training.request"].search([("organisation_id", "=", self.org.id)]))

    # ------------------------------------------------------------------ RPC
    def test_rpc_as_portal_reaches_neither_other_registrations_nor_attendance(self):
        registration_a = self.register(self.people[0])
        registration_b = self.register(self.person_b)
        roomy = self.make_session(seats=10)
        login = self.portal_b.login
        result, error = self.call_kw(
            login, "event.registration", "search_read", [[]], {"fields": ["partner_id"]}
        )
        self.assertIsNone(error)
        self.assertEqual([row["id"] for row in result], registration_b.ids)
        self.assertRefused(
            self.call_kw(login, "event.registration", "read", [registration_a.ids, ["partner_id"]])
        )
        self.assertRefused(
            self.call_kw(login, "event.registration", "write", [registration_b.ids, {"state": "done"}])
        )
        self.assertRefused(
            self.call_kw(
                login,
                "event.registration",
                "create",
                [{"event_id": self.course.id, "partner_id": self.people[1].id}],
            )
        )
        self.assertRefused(
            self.call_kw(
                login,
                "event.registration",
                "create",
                [{"event_id": roomy.id, "partner_id": self.person_b.id, "state": "done"}],
            )
        )
        line = registration_b.cri_attendance_ids[:1]
        self.assertRefused(
            self.call_kw(login, "cri.training.attendance", "write", [line.ids, {"state": "present"}])
        )
        self.assertRefused(
            self.call_kw(login, "cri.training.attendance", "search_read", [[]], {"fields": ["state"]})
        )
        self.assertFalse(line.state)
        self.assertEqual(self.registrations().partner_id, self.people[0] | self.person_b)
        self.assertFalse(self.registrations(roomy))

    # ------------------------------------------------------------------ what RPC cannot bend
    def test_a_portal_user_cannot_jump_the_waiting_list_nor_read_the_internal_note(self):
        self.course.note = "<p>Internal: trainer replaced</p>"
        self.register(self.people[0])
        self.register(self.people[1])
        self.assertRefused(
            self.call_kw(
                "training-portal-a",
                "event.registration",
                "create",
                [
                    {
                        "event_id": self.course.id,
                        "partner_id": self.people[2].id,
                        "cri_waiting": False,
                        "cri_waiting_since": "2000-01-01 00:00:00",
                    }
                ],
            )
        )
        self.assertFalse(self.Registration.search([("partner_id", "=", self.people[2].id)]))
        # registered the plain way, the full session puts it on the waiting list
        result, error = self.call_kw(
            "training-portal-a",
            "event.registration",
            "create",
            [{"event_id": self.course.id, "partner_id": self.people[2].id}],
        )
        self.assertIsNone(error)
        self.assertTrue(self.Registration.browse(result).cri_waiting)
        self.assertRefused(
            self.call_kw("training-portal-a", "event.event", "read", [self.course.ids, ["note"]])
        )
