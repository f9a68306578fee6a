import re
from datetime import datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingCase, TrainingHttpCase


def portal_user(env, login, organisation):
    """A portal user (password = login) who works for ``organisation``."""
    user = new_test_user(env, login=login, password=login, groups="base.group_portal")
    user.partner_id.parent_id = organisation
    return user


@tagged("post_install", "-at_install")
class TestTrainingRequest(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_b = cls.env["res.partner"].create({"name": "ASBL Other", "is_company": True})
        cls.portal = portal_user(cls.env, "org-portal", cls.org)
        cls.portal_b = portal_user(cls.env, "org-b-portal", cls.org_b)
        cls.begin = datetime.combine(datetime.today() + timedelta(days=40), datetime.min.time()).replace(
            hour=9
        )

    def _request(self, user=None, **vals):
        values = {
            "organisation_id": self.org.id,
            "company_id": self.company_cric.id,
            "subject": "Welcoming newcomers",
            "participants": 12,
        }
        values.update(vals)
        return self.env["cri.training.request"].with_user(user or self.officer).create(values)

    def _quoted(self):
        request = self._request(module_id=self.module.id)
        request.action_submit()
        request.action_study()
        request.write(
            {"quote_amount": 600, "date_begin": self.begin, "date_end": self.begin + timedelta(hours=7)}
        )
        request.action_quote()
        return request

    # ------------------------------------------------------------------ the flow
    def test_a_request_goes_from_its_draft_to_its_closing(self):
        request = self._request(module_id=self.module.id)
        self.assertRegex(request.name, rf"^REQ/{datetime.today().year}/\d{{4}}$")
        self.assertEqual(request.state, "draft")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.activity_ids, "the CRI gets a to-do to study the request")
        request.action_study()
        self.assertEqual((request.state, request.user_id), ("study", self.officer))
        request.write(
            {"quote_amount": 600, "date_begin": self.begin, "date_end": self.begin + timedelta(hours=7)}
        )
        request.action_quote()
        self.assertEqual(request.state, "quoted")
        action = request.action_plan()
        session = request.event_id
        self.assertEqual(request.state, "planned")
        self.assertEqual((action["res_model"], action["res_id"]), ("event.event", session.id))
        self.assertEqual(session.name, "Welcoming newcomers")
        self.assertEqual(session.cri_module_id, self.module)
        self.assertEqual(session.company_id, self.company_cric)
        self.assertEqual((session.seats_limited, session.seats_max), (True, 12))
        self.assertEqual(session.date_begin, self.begin)
        with self.assertRaisesRegex(UserError, "not ended"):
            request.action_deliver()
        with freeze_time(self.begin + timedelta(days=1)):
            request.action_deliver()
        self.assertEqual(request.state, "delivered")
        request.action_close()
        self.assertEqual(request.state, "closed")

    def test_the_sequence_numbers_the_requests(self):
        first, second = self._request(), self._request()
        number = int(re.search(r"(\d+)$", first.name).group(1))
        self.assertEqual(second.name, f"REQ/{datetime.today().year}/{number + 1:04d}")

    def test_a_planned_request_is_delivered_by_the_daily_job_once_its_session_ended(self):
        request = self._quoted()
        request.action_plan()
        self.env["cri.training.request"]._cron_deliver()
        self.assertEqual(request.state, "planned")
        with freeze_time(self.begin + timedelta(days=1)):
            self.env["cri.training.request"]._cron_deliver()
        self.assertEqual(request.state, "delivered")

    def test_each_step_is_refused_from_another_state(self):
        request = self._request()
        for action in ("action_study", "action_quote", "action_plan", "action_deliver", "action_close"):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, "not possible now"):
                getattr(request, action)()
        request.sudo().refusal_reason = "Out of our field"
        with self.assertRaisesRegex(UserError, "not possible now"):
            request.action_refuse()
        request.action_submit()
        with self.assertRaisesRegex(UserError, "not possible now"):
            request.action_submit()
        self.assertEqual(request.state, "submitted")

    def test_a_request_needs_its_subject_and_people_to_be_submitted(self):
        request = self._request(participants=0)
        with self.assertRaisesRegex(UserError, "number of people"):
            request.action_submit()
        self.assertEqual(request.state, "draft")

    def test_a_quote_needs_its_amount_and_a_plan_its_dates(self):
        request = self._request()
        request.action_submit()
        request.action_study()
        with self.assertRaisesRegex(UserError, "amount of the quote"):
            request.action_quote()
        request.quote_amount = 400
        request.action_quote()
        with self.assertRaisesRegex(UserError, "planned start and end"):
            request.action_plan()
        self.assertFalse(request.event_id)
        self.assertEqual(request.state, "quoted")

    def test_the_quote_tells_the_organisation_its_amount_in_french(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        self.officer.lang = "fr_BE"
        request = self._request(module_id=self.module.id)
        request.action_submit()
        request.action_study()
        request.write(
            {"quote_amount": 1250.5, "date_begin": self.begin, "date_end": self.begin + timedelta(hours=7)}
        )
        request.with_context(lang="fr_BE").action_quote()
        body = request.message_ids[0].body
        self.assertRegex(body, r"1(\xa0|&nbsp;)250,50(\xa0|&nbsp;)€")
        self.assertNotIn("1250.5", body)
        self.assertNotIn("EUR", body)
        # planned: the organisation reads the start in the session's time zone, dd/mm/yyyy hh:mm
        request.with_context(lang="fr_BE").action_plan()
        start = pytz.utc.localize(self.begin).astimezone(pytz.timezone(request.event_id.date_tz))
        self.assertIn(start.strftime("%d/%m/%Y %H:%M"), request.message_ids[0].body)

    def test_a_refusal_needs_its_reason_and_tells_the_organisation(self):
        for step in ("submitted", "study", "quoted"):
            with self.subTest(step=step):
                request = self._quoted() if step == "quoted" else self._request()
                if step != "quoted":
                    request.action_submit()
                if step == "study":
                    request.action_study()
                with self.assertRaisesRegex(UserError, "reason"):
                    request.action_refuse()
                request.refusal_reason = "No trainer free this year"
                request.action_refuse()
                self.assertEqual(request.state, "refused")
                self.assertIn("No trainer free this year", request.message_ids[0].body)
        planned = self._quoted()
        planned.action_plan()
        planned_refusal = {"refusal_reason": "Too late"}
        with self.assertRaises(UserError):
            planned.write(planned_refusal)
        with self.assertRaisesRegex(UserError, "not possible now"):
            planned.action_refuse()

    def test_wrong_numbers_and_contacts_are_refused(self):
        with self.assertRaises(ValidationError):
            self._request(participants=-2)
        stranger = self.env["res.partner"].create({"name": "Stranger", "parent_id": self.org_b.id})
        with self.assertRaisesRegex(ValidationError, "does not work for"):
            self._request(contact_id=stranger.id)
        with self.assertRaisesRegex(ValidationError, "addressed to a CRI"):
            self._request(company_id=self.env.ref("base.main_company").id)
        request = self._quoted()
        with self.assertRaisesRegex(ValidationError, "ends after it starts"):
            request.date_end = request.date_begin - timedelta(hours=1)

    # ------------------------------------------------------------------ the server is the rule
    def test_the_state_the_session_and_the_reference_change_only_through_the_buttons(self):
        request = self._request()
        for vals in ({"state": "study"}, {"event_id": self.course.id}, {"name": "REQ/1999/0001"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "only through its buttons"):
                request.write(vals)
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            self._request(state="planned")
        self.assertEqual(request.state, "draft")

    def test_the_quote_is_frozen_once_sent(self):
        request = self._quoted()
        with self.assertRaisesRegex(UserError, "cannot change"):
            request.quote_amount = 1
        self.assertEqual(request.quote_amount, 600)

    def test_only_training_officers_move_a_request(self):
        request = self._request()
        request.action_submit()
        for action in ("action_study", "action_refuse"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(request.with_user(self.portal), action)()
        self.assertEqual(request.state, "submitted")

    # ------------------------------------------------------------------ the organisation
    def test_an_organisation_asks_and_submits_for_itself(self):
        request = self._request(user=self.portal, organisation_id=False, company_id=self.company_cric.id)
        request = request.with_user(self.portal)
        self.assertEqual(request.organisation_id, self.org)
        request.action_submit()
        self.assertEqual(request.sudo().state, "submitted")
        self.assertIn(self.portal.partner_id, request.sudo().message_partner_ids)
        self.assertTrue(request.sudo().activity_ids, "the CRI gets its to-do")
        # the organisation is told of each step
        request.with_user(self.officer).action_study()
        message = request.sudo().message_ids[0]
        self.assertIn("studying", message.body)
        self.assertIn(self.portal.partner_id, message.notified_partner_ids)

    def test_an_organisation_cannot_ask_for_another_nor_move_or_edit_its_request(self):
        with self.assertRaisesRegex(AccessError, "for itself only"):
            self._request(user=self.portal, organisation_id=self.org_b.id)
        with self.assertRaisesRegex(AccessError, "content of its request"):
            self._request(user=self.portal, quote_amount=1)
        request = self._request(user=self.portal).with_user(self.portal)
        with self.assertRaises(AccessError):
            request.write({"subject": "Changed"})
        with self.assertRaises(AccessError):
            request.write({"state": "submitted"})
        request.action_submit()
        with self.assertRaisesRegex(UserError, "not possible now"):
            request.action_submit()
        self.assertEqual(request.sudo().subject, "Welcoming newcomers")

    def test_another_organisation_and_another_cri_cannot_read_a_request(self):
        request = self._request(user=self.portal)
        Request = self.env["cri.training.request"]
        self.assertFalse(Request.with_user(self.portal_b).search([("id", "=", request.id)]))
        self.assertFalse(Request.with_user(self.officer_cai).search([("id", "=", request.id)]))
        self.assertEqual(Request.with_user(self.officer).search([("id", "=", request.id)]), request)
        for user in (self.portal_b, self.officer_cai):
            with self.subTest(user=user.login), mute_logger("odoo.models"), self.assertRaises(AccessError):
                request.with_user(user).read(["subject"])
        with self.assertRaises(AccessError):
            request.with_user(self.portal_b).action_submit()
        self.assertEqual(request.state, "draft")


@tagged("post_install", "-at_install")
class TestTrainingRequestRpc(RpcMixin, TrainingHttpCase):
    """The rules of a request through the web client's RPC route, as an organisation's portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_b = cls.env["res.partner"].create({"name": "ASBL Other", "is_company": True})
        cls.portal = portal_user(cls.env, "org-portal", cls.org)
        cls.portal_b = portal_user(cls.env, "org-b-portal", cls.org_b)
        cls.request = cls.env["cri.training.request"].create(
            {
                "organisation_id": cls.org.id,
                "company_id": cls.company_cric.id,
                "subject": "Welcoming newcomers",
                "participants": 12,
            }
        )
        cls.request.action_submit()

    def test_a_portal_user_cannot_move_nor_edit_its_request_through_rpc(self):
        model = "cri.training.request"
        ids = [self.request.id]
        self.assertRefused(self.call_kw("org-portal", model, "write", [ids, {"state": "closed"}]))
        self.assertRefused(self.call_kw("org-portal", model, "write", [ids, {"quote_amount": 1}]))
        self.assertRefused(
            self.call_kw(
                "org-portal",
                model,
                "write",
                [ids, {"state": "closed"}],
                {"context": {"cri_workflow": 1}},
            )
        )
        self.assertRefused(self.call_kw("org-portal", model, "action_study", [ids]))
        self.assertEqual(self.request.state, "submitted")
        result, error = self.call_kw("org-portal", model, "read", [ids, ["subject", "state"]])
        self.assertIsNone(error)
        self.assertEqual(result[0]["state"], "submitted")

    def test_another_organisation_cannot_read_nor_create_for_others_through_rpc(self):
        model = "cri.training.request"
        self.assertRefused(self.call_kw("org-b-portal", model, "read", [[self.request.id], ["subject"]]))
        result, error = self.call_kw("org-b-portal", model, "search_read", [[]], {"fields": ["name"]})
        self.assertEqual((result, error), ([], None))
        values = {
            "organisation_id": self.org.id,
            "company_id": self.company_cric.id,
            "subject": "X",
            "participants": 1,
        }
        self.assertRefused(self.call_kw("org-b-portal", model, "create", [values]))
        self.assertEqual(self.env[model].search_count([("subject", "=", "X")]), 0)
