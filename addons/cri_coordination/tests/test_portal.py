"""The platforms through HTTP: the members' portal pages and answers, the minutes by URL, and the
web client's RPC route tried by the other CRI's officer and the Region, ids guessed."""

import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .test_platform import MEETING, PlatformCommon

MINUTES_URL = "/report/pdf/cri_coordination.report_meeting_minutes/%s"
REFUSAL_LOGGERS = ("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")


@tagged("post_install", "-at_install")
class TestPlatformPortal(PlatformCommon, RpcMixin, HttpCase):
    def csrf_token(self):
        """The session's token, from the answer form of the member's next meeting."""
        page = self.url_open(f"/my/coordination/meetings/{self.next_cric.id}", timeout=60).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def page(self, login, url):
        self.authenticate(login, login)
        return self.url_open(url, timeout=60)

    def test_a_member_finds_its_platform_and_meetings_never_the_others(self):
        self.next_cric.with_user(self.officer).action_send_invitations()
        home = self.page(self.member_a.login, "/my/coordination")
        self.assertEqual(home.status_code, 200)
        self.assertIn("Plateforme CRIC (test)", home.text)
        self.assertNotIn("Plateforme CAI (test)", home.text)
        self.assertIn(f'data-meeting-id="{self.next_cric.id}"', home.text)
        page = self.page(self.member_a.login, f"/my/coordination/meetings/{self.held_cric.id}")
        self.assertIn("Compte rendu partagé CRIC", page.text)
        self.assertIn("Décision de Plateforme CRIC (test)", page.text)
        # ids guessed: the other CRI's platform and meetings lead back to the member's list
        for url in (
            f"/my/coordination/platforms/{self.platform_cai.id}",
            f"/my/coordination/meetings/{self.held_cai.id}",
            f"/my/coordination/meetings/{self.next_cai.id}",
        ):
            with self.subTest(url=url):
                response = self.page(self.member_a.login, url)
                self.assertTrue(response.url.endswith("/my/coordination"), response.url)
                self.assertNotIn("Compte rendu interne CAI", response.text)
        # the CAI's member reads its meeting, not its internal minutes nor its decision
        page = self.page(self.member_b.login, f"/my/coordination/meetings/{self.held_cai.id}")
        self.assertIn(f'data-meeting-id="{self.held_cai.id}"', page.text)
        self.assertNotIn("Compte rendu interne CAI", page.text)
        self.assertNotIn("Décision de Plateforme CAI", page.text)

    def test_a_member_answers_its_own_invitation_only_before_the_meeting(self):
        self.next_cric.with_user(self.officer).action_send_invitations()
        self.next_cai.with_user(self.officer_cai).action_send_invitations()
        self.authenticate(self.member_a.login, self.member_a.login)
        url = f"/my/coordination/meetings/{self.next_cric.id}/answer"
        response = self.url_open(
            url, data={"response": "accepted", "csrf_token": self.csrf_token()}, timeout=60
        )
        self.assertIn("?message=accepted", response.url)
        invitation = self.next_cric.attendee_ids.filtered(lambda a: a.partner_id == self.member_a.partner_id)
        self.assertEqual(invitation.response, "accepted")
        self.assertIn(self.member_a.partner_id.name, self.next_cric.message_ids[:1].body)
        # an answer that is neither, another CRI's meeting by guessed id, a meeting that was held
        response = self.url_open(url, data={"response": "maybe", "csrf_token": self.csrf_token()}, timeout=60)
        self.assertIn('id="coordination_error"', response.text)
        self.assertEqual(invitation.response, "accepted")
        other = self.next_cai.attendee_ids.filtered(lambda a: a.partner_id == self.member_b.partner_id)
        response = self.url_open(
            f"/my/coordination/meetings/{self.next_cai.id}/answer",
            data={"response": "declined", "csrf_token": self.csrf_token()},
            timeout=60,
        )
        self.assertTrue(response.url.endswith("/my/coordination"))
        self.assertEqual(other.response, "invited")
        response = self.url_open(
            f"/my/coordination/meetings/{self.held_cric.id}/answer",
            data={"response": "declined", "csrf_token": self.csrf_token()},
            timeout=60,
        )
        self.assertIn('id="coordination_error"', response.text)
        self.assertEqual(set(self.held_cric.attendee_ids.mapped("response")), {"invited"})

    def test_the_minutes_print_by_url_for_those_who_read_them(self):
        url = MINUTES_URL % self.held_cric.id
        for login in (self.member_a.login, self.observer.login, self.reception.login):
            with self.subTest(login=login):
                response = self.page(login, url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("Compte rendu partagé CRIC", response.text)
        # internal minutes: the Region prints the document without them, the CAI's staff with them
        self.assertNotIn(
            "Compte rendu interne CAI", self.page(self.observer.login, MINUTES_URL % self.held_cai.id).text
        )
        self.assertIn(
            "Compte rendu interne CAI", self.page(self.reception.login, MINUTES_URL % self.held_cai.id).text
        )
        with mute_logger(*REFUSAL_LOGGERS):
            for login, meeting in (
                (self.member_a.login, self.held_cai),
                (self.officer.login, self.next_cric),
            ):
                with self.subTest(login=login, meeting=meeting.name):
                    response = self.page(login, MINUTES_URL % meeting.id)
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn("Compte rendu interne CAI", response.text)

    def test_rpc_refuses_the_other_cri_the_region_and_the_members_what_is_not_theirs(self):
        calls = [
            (self.officer_cai.login, MEETING, "write", [[self.next_cric.id], {"name": "Détournée"}]),
            (self.officer_cai.login, MEETING, "action_send_invitations", [[self.next_cric.id]]),
            (self.officer_cai.login, MEETING, "action_cancel", [[self.next_cric.id]]),
            (self.officer_cai.login, MEETING, "create", [{"name": "Intruse", "platform_id": self.platform_cric.id, "date_start": "2030-01-01 10:00:00"}]),
            (self.officer_cai.login, "cri.coordination.decision", "action_done", [self.held_cric.decision_ids.ids]),
            (self.officer_cai.login, "cri.coordination.platform", "unlink", [[self.platform_cric.id]]),
            (self.observer.login, MEETING, "read", [[self.held_cai.id], ["minutes"]]),
            (self.observer.login, "cri.coordination.decision", "read", [self.held_cai.decision_ids.ids, ["name"]]),
            (self.member_a.login, MEETING, "read", [[self.held_cai.id], ["name"]]),
            (self.member_a.login, "cri.coordination.meeting.attendee", "write", [self.held_cric.attendee_ids[:1].ids, {"attended": True}]),
        ]  # fmt: skip
        for login, model, method, args in calls:
            with self.subTest(login=login, model=model, method=method):
                self.assertRefused(self.call_kw(login, model, method, args))
        self.assertEqual(self.next_cric.state, "planned")
        self.assertEqual(self.next_cric.name, "Réunion (test)")
        self.assertFalse(self.next_cric.attendee_ids)
        self.assertEqual(self.held_cric.decision_ids.state, "open")
        self.assertFalse(self.held_cric.attendee_ids.filtered("attended"))
        # the Region reads the shared minutes through the route too
        result, error = self.call_kw(
            self.observer.login, MEETING, "read", [[self.held_cric.id], ["minutes_shared"]]
        )
        self.assertIsNone(error)
        self.assertIn("Compte rendu partagé CRIC", result[0]["minutes_shared"])
