from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import legal_today

from .common import CoordinationCommon

ACTIVITY = "cri.coordination.activity"
PUBLIC = "cri.coordination.activity.public"


@tagged("post_install", "-at_install")
class TestActivity(CoordinationCommon, RpcMixin, HttpCase):
    """The participation and awareness activities: their life, their public counts, the territory
    of their CRI, and who reads and writes them, through the ORM and the web client's RPC route.
    The messages are checked in English, their source language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.last_week = legal_today() - timedelta(days=7)
        cls.activity_cric = cls.make_activity(
            cls.officer, "Soirée test CRIC", cls.charleroi, {"newcomers": 10, "general_public": 5}
        )
        cls.activity_cai = cls.make_activity(cls.officer_cai, "Soirée test CAI", cls.namur, {"newcomers": 7})

    @classmethod
    def make_activity(cls, officer, name, commune, counts=None, **values):
        """A planned activity of ``officer``'s CRI, last week, written by ``officer``."""
        activity = (
            cls.env[ACTIVITY]
            .with_user(officer)
            .create(
                {
                    "name": name,
                    "activity_type": "intercultural",
                    "company_id": officer.company_id.id,
                    "date": cls.last_week,
                    "commune_id": commune.id,
                    "public_ids": [
                        Command.create({"category": category, "count": count})
                        for category, count in (counts or {}).items()
                    ],
                    **values,
                }
            )
        )
        return activity.with_env(cls.env)

    def as_officer(self, records):
        return records.with_user(self.officer).with_context(lang="en_US")

    # ------------------------------------------------------------------ life
    def test_an_activity_that_took_place_and_reached_its_public_is_marked_done(self):
        activity = self.as_officer(self.activity_cric)
        self.assertEqual(activity.state, "planned")
        self.assertEqual(activity.public_total, 15)
        activity.action_done()
        self.assertEqual(activity.state, "done")
        # its evaluation is still written afterwards, nothing else
        activity.write({"evaluation": "Bonne participation"})
        self.assertEqual(activity.evaluation, "Bonne participation")
        with self.assertRaisesText(UserError, "only its evaluation"):
            activity.write({"name": "Renommée"})
        with self.assertRaisesText(UserError, "no longer change"):
            activity.public_ids[0].write({"count": 99})
        with self.assertRaisesText(UserError, "no longer change"):
            self.env[PUBLIC].with_user(self.officer).with_context(lang="en_US").create(
                {"activity_id": activity.id, "category": "professionals", "count": 3}
            )
        with self.assertRaisesText(UserError, "cannot become"):
            activity.action_cancel()
        with self.assertRaisesText(UserError, "stays in the CRI's records"):
            activity.unlink()
        self.assertEqual(
            (activity.state, activity.name, activity.public_total), ("done", "Soirée test CRIC", 15)
        )

    def test_marking_done_needs_a_public_counted_and_a_date_not_in_the_future(self):
        empty = self.make_activity(self.officer, "Soirée sans public", self.charleroi)
        zero = self.make_activity(self.officer, "Soirée à zéro", self.charleroi, {"newcomers": 0})
        for activity in (empty, zero):
            with self.subTest(activity=activity.name), self.assertRaisesText(UserError, "count the public"):
                self.as_officer(activity).action_done()
        tomorrow = self.make_activity(
            self.officer,
            "Soirée de demain",
            self.charleroi,
            {"newcomers": 4},
            date=legal_today() + timedelta(days=1),
        )
        with self.assertRaisesText(UserError, "once it has taken place"):
            self.as_officer(tomorrow).action_done()
        self.assertEqual(set((empty | zero | tomorrow).mapped("state")), {"planned"})
        # today's activity is done as soon as it has reached someone
        tomorrow.with_user(self.officer).write({"date": legal_today()})
        self.as_officer(tomorrow).action_done()
        self.assertEqual(tomorrow.state, "done")

    def test_a_planned_activity_is_cancelled_and_then_changes_no_more(self):
        activity = self.as_officer(self.activity_cric)
        activity.action_cancel()
        self.assertEqual(activity.state, "cancelled")
        for method in ("action_done", "action_cancel"):
            with self.subTest(method=method), self.assertRaisesText(UserError, "cannot become"):
                getattr(activity, method)()
        with self.assertRaisesText(UserError, "only its evaluation"):
            activity.write({"date": legal_today()})
        activity.write({"evaluation": "Annulée faute de salle"})
        with self.assertRaises(UserError):
            activity.unlink()
        self.assertEqual((activity.state, activity.date), ("cancelled", self.last_week))

    def test_a_planned_activity_is_deleted_by_its_officer(self):
        activity = self.make_activity(self.officer, "Soirée en trop", self.charleroi, {"newcomers": 2})
        line = activity.public_ids
        activity.with_user(self.officer).unlink()
        self.assertFalse(activity.exists())
        self.assertFalse(line.exists())

    def test_the_manager_runs_the_activities_of_its_cri(self):
        activity = self.make_activity(self.manager, "Soirée du directeur", self.chatelet, {"young_people": 8})
        self.assertEqual(activity.company_id, self.company_cric)
        activity.with_user(self.manager).action_done()
        self.assertEqual(activity.state, "done")

    def test_state_and_total_are_refused_in_write_and_create_for_everyone(self):
        admin = self.env.ref("base.user_admin")
        for user in (self.officer, self.manager, admin):
            activity = self.activity_cric.with_user(user).with_context(lang="en_US")
            for vals in ({"state": "done"}, {"public_total": 500}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesText(UserError, "buttons"):
                    activity.write(vals)
            with self.subTest(user=user.login), self.assertRaisesText(UserError, "buttons"):
                activity.create(
                    {
                        "name": "Soirée finie d'office",
                        "activity_type": "other",
                        "date": self.last_week,
                        "state": "done",
                    }
                )
        self.assertEqual((self.activity_cric.state, self.activity_cric.public_total), ("planned", 15))

    # ------------------------------------------------------------------ counts
    def test_the_public_is_counted_by_category_and_totalled(self):
        activity = self.as_officer(self.activity_cric)
        newcomers = activity.public_ids.filtered(lambda line: line.category == "newcomers")
        newcomers.write({"count": 12})
        self.assertEqual(activity.public_total, 17)
        activity.write({"public_ids": [Command.create({"category": "professionals", "count": 3})]})
        self.assertEqual(activity.public_total, 20)
        newcomers.unlink()
        self.assertEqual(activity.public_total, 8)

    def test_a_negative_count_is_refused_with_a_clear_message(self):
        activity = self.as_officer(self.activity_cric)
        line = activity.public_ids[0]
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            line.write({"count": -3})
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            activity.write({"public_ids": [Command.create({"category": "other", "count": -1})]})
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.make_activity(self.officer, "Soirée négative", self.charleroi, {"newcomers": -5})
        self.assertEqual(self.activity_cric.public_total, 15)
        self.assertEqual(len(self.activity_cric.public_ids), 2)

    def test_a_public_is_counted_once_per_activity(self):
        activity = self.as_officer(self.activity_cric)
        with self.assertRaisesText(ValidationError, "already counted"):
            activity.write({"public_ids": [Command.create({"category": "newcomers", "count": 1})]})
        general = activity.public_ids.filtered(lambda line: line.category == "general_public")
        with self.assertRaisesText(ValidationError, "already counted"):
            general.write({"category": "newcomers"})
        with self.assertRaisesText(ValidationError, "already counted"):
            self.make_activity(self.officer, "Soirée doublée", self.charleroi, {"newcomers": 1}).write(
                {"public_ids": [Command.create({"category": "newcomers", "count": 2})]}
            )
        self.assertEqual(
            sorted(self.activity_cric.public_ids.mapped("category")), ["general_public", "newcomers"]
        )
        # the same public under another activity is counted there
        self.assertEqual(self.activity_cai.public_ids.category, "newcomers")

    def test_a_count_stays_with_its_activity(self):
        other = self.make_activity(self.officer, "Autre soirée", self.chatelet)
        line = self.as_officer(self.activity_cric).public_ids[0]
        with self.assertRaisesText(UserError, "stays with its activity"):
            line.write({"activity_id": other.id})
        self.assertEqual(line.activity_id, self.activity_cric)

    # ------------------------------------------------------------------ territory and CRI
    def test_the_commune_is_one_of_the_territory_of_the_activitys_cri(self):
        with self.assertRaisesText(ValidationError, "territory"):
            self.as_officer(self.activity_cric).write({"commune_id": self.namur.id})
        with self.assertRaisesText(ValidationError, "territory"):
            self.make_activity(self.officer, "Soirée égarée", self.namur)
        self.assertEqual(self.activity_cric.commune_id, self.charleroi)
        self.as_officer(self.activity_cric).write({"commune_id": self.chatelet.id})
        self.assertEqual(self.activity_cric.commune_id, self.chatelet)

    def test_an_activity_stays_with_its_cri(self):
        with self.assertRaisesText(UserError, "stays with its CRI"):
            self.as_officer(self.activity_cric).write({"company_id": self.company_cai.id})
        self.assertEqual(self.activity_cric.company_id, self.company_cric)

    def test_the_plan_action_is_one_of_the_same_cri(self):
        activity = self.as_officer(self.activity_cric)
        with self.assertRaisesText(UserError, "Incompatible companies"):
            activity.write({"plan_action_id": self.action_cai.id})
        self.assertFalse(self.activity_cric.plan_action_id)
        activity.write({"plan_action_id": self.action_cric.id})
        self.assertEqual(self.activity_cric.plan_action_id, self.action_cric)

    # ------------------------------------------------------------------ access
    def test_an_officer_changes_nothing_of_another_cris_activity(self):
        activity = self.activity_cai.with_user(self.officer)
        self.assertEqual(activity.read(["name"])[0]["name"], "Soirée test CAI")
        self.assertEqual(activity.public_ids.read(["count"])[0]["count"], 7)
        for method in ("action_done", "action_cancel"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(activity, method)()
        with self.assertRaises(AccessError):
            activity.write({"name": "Détournée"})
        with self.assertRaises(AccessError):
            activity.unlink()
        with self.assertRaises(AccessError):
            activity.public_ids.write({"count": 70})
        with self.assertRaises(AccessError):
            self.env[PUBLIC].with_user(self.officer).create(
                {"activity_id": self.activity_cai.id, "category": "other", "count": 1}
            )
        with self.assertRaises(AccessError):
            self.env[ACTIVITY].with_user(self.officer).create(
                {"name": "Soirée pour le CAI", "activity_type": "other", "company_id": self.company_cai.id}
            )
        self.assertEqual(
            (self.activity_cai.name, self.activity_cai.state, self.activity_cai.public_total),
            ("Soirée test CAI", "planned", 7),
        )

    def test_an_officer_cannot_change_another_cris_activity_by_guessing_ids(self):
        login = self.officer.login
        activity_id, line_id = self.activity_cai.id, self.activity_cai.public_ids.id
        calls = [
            (ACTIVITY, "write", [[activity_id], {"name": "Détournée"}]),
            (ACTIVITY, "unlink", [[activity_id]]),
            (ACTIVITY, "action_done", [[activity_id]]),
            (ACTIVITY, "action_cancel", [[activity_id]]),
            (
                ACTIVITY,
                "create",
                [{"name": "Intruse", "activity_type": "other", "company_id": self.company_cai.id}],
            ),
            (
                ACTIVITY,
                "write",
                [[activity_id], {"public_ids": [Command.create({"category": "other", "count": 9})]}],
            ),
            (PUBLIC, "write", [[line_id], {"count": 70}]),
            (PUBLIC, "unlink", [[line_id]]),
            (PUBLIC, "create", [{"activity_id": activity_id, "category": "other", "count": 9}]),
            (PUBLIC, "write", [[self.activity_cric.public_ids[0].id], {"activity_id": activity_id}]),
            (ACTIVITY, "write", [[self.activity_cric.id], {"company_id": self.company_cai.id}]),
            (ACTIVITY, "write", [[self.activity_cric.id], {"state": "done"}]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method, args=args):
                self.assertRefused(self.call_kw(login, model, method, args))
        self.assertEqual(
            (self.activity_cai.name, self.activity_cai.state, self.activity_cai.public_total),
            ("Soirée test CAI", "planned", 7),
        )
        self.assertEqual(self.activity_cric.company_id, self.company_cric)
        self.assertEqual(self.activity_cric.state, "planned")
        self.assertEqual(len(self.activity_cric.public_ids), 2)
        # its own activity's buttons answer it
        result, error = self.call_kw(login, ACTIVITY, "action_done", [[self.activity_cric.id]])
        self.assertIsNone(error)
        self.assertEqual(self.activity_cric.state, "done")

    def test_the_reception_agent_and_the_region_read_every_cris_activities_and_write_none(self):
        both = self.activity_cric | self.activity_cai
        for user in (self.reception, self.observer):
            activities = self.env[ACTIVITY].with_user(user).search([("id", "in", both.ids)])
            self.assertEqual(activities, both)
            self.assertEqual(sorted(activities.mapped("public_total")), [7, 15])
            self.assertEqual(len(activities.public_ids.read(["category", "count"])), 3)
            for activity in activities:
                with self.subTest(user=user.login, activity=activity.name):
                    for method in ("action_done", "action_cancel"):
                        with self.assertRaises(AccessError):
                            getattr(activity, method)()
                    with self.assertRaises(AccessError):
                        activity.write({"name": "Changée"})
                    with self.assertRaises(AccessError):
                        activity.unlink()
                    with self.assertRaises(AccessError):
                        activity.public_ids[0].write({"count": 1})
                    with self.assertRaises(AccessError):
                        self.env[PUBLIC].with_user(user).create(
                            {"activity_id": activity.id, "category": "other", "count": 1}
                        )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[ACTIVITY].with_user(user).create({"name": "Soirée pirate", "activity_type": "other"})
            self.assertFalse(self.activity_cric.with_user(user).can_edit)
        self.assertTrue(self.activity_cric.with_user(self.officer).can_edit)
        self.assertFalse(self.activity_cai.with_user(self.officer).can_edit)
        # the Region reads them the way the web client does, and is refused a change there too
        records, error = self.call_kw(
            self.observer.login,
            ACTIVITY,
            "web_search_read",
            [],
            {
                "domain": [("id", "in", both.ids)],
                "specification": {"name": {}, "public_ids": {"fields": {"category": {}, "count": {}}}},
            },
        )
        self.assertIsNone(error)
        self.assertEqual(
            {record["name"] for record in records["records"]}, {"Soirée test CRIC", "Soirée test CAI"}
        )
        self.assertRefused(
            self.call_kw(self.observer.login, ACTIVITY, "write", [both.ids, {"name": "Changée"}])
        )
        self.assertEqual(set(both.mapped("state")), {"planned"})
        self.assertEqual(self.activity_cric.name, "Soirée test CRIC")

    def test_a_portal_user_reaches_no_activity(self):
        for model, records in ((ACTIVITY, self.activity_cric), (PUBLIC, self.activity_cric.public_ids)):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
            with self.subTest(model=model), self.assertRaises(AccessError):
                records.with_user(self.portal).read(["display_name"])
        login = self.portal.login
        self.assertRefused(
            self.call_kw(login, ACTIVITY, "web_search_read", [], {"specification": {"name": {}}})
        )
        self.assertRefused(self.call_kw(login, ACTIVITY, "read", [[self.activity_cric.id], ["name"]]))
        self.assertRefused(self.call_kw(login, ACTIVITY, "action_done", [[self.activity_cric.id]]))
        self.assertRefused(
            self.call_kw(login, ACTIVITY, "create", [{"name": "Soirée du portail", "activity_type": "other"}])
        )
        self.assertEqual(self.activity_cric.state, "planned")
