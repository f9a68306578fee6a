"""Browser tours from the login page: a visitor opens no account and resets a forgotten
password; a Region administrator logs in and adds a partner role to the shared reference data."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    def test_a_visitor_opens_no_account_and_resets_a_forgotten_password(self):
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        user = self.env.ref("cri_base.user_cric_accueil")
        self.start_tour("/web/login", "cri_base_public_visitor_tour", login=None)
        self.assertEqual(user.partner_id.sudo().signup_type, "reset")

    def test_a_region_administrator_adds_a_partner_role_from_the_login_page(self):
        self.start_tour("/web/login", "cri_base_region_admin_tour", login=None)
        role = self.env["cri.partner.role"].search([("code", "=", "platform_tour")])
        self.assertEqual(role.name, "Plateforme de concertation démo")
