from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PathwayCase


@tagged("post_install", "-at_install")
class TestDeadlines(PathwayCase):
    def test_add_months_falls_on_last_day_of_shorter_month(self):
        add = self.env["cri.pathway.regime"]._add_months
        self.assertEqual(add(date(2025, 1, 31), 3), date(2025, 4, 30))
        self.assertEqual(add(date(2025, 1, 31), 1), date(2025, 2, 28))
        self.assertEqual(add(date(2024, 1, 31), 1), date(2024, 2, 29))
        self.assertEqual(add(date(2024, 2, 29), 12), date(2025, 2, 28))
        self.assertEqual(add(date(2024, 2, 29), 48), date(2028, 2, 29))
        self.assertFalse(add(False, 3))

    def test_presentation_deadline_is_registration_plus_three_months_at_month_end(self):
        cases = {
            date(2025, 1, 31): date(2025, 4, 30),
            date(2024, 11, 30): date(2025, 2, 28),
            date(2023, 11, 30): date(2024, 2, 29),
            date(2024, 6, 15): date(2024, 9, 15),
        }
        for registration, deadline in cases.items():
            with self.subTest(registration=registration):
                pathway = self.make_file(registration)
                self.assertEqual(pathway.presentation_deadline, deadline)
                self.assertEqual(pathway.next_deadline, deadline, "a referral waits for the presentation")

    def test_presentation_deadline_follows_registration_date_change(self):
        pathway = self.make_file(date(2025, 1, 15))
        pathway.registration_date = date(2025, 1, 31)
        self.assertEqual(pathway.presentation_deadline, date(2025, 4, 30))

    def test_no_convention_deadlines_before_signature(self):
        pathway = self.make_file(date(2025, 1, 31))
        self.assertFalse(pathway.convention_end_date)
        self.assertFalse(pathway.module_ids, "the modules of the regime come with the convention")

    def test_convention_deadlines_of_2018_regime_from_leap_day(self):
        pathway = self.to_convention(self.make_file(date(2024, 1, 15)), convention_date=date(2024, 2, 29))
        self.assertEqual(pathway.regime_id, self.regime_2018)
        self.assertEqual(pathway.convention_end_date, date(2025, 8, 29))  # 18 months
        self.assertEqual(self.deadline(pathway, "french"), date(2025, 6, 29))  # 16 months
        self.assertEqual(self.deadline(pathway, "citizenship"), date(2024, 6, 29))  # 4 months
        self.assertEqual(self.deadline(pathway, "orientation"), date(2025, 8, 29))  # 18 months

    def test_convention_deadlines_at_month_end(self):
        pathway = self.to_convention(self.make_file(date(2023, 6, 1)), convention_date=date(2023, 8, 31))
        self.assertEqual(pathway.convention_end_date, date(2025, 2, 28))
        self.assertEqual(self.deadline(pathway, "french"), date(2024, 12, 31))
        self.assertEqual(self.deadline(pathway, "citizenship"), date(2023, 12, 31))

    def test_regime_2024_gives_a_36_month_convention(self):
        pathway = self.to_convention(self.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 1))
        self.assertEqual(pathway.regime_id, self.regime_2024)
        self.assertEqual(pathway.convention_end_date, date(2027, 10, 1))
        self.assertEqual(self.deadline(pathway, "orientation"), date(2027, 10, 1))
        self.assertEqual(self.deadline(pathway, "french"), date(2026, 2, 1))
        self.assertEqual(self.deadline(pathway, "citizenship"), date(2025, 2, 1))

    def test_extension_moves_convention_end_and_module_deadlines(self):
        pathway = self.to_convention(self.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 31))
        french = self.module(pathway, "french")
        citizenship = self.module(pathway, "citizenship")
        self.assertEqual(french.deadline, date(2026, 2, 28))
        self.assertEqual(citizenship.deadline, date(2025, 2, 28))
        self.env["cri.pathway.extension"].create(
            {"pathway_id": pathway.id, "months": 6, "reason": "Long illness"}
        )
        self.assertEqual(pathway.convention_end_date, date(2028, 4, 30))
        self.assertEqual(self.deadline(pathway, "french"), date(2026, 8, 31))
        self.assertEqual(french.deadline, date(2026, 8, 31))
        self.assertEqual(citizenship.deadline, date(2025, 8, 31))
        self.assertEqual(self.module(pathway, "orientation").deadline, date(2028, 4, 30))
        message = pathway.message_ids.filtered(lambda m: "Long illness" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("2028-04-30", message.body)
        # a second extension adds up
        self.env["cri.pathway.extension"].create(
            {"pathway_id": pathway.id, "months": 2, "reason": "Childbirth"}
        )
        self.assertEqual(pathway.convention_end_date, date(2028, 6, 30))
        self.assertEqual(citizenship.deadline, date(2025, 10, 31))

    def test_next_deadline_is_earliest_pending_module(self):
        pathway = self.to_convention(self.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 1))
        self.assertEqual(pathway.next_deadline, self.deadline(pathway, "citizenship"))
        citizenship = self.module(pathway, "citizenship")
        self.attend(citizenship, citizenship.required_hours)
        citizenship.action_complete()
        self.assertEqual(pathway.next_deadline, self.deadline(pathway, "french"))

    def test_extension_of_a_file_without_convention_is_refused(self):
        pathway = self.make_file(date(2024, 9, 2))
        with self.assertRaises(ValidationError):
            self.env["cri.pathway.extension"].create(
                {"pathway_id": pathway.id, "months": 6, "reason": "Too early"}
            )

    def test_extension_of_zero_months_is_refused(self):
        pathway = self.to_convention(self.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 1))
        with self.assertRaises(ValidationError):
            self.env["cri.pathway.extension"].create(
                {"pathway_id": pathway.id, "months": 0, "reason": "Nothing"}
            )
        self.assertEqual(pathway.convention_end_date, date(2027, 10, 1))


