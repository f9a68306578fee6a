from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.cri_coordination.tests.common import OFFICER, CoordinationCommon
from odoo.addons.cri_ili_grants.tests.common import IliCommon

ACTIVITY = "cri.coordination.activity"


@tagged("post_install", "-at_install")
class TestActivityIli(CoordinationCommon, IliCommon, TransactionCase):
    """The link of an activity to an ILI grant: a granted application of the activity's CRI, set
    by those who run the activity and read the CRI's grants, hidden from the others. The messages
    are checked in English, their source language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer_ili = new_test_user(
            cls.env,
            login="coord-officer-ili-cric",
            password="coord-officer-ili-cric",
            groups=f"{OFFICER},cri_ili_grants.group_ili_agent",
            company_id=cls.company_cric.id,
            company_ids=[Command.set(cls.company_cric.ids)],
        )
        cls.grant_cric = cls.to_decided(cls.make_application(title="Cours du soir"))
        cls.draft_cric = cls.make_application(title="Projet encore en brouillon")
        # the CAI's grant: its state is all that matters here
        cls.grant_cai = cls.make_application(commune=cls.namur, title="Projet du CAI")
        cls.grant_cai._workflow_write({"state": "decided"})
        cls.activity = (
            cls.env[ACTIVITY]
            .with_user(cls.officer)
            .create(
                {
                    "name": "Soirée des apprenants",
                    "activity_type": "intercultural",
                    "commune_id": cls.charleroi.id,
                    "public_ids": [Command.create({"category": "newcomers", "count": 12})],
                }
            )
        ).with_env(cls.env)

    def test_a_manager_links_an_activity_to_a_grant_of_its_cri(self):
        self.assertEqual(self.grant_cric.state, "decided")
        activity = self.activity.with_user(self.manager)
        activity.write({"ili_application_id": self.grant_cric.id})
        self.assertEqual(self.activity.ili_application_id, self.grant_cric)
        grant = self.grant_cric.with_user(self.agent)
        self.assertEqual(grant.coordination_activity_count, 1)
        self.assertEqual(grant.coordination_activity_ids, self.activity)
        action = grant.action_view_coordination_activities()
        self.assertEqual(self.env[ACTIVITY].with_user(self.agent).search(action["domain"]), self.activity)

    def test_an_officer_who_reads_the_grants_links_one_when_creating_the_activity(self):
        activity = (
            self.env[ACTIVITY]
            .with_user(self.officer_ili)
            .create(
                {
                    "name": "Atelier du projet",
                    "activity_type": "information",
                    "ili_application_id": self.grant_cric.id,
                }
            )
        )
        self.assertEqual(activity.ili_application_id, self.grant_cric)

    def test_only_a_granted_application_is_linked(self):
        activity = self.activity.with_user(self.manager).with_context(lang="en_US")
        with self.assertRaisesText(ValidationError, "not a grant"):
            activity.write({"ili_application_id": self.draft_cric.id})
        with self.assertRaisesText(ValidationError, "not a grant"):
            self.env[ACTIVITY].with_user(self.officer_ili).with_context(lang="en_US").create(
                {
                    "name": "Atelier trop tôt",
                    "activity_type": "other",
                    "ili_application_id": self.draft_cric.id,
                }
            )
        self.assertFalse(self.activity.ili_application_id)

    def test_a_grant_of_another_cri_is_refused(self):
        # by the company check, or as unreadable (an AccessError is a UserError)
        for user in (self.manager, self.officer_ili):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.activity.with_user(user).write({"ili_application_id": self.grant_cai.id})
        self.assertFalse(self.activity.ili_application_id)

    def test_the_link_is_hidden_from_and_refused_to_who_does_not_read_the_grants(self):
        self.activity.write({"ili_application_id": self.grant_cric.id})
        for user in (self.officer, self.reception):
            activity = self.activity.with_user(user)
            with self.subTest(user=user.login):
                self.assertNotIn("ili_application_id", activity.fields_get())
                self.assertEqual(activity.read(["name"])[0]["name"], "Soirée des apprenants")
                with self.assertRaises(AccessError):
                    activity.read(["ili_application_id"])
        with self.assertRaises(AccessError):
            self.activity.with_user(self.officer).write({"ili_application_id": False})
        with self.assertRaises(AccessError):
            self.env[ACTIVITY].with_user(self.officer).create(
                {
                    "name": "Atelier détourné",
                    "activity_type": "other",
                    "ili_application_id": self.grant_cric.id,
                }
            )
        # the officer still runs the activity itself
        self.activity.with_user(self.officer).write({"place": "Salle des fêtes"})
        self.assertEqual(self.activity.ili_application_id, self.grant_cric)
        for user in (self.agent, self.accountant, self.observer):
            with self.subTest(user=user.login):
                self.assertEqual(self.activity.with_user(user).ili_application_id, self.grant_cric)
                with self.assertRaises(AccessError):
                    self.activity.with_user(user).write({"ili_application_id": False})
