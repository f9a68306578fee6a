from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingCase, TrainingHttpCase


@tagged("post_install", "-at_install")
class TestTrainingAccess(TrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_session = cls.make_session(trainer=cls.trainer_two)
        cls.mine = cls.env["event.registration"].create(
            {"event_id": cls.course.id, "partner_id": cls.people[0].id}
        )
        cls.theirs = cls.env["event.registration"].create(
            {"event_id": cls.other_session.id, "partner_id": cls.people[1].id}
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_a_trainer_sees_and_marks_its_own_sessions_only(self):
        Event = self.env["event.event"].with_user(self.trainer)
        self.assertEqual(Event.search([("cri_module_id", "!=", False)]), self.course)
        self.assertEqual(self.env["event.registration"].with_user(self.trainer).search([]), self.mine)
        self.mine.cri_attendance_ids[0].with_user(self.trainer).state = "present"
        with self.assertRaises(AccessError):
            self.theirs.cri_attendance_ids[0].with_user(self.trainer).state = "present"
        with self.assertRaises(AccessError):
            self.other_session.with_user(self.trainer).read(["name"])
        # a trainer marks attendance; it neither registers nor edits a session
        with self.assertRaises(AccessError):
            self.register(self.people[2], user=self.trainer)
        with self.assertRaises(AccessError):
            self.course.with_user(self.trainer).write({"seats_max": 50})

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_a_cri_runs_its_own_sessions(self):
        cai_session = self.make_session(company=self.company_cai)
        sessions = self.env["event.event"].with_user(self.officer).search([("cri_module_id", "!=", False)])
        self.assertIn(self.course, sessions)
        self.assertNotIn(cai_session, sessions)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.officer_cai).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.mine.cri_attendance_ids.with_user(self.officer_cai).read(["state"])
        # the module offered by both CRIs is in both catalogues
        self.assertTrue(self.module.with_user(self.officer_cai).read(["name"]))

    def test_a_manager_who_also_trains_sees_every_session_of_its_cri(self):
        manager = self.env["res.users"].create(
            {
                "name": "Manager Test",
                "login": "training-manager-cric",
                "groups_id": [(6, 0, self.env.ref("cri_base.group_manager").ids)],
                "company_id": self.company_cric.id,
                "company_ids": [(6, 0, self.company_cric.ids)],
            }
        )
        self.assertTrue(manager.has_group("cri_base.group_trainer"))
        sessions = self.env["event.event"].with_user(manager).search([("cri_module_id", "!=", False)])
        self.assertLessEqual(self.course | self.other_session, sessions)
        domain = [("event_id", "in", (self.course | self.other_session).ids)]
        self.assertEqual(
            self.env["event.registration"].with_user(manager).search(domain), self.mine | self.theirs
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_the_region_reads_the_catalogue_but_no_registration(self):
        self.assertTrue(self.module.with_user(self.observer).read(["name"]))
        with self.assertRaises(AccessError):
            self.mine.with_user(self.observer).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.module.with_user(self.observer).write({"name": "Changed"})


@tagged("post_install", "-at_install")
class TestTrainingRpc(RpcMixin, TrainingHttpCase):
    """A trainer, the weakest role that reaches sessions, through the web client's RPC route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_session = cls.make_session(trainer=cls.trainer_two)
        cls.mine = cls.env["event.registration"].create(
            {"event_id": cls.course.id, "partner_id": cls.people[0].id}
        )
        cls.theirs = cls.env["event.registration"].create(
            {"event_id": cls.other_session.id, "partner_id": cls.people[1].id}
        )

    def test_a_trainer_guessing_ids_reaches_nothing_of_another_session(self):
        line = self.theirs.cri_attendance_ids[:1]
        self.assertRefused(
            self.call_kw("trainer-one", "event.event", "read", [self.other_session.ids, ["name"]])
        )
        self.assertRefused(
            self.call_kw("trainer-one", "event.registration", "read", [self.theirs.ids, ["partner_id"]])
        )
        self.assertRefused(
            self.call_kw("trainer-one", "cri.training.attendance", "write", [line.ids, {"state": "present"}])
        )
        self.assertFalse(line.state)

    def test_a_trainer_marks_attendance_and_nothing_else(self):
        line = self.mine.cri_attendance_ids[:1]
        self.assertIsNone(
            self.call_kw("trainer-one", "cri.training.attendance", "write", [line.ids, {"state": "present"}])[
                1
            ]
        )
        self.assertEqual(line.state, "present")
        self.assertRefused(
            self.call_kw(
                "trainer-one",
                "cri.training.attendance",
                "write",
                [line.ids, {"registration_id": self.theirs.id}],
            )
        )
        self.assertRefused(
            self.call_kw(
                "trainer-one",
                "event.registration",
                "create",
                [{"event_id": self.course.id, "partner_id": self.people[3].id}],
            )
        )
        self.assertRefused(
            self.call_kw("trainer-one", "event.event", "write", [self.course.ids, {"seats_max": 99}])
        )
        self.assertRefused(
            self.call_kw("trainer-one", "event.registration", "write", [self.mine.ids, {"state": "cancel"}])
        )
        self.assertEqual((self.course.seats_max, self.mine.state), (2, "open"))
