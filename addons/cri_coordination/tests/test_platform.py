from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.cri_base.tools import legal_today

from .common import CoordinationCommon

MEETING = "cri.coordination.meeting"
DECISION = "cri.coordination.decision"


class PlatformCommon(CoordinationCommon):
    """Beside the plans of ``CoordinationCommon``: two member organisations, each with a portal
    user among its contacts, a platform of each CRI (the first organisation in the CRIC's, the
    second in the CAI's), a meeting of each to come and a held meeting of each with minutes (the
    CAI's internal) and a decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.org_a = Partner.create(
            {"name": "Association Alpha (test)", "is_company": True, "email": "a@example.com"}
        )
        cls.org_b = Partner.create(
            {"name": "Association Bêta (test)", "is_company": True, "email": "b@example.com"}
        )

        def member(login, organisation):
            user = new_test_user(
                cls.env, login=login, password=login, groups="base.group_portal", lang="fr_BE"
            )
            user.partner_id.write({"parent_id": organisation.id, "email": f"{login}@example.com"})
            return user

        cls.member_a = member("coord-member-a", cls.org_a)
        cls.member_b = member("coord-member-b", cls.org_b)
        cls.platform_cric = cls.make_platform(
            cls.officer, "Plateforme CRIC (test)", cls.org_a, cls.member_a, cls.plan_cric
        )
        cls.platform_cai = cls.make_platform(
            cls.officer_cai, "Plateforme CAI (test)", cls.org_b, cls.member_b
        )
        now = fields.Datetime.now()
        cls.next_cric = cls.make_meeting(cls.officer, cls.platform_cric, now + timedelta(days=7))
        cls.next_cai = cls.make_meeting(cls.officer_cai, cls.platform_cai, now + timedelta(days=7))
        cls.held_cric = cls.make_held(cls.officer, cls.platform_cric, "Compte rendu partagé CRIC")
        cls.held_cai = cls.make_held(
            cls.officer_cai, cls.platform_cai, "Compte rendu interne CAI", internal=True
        )

    @classmethod
    def make_platform(cls, officer, name, organisation, member, plan=None):
        return (
            cls.env["cri.coordination.platform"]
            .with_user(officer)
            .create(
                {
                    "name": name,
                    "company_id": officer.company_id.id,
                    "plan_id": plan.id if plan else False,
                    "partner_ids": [Command.set(organisation.ids)],
                    "contact_ids": [Command.set(member.partner_id.ids)],
                    "user_ids": [Command.set(officer.ids)],
                }
            )
            .with_env(cls.env)
        )

    @classmethod
    def make_meeting(cls, officer, platform, start, name="Réunion (test)"):
        return (
            cls.env[MEETING]
            .with_user(officer)
            .create(
                {
                    "name": name,
                    "platform_id": platform.id,
                    "date_start": start,
                    "agenda": "<p>Ordre du jour</p>",
                }
            )
            .with_env(cls.env)
        )

    @classmethod
    def make_held(cls, officer, platform, minutes, internal=False):
        meeting = cls.make_meeting(
            officer, platform, fields.Datetime.now() - timedelta(days=2), "Réunion tenue (test)"
        )
        meeting = meeting.with_user(officer)
        meeting.attendee_ids = [Command.create({"partner_id": p.id}) for p in platform._invitees()]
        meeting.action_held()
        meeting.write({"minutes": f"<p>{minutes}</p>", "minutes_internal": internal})
        meeting.decision_ids = [
            Command.create(
                {
                    "name": f"Décision de {platform.name}",
                    "owner_id": officer.id,
                    "date_due": legal_today() + timedelta(days=30),
                }
            )
        ]
        return meeting.with_env(cls.env)


@tagged("post_install", "-at_install")
class TestPlatform(PlatformCommon, TransactionCase):
    # ------------------------------------------------------------------ invitations and meetings
    def test_invitations_go_to_the_members_once_and_then_to_new_members_only(self):
        meeting = self.next_cric.with_user(self.officer)
        meeting.action_send_invitations()
        invited = meeting.attendee_ids.partner_id
        # the organisation has a contact among the members: the contact is invited, not the organisation
        self.assertEqual(invited, self.member_a.partner_id | self.officer.partner_id)
        message = meeting.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(message.partner_ids, invited)
        self.assertIn(meeting.name, message.subject)
        self.assertIn(meeting.access_url, message.body)
        self.assertTrue(meeting.invitation_date)
        with self.assertRaisesText(UserError, "already invited"):
            meeting.action_send_invitations()
        newcomer = self.env["res.partner"].create(
            {"name": "Nouveau membre (test)", "parent_id": self.org_a.id}
        )
        self.platform_cric.with_user(self.officer).contact_ids = [Command.link(newcomer.id)]
        meeting.action_send_invitations()
        self.assertEqual(meeting.attendee_ids.partner_id, invited | newcomer)

    def test_invitations_and_held_are_refused_at_the_wrong_moment_or_to_the_wrong_people(self):
        with self.assertRaisesText(UserError, "in the past"):
            self.make_meeting(
                self.officer, self.platform_cric, fields.Datetime.now() - timedelta(hours=1)
            ).with_user(self.officer).action_send_invitations()
        with self.assertRaisesText(UserError, "once it has started"):
            self.next_cric.with_user(self.officer).action_held()
        with self.assertRaises(AccessError):
            self.next_cric.with_user(self.reception).action_send_invitations()
        with self.assertRaises(AccessError):
            self.next_cric.with_user(self.officer_cai).action_send_invitations()
        with self.assertRaises(AccessError):
            self.next_cric.with_user(self.officer_cai).action_cancel()
        with self.assertRaisesText(UserError, "change only through its buttons"):
            self.next_cric.with_user(self.officer).write({"state": "held"})
        self.assertEqual(self.next_cric.state, "planned")
        self.assertFalse(self.next_cric.attendee_ids)
        with self.assertRaisesText(UserError, "not marked held"):
            self.env[DECISION].with_user(self.officer).create(
                {
                    "name": "Trop tôt",
                    "meeting_id": self.next_cric.id,
                    "owner_id": self.officer.id,
                    "date_due": legal_today(),
                }
            )
        with self.assertRaisesText(ValidationError, "between 0 and 24"):
            self.next_cric.with_user(self.officer).duration = 0

    def test_attendance_after_the_meeting_answers_before(self):
        attendee = self.held_cric.attendee_ids[:1].with_user(self.officer)
        attendee.attended = True
        self.assertEqual(self.held_cric.present_count, 1)
        with self.assertRaisesText(UserError, "before the meeting"):
            attendee.response = "accepted"
        with self.assertRaisesText(UserError, "keeps its date"):
            self.held_cric.with_user(self.officer).date_start = fields.Datetime.now()

    def test_cancelling_tells_the_invitees_and_freezes_the_meeting(self):
        meeting = self.next_cric.with_user(self.officer)
        meeting.action_send_invitations()
        meeting.action_cancel()
        self.assertEqual(meeting.state, "cancelled")
        message = meeting.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(meeting.name, message.subject)
        self.assertEqual(len(meeting.message_ids.filtered(lambda m: m.message_type == "comment")), 2)
        self.assertEqual(message.partner_ids, meeting.attendee_ids.partner_id)
        with self.assertRaisesText(UserError, "“Cancelled”"):
            meeting.action_held()
        with self.assertRaisesText(UserError, "cancel it instead"):
            meeting.unlink()

    # ------------------------------------------------------------------ decisions
    def test_a_decision_gives_its_owner_a_todo_that_follows_it(self):
        decision = self.held_cric.decision_ids.with_user(self.officer)
        activity = decision.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.officer, decision.date_due))
        decision.write({"owner_id": self.manager.id, "date_due": legal_today() + timedelta(days=5)})
        self.assertEqual(decision.activity_ids, activity)
        self.assertEqual(
            (activity.user_id, activity.date_deadline), (self.manager, legal_today() + timedelta(days=5))
        )
        decision.action_done()
        self.assertEqual(decision.state, "done")
        self.assertFalse(decision.activity_ids)
        with self.assertRaisesText(UserError, "“Done”"):
            decision.action_cancel()

    def test_a_decision_needs_an_owner_of_its_cri_and_a_due_date(self):
        meeting = self.held_cric.with_user(self.officer)
        with self.assertRaisesText(ValidationError, "give the date"):
            meeting.decision_ids = [Command.create({"name": "Sans date", "owner_id": self.officer.id})]
        with self.assertRaisesText(ValidationError, "say who carries it"):
            meeting.decision_ids = [Command.create({"name": "Sans porteur", "date_due": legal_today()})]
        with self.assertRaisesText(ValidationError, "is not a member of"):
            meeting.decision_ids = [
                Command.create(
                    {"name": "Autre CRI", "owner_id": self.officer_cai.id, "date_due": legal_today()}
                )
            ]
        self.assertEqual(len(self.held_cric.decision_ids), 1)

    def test_the_daily_job_reminds_the_owners_of_decisions_due_once_a_week(self):
        meeting = self.held_cric.with_user(self.officer)
        meeting.decision_ids = [
            Command.create(
                {
                    "name": "En retard",
                    "owner_partner_id": self.org_a.id,
                    "date_due": legal_today() - timedelta(days=1),
                }
            ),
            Command.create(
                {
                    "name": "Bientôt",
                    "owner_id": self.officer.id,
                    "date_due": legal_today() + timedelta(days=2),
                }
            ),
            Command.create(
                {
                    "name": "Plus tard",
                    "owner_id": self.officer.id,
                    "date_due": legal_today() + timedelta(days=20),
                }
            ),
        ]
        late, soon, later = meeting.decision_ids.filtered(
            lambda d: d.name in ("En retard", "Bientôt", "Plus tard")
        ).sorted("date_due")
        done = self.held_cai.decision_ids
        done.with_user(self.officer_cai).date_due = legal_today() - timedelta(days=3)
        done.with_user(self.officer_cai).action_done()
        self.assertTrue(late.is_overdue)
        self.assertIn(late, self.env[DECISION].search([("is_overdue", "=", True)]))
        self.assertNotIn(soon, self.env[DECISION].search([("is_overdue", "=", True)]))

        def reminders(decision):
            # the reminder is the only message of a decision sent to its owner
            return decision.message_ids.filtered(lambda m: m.message_type == "comment" and m.partner_ids)

        self.env[DECISION]._cron_remind_owners()
        self.assertEqual(reminders(late).partner_ids, self.org_a)
        self.assertEqual(reminders(soon).partner_ids, self.officer.partner_id)
        self.assertFalse(reminders(later))
        self.assertFalse(reminders(done))
        self.assertEqual(late.reminder_date, legal_today())
        self.env[DECISION]._cron_remind_owners()
        self.assertEqual(len(reminders(late)), 1)
        self.assertEqual(len(reminders(soon)), 1)

    def test_a_decision_becomes_an_action_of_the_platforms_plan(self):
        decision = self.held_cric.decision_ids.with_user(self.officer)
        decision.owner_partner_id = self.org_a
        decision.action_make_plan_action()
        action = decision.plan_action_id
        self.assertEqual(action.plan_id, self.plan_cric)
        self.assertEqual(
            (action.name, action.date_end, action.partner_ids), (decision.name, decision.date_due, self.org_a)
        )
        with self.assertRaisesText(UserError, "already an action"):
            decision.action_make_plan_action()
        with self.assertRaisesText(UserError, "follows no local integration plan"):
            self.held_cai.decision_ids.with_user(self.officer_cai).action_make_plan_action()
        with self.assertRaises(AccessError):
            self.held_cai.decision_ids.with_user(self.officer).action_done()

    # ------------------------------------------------------------------ who reads and writes what
    def test_each_cri_writes_its_own_platforms_and_meetings_only(self):
        intruder = self.officer_cai
        with self.assertRaises(AccessError):
            self.platform_cric.with_user(intruder).write({"name": "Détournée"})
        with self.assertRaises(AccessError):
            self.make_meeting(intruder, self.platform_cric, fields.Datetime.now() + timedelta(days=3))
        with self.assertRaises(AccessError):
            self.next_cric.with_user(intruder).write({"agenda": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.held_cric.attendee_ids[:1].with_user(intruder).write({"attended": True})
        with self.assertRaises(AccessError):
            self.held_cric.decision_ids.with_user(intruder).write({"name": "Détournée"})
        with self.assertRaises(AccessError):
            self.platform_cric.with_user(self.reception).write({"name": "Détournée"})
        with self.assertRaisesText(UserError, "stays with the CRI"):
            self.platform_cric.with_user(self.officer).company_id = self.company_cai
        # every CRI's staff reads both CRIs' platforms and meetings, minutes included
        for user in (self.reception, self.accountant, intruder):
            meetings = (
                self.env[MEETING].with_user(user).search([("id", "in", (self.held_cric | self.held_cai).ids)])
            )
            self.assertEqual(len(meetings), 2)
            self.assertIn("Compte rendu interne CAI", self.held_cai.with_user(user).minutes)
            self.assertEqual(
                len(self.env[DECISION].with_user(user).search([("meeting_id", "in", meetings.ids)])), 2
            )

    def test_the_region_reads_shared_minutes_only_and_no_decision_of_internal_ones(self):
        observer = self.observer
        held = (self.held_cric | self.held_cai).with_user(observer)
        self.assertIn("Compte rendu partagé CRIC", held[0].minutes_shared)
        self.assertFalse(held[1].minutes_shared)
        with self.assertRaises(AccessError):
            held.read(["minutes"])
        decisions = self.env[DECISION].with_user(observer).search([("meeting_id", "in", held.ids)])
        self.assertEqual(decisions, self.held_cric.decision_ids)
        with self.assertRaises(AccessError):
            self.held_cai.decision_ids.with_user(observer).read(["name"])
        with self.assertRaises(AccessError):
            self.next_cric.with_user(observer).write({"name": "x"})

    def test_a_member_reads_its_own_platforms_meetings_and_shared_decisions(self):
        Platform = self.env["cri.coordination.platform"].with_user(self.member_a)
        self.assertEqual(Platform.search([]), self.platform_cric)
        Meeting = self.env[MEETING].with_user(self.member_a)
        self.assertEqual(Meeting.search([]), self.next_cric | self.held_cric)
        self.assertIn("Compte rendu partagé CRIC", self.held_cric.with_user(self.member_a).minutes_shared)
        self.assertEqual(self.env[DECISION].with_user(self.member_a).search([]), self.held_cric.decision_ids)
        for record in (self.platform_cai, self.next_cai, self.held_cai, self.held_cai.decision_ids):
            with self.assertRaises(AccessError):
                record.with_user(self.member_a).read(["display_name"])
        with self.assertRaises(AccessError):
            self.held_cric.with_user(self.member_a).read(["minutes"])
        with self.assertRaises(AccessError):
            self.held_cric.attendee_ids[:1].with_user(self.member_a).write({"attended": True})
        # the CAI's member reads the CAI's meetings, but not their internal minutes nor decisions
        self.assertFalse(self.held_cai.with_user(self.member_b).minutes_shared)
        self.assertFalse(self.env[DECISION].with_user(self.member_b).search([]))
        # a regional working group has no member organisation
        with self.assertRaisesText(ValidationError, "working group between CRIs"):
            self.platform_cric.with_user(self.officer).kind = "regional_group"
