"""The trainings' figures of the dashboards: a trainer's next sessions and the days whose
attendance it has not marked; a training officer's next sessions, their fill rate and the
year's satisfaction; each over the reader's own sessions or CRI."""

from datetime import datetime, timedelta

from odoo.tests import new_test_user, tagged

from .common import TrainingCase


@tagged("post_install", "-at_install")
class TestTrainingDashboard(TrainingCase):
    def tile(self, user, name):
        tile = self.env.ref(f"cri_training.dashboard_tile_training_{name}").with_user(user)
        tile.invalidate_recordset(["value", "value_display", "is_alert"])
        return tile

    def past_session(self, trainer):
        """A session of last week, one participant registered before it, attendance unmarked."""
        begin = datetime.combine(
            datetime.today().date() - timedelta(days=7), datetime.min.time()
        ) + timedelta(hours=9)
        session = self.make_session(trainer=trainer, date_begin=begin, date_end=begin + timedelta(hours=7))
        self.register(self.people[3], session)
        return session

    def test_a_trainer_counts_its_own_next_sessions(self):
        before = self.tile(self.trainer, "my_sessions").value
        before_two = self.tile(self.trainer_two, "my_sessions").value
        self.make_session()
        self.assertEqual(self.tile(self.trainer, "my_sessions").value, before + 1)
        self.assertEqual(self.tile(self.trainer_two, "my_sessions").value, before_two)

    def test_the_days_whose_attendance_is_not_marked_read_red(self):
        before = self.tile(self.trainer, "attendance_to_mark").value
        session = self.past_session(self.trainer)
        lines = session.cri_slot_ids.attendance_ids
        self.assertTrue(lines and not any(lines.mapped("state")))
        tile = self.tile(self.trainer, "attendance_to_mark")
        self.assertEqual(tile.value, before + 1)
        self.assertTrue(tile.is_alert)
        self.assertIn(
            session, self.env["event.event"].with_user(self.trainer).search(tile.action_open()["domain"])
        )
        self.assertEqual(self.tile(self.trainer_two, "attendance_to_mark").value, 0)
        lines.with_user(self.trainer).write({"state": "present"})
        self.assertEqual(self.tile(self.trainer, "attendance_to_mark").value, before)

    def test_the_officer_reads_the_fill_rate_of_its_cri_next_sessions(self):
        self.register(self.people[0])
        tile = self.tile(self.officer, "fill_rate")
        sessions = self.env["event.event"].with_user(self.officer).search(tile.action_open()["domain"])
        self.assertIn(self.course, sessions)
        self.assertEqual(sessions.company_id, self.company_cric)
        expected = 100.0 * sum(sessions.mapped("cri_participant_count")) / sum(sessions.mapped("seats_max"))
        self.assertAlmostEqual(tile.value, expected, places=2)
        self.assertEqual(self.course.cri_fill_rate, 50.0)
        # the other CRI's officer does not count this CRI's session
        other = self.tile(self.officer_cai, "fill_rate").action_open()["domain"]
        self.assertNotIn(self.course, self.env["event.event"].with_user(self.officer_cai).search(other))

    def test_a_manager_sees_the_cri_figures_not_a_trainer_s(self):
        manager = new_test_user(
            self.env,
            login="training-manager",
            groups="cri_base.group_manager",
            company_id=self.company_cric.id,
            company_ids=[(6, 0, self.company_cric.ids)],
        )
        tiles = self.env["cri.dashboard.tile"].with_user(manager).search([("section", "=", "training")])
        self.assertIn(self.env.ref("cri_training.dashboard_tile_training_fill_rate"), tiles)
        self.assertNotIn(self.env.ref("cri_training.dashboard_tile_training_my_sessions"), tiles)
        trainer_tiles = self.env["cri.dashboard.tile"].with_user(self.trainer).search([])
        self.assertEqual(
            set(trainer_tiles.get_external_id().values()),
            {
                "cri_training.dashboard_tile_training_my_sessions",
                "cri_training.dashboard_tile_training_attendance_to_mark",
            },
        )
