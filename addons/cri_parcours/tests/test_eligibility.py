from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PathwayCase

REG = date(2024, 9, 2)  # a registration under the 2024 regime
REG_2016 = date(2017, 3, 1)
REG_2018 = date(2019, 3, 1)


@tagged("post_install", "-at_install")
class TestEligibility(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.turkey = cls.env.ref("base.tr")

    def assertEligibility(self, pathway, expected, *fragments):
        self.assertEqual(pathway.eligibility, expected, pathway.eligibility_explanation)
        for fragment in fragments:
            self.assertIn(fragment, pathway.eligibility_explanation)

    # ------------------------------------------------------------------ target: stay and permit
    def test_adult_newcomer_with_permit_is_mandatory(self):
        pathway = self.make_file(REG)
        self.assertEqual(pathway.regime_id, self.regime_2024)
        self.assertEligibility(pathway, "mandatory", "mandatory", self.regime_2024.name)
        self.assertTrue(pathway.is_mandatory)

    def test_explanation_reads_in_the_language_of_the_reader(self):
        self.env["res.lang"]._activate_lang("fr_BE")
        self.env["ir.module.module"].search([("name", "=", "cri_parcours")])._update_translations(["fr_BE"])
        pathway = self.make_file(REG)
        self.assertIn("the pathway is mandatory", pathway.with_context(lang="en_US").eligibility_explanation)
        self.assertIn(
            "le parcours est obligatoire", pathway.with_context(lang="fr_BE").eligibility_explanation
        )

    def test_exactly_three_years_of_stay_is_not_primo_arrivant(self):
        pathway = self.make_file(REG, stay_start_date=date(2021, 9, 2))
        self.assertEligibility(pathway, "not_target", "primo-arrivant", "36 months")
        self.assertFalse(pathway.is_mandatory)

    def test_one_day_less_than_three_years_of_stay_is_primo_arrivant(self):
        pathway = self.make_file(REG, stay_start_date=date(2021, 9, 3))
        self.assertEligibility(pathway, "mandatory")

    def test_permit_of_exactly_three_months_is_not_primo_arrivant(self):
        pathway = self.make_file(REG, permit_duration_months=3)
        self.assertEligibility(pathway, "not_target", "permit of 3 months", "more than 3 months")

    def test_permit_of_four_months_is_primo_arrivant(self):
        pathway = self.make_file(REG, permit_duration_months=4)
        self.assertEligibility(pathway, "mandatory")

    def test_unlimited_permit_needs_no_duration(self):
        pathway = self.make_file(REG, permit_type="b_card", permit_unlimited=True, permit_duration_months=0)
        self.assertEligibility(pathway, "mandatory")

    def test_stay_start_defaults_to_permit_date(self):
        pathway = self.make_file(REG, stay_start_date=None, permit_date=date(2021, 9, 2))
        self.assertEqual(pathway.stay_start_date, date(2021, 9, 2))
        self.assertEligibility(pathway, "not_target")

    # ------------------------------------------------------------------ age
    def test_eighteenth_birthday_on_registration_is_mandatory(self):
        pathway = self.make_file(REG, person=self.make_person(birthdate=date(2006, 9, 2)))
        self.assertEligibility(pathway, "mandatory", "aged 18")

    def test_registration_the_day_before_eighteenth_birthday_is_exempted(self):
        pathway = self.make_file(REG, person=self.make_person(birthdate=date(2006, 9, 3)))
        self.assertEligibility(pathway, "exempted", "Aged 17", "under 18")
        self.assertFalse(pathway.is_mandatory)

    def test_sixty_fifth_birthday_on_registration_is_exempted(self):
        pathway = self.make_file(REG, person=self.make_person(birthdate=date(1959, 9, 2)))
        self.assertEligibility(pathway, "exempted", "Aged 65", "65 or over")

    def test_registration_the_day_before_sixty_fifth_birthday_is_mandatory(self):
        pathway = self.make_file(REG, person=self.make_person(birthdate=date(1959, 9, 3)))
        self.assertEligibility(pathway, "mandatory", "aged 64")

    # ------------------------------------------------------------------ exclusions
    def test_eu_national_is_excluded(self):
        pathway = self.make_file(REG, person=self.make_person(nationality=self.france))
        self.assertEligibility(pathway, "excluded", self.france.name, "voluntary")
        self.assertFalse(pathway.is_mandatory)

    def test_swiss_national_is_excluded(self):
        pathway = self.make_file(REG, person=self.make_person(nationality=self.switzerland))
        self.assertEligibility(pathway, "excluded", self.switzerland.name)

    def test_eea_national_is_excluded(self):
        for code in ("no", "is", "li"):
            country = self.env.ref(f"base.{code}")
            with self.subTest(country=code):
                pathway = self.make_file(REG, person=self.make_person(nationality=country))
                self.assertEligibility(pathway, "excluded", country.name, "EU, EEA and Switzerland")

    def test_eu_eea_swiss_nationals_are_excluded_under_every_regime(self):
        for registration, regime in (
            (REG_2016, self.regime_2016),
            (REG_2018, self.regime_2018),
            (REG, self.regime_2024),
        ):
            with self.subTest(regime=regime.name):
                pathway = self.make_file(registration, person=self.make_person(nationality=self.switzerland))
                self.assertEqual(pathway.regime_id, regime)
                self.assertEligibility(pathway, "excluded", self.switzerland.name, regime.name)

    def test_belgian_national_is_not_in_the_mandatory_pathway(self):
        belgium = self.env.ref("base.be")
        pathway = self.make_file(REG, person=self.make_person(nationality=belgium))
        self.assertEligibility(pathway, "excluded", belgium.name, "voluntary")

    def test_non_european_national_outside_the_groups_is_not_excluded(self):
        uk = self.env.ref("base.uk")
        pathway = self.make_file(REG, person=self.make_person(nationality=uk))
        self.assertEligibility(pathway, "mandatory")

    def test_turkish_national_is_excluded_under_2016_regime(self):
        pathway = self.make_file(REG_2016, person=self.make_person(nationality=self.turkey))
        self.assertEqual(pathway.regime_id, self.regime_2016)
        self.assertEligibility(pathway, "excluded", self.turkey.name, self.regime_2016.name, "voluntary")

    def test_turkish_national_is_exempted_under_2018_regime(self):
        pathway = self.make_file(REG_2018, person=self.make_person(nationality=self.turkey))
        self.assertEqual(pathway.regime_id, self.regime_2018)
        self.assertEligibility(pathway, "exempted", self.turkey.name, self.regime_2018.name, "voluntary")

    def test_turkish_national_is_exempted_under_2024_regime_by_the_standstill_clause(self):
        pathway = self.make_file(REG, person=self.make_person(nationality=self.turkey))
        self.assertEligibility(pathway, "exempted", self.turkey.name, "association agreement", "voluntary")
        self.assertFalse(pathway.is_mandatory)

    def test_turkish_national_resident_for_three_years_is_not_target_rather_than_exempted(self):
        """A nationality exemption lifts an obligation that exists only for a primo-arrivant."""
        pathway = self.make_file(
            REG, person=self.make_person(nationality=self.turkey), stay_start_date=date(2021, 9, 2)
        )
        self.assertEligibility(pathway, "not_target")

    def test_family_member_of_eu_national_is_excluded(self):
        pathway = self.make_file(REG, family_of_excluded_national=True, permit_type="f_card")
        self.assertEligibility(pathway, "excluded", "Family member")

    def test_excluded_person_is_not_exempted_even_with_a_reason(self):
        """Exclusion comes before exemptions: an EU national is not 'exempted'."""
        pathway = self.make_file(
            REG,
            person=self.make_person(nationality=self.france),
            exemption_ids=[(0, 0, {"reason_id": self.env.ref("cri_parcours.exemption_work").id})],
        )
        self.assertEligibility(pathway, "excluded")

    def test_asylum_seeker_is_not_excluded_under_2018_regime(self):
        pathway = self.make_file(
            date(2019, 3, 1),
            person=self.make_person(nationality=self.syria),
            permit_type="asylum_seeker",
            permit_duration_months=0,
            stay_start_date=False,
        )
        self.assertEqual(pathway.regime_id, self.regime_2018)
        self.assertEligibility(pathway, "mandatory", self.regime_2018.name)

    def test_asylum_seeker_is_excluded_under_2024_regime(self):
        pathway = self.make_file(
            REG,
            person=self.make_person(nationality=self.syria),
            permit_type="asylum_seeker",
            permit_duration_months=0,
            stay_start_date=False,
        )
        self.assertEligibility(pathway, "excluded", "Asylum seeker", self.regime_2024.name)

    # ------------------------------------------------------------------ regime by date
    def test_regime_is_chosen_by_registration_date_at_boundaries(self):
        person = self.make_person(nationality=self.syria)
        cases = [
            (date(2015, 12, 31), self.env["cri.pathway.regime"], "incomplete"),
            (date(2016, 1, 1), self.regime_2016, "mandatory"),
            (date(2018, 12, 16), self.regime_2016, "mandatory"),
            (date(2018, 12, 17), self.regime_2018, "mandatory"),
            (date(2024, 5, 3), self.regime_2018, "mandatory"),
            (date(2024, 5, 4), self.regime_2024, "excluded"),
        ]
        for registration, regime, eligibility in cases:
            with self.subTest(registration=registration):
                pathway = self.make_file(
                    registration,
                    person=person,
                    permit_type="asylum_seeker",
                    permit_duration_months=0,
                    stay_start_date=False,
                )
                self.assertEqual(pathway.regime_id, regime)
                self.assertEqual(pathway.eligibility, eligibility, pathway.eligibility_explanation)

    def test_registration_before_any_regime_is_incomplete(self):
        pathway = self.make_file(date(2015, 12, 31))
        self.assertFalse(pathway.regime_id)
        self.assertEligibility(pathway, "incomplete", "a regime in force on")

    def test_changing_registration_date_changes_regime(self):
        pathway = self.make_file(
            REG,
            person=self.make_person(nationality=self.syria),
            permit_type="asylum_seeker",
            permit_duration_months=0,
            stay_start_date=False,
        )
        self.assertEqual(pathway.eligibility, "excluded")
        pathway.registration_date = date(2024, 5, 3)
        self.assertEqual(pathway.regime_id, self.regime_2018)
        self.assertEqual(pathway.eligibility, "mandatory")

    # ------------------------------------------------------------------ exemptions
    def test_each_declared_exemption_reason_exempts(self):
        reasons = self.regime_2024.exemption_reason_ids.filtered(lambda r: not r.is_medical)
        self.assertGreaterEqual(len(reasons), 6)
        for reason in reasons:
            with self.subTest(reason=reason.code):
                pathway = self.make_file(REG, exemption_ids=[(0, 0, {"reason_id": reason.id})])
                self.assertEligibility(pathway, "exempted", reason.name, "voluntary")
                self.assertFalse(pathway.is_mandatory)

    def assertReasonExemptsUnderEveryRegime(self, xmlid):
        """The reason is listed by the three regimes and exempts a primo-arrivant under each."""
        reason = self.env.ref(xmlid)
        for registration in (REG_2016, REG_2018, REG):
            with self.subTest(registration=registration):
                pathway = self.make_file(
                    registration, exemption_ids=[Command.create({"reason_id": reason.id})]
                )
                self.assertEligibility(pathway, "exempted", reason.name, "voluntary")
                self.assertFalse(pathway.is_mandatory)

    def test_integration_certificate_also_of_another_region_exempts(self):
        self.assertIn("another region", self.env.ref("cri_parcours.exemption_attestation").evidence)
        self.assertReasonExemptsUnderEveryRegime("cri_parcours.exemption_attestation")

    def test_belgian_diploma_exempts(self):
        self.assertReasonExemptsUnderEveryRegime("cri_parcours.exemption_diploma")

    def test_half_time_work_for_more_than_three_consecutive_months_exempts(self):
        self.assertReasonExemptsUnderEveryRegime("cri_parcours.exemption_work")

    def test_student_or_doctoral_scholar_exempts(self):
        self.assertReasonExemptsUnderEveryRegime("cri_parcours.exemption_student")

    def test_executive_exempts(self):
        self.assertReasonExemptsUnderEveryRegime("cri_parcours.exemption_executive")

    def test_embassy_or_international_organisation_staff_exempts(self):
        self.assertReasonExemptsUnderEveryRegime("cri_parcours.exemption_diplomatic")

    def test_medical_certificate_exempts_under_every_regime(self):
        for registration in (REG_2016, REG_2018, REG):
            with self.subTest(registration=registration):
                pathway = self.make_file(
                    registration, exemption_ids=[Command.create({"reason_id": self.medical.id})]
                )
                self.assertEligibility(pathway, "exempted", "confidential")

    def test_medical_exemption_exempts_without_naming_the_reason(self):
        pathway = self.make_file(REG, exemption_ids=[(0, 0, {"reason_id": self.medical.id})])
        self.assertEligibility(pathway, "exempted", "confidential")
        self.assertNotIn(self.medical.name, pathway.eligibility_explanation)
        self.assertNotIn("edical", pathway.eligibility_explanation)

    def test_reason_not_listed_in_regime_does_not_exempt(self):
        reason = self.env["cri.pathway.exemption.reason"].create({"name": "Pilot scheme", "code": "pt_pilot"})
        pathway = self.make_file(REG, exemption_ids=[(0, 0, {"reason_id": reason.id})])
        self.assertEligibility(pathway, "mandatory")

    # ------------------------------------------------------------------ missing data
    def test_missing_data_makes_file_incomplete_and_names_items(self):
        person = self.make_person(birthdate=False, nationality=False)
        pathway = self.make_file(
            REG, person=person, permit_type=False, permit_duration_months=0, stay_start_date=False
        )
        self.assertEligibility(
            pathway,
            "incomplete",
            "birth date",
            "nationality",
            "residence permit",
            "start of the legal stay",
            "permit duration",
        )
        self.assertFalse(pathway.is_mandatory)

    def test_missing_permit_duration_only_is_named(self):
        pathway = self.make_file(REG, permit_duration_months=0)
        self.assertEligibility(pathway, "incomplete", "permit duration")
        self.assertNotIn("nationality", pathway.eligibility_explanation)

    # ------------------------------------------------------------------ recomputation
    def test_changing_nationality_recomputes_eligibility(self):
        pathway = self.make_file(REG)
        self.assertEqual(pathway.eligibility, "mandatory")
        pathway.partner_id.nationality_id = self.france
        self.assertEligibility(pathway, "excluded", self.france.name)
        pathway.nationality_id = self.syria
        self.assertEligibility(pathway, "mandatory")
        self.assertTrue(pathway.is_mandatory)

    def test_adding_and_removing_exemption_recomputes_eligibility(self):
        pathway = self.make_file(REG)
        exemption = self.env["cri.pathway.exemption"].create(
            {"pathway_id": pathway.id, "reason_id": self.env.ref("cri_parcours.exemption_student").id}
        )
        self.assertEqual(pathway.eligibility, "exempted")
        exemption.unlink()
        self.assertEqual(pathway.eligibility, "mandatory")

    def test_excluding_a_nationality_on_the_regime_recomputes_its_files(self):
        pathway = self.make_file(REG)
        group = self.env["res.country.group"].create(
            {"name": "Test group", "country_ids": [Command.set(self.morocco.ids)]}
        )
        self.regime_2024.excluded_country_group_ids = [Command.link(group.id)]
        self.assertEligibility(pathway, "excluded", "Test group")
        self.regime_2024.excluded_country_group_ids = [Command.unlink(group.id)]
        self.assertEligibility(pathway, "mandatory")

    def test_adding_a_country_to_an_excluded_group_recomputes_eligibility(self):
        pathway = self.make_file(REG)
        self.env.ref("cri_parcours.country_group_eu_eea_ch").country_ids = [Command.link(self.morocco.id)]
        self.assertEligibility(pathway, "excluded", "EU, EEA and Switzerland")

    def test_changing_a_regime_figure_recomputes_its_files(self):
        pathway = self.make_file(REG, person=self.make_person(birthdate=date(1962, 1, 1)))
        self.assertEligibility(pathway, "mandatory", "aged 62")
        self.regime_2024.max_age = 60
        self.assertEligibility(pathway, "exempted", "60 or over")
        self.regime_2018.max_age = 55
        self.assertEqual(pathway.eligibility, "exempted", "another regime's figures do not touch the file")

    def test_changing_birthdate_and_permit_recomputes_eligibility(self):
        pathway = self.make_file(REG)
        pathway.birthdate = date(2010, 1, 1)
        self.assertEqual(pathway.eligibility, "exempted")
        pathway.birthdate = date(1990, 1, 1)
        pathway.permit_duration_months = 2
        self.assertEqual(pathway.eligibility, "not_target")


@tagged("post_install", "-at_install")
class TestEligibilityOverride(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.make_file(REG)

    def test_manager_override_with_reason_is_applied_and_tracked(self):
        pathway = self.make_file(REG)
        self.flush_tracking()  # creation discards tracking until the transaction's hooks run
        self.assertTrue(pathway.is_mandatory)
        pathway.with_user(self.manager).write(
            {"eligibility_override": "voluntary", "eligibility_override_reason": "Serious illness of a child"}
        )
        self.flush_tracking()
        self.assertFalse(pathway.is_mandatory)
        # the computed category stays: the decision is recorded next to it
        self.assertEqual(pathway.eligibility, "mandatory")
        trackings = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", self.messages(pathway).ids)]
        )
        tracked = trackings.filtered(lambda t: t.field_id.name == "eligibility_override")
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.new_value_char, "Voluntary")
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)
        self.assertIn(
            "is_mandatory", trackings.mapped("field_id.name"), "the effect on the obligation is tracked too"
        )

    def test_manager_override_to_mandatory(self):
        pathway = self.make_file(REG, permit_duration_months=3)
        self.assertFalse(pathway.is_mandatory)
        pathway.with_user(self.manager).write(
            {
                "eligibility_override": "mandatory",
                "eligibility_override_reason": "Permit renewed for 12 months",
            }
        )
        self.assertTrue(pathway.is_mandatory)

    def test_override_without_reason_is_refused(self):
        for reason in (False, "   "):
            with self.subTest(reason=reason), self.assertRaises(ValidationError):
                self.pathway.with_user(self.manager).write(
                    {"eligibility_override": "voluntary", "eligibility_override_reason": reason}
                )
        self.assertTrue(self.pathway.is_mandatory)

    @mute_logger("odoo.models")
    def test_override_by_non_manager_is_refused(self):
        for user in (self.agent, self.social_worker):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.pathway.with_user(user).write(
                    {"eligibility_override": "voluntary", "eligibility_override_reason": "Because"}
                )
        self.assertFalse(self.pathway.eligibility_override)
        self.assertTrue(self.pathway.is_mandatory)

    @mute_logger("odoo.models")
    def test_non_manager_cannot_create_a_file_with_an_override(self):
        with self.assertRaises(AccessError):
            self.make_file(
                REG,
                env=self.env(user=self.agent),
                eligibility_override="voluntary",
                eligibility_override_reason="Decided at the desk",
            )
        pathway = self.make_file(
            REG,
            env=self.env(user=self.manager),
            eligibility_override="voluntary",
            eligibility_override_reason="Decided by the director",
        )
        self.assertFalse(pathway.is_mandatory)
