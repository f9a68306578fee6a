from odoo.tests import tagged

from .common import IliCase


@tagged("post_install", "-at_install")
class TestGrantNames(IliCase):
    """A grant is named and found by its beneficiary, and the agent's applications open as a
    list."""

    def test_a_grant_is_named_after_its_reference_and_beneficiary(self):
        grant = self.to_decided(self.make_application())
        self.assertNotEqual(grant.name, "/", "numbered")
        self.assertEqual(grant.with_user(self.agent).display_name, f"{grant.name} – ASBL Test Horizons A")

    def test_a_decided_grant_keeps_the_name_of_the_decision(self):
        grant = self.to_decided(self.make_application())
        self.org_a.name = "ASBL Horizons A (new name)"
        grant.invalidate_recordset(["display_name"])
        self.assertEqual(grant.display_name, f"{grant.name} – ASBL Test Horizons A")

    def test_a_grant_is_found_by_its_beneficiary(self):
        grant_a = self.to_decided(self.make_application())
        application_b = self.make_application(partner=self.org_b)
        Applications = self.env["cri.ili.application"].with_user(self.agent)
        found = Applications.name_search("Passages B")
        self.assertEqual([row[0] for row in found], application_b.ids)
        self.assertEqual(found[0][1], f"{application_b.name} – ASBL Test Passages B")
        self.assertIn(grant_a.id, [row[0] for row in Applications.name_search("Horizons A")])
        self.assertIn(
            grant_a.id, [row[0] for row in Applications.name_search(grant_a.name)], "and by reference"
        )
        self.assertFalse(Applications.name_search("No such beneficiary"))

    def test_the_applications_open_as_a_list_first(self):
        action = self.env.ref("cri_ili_grants.action_cri_ili_application")
        modes = action.view_mode.split(",")
        self.assertEqual(modes[0], "list", "the grants are not off-screen in a kanban column")
        self.assertIn("kanban", modes, "the kanban stays at hand")
