from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_generator import generator

MODELS = {
    "coordination plans": "cri.coordination.plan",
    "plan actions": "cri.coordination.action",
    "activities": "cri.coordination.activity",
    "meetings": "cri.coordination.meeting",
    "decisions": "cri.coordination.decision",
}


@tagged("post_install", "-at_install")
class TestCoordinationGenerator(TransactionCase):
    """The coordination part of the regional data generator: what it says it created exists,
    passes the models' rules and is what the statistics count."""

    def test_the_generated_work_is_counted_by_the_statistics(self):
        before = {key: set(self.env[model].search([]).ids) for key, model in MODELS.items()}
        counts = generator.generate_coordination(
            self.env, years=2, actions=2, activities=24, meetings=16, seed=5
        )
        new = {
            key: self.env[model].search([("id", "not in", list(before[key]))])
            for key, model in MODELS.items()
        }
        for key, records in new.items():
            with self.subTest(what=key):
                self.assertEqual(len(records), counts.get(key, 0))
        self.assertEqual((counts["activities"], counts["meetings"]), (24, 16))
        self.assertGreater(len(new["coordination plans"]), 0)
        activities = new["activities"]
        [(done, public)] = self.env["cri.reporting.coordination.activity"]._read_group(
            [("id", "in", activities.ids), ("state", "=", "done")],
            [],
            ["activity_count:sum", "public_total:sum"],
        )
        finished = activities.filtered(lambda activity: activity.state == "done")
        self.assertEqual((done, public), (len(finished), sum(finished.mapped("public_total"))))
        self.assertTrue(all(activity.public_total > 0 for activity in finished))
        meetings = new["meetings"]
        [(held, decisions)] = self.env["cri.reporting.coordination.meeting"]._read_group(
            [("id", "in", meetings.ids), ("state", "=", "held")],
            [],
            ["meeting_count:sum", "decision_count:sum"],
        )
        self.assertEqual(held, len(meetings.filtered(lambda meeting: meeting.state == "held")))
        self.assertEqual(decisions, len(new["decisions"].filtered(lambda d: d.state != "cancelled")))

    def test_a_negative_size_is_refused(self):
        with self.assertRaises(ValueError):
            generator.generate_coordination(self.env, activities=-1)
