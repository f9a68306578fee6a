from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PathwayCase

SOCIAL_FIELDS = ("social_assessment", "need_ids", "action_ids")


@tagged("post_install", "-at_install")
class TestAccess(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.make_file(
            date(2024, 9, 2),
            social_assessment="<p>Lives in a shelter with two children.</p>",
            need_ids=[(0, 0, {"domain": "housing", "description": "Looks for a flat"})],
        )
        cls.medical_line, cls.diploma_line = cls.env["cri.pathway.exemption"].create(
            [
                {"pathway_id": cls.pathway.id, "reason_id": cls.medical.id},
                {"pathway_id": cls.pathway.id, "reason_id": cls.env.ref("cri_parcours.exemption_diploma").id},
            ]
        )
        cls.cai_file = cls.make_file(
            date(2024, 9, 2), commune_id=cls.namur.id, social_worker_id=cls.social_worker_cai.id
        )
        cls.other_contact = cls.env["res.partner"].create({"name": "Ordinary contact"})

    # ------------------------------------------------------------------ social data
    @mute_logger("odoo.models", "odoo.fields")
    def test_reception_agent_cannot_read_social_assessment_or_needs(self):
        pathway = self.pathway.with_user(self.agent)
        pathway.read(["name", "eligibility", "state"])
        for field in SOCIAL_FIELDS:
            with self.subTest(field=field), self.assertRaises(AccessError):
                pathway.read([field])
        with self.assertRaises(AccessError):
            self.pathway.need_ids.with_user(self.agent).read(["description"])

    def test_reception_agent_is_not_offered_social_fields(self):
        agent_fields = self.env["cri.pathway"].with_user(self.agent).fields_get()
        social_fields = self.env["cri.pathway"].with_user(self.social_worker).fields_get()
        for field in SOCIAL_FIELDS:
            with self.subTest(field=field):
                self.assertNotIn(field, agent_fields)
                self.assertIn(field, social_fields)

    def test_social_worker_reads_social_assessment_and_needs(self):
        pathway = self.pathway.with_user(self.social_worker)
        self.assertIn("shelter", pathway.social_assessment)
        self.assertEqual(pathway.need_ids.mapped("description"), ["Looks for a flat"])

    # ------------------------------------------------------------------ medical exemption
    @mute_logger("odoo.models")
    def test_reception_agent_cannot_read_a_medical_exemption(self):
        with self.assertRaises(AccessError):
            self.medical_line.with_user(self.agent).read(["reason_id"])
        self.diploma_line.with_user(self.agent).read(["reason_id"])
        self.assertEqual(self.pathway.with_user(self.agent).exemption_ids, self.diploma_line)
        self.assertEqual(
            self.env["cri.pathway.exemption"]
            .with_user(self.agent)
            .search([("pathway_id", "=", self.pathway.id)]),
            self.diploma_line,
        )

    def test_social_worker_and_manager_read_a_medical_exemption(self):
        for user in (self.social_worker, self.manager):
            with self.subTest(user=user.login):
                self.medical_line.with_user(user).read(["reason_id"])
                self.assertEqual(
                    self.pathway.with_user(user).exemption_ids, self.medical_line | self.diploma_line
                )

    # ------------------------------------------------------------------ other CRI
    @mute_logger("odoo.models")
    def test_user_of_one_cri_cannot_read_a_file_of_another_cri(self):
        for user, own, other in (
            (self.agent, self.pathway, self.cai_file),
            (self.social_worker, self.pathway, self.cai_file),
            (self.manager, self.pathway, self.cai_file),
            (self.social_worker_cai, self.cai_file, self.pathway),
        ):
            with self.subTest(user=user.login):
                own.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    other.with_user(user).read(["name"])
                self.assertEqual(
                    self.env["cri.pathway"].with_user(user).search([("id", "in", (own | other).ids)]), own
                )

    @mute_logger("odoo.models")
    def test_user_of_one_cri_cannot_write_a_file_of_another_cri(self):
        with self.assertRaises(AccessError):
            self.cai_file.with_user(self.manager).write({"orientation_note": "Intrusion"})

    # ------------------------------------------------------------------ Region observer
    @mute_logger("odoo.models")
    def test_region_observer_cannot_read_any_file(self):
        for pathway in (self.pathway, self.cai_file):
            with self.subTest(file=pathway.name), self.assertRaises(AccessError):
                pathway.with_user(self.observer).read(["name"])
        with self.assertRaises(AccessError):
            self.env["cri.pathway"].with_user(self.observer).search([])

    @mute_logger("odoo.models")
    def test_region_observer_cannot_read_the_person(self):
        with self.assertRaises(AccessError):
            self.pathway.partner_id.with_user(self.observer).read(["name"])
        self.other_contact.with_user(self.observer).read(["name"])
        found = (
            self.env["res.partner"]
            .with_user(self.observer)
            .search([("id", "in", (self.pathway.partner_id | self.other_contact).ids)])
        )
        self.assertEqual(found, self.other_contact)

    # ------------------------------------------------------------------ deletion
    @mute_logger("odoo.models")
    def test_reception_agent_and_social_worker_cannot_delete_a_file(self):
        for user in (self.agent, self.social_worker):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.pathway.with_user(user).unlink()
        self.assertTrue(self.pathway.exists())

    def test_manager_can_delete_a_file(self):
        pathway = self.make_file(date(2024, 9, 2))
        pathway.with_user(self.manager).unlink()
        self.assertFalse(pathway.exists())
