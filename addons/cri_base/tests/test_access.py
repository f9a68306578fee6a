from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

CRI_MODELS = ("cri.center", "cri.commune", "cri.office", "cri.partner.role")


@tagged("post_install", "-at_install")
class TestAccess(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a, cls.company_b = cls.env["res.company"].create(
            [{"name": "CRI Test A"}, {"name": "CRI Test B"}]
        )
        cls.center_a, cls.center_b = cls.env["cri.center"].create(
            [
                {"name": "Centre A", "code": "TESTA", "company_id": cls.company_a.id},
                {"name": "Centre B", "code": "TESTB", "company_id": cls.company_b.id},
            ]
        )
        cls.office_a, cls.office_b = cls.env["cri.office"].create(
            [
                {"name": "Office A", "center_id": cls.center_a.id},
                {"name": "Office B", "center_id": cls.center_b.id},
            ]
        )
        cls.partner_a, cls.partner_b = cls.env["res.partner"].create(
            [
                {"name": "Partner A", "is_company": True, "company_id": cls.company_a.id},
                {"name": "Partner B", "is_company": True, "company_id": cls.company_b.id},
            ]
        )
        cls.commune = cls.env.ref("cri_base.commune_52011")

        def user(login, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[(6, 0, companies.ids)],
            )

        cls.agent_a = user("test-agent-a", "cri_base.group_reception_agent", cls.company_a)
        cls.manager_a = user("test-manager-a", "cri_base.group_manager", cls.company_a)
        cls.observer = user("test-observer", "cri_base.group_region_observer", cls.company_a | cls.company_b)
        cls.portal = user("test-portal", "base.group_portal", cls.company_a)

    def test_user_reads_only_own_cri_centers_and_offices(self):
        self.assertEqual(self.env["cri.center"].with_user(self.agent_a).search([]), self.center_a)
        self.assertEqual(self.env["cri.office"].with_user(self.agent_a).search([]), self.office_a)
        self.center_a.with_user(self.agent_a).read(["name"])

    @mute_logger("odoo.models")
    def test_user_cannot_read_other_cri_records(self):
        for record in (self.center_b, self.office_b, self.partner_b):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.agent_a).read(["name"])

    @mute_logger("odoo.models")
    def test_manager_cannot_write_other_cri_records(self):
        for record in (self.center_b, self.office_b, self.partner_b):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.manager_a).write({"name": "Changed"})

    @mute_logger("odoo.models")
    def test_manager_cannot_create_office_for_other_cri(self):
        with self.assertRaises(AccessError):
            self.env["cri.office"].with_user(self.manager_a).create(
                {"name": "Intruder office", "center_id": self.center_b.id}
            )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_a_manager_neither_opens_nor_deletes_a_centre(self):
        """A centre is a CRI approved by the Region: its manager edits its letterhead only."""
        company = self.env["res.company"].create({"name": "CRI Test C"})
        with self.assertRaises(AccessError):
            self.env["cri.center"].with_user(self.manager_a).create(
                {"name": "Centre C", "code": "TESTC", "company_id": company.id}
            )
        with self.assertRaises(AccessError):
            self.center_a.with_user(self.manager_a).unlink()
        self.assertTrue(self.center_a.exists())

    def test_manager_manages_own_cri(self):
        self.center_a.with_user(self.manager_a).write({"name": "Centre A renamed"})
        self.assertEqual(self.center_a.name, "Centre A renamed")
        office = (
            self.env["cri.office"]
            .with_user(self.manager_a)
            .create({"name": "New office", "center_id": self.center_a.id})
        )
        self.assertEqual(office.company_id, self.company_a)
        self.partner_a.with_user(self.manager_a).write({"cri_approved": True})
        self.assertTrue(self.partner_a.cri_approved)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_territories_are_the_region_administrators(self):
        """Which CRI covers a commune is shared by the eight CRIs: no CRI's manager changes it."""
        with self.assertRaises(AccessError):
            self.commune.with_user(self.manager_a).write({"center_id": self.center_a.id})
        with self.assertRaises(AccessError):
            self.env["cri.partner.role"].with_user(self.manager_a).create(
                {"name": "New role", "code": "new_role"}
            )
        region_admin = new_test_user(
            self.env,
            login="region-admin-access",
            groups="cri_base.group_region_admin",
            company_id=self.company_a.id,
        )
        self.commune.with_user(region_admin).write({"center_id": self.center_a.id})
        self.assertEqual(self.commune.center_id, self.center_a)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_the_region_records_a_centre_approval(self):
        with self.assertRaises(AccessError):
            self.center_a.with_user(self.manager_a).write({"approval_reference": "AGR-SELF-MADE"})
        self.assertFalse(self.center_a.approval_reference)
        # the rest of the centre's form stays the manager's
        self.center_a.with_user(self.manager_a).write({"signatory_title": "Directrice"})
        region_admin = new_test_user(
            self.env,
            login="region-admin-approval",
            groups="cri_base.group_region_admin",
            company_id=self.company_a.id,
        )
        self.assertFalse(self.center_a.with_user(self.manager_a).can_edit_approval)
        self.assertTrue(self.center_a.with_user(region_admin).can_edit_approval)
        self.center_a.with_user(region_admin).write({"approval_reference": "AGR-TEST-1"})
        self.assertEqual(self.center_a.approval_reference, "AGR-TEST-1")

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_staff_cannot_change_territory(self):
        with self.assertRaises(AccessError):
            self.commune.with_user(self.agent_a).write({"center_id": self.center_a.id})
        with self.assertRaises(AccessError):
            self.center_a.with_user(self.agent_a).write({"name": "Changed"})

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_assignment_evidence_is_for_managers_only(self):
        with self.assertRaises(AccessError):
            self.commune.with_user(self.agent_a).read(["assignment_evidence"])
        self.assertTrue(self.commune.with_user(self.manager_a).read(["assignment_evidence"]))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_portal_user_reaches_no_cri_model(self):
        for model in CRI_MODELS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search_read([], ["id"])
        with self.assertRaises(AccessError):
            self.center_a.with_user(self.portal).read(["name"])
        with self.assertRaises(AccessError):
            self.office_a.with_user(self.portal).read(["name"])

    def test_region_observer_reads_every_cri(self):
        centers = self.env["cri.center"].with_user(self.observer).search([])
        self.assertIn(self.center_a, centers)
        self.assertIn(self.center_b, centers)
        self.commune.with_user(self.observer).read(["name", "center_id"])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_region_observer_cannot_write(self):
        for record in (self.center_a, self.commune, self.office_a, self.partner_a):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.observer).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["cri.office"].with_user(self.observer).create(
                {"name": "Observer office", "center_id": self.center_a.id}
            )
