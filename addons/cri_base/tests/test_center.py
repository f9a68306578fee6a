import ast
import csv
from collections import Counter

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

CENTER_CODES = ("CRIC", "CeRAIC", "CIMB", "CAI", "CRIPEL", "CRVI", "CRILUX", "CRIBW")


@tagged("post_install", "-at_install")
class TestCenter(TransactionCase):
    def test_eight_centres_each_in_its_own_company(self):
        centers = self.env["cri.center"].search([("code", "in", CENTER_CODES)])
        self.assertEqual(sorted(centers.mapped("code")), sorted(CENTER_CODES))
        self.assertEqual(len(centers.company_id), 8)

    def test_commune_count_matches_reference_file(self):
        with file_open("cri_base/data/walloon_communes.csv", "r") as reference_file:
            expected = Counter(row["cri_code"] for row in csv.DictReader(reference_file))
        for center in self.env["cri.center"].search([("code", "in", CENTER_CODES)]):
            with self.subTest(center=center.code):
                self.assertEqual(center.commune_count, expected[center.code])

    def test_two_centres_cannot_share_a_company(self):
        company = self.env.ref("cri_base.company_cric")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["cri.center"].create({"name": "Duplicate", "code": "DUPL", "company_id": company.id})

    def test_new_office_defaults_to_the_centre_of_the_current_company(self):
        company = self.env["res.company"].create({"name": "CRI Test Default"})
        center = self.env["cri.center"].create({"name": "Default", "code": "DFLT", "company_id": company.id})
        manager = new_test_user(
            self.env,
            login="test-default-manager",
            groups="cri_base.group_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        office = self.env["cri.office"].with_user(manager).create({"name": "Default office"})
        self.assertEqual(office.center_id, center)
        self.assertEqual(office.company_id, company)


@tagged("post_install", "-at_install")
class TestPartnerNetwork(TransactionCase):
    def test_approval_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {
                    "name": "Approval test",
                    "is_company": True,
                    "cri_approved": True,
                    "cri_approval_date_start": "2025-01-01",
                    "cri_approval_date_end": "2024-12-31",
                }
            )

    def test_partner_network_lists_partners_with_a_role(self):
        role = self.env.ref("cri_base.partner_role_ili")
        with_role, without_role = self.env["res.partner"].create(
            [
                {"name": "With role", "is_company": True, "cri_role_ids": [(6, 0, role.ids)]},
                {"name": "Without role", "is_company": True},
            ]
        )
        action = self.env.ref("cri_base.action_cri_home")
        partners = self.env["res.partner"].search(
            [("id", "in", (with_role | without_role).ids), *ast.literal_eval(action.domain)]
        )
        self.assertEqual(partners, with_role)
