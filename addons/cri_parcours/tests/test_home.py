from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHome(HttpCase):
    """The reception agents land on the files to receive, the social workers on the open files
    they follow, ordered by their next deadline."""

    def home_of(self, login, group):
        company = self.env.ref("cri_base.center_cric").company_id
        new_test_user(self.env, login=login, groups=f"base.group_user,{group}", company_id=company.id)
        self.authenticate(login, login)
        home = self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]
        return self.make_jsonrpc_request("/web/action/load", {"action_id": home})

    def test_a_reception_agent_lands_on_the_files_to_receive(self):
        action = self.home_of("home-reception", "cri_base.group_reception_agent")
        self.assertEqual(action["xml_id"], "cri_parcours.action_cri_pathway_to_receive")
        self.assertIn("search_default_to_receive", action["context"])
        arch = self.env["cri.pathway"].get_views([(False, "search")])["views"]["search"]["arch"]
        (to_receive,) = etree.fromstring(arch).xpath("//filter[@name='to_receive']")
        self.assertEqual(to_receive.get("domain"), "[('state', '=', 'referral')]")

    def test_a_social_worker_lands_on_its_files_by_deadline(self):
        action = self.home_of("home-social", "cri_base.group_social_worker")
        self.assertEqual(action["xml_id"], "cri_parcours.action_cri_pathway_my_files")
        self.assertIn("search_default_my_files", action["context"])
        arch = self.env["cri.pathway"].get_views([(action["view_id"][0], "list")])["views"]["list"]["arch"]
        self.assertIn('default_order="next_deadline, registration_date"', arch)
