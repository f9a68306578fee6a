import re
from datetime import date

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today


def form_user(env, login, group, company):
    """A user created in Settings > Users by the administrator as the web client does it: the
    form's defaults (the default user template, as the form's group boxes), the names, the
    company and the role's box ticked."""
    admin = env.ref("base.user_admin")
    admin.write({"company_ids": [Command.link(company.id)]})
    Users = env["res.users"].with_user(admin)
    names = Users.fields_get(attributes=["type"])
    values = Users.default_get(list(names))
    # the form shows the groups as boxes, and sends the boxes, not the groups
    values.pop("groups_id", None)
    field = f"in_group_{group.id}"
    if field not in names:
        field = next(n for n in names if n.startswith("sel_groups_") and str(group.id) in n.split("_")[2:])
    values.update(
        {
            "firstname": "Created",
            "lastname": login,
            "login": login,
            "company_ids": [Command.set(company.ids)],
            "company_id": company.id,
            field: True if field.startswith("in_group_") else group.id,
        }
    )
    return Users.create(values)


@tagged("post_install", "-at_install")
class TestCoreAppsStayInLine(TransactionCase):
    """Core apps do not widen the roles: the template gives an employee its base group only, an
    app's addition to the template reaches nobody, and what an app gave is taken back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "CRI Core Apps"})
        cls.env["cri.center"].create({"name": "Centre Core", "code": "CORE", "company_id": cls.company.id})
        cls.template = cls.env.ref("base.default_user")
        cls.employee = cls.env.ref("base.group_user")
        cls.app_group = cls.env["res.groups"].create({"name": "Some App Administrator"})

    def test_the_template_gives_an_employee_nothing_but_its_base_group(self):
        extras = self.template.groups_id - self.employee - self.employee.trans_implied_ids
        self.assertFalse(extras, f"the template gives {extras.mapped('full_name')}")

    def test_a_user_created_in_the_form_holds_its_role_and_nothing_more(self):
        role = self.env.ref("cri_base.group_region_observer")
        user = form_user(self.env, "core-observer", role, self.company)
        self.assertIn(role, user.groups_id)
        allowed = self.employee | self.employee.trans_implied_ids | role | role.trans_implied_ids
        multi = self.env.ref("base.group_multi_company")
        self.assertFalse(user.groups_id - allowed - multi, (user.groups_id - allowed).mapped("full_name"))
        self.assertFalse(user.has_group("base.group_partner_manager"))

    def test_an_app_adding_its_group_to_the_template_widens_no_existing_user(self):
        user = new_test_user(self.env, login="core-existing", groups="cri_base.group_social_worker")
        self.template.write({"groups_id": [Command.link(self.app_group.id)]})
        self.assertNotIn(self.app_group, user.groups_id)
        new = form_user(self.env, "core-new", self.env.ref("cri_base.group_social_worker"), self.company)
        self.assertTrue(new.has_group("cri_base.group_social_worker"))
        self.assertNotIn(self.app_group, new.groups_id)

    def test_what_an_app_gave_through_the_template_is_taken_back_but_what_a_role_implies_stays(self):
        implied = self.env["res.groups"].create({"name": "Some App User"})
        self.app_group.implied_ids = implied
        officer_role = self.env["res.groups"].create(
            {"name": "Role Needing The App", "implied_ids": implied.ids}
        )
        plain = new_test_user(self.env, login="core-plain", groups="cri_base.group_social_worker")
        officer = new_test_user(self.env, login="core-officer", groups="cri_base.group_social_worker")
        officer.groups_id = [Command.link(officer_role.id)]
        admin = self.env.ref("base.user_admin")
        # as an app's data file does, before the suite was installed
        self.template.groups_id = [Command.link(self.app_group.id)]
        (plain | officer | admin).groups_id = [Command.link(self.app_group.id)]
        self.env["res.users"]._cri_align_core_groups()
        self.assertNotIn(self.app_group, self.template.groups_id)
        self.assertFalse(plain.groups_id & (self.app_group | implied))
        self.assertNotIn(self.app_group, officer.groups_id)
        self.assertIn(implied, officer.groups_id, "what the role implies stays")
        self.assertIn(self.app_group, admin.groups_id, "the administrator administers the apps")

    def test_a_manager_is_not_an_accountant(self):
        manager = self.env.ref("cri_base.group_manager")
        self.assertNotIn(self.env.ref("cri_base.group_accountant"), manager.trans_implied_ids)

    def test_nobody_signs_up_uninvited_whatever_the_setting(self):
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")


@tagged("post_install", "-at_install")
class TestLegalTime(TransactionCase):
    def test_today_is_brussels_day_whatever_the_context_time_zone(self):
        # 23:30 UTC on 31 December: already 1 January in Brussels, still 31 December in New York
        with freeze_time("2026-12-31 23:30:00"):
            self.assertEqual(legal_today(), date(2027, 1, 1))
            new_york = self.env["res.partner"].with_context(tz="America/New_York")
            self.assertEqual(fields.Date.context_today(new_york), date(2026, 12, 31))
        with freeze_time("2026-07-01 21:59:00"):
            self.assertEqual(legal_today(), date(2026, 7, 1))
        with freeze_time("2026-07-01 22:00:00"):
            self.assertEqual(legal_today(), date(2026, 7, 2))


@tagged("post_install", "-at_install")
class TestPortalMessages(TransactionCase):
    """A portal user's message reaches the document's followers and itself only; it subscribes
    nobody else and signs with its own name. The server's own code, run as superuser on its
    behalf, keeps Odoo's rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="core-portal", groups="base.group_portal")
        cls.document = cls.env["res.partner"].create({"name": "A document with a chatter"})
        cls.follower = cls.env["res.partner"].create({"name": "Follower", "email": "f@example.com"})
        cls.stranger = cls.env["res.partner"].create({"name": "Stranger", "email": "s@example.com"})
        cls.document.message_subscribe(partner_ids=(cls.follower | cls.portal.partner_id).ids)
        # a document the portal user may write, as its own application or request is
        cls.env["ir.model.access"].create(
            {
                "name": "portal writes contacts (test)",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "group_id": cls.env.ref("base.group_portal").id,
                "perm_read": True,
                "perm_write": True,
            }
        )
        cls.env["ir.rule"].create(
            {
                "name": "portal writes this contact (test)",
                "model_id": cls.env.ref("base.model_res_partner").id,
                "groups": [Command.link(cls.env.ref("base.group_portal").id)],
                "domain_force": f"[('id', '=', {cls.document.id})]",
            }
        )

    def as_portal(self):
        return self.document.with_user(self.portal)

    @mute_logger("odoo.models")
    def test_a_portal_message_to_a_stranger_is_refused(self):
        with self.assertRaises(AccessError):
            self.as_portal().message_post(body="Hello", partner_ids=self.stranger.ids)
        self.assertFalse(self.stranger.message_ids.filtered(lambda m: m.body and "Hello" in m.body))

    def test_a_portal_message_reaches_the_followers_and_itself(self):
        message = self.as_portal().message_post(
            body="Hello",
            partner_ids=(self.follower | self.portal.partner_id).ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(message.author_id, self.portal.partner_id)
        self.assertEqual(message.partner_ids, self.follower | self.portal.partner_id)

    def test_a_portal_user_signs_with_its_own_name(self):
        with self.assertRaises(AccessError):
            self.as_portal().message_post(body="Hello", author_id=self.follower.id)

    def test_a_portal_user_subscribes_itself_only(self):
        with self.assertRaises(AccessError):
            self.as_portal().message_subscribe(partner_ids=self.stranger.ids)
        self.assertNotIn(self.stranger, self.document.message_partner_ids)
        self.as_portal().message_subscribe(partner_ids=self.portal.partner_id.ids)

    def test_server_code_acting_for_a_portal_user_keeps_odoo_s_rules(self):
        # e.g. the activity the portal's submission schedules subscribes the CRI's officer
        self.as_portal().sudo().message_subscribe(partner_ids=self.stranger.ids)
        self.assertIn(self.stranger, self.document.message_partner_ids)


@tagged("post_install", "-at_install")
class TestSignUpAndReset(HttpCase):
    def csrf_token(self, page="/web/login"):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(page).text).group(1)

    def test_the_login_page_offers_no_sign_up_and_the_sign_up_page_refuses(self):
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        page = self.url_open("/web/login").text
        self.assertNotIn("/web/signup", page)
        response = self.url_open("/web/signup")
        self.assertNotIn('name="confirm_password"', response.text)
        users = self.env["res.users"].search_count([])
        with mute_logger("odoo.addons.auth_signup.controllers.main", "odoo.http"):
            self.url_open(
                "/web/signup",
                data={
                    "login": "stranger@example.com",
                    "name": "Stranger",
                    "password": "a-long-password-1",
                    "confirm_password": "a-long-password-1",
                    "csrf_token": self.csrf_token(),
                },
            )
        self.assertEqual(self.env["res.users"].search_count([]), users)

    def test_a_forgotten_password_is_reset_by_mail(self):
        user = new_test_user(self.env, login="core-forgetful", email="forgetful@example.com")
        self.assertIn("/web/reset_password", self.url_open("/web/login").text)
        with mute_logger("odoo.addons.auth_signup.models.res_users", "odoo.addons.mail.models.mail_mail"):
            response = self.url_open(
                "/web/reset_password",
                data={"login": user.login, "csrf_token": self.csrf_token("/web/reset_password")},
            )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("alert-danger", response.text)
        user.partner_id.invalidate_recordset()
        self.assertEqual(user.partner_id.sudo().signup_type, "reset", "a reset link was prepared and sent")


@tagged("post_install", "-at_install")
class TestPortalInvitations(TransactionCase):
    """Opening a partner's portal is the CRI manager's decision: a portal user reads its
    organisation's applications, grants and registrations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env["res.partner"].create(
            {"name": "ILI Invitation (test)", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Invited Contact", "parent_id": cls.organisation.id, "email": "invited@example.com"}
        )

    def wizard_line(self, user):
        wizard = (
            self.env["portal.wizard"]
            .with_user(user)
            .with_context(active_ids=self.contact.ids, active_model="res.partner")
            .create({})
        )
        return wizard.user_ids

    def test_a_reception_agent_opens_no_portal(self):
        agent = new_test_user(self.env, login="invite-agent", groups="cri_base.group_reception_agent")
        with self.assertRaises(AccessError):
            self.wizard_line(agent).action_grant_access()
        self.assertFalse(self.contact.user_ids)

    def test_the_manager_invites_a_partner_s_contact(self):
        manager = new_test_user(self.env, login="invite-manager", groups="cri_base.group_manager")
        self.wizard_line(manager).action_grant_access()
        self.assertTrue(self.contact.user_ids.has_group("base.group_portal"))
