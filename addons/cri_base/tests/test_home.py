from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHome(HttpCase):
    """Each role lands where it works, whoever created the user: the web client opens the
    session's home action."""

    def home_of(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]

    def test_a_region_administrator_lands_on_the_proposed_corrections(self):
        admin = new_test_user(
            self.env, login="home-region-admin", groups="base.group_user,cri_base.group_region_admin"
        )
        self.assertFalse(admin.action_id, "created the ordinary way: no home of its own")
        self.assertEqual(self.home_of(admin), self.env.ref("cri_base.action_cri_correction_proposal").id)

    def test_the_cri_app_home_of_the_demo_users_gives_way_to_the_role_home(self):
        admin = new_test_user(
            self.env, login="home-region-admin-2", groups="base.group_user,cri_base.group_region_admin"
        )
        admin.action_id = self.env.ref("cri_base.action_cri_home").id
        self.assertEqual(self.home_of(admin), self.env.ref("cri_base.action_cri_correction_proposal").id)

    def test_a_home_chosen_for_a_user_is_kept(self):
        admin = new_test_user(
            self.env, login="home-region-admin-3", groups="base.group_user,cri_base.group_region_admin"
        )
        chosen = self.env.ref("cri_base.action_cri_commune")
        admin.action_id = chosen.id
        self.assertEqual(self.home_of(admin), chosen.id)

    def test_a_user_without_a_cri_role_keeps_odoo_home(self):
        employee = new_test_user(self.env, login="home-employee", groups="base.group_user")
        self.assertFalse(self.home_of(employee))

    def test_the_staff_see_the_menus_of_their_work_not_odoo_apps(self):
        apps = self.env.ref("base.menu_management")
        agent = new_test_user(
            self.env, login="home-agent", groups="base.group_user,cri_base.group_reception_agent"
        )
        visible = self.env["ir.ui.menu"].with_user(agent)._visible_menu_ids()
        self.assertIn(self.env.ref("cri_base.menu_cri_root").id, visible)
        self.assertNotIn(apps.id, visible, "no app to ask for")
        self.assertIn(
            apps.id, self.env["ir.ui.menu"].with_user(self.env.ref("base.user_admin"))._visible_menu_ids()
        )