@tagged("post_install", "-at_install")
class TestRegime(PathwayCase):
    def _regime_vals(self, **vals):
        values = {
            "name": "Test regime",
            "date_from": date(2030, 1, 1),
            "line_ids": self.module_lines(),
            "convention_months": 12,
            "presentation_deadline_months": 3,
            "fine_min": 50,
            "fine_max": 500,
        }
        values.update(vals)
        return values

    def test_valid_regime_is_accepted_and_picked_by_date(self):
        regime = self.env["cri.pathway.regime"].create(self._regime_vals(date_from=date(2025, 3, 1)))
        self.assertEqual(self.make_file(date(2025, 3, 1)).regime_id, regime)
        self.assertEqual(self.make_file(date(2025, 2, 28)).regime_id, self.regime_2024)
        self.assertEqual(self.env["cri.pathway.regime"]._for_date(date(2025, 3, 1)), regime)
        self.assertEqual(self.env["cri.pathway.regime"]._get_for_date(date(2016, 1, 1)), self.regime_2016)

    def test_no_regime_before_2016_is_reported(self):
        with self.assertRaisesRegex(UserError, "No pathway regime"):
            self.env["cri.pathway.regime"]._get_for_date(date(2015, 12, 31))

    def test_max_fine_lower_than_min_fine_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "maximum fine"):
            self.env["cri.pathway.regime"].create(self._regime_vals(fine_min=500, fine_max=100))

    def test_existing_regime_cannot_get_inverted_fines(self):
        with self.assertRaises(ValidationError):
            self.regime_2024.fine_max = 50

    def test_min_age_not_below_exemption_age_is_refused(self):
        for min_age, max_age in ((65, 65), (70, 65), (0, 65)):
            with self.subTest(min_age=min_age, max_age=max_age), self.assertRaises(ValidationError):
                self.env["cri.pathway.regime"].create(self._regime_vals(min_age=min_age, max_age=max_age))

    def test_negative_hours_or_empty_lengths_are_refused(self):
        for field, value in (
            ("fine_min", -10),
            ("convention_months", 0),
            ("presentation_deadline_months", 0),
            ("max_stay_months", 0),
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.env["cri.pathway.regime"].create(self._regime_vals(**{field: value}))
        for hours, months in ((-1, 12), (100, 0), (100, -4)):
            with self.subTest(hours=hours, months=months), self.assertRaises(ValidationError):
                self.env["cri.pathway.regime"].create(
                    self._regime_vals(
                        line_ids=self.module_lines(hours=(hours, 10, 2), months=(months, 6, 12))
                    )
                )

    @mute_logger("odoo.sql_db")
    def test_two_regimes_cannot_start_on_the_same_date(self):
        with self.assertRaises(IntegrityError):
            self.env["cri.pathway.regime"].create(self._regime_vals(date_from=date(2018, 12, 17)))
