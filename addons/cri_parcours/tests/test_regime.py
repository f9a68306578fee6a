from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.models import MAGIC_COLUMNS
from odoo.modules.migration import load_script
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PathwayCase

MIGRATION = "cri_parcours/migrations/18.0.1.1.0/post-regime-country-groups.py"


@tagged("post_install", "-at_install")
class TestRegimeData(PathwayCase):
    """The figures and lists of the shipped regimes, as readme/RULES.md gives them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regimes = cls.regime_2016 | cls.regime_2018 | cls.regime_2024
        cls.eu_eea_ch = cls.env.ref("cri_parcours.country_group_eu_eea_ch")
        cls.turkey = cls.env.ref("cri_parcours.country_group_turkey")

    def test_one_eu_eea_swiss_group_is_excluded_by_every_regime(self):
        for regime in self.regimes:
            with self.subTest(regime=regime.name):
                self.assertIn(self.eu_eea_ch, regime.excluded_country_group_ids)

    def test_eu_eea_swiss_group_holds_the_eu_the_eea_states_and_switzerland(self):
        countries = self.eu_eea_ch.country_ids
        self.assertLessEqual(self.env.ref("base.europe").country_ids, countries, "every EU member state")
        for code in ("is", "li", "no", "ch"):
            self.assertIn(self.env.ref(f"base.{code}"), countries)
        self.assertEqual(len(countries), 31)
        self.assertNotIn(self.env.ref("base.uk"), countries)

    def test_turkish_nationals_are_excluded_in_2016_and_exempted_afterwards(self):
        self.assertIn(self.turkey, self.regime_2016.excluded_country_group_ids)
        self.assertNotIn(self.turkey, self.regime_2016.exempted_country_group_ids)
        for regime in self.regime_2018 | self.regime_2024:
            with self.subTest(regime=regime.name):
                self.assertIn(self.turkey, regime.exempted_country_group_ids)
                self.assertNotIn(self.turkey, regime.excluded_country_group_ids)
        self.assertEqual(self.turkey.country_ids, self.env.ref("base.tr"))

    def test_only_the_2024_regime_excludes_asylum_seekers(self):
        self.assertEqual(self.regimes.filtered("exclude_asylum_seekers"), self.regime_2024)

    def test_every_regime_targets_less_than_three_years_of_stay_and_permits_over_three_months(self):
        for regime in self.regimes:
            with self.subTest(regime=regime.name):
                self.assertEqual((regime.max_stay_months, regime.min_permit_months), (36, 3))

    def test_every_regime_exempts_under_eighteen_and_from_sixty_five(self):
        for regime in self.regimes:
            with self.subTest(regime=regime.name):
                self.assertEqual((regime.min_age, regime.max_age), (18, 65))

    def test_every_regime_lists_the_exemption_reasons_of_the_texts(self):
        codes = {"attestation", "medical", "diploma", "work", "student", "executive", "diplomatic"}
        for regime in self.regimes:
            with self.subTest(regime=regime.name):
                self.assertEqual(set(regime.exemption_reason_ids.mapped("code")), codes)

    def test_every_regime_asks_presentation_within_three_months_and_evaluation_every_six(self):
        for regime in self.regimes:
            with self.subTest(regime=regime.name):
                self.assertEqual(regime.presentation_deadline_months, 3)
                self.assertEqual(regime.evaluation_interval_months, 6)

    def test_every_regime_fines_range_from_100_to_2500_euros(self):
        for regime in self.regimes:
            with self.subTest(regime=regime.name):
                self.assertEqual((regime.fine_min, regime.fine_max), (100, 2500))
                self.assertEqual(regime.currency_id, self.env.ref("base.EUR"))

    def test_2016_regime_has_the_hours_and_convention_of_the_deck(self):
        regime = self.regime_2016
        self.assertEqual(
            [(line.module_code, line.hours) for line in regime.line_ids],
            [("french", 120), ("citizenship", 20), ("orientation", 4)],
        )
        self.assertEqual(regime.convention_months, 18)

    def test_2018_regime_has_400_hours_of_french_in_16_months_and_60_of_citizenship_in_4(self):
        regime = self.regime_2018
        french, citizenship, orientation = (
            regime._line_for(code) for code in ("french", "citizenship", "orientation")
        )
        self.assertEqual((french.hours, french.deadline_months, french.target_level), (400, 16, "a2"))
        self.assertEqual((citizenship.hours, citizenship.deadline_months), (60, 4))
        self.assertEqual(orientation.hours, 4)
        self.assertEqual(regime.convention_months, 18)

    def test_2024_convention_lasts_three_years_for_a_permit_issued_under_the_decree(self):
        regime = self.regime_2024
        self.assertEqual(regime._convention_months_for(regime.date_from), 36)
        self.assertEqual(regime._convention_months_for(date(2024, 9, 1)), 36)

    def test_2024_convention_lasts_eighteen_months_for_a_permit_issued_before_the_decree(self):
        regime = self.regime_2024
        self.assertEqual(regime._convention_months_for(date(2024, 5, 3)), 18)
        # the earlier regimes make no difference by permit date
        self.assertEqual(self.regime_2018._convention_months_for(date(2017, 1, 1)), 18)


class RegionAdminCase(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Contact Creation gives the right to edit country groups at all (base access rules)
        cls.region_admin = new_test_user(
            cls.env,
            login="pt-region-admin",
            groups="cri_base.group_region_admin,base.group_partner_manager",
            company_id=cls.company_cric.id,
        )


@tagged("post_install", "-at_install")
class TestRegimeTracking(RegionAdminCase):
    def test_every_figure_and_list_of_a_regime_is_tracked(self):
        Regime = self.env["cri.pathway.regime"]
        technical = (
            set(self.env["mail.thread"]._fields)
            | set(self.env["mail.activity.mixin"]._fields)
            | set(MAGIC_COLUMNS)
            | {"display_name", "has_open_files"}
        )
        # each step of the sanction ladder notes its own changes on the regime (test_sanctions.py)
        technical.add("sanction_step_ids")
        untracked = [
            name for name, field in Regime._fields.items() if name not in technical and not field.tracking
        ]
        self.assertEqual(untracked, [], "a decree's figure changes with its history")

    def test_changing_a_fine_and_a_nationality_group_is_tracked(self):
        regime = self.regime_2024
        self.flush_tracking()
        group = self.env["res.country.group"].create({"name": "Test nationalities"})
        regime.with_user(self.region_admin).write({"fine_max": 3000})
        # who must follow the pathway changes through the regime change wizard (running files)
        change = (
            self.env["cri.pathway.regime.change"]
            .with_user(self.region_admin)
            .with_context(default_regime_id=regime.id)
            .create({})
        )
        change.exempted_country_group_ids = [Command.link(group.id)]
        change.action_apply()
        self.flush_tracking()
        tracked = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", regime._name), ("mail_message_id.res_id", "=", regime.id)]
        )
        self.assertEqual(set(tracked.mapped("field_id.name")), {"fine_max", "exempted_country_group_ids"})
        self.assertEqual(tracked.mail_message_id.author_id, self.region_admin.partner_id)


@tagged("post_install", "-at_install")
class TestRegimeCountryGroupAccess(RegionAdminCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eu_eea_ch = cls.env.ref("cri_parcours.country_group_eu_eea_ch")

    @mute_logger("odoo.models")
    def test_regime_country_group_is_refused_to_cri_staff_and_centre_managers(self):
        morocco = self.env.ref("base.ma")
        for user in (self.agent, self.social_worker, self.manager):
            group = self.eu_eea_ch.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    group.write({"country_ids": [Command.link(morocco.id)]})
                with self.assertRaises(AccessError):
                    group.unlink()
        self.assertNotIn(morocco, self.eu_eea_ch.country_ids)

    def test_regime_country_group_is_changed_by_a_region_administrator(self):
        self.eu_eea_ch.with_user(self.region_admin).write({"name": "EU, EEA, Switzerland"})
        self.assertEqual(self.eu_eea_ch.name, "EU, EEA, Switzerland")

    def test_country_group_of_no_regime_stays_open_to_contact_editors(self):
        group = self.env["res.country.group"].with_user(self.agent).create({"name": "Mailing zone"})
        group.write({"country_ids": [Command.set(self.env.ref("base.ma").ids)]})
        group.unlink()
        self.assertFalse(group.exists())


@tagged("post_install", "-at_install")
class TestRegimeMigration(PathwayCase):
    """The post- script of 18.0.1.1.0 on a database that still holds the old list of countries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eu_eea_ch = cls.env.ref("cri_parcours.country_group_eu_eea_ch")
        cls.turkey_group = cls.env.ref("cri_parcours.country_group_turkey")
        cls.turkey = cls.env.ref("base.tr")
        cls.regimes = cls.regime_2016 | cls.regime_2018 | cls.regime_2024
        eu = cls.eu_eea_ch.country_ids
        # the 18.0.1.0.0 data, with a manager's edits: Turkey added to 2016, Switzerland taken out of 2018
        cls.old_countries = {
            cls.regime_2016: eu | cls.turkey,
            cls.regime_2018: eu - cls.switzerland,
            cls.regime_2024: eu,
        }
        cr = cls.env.cr
        cr.execute(
            """CREATE TABLE IF NOT EXISTS cri_pathway_regime_res_country_rel (
                   cri_pathway_regime_id integer NOT NULL, res_country_id integer NOT NULL)"""
        )
        cr.execute("DELETE FROM cri_pathway_regime_res_country_rel")
        for regime, countries in cls.old_countries.items():
            for country in countries:
                cr.execute(
                    "INSERT INTO cri_pathway_regime_res_country_rel VALUES (%s, %s)", [regime.id, country.id]
                )
        # what an upgrade leaves before the script: new groups, regimes untouched (noupdate)
        cls.regimes.write(
            {"excluded_country_group_ids": [Command.clear()], "exempted_country_group_ids": [Command.clear()]}
        )
        cls.swiss_2019 = cls.make_file(date(2019, 3, 1), person=cls.make_person(nationality=cls.switzerland))
        cls.swiss_2024 = cls.make_file(date(2024, 9, 2), person=cls.make_person(nationality=cls.switzerland))
        cls.turkish_2024 = cls.make_file(date(2024, 9, 2), person=cls.make_person(nationality=cls.turkey))
        load_script(MIGRATION, "cri_parcours_post_regime_country_groups").migrate(cls.env.cr, "18.0.1.0.0")

    def excluded_countries(self, regime):
        return regime.excluded_country_group_ids.country_ids

    def test_migration_keeps_the_excluded_countries_of_every_regime(self):
        for regime, countries in self.old_countries.items():
            with self.subTest(regime=regime.name):
                self.assertEqual(self.excluded_countries(regime), countries)

    def test_migration_moves_a_full_list_to_the_shared_eu_eea_swiss_group(self):
        self.assertEqual(self.regime_2024.excluded_country_group_ids, self.eu_eea_ch)
        self.assertIn(self.eu_eea_ch, self.regime_2016.excluded_country_group_ids)

    def test_migration_puts_other_countries_in_a_group_of_the_regime(self):
        def own_group(regime):
            return regime.excluded_country_group_ids.filtered(lambda group: regime.name in group.name)

        self.assertEqual(own_group(self.regime_2016).country_ids, self.turkey)
        self.assertEqual(own_group(self.regime_2018).country_ids, self.old_countries[self.regime_2018])
        self.assertNotIn(self.eu_eea_ch, self.regime_2018.excluded_country_group_ids)
        self.assertFalse(own_group(self.regime_2024))

    def test_migration_gives_the_turkish_rule_to_the_shipped_regimes(self):
        self.assertIn(self.turkey_group, self.regime_2016.excluded_country_group_ids)
        self.assertEqual(self.regime_2018.exempted_country_group_ids, self.turkey_group)
        self.assertEqual(self.regime_2024.exempted_country_group_ids, self.turkey_group)

    def test_migration_gives_files_the_eligibility_of_their_regime(self):
        self.assertEqual(self.swiss_2024.eligibility, "excluded")
        self.assertEqual(self.swiss_2019.eligibility, "mandatory", "Switzerland was taken out of 2018")
        self.assertEqual(self.turkish_2024.eligibility, "exempted")

    def test_migration_without_the_old_table_changes_no_exclusion(self):
        self.env.cr.execute("DROP TABLE cri_pathway_regime_res_country_rel")
        before = {regime: regime.excluded_country_group_ids for regime in self.regimes}
        load_script(MIGRATION, "cri_parcours_post_regime_country_groups").migrate(self.env.cr, "18.0.1.0.0")
        for regime in self.regimes:
            self.assertEqual(regime.excluded_country_group_ids, before[regime])
