import csv
from collections import Counter

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open


@tagged("post_install", "-at_install")
class TestCommune(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Commune = cls.env["cri.commune"]
        cls.company = cls.env["res.company"].create({"name": "CRI Test Commune Company"})
        cls.center = cls.env["cri.center"].create(
            {"name": "Test Centre", "code": "TESTC", "company_id": cls.company.id}
        )
        with file_open("cri_base/data/walloon_communes.csv", "r") as reference_file:
            cls.reference_rows = list(csv.DictReader(reference_file))

    def _create_commune(self, **values):
        return self.Commune.create(
            dict(
                {
                    "name": "Testville",
                    "ins_code": "52099",
                    "arrondissement_ins": "52000",
                    "province": "hainaut",
                    "postal_codes": "6999",
                    "center_id": self.center.id,
                },
                **values,
            )
        )

    def test_valid_commune_is_accepted(self):
        commune = self._create_commune(postal_codes="6998, 6999")
        self.assertEqual(commune._get_postal_code_list(), ["6998", "6999"])

    def test_ins_code_with_letters_is_rejected(self):
        with self.assertRaises(ValidationError):
            self._create_commune(ins_code="52A99")

    def test_ins_code_with_four_digits_is_rejected(self):
        with self.assertRaises(ValidationError):
            self._create_commune(ins_code="5209")

    def test_ins_code_with_six_digits_is_rejected(self):
        with self.assertRaises(ValidationError):
            self._create_commune(ins_code="520999")

    def test_flemish_ins_code_is_rejected(self):
        with self.assertRaises(ValidationError):
            self._create_commune(ins_code="11001", arrondissement_ins=False, province=False)

    def test_ins_code_outside_its_arrondissement_is_rejected(self):
        with self.assertRaises(ValidationError):
            self._create_commune(arrondissement_ins="53000")

    def test_ins_code_outside_its_province_is_rejected(self):
        with self.assertRaises(ValidationError):
            self._create_commune(province="namur")

    def test_invalid_postal_codes_are_rejected(self):
        for postal_codes in ("699", "69999", "6998;6999", "abcd"):
            with self.subTest(postal_codes=postal_codes), self.assertRaises(ValidationError):
                self._create_commune(postal_codes=postal_codes)

    def test_duplicate_ins_code_is_rejected(self):
        self._create_commune()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._create_commune(name="Testville bis", postal_codes="6998")

    def test_reference_communes_are_loaded_with_their_centre(self):
        codes = [row["ins_code"] for row in self.reference_rows]
        self.assertEqual(len(codes), 261)
        communes = self.Commune.search([("ins_code", "in", codes)])
        self.assertEqual(len(communes), 261)
        expected = Counter(row["cri_code"] for row in self.reference_rows if row["cri_code"])
        loaded = Counter(commune.center_id.code for commune in communes if commune.center_id)
        self.assertEqual(loaded, expected)
        self.assertEqual(loaded["CRIPEL"], 55)
        self.assertEqual(loaded["CRIC"], 19)
        german = communes.filtered("german_speaking")
        self.assertEqual(len(german), 9)
        self.assertFalse(german.center_id)
        self.assertEqual(
            self.env.ref("cri_base.commune_52011"), communes.filtered(lambda c: c.ins_code == "52011")
        )

    def test_uncertain_assignments_are_flagged(self):
        uncertain_codes = {
            row["ins_code"] for row in self.reference_rows if row["cri_evidence"].startswith("UNCERTAIN")
        }
        self.assertTrue(uncertain_codes)
        flagged = self.Commune.search(
            [
                ("ins_code", "in", [row["ins_code"] for row in self.reference_rows]),
                ("assignment_uncertain", "=", True),
            ]
        )
        self.assertEqual(set(flagged.mapped("ins_code")), uncertain_codes)

    def test_competent_center_of_a_commune(self):
        charleroi = self.env.ref("cri_base.commune_52011")
        self.assertEqual(charleroi.get_competent_center(), self.env.ref("cri_base.center_cric"))

    def test_commune_without_center_has_no_competent_center(self):
        commune = self._create_commune(center_id=False)
        with self.assertRaises(UserError):
            commune.get_competent_center()

    def test_german_speaking_commune_has_no_walloon_center(self):
        eupen = self.Commune.search([("ins_code", "=", "63023")])
        self.assertTrue(eupen.german_speaking)
        with self.assertRaises(UserError):
            eupen.get_competent_center()

    def test_competent_center_by_postal_code(self):
        for postal_code, center in (
            ("6000", "cri_base.center_cric"),
            ("5000", "cri_base.center_cai"),
            ("4000", "cri_base.center_cripel"),
            ("4020", "cri_base.center_cripel"),
            ("1400", "cri_base.center_cribw"),
        ):
            with self.subTest(postal_code=postal_code):
                self.assertEqual(
                    self.Commune.find_competent_center(postal_code=postal_code),
                    self.env.ref(center),
                )

    def test_competent_center_by_ins_code(self):
        self.assertEqual(
            self.Commune.find_competent_center(ins_code="92094"),
            self.env.ref("cri_base.center_cai"),
        )

    def test_postal_code_must_match_exactly(self):
        for postal_code in ("400", "020", "00"):
            with self.subTest(postal_code=postal_code), self.assertRaises(UserError):
                self.Commune.find_competent_center(postal_code=postal_code)

    def test_unknown_postal_code_raises(self):
        with self.assertRaises(UserError):
            self.Commune.find_competent_center(postal_code="9999")

    def test_german_speaking_postal_code_raises(self):
        with self.assertRaises(UserError):
            self.Commune.find_competent_center(postal_code="4700")

    def test_ambiguous_postal_code_raises(self):
        self._create_commune(postal_codes="6000")
        with self.assertRaises(UserError):
            self.Commune.find_competent_center(postal_code="6000")

    def test_routing_without_criteria_raises(self):
        with self.assertRaises(UserError):
            self.Commune.find_competent_center()

    def test_center_change_is_tracked_in_chatter(self):
        commune = self.env.ref("cri_base.commune_52011")
        old_center = commune.center_id
        commune.center_id = self.env.ref("cri_base.center_cai")
        self.env.flush_all()
        self.env.cr.precommit.run()
        trackings = commune.message_ids.tracking_value_ids.filtered(
            lambda tracking: tracking.field_id.name == "center_id"
        )
        self.assertEqual(len(trackings), 1)
        self.assertEqual(trackings.old_value_char, old_center.display_name)
        self.assertEqual(trackings.new_value_char, self.env.ref("cri_base.center_cai").display_name)

    def test_reloading_reference_keeps_user_changes(self):
        charleroi = self.env.ref("cri_base.commune_52011")
        charleroi.postal_codes = "6000,6001"
        created = self.Commune._load_reference_communes()
        self.assertFalse(created)
        self.assertEqual(charleroi.postal_codes, "6000,6001")
