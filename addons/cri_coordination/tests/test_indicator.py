from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CoordinationCommon


@tagged("post_install", "-at_install")
class TestIndicator(CoordinationCommon, TransactionCase):
    def record(self, year, value, indicator=None):
        return (
            self.env["cri.coordination.indicator.value"]
            .with_user(self.officer)
            .with_context(lang="fr_BE")
            .create({"indicator_id": (indicator or self.indicator_cric).id, "year": year, "value": value})
        )

    def test_the_indicator_shows_its_latest_value_and_progress_by_year(self):
        indicator = self.indicator_cric.with_user(self.officer)
        self.assertEqual((indicator.last_year, indicator.last_value, indicator.progress), (0, 0.0, 0.0))
        self.record(2025, 60)
        self.record(2024, 25)
        self.assertEqual((indicator.last_year, indicator.last_value), (2025, 60.0))
        self.assertAlmostEqual(indicator.progress, 60.0)
        self.record(2026, 110)
        self.assertEqual(indicator.last_year, 2026)
        self.assertAlmostEqual(indicator.progress, 110.0)
        indicator.value_ids.filtered(lambda value: value.year == 2026).value = 80
        self.assertAlmostEqual(indicator.progress, 80.0)
        indicator.target = 160
        self.assertAlmostEqual(indicator.progress, 50.0)
        # the stored figures are what a search or a group finds
        found = self.env["cri.coordination.indicator"].search([("progress", "=", 50.0)])
        self.assertIn(self.indicator_cric, found)

    def test_an_indicator_without_target_shows_no_progress(self):
        indicator = self.indicator_cric.with_user(self.officer)
        indicator.target = 0
        self.record(2024, 12)
        self.assertEqual((indicator.last_value, indicator.progress), (12.0, 0.0))

    def test_a_value_outside_the_plans_years_is_refused_in_french(self):
        for year in (2023, 2030):
            with self.subTest(year=year), self.assertRaisesText(ValidationError, "en dehors des années"):
                self.record(year, 10)
        self.record(2024, 10)
        value = self.indicator_cric.value_ids
        with self.assertRaises(ValidationError):
            value.with_user(self.officer).write({"year": 2031})
        self.assertEqual(value.year, 2024)

    def test_a_year_has_one_value_only(self):
        self.record(2025, 10)
        with self.assertRaisesText(ValidationError, "2025"):
            self.record(2025, 20)
        with self.assertRaises(ValidationError):
            self.indicator_cric.with_user(self.officer).write(
                {
                    "value_ids": [
                        Command.create({"year": 2026, "value": 1}),
                        Command.create({"year": 2026, "value": 2}),
                    ]
                }
            )
        self.assertEqual(self.indicator_cric.value_ids.mapped("value"), [10.0])
        # the same year on another indicator is another value
        self.record(2025, 5, indicator=self.indicator_cric.copy({"name": "Ateliers"}))
