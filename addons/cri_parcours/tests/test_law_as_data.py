"""A new decree is data: a fourth regime with a module type of its own and a two-step sanction
ladder, created as records only, and a file under it that behaves accordingly."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PathwayCase


@tagged("post_install", "-at_install")
class TestLawAsData(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.digital = cls.env["cri.pathway.module.type"].create(
            {"name": "Digital skills (test)", "code": "digital_test", "sequence": 40}
        )
        model = cls.env["ir.model"]._get_id("cri.pathway")
        cls.letter_warning, cls.letter_report = cls.env["mail.template"].create(
            [
                {
                    "name": "Test decree: warning",
                    "model_id": model,
                    "subject": "Warning of the test decree ({{ object.name }})",
                    "body_html": "<p>First and last warning of the test decree.</p>",
                },
                {
                    "name": "Test decree: report",
                    "model_id": model,
                    "subject": "Reported under the test decree ({{ object.name }})",
                    "body_html": "<p>Reported under the test decree.</p>",
                },
            ]
        )
        french = cls.env.ref("cri_parcours.module_type_french")
        cls.regime = cls.env["cri.pathway.regime"].create(
            {
                "name": "Test decree of 2026",
                "date_from": date(2026, 1, 1),
                "convention_months": 24,
                "presentation_deadline_months": 2,
                "fine_min": 200,
                "fine_max": 1000,
                "excluded_country_group_ids": [
                    Command.link(cls.env.ref("cri_parcours.country_group_eu_eea_ch").id)
                ],
                "line_ids": [
                    Command.create(
                        {
                            "module_type_id": french.id,
                            "hours": 200,
                            "deadline_months": 12,
                            "target_level": "b1",
                        }
                    ),
                    Command.create({"module_type_id": cls.digital.id, "hours": 30, "deadline_months": 2}),
                ],
                "sanction_step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Warning",
                            "code": "warning",
                            "delay_days": 10,
                            "template_id": cls.letter_warning.id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Report",
                            "code": "report",
                            "delay_days": 15,
                            "template_id": cls.letter_report.id,
                            "apply_fine": True,
                        }
                    ),
                ],
            }
        )
        cls.pathway = cls.to_convention(cls.make_file(date(2026, 2, 2)), date(2026, 3, 1))

    def run_cron(self, day):
        with freeze_time(day):
            return self.env["cri.pathway"]._cron_check_deadlines()

    def test_the_module_types_offered_follow_their_data_at_once(self):
        Module = self.env["cri.pathway.module"]
        labels = dict(Module._fields["module_type"]._description_selection(self.env))
        self.assertEqual(labels["digital_test"], "Digital skills (test)")
        self.digital.name = "Digital literacy (test)"
        labels = dict(Module._fields["module_type"]._description_selection(self.env))
        self.assertEqual(labels["digital_test"], "Digital literacy (test)")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.digital.update_field_translations("name", {"fr_FR": "Compétences numériques (test)"})
        french = dict(
            Module._fields["module_type"]._description_selection(self.env(context={"lang": "fr_FR"}))
        )
        self.assertEqual(french["digital_test"], "Compétences numériques (test)")
        added = self.env["cri.pathway.module.type"].create({"name": "Budget (test)", "code": "budget_test"})
        self.assertIn(("budget_test", "Budget (test)"), Module._selection_module_types())
        added.unlink()
        self.assertNotIn("budget_test", dict(Module._selection_module_types()))

    def test_the_file_follows_the_modules_of_its_regime(self):
        pathway = self.pathway
        self.assertEqual(pathway.regime_id, self.regime)
        self.assertEqual(pathway.eligibility, "mandatory")
        self.assertEqual(pathway.presentation_deadline, date(2026, 4, 2))
        self.assertEqual(pathway.convention_end_date, date(2028, 3, 1))
        modules = {m.module_type: m for m in pathway.module_ids}
        self.assertEqual(set(modules), {"french", "digital_test"}, "no citizenship nor orientation module")
        self.assertEqual(
            (modules["digital_test"].required_hours, modules["digital_test"].deadline), (30, date(2026, 5, 1))
        )
        self.assertEqual((modules["french"].required_hours, modules["french"].target_level), (200, "b1"))
        self.assertEqual(modules["french"].deadline, date(2027, 3, 1))
        self.assertEqual(pathway.next_deadline, date(2026, 5, 1))
        self.assertEqual(modules["digital_test"].display_name.split(" – ")[-1], "Digital skills (test)")

    def test_a_module_the_regime_does_not_list_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["cri.pathway.module"].create(
                {"pathway_id": self.pathway.id, "module_type": "citizenship"}
            )

    def test_the_certificate_waits_for_the_modules_of_the_regime_only(self):
        pathway = self.pathway
        digital = self.module(pathway, "digital_test")
        self.attend(digital, 30, start=date(2026, 3, 2))
        digital.action_complete()
        with self.assertRaisesRegex(UserError, "French") as error:
            pathway.action_issue_certificate()
        self.assertNotIn("Digital", str(error.exception))
        french = self.module(pathway, "french")
        french.validation_level = "b1"
        french.action_complete()
        self.assertEqual(french.state, "early_done", "the level of the regime's line completes it early")
        pathway.action_issue_certificate()
        self.assertEqual(pathway.state, "done")

    def test_the_two_step_ladder_of_the_regime_is_taken_and_then_stops(self):
        pathway = self.pathway
        self.assertFalse(self.run_cron("2026-05-01"), "the deadline day itself is not missed")
        self.assertEqual(self.run_cron("2026-05-02"), pathway)
        first = pathway.sanction_ids
        self.assertEqual(
            (first.step_id.code, first.deadline_kind, first.fine_max), ("warning", "digital_test", 0)
        )
        self.assertEqual(pathway.sanction_next_date, date(2026, 5, 12), "the step's own delay")
        self.assertIn("First and last warning of the test decree", pathway.message_ids[:1].body)
        self.assertFalse(self.run_cron("2026-05-11"))
        self.assertEqual(self.run_cron("2026-05-12"), pathway)
        last = pathway.sanction_ids.sorted("id")[-1]
        self.assertEqual((last.step_id.code, last.fine_min, last.fine_max), ("report", 200, 1000))
        self.assertIn("Reported under the test decree", pathway.message_ids[:1].body)
        # the ladder has two steps: nothing more, however late
        self.assertFalse(self.run_cron("2026-09-01"))
        self.assertEqual(len(pathway.sanction_ids), 2)
