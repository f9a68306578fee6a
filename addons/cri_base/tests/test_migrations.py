"""The migration to 18.0.1.2.0, run on users in the shape a database of 18.0.1.1.0 left them: the
roles no longer imply what they did (the manager the accountant, the trainer and the accountant
the contact creation), but the users still hold what the old implications gave them."""

from odoo import Command
from odoo.modules.migration import load_script
from odoo.tests import TransactionCase, new_test_user, tagged

MIGRATION = "cri_base/migrations/18.0.1.2.0/post-migration.py"
MANAGER = "cri_base.group_manager"
ACCOUNTANT = "cri_base.group_accountant"
TRAINER = "cri_base.group_trainer"
RECEPTION = "cri_base.group_reception_agent"
SOCIAL = "cri_base.group_social_worker"
CONTACTS = "base.group_partner_manager"
SYSTEM = "base.group_system"
OBSERVER = "cri_base.group_region_observer"


@tagged("post_install", "-at_install")
class TestRoleMigration(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.accountant_group = ref(ACCOUNTANT)
        cls.contacts = ref(CONTACTS)

        def user(login, *groups):
            return new_test_user(cls.env, login=login, groups=",".join(groups))

        # what the old implications gave
        cls.manager = user("mig-manager", MANAGER, ACCOUNTANT)
        cls.trainer = user("mig-trainer", TRAINER, CONTACTS)
        cls.accountant = user("mig-accountant", ACCOUNTANT, CONTACTS)
        # another role of theirs creates contacts
        cls.trainer_social = user("mig-trainer-social", TRAINER, SOCIAL, CONTACTS)
        cls.accountant_reception = user("mig-accountant-reception", ACCOUNTANT, RECEPTION, CONTACTS)
        # neither trainer nor accountant, given the contact creation on purpose
        cls.observer = user("mig-observer", OBSERVER, CONTACTS)
        # the installation's administrators
        cls.system_manager = user("mig-system-manager", SYSTEM, MANAGER, ACCOUNTANT)
        cls.system_trainer = user("mig-system-trainer", SYSTEM, TRAINER, CONTACTS)
        cls.admin = ref("base.user_admin")
        cls.admin.write({"groups_id": [Command.link(cls.accountant_group.id), Command.link(cls.contacts.id)]})
        cls.before = cls.memberships()
        cls.migrate()
        cls.after = cls.memberships()

    @classmethod
    def migrate(cls):
        load_script(MIGRATION, "cri_base_post_migration_18_0_1_2_0").migrate(cls.env.cr, "18.0.1.1.0")

    @classmethod
    def memberships(cls):
        cls.env.flush_all()
        cls.env.cr.execute("SELECT uid, gid FROM res_groups_users_rel")
        return set(cls.env.cr.fetchall())

    def assertGroups(self, user, held=(), lost=()):
        groups = user.groups_id
        for xmlid in held:
            self.assertIn(self.env.ref(xmlid), groups, f"{user.login} keeps {xmlid}")
        for xmlid in lost:
            self.assertNotIn(self.env.ref(xmlid), groups, f"{user.login} loses {xmlid}")

    def test_a_manager_no_longer_holds_the_accountant_role(self):
        self.assertGroups(
            self.manager, held=(MANAGER, TRAINER, RECEPTION, SOCIAL, CONTACTS), lost=(ACCOUNTANT,)
        )

    def test_trainers_and_accountants_no_longer_create_contacts(self):
        self.assertGroups(self.trainer, held=(TRAINER,), lost=(CONTACTS,))
        self.assertGroups(self.accountant, held=(ACCOUNTANT,), lost=(CONTACTS,))

    def test_a_role_that_creates_contacts_keeps_the_contact_creation(self):
        self.assertGroups(self.trainer_social, held=(TRAINER, SOCIAL, CONTACTS))
        self.assertGroups(self.accountant_reception, held=(ACCOUNTANT, RECEPTION, CONTACTS))
        self.assertGroups(self.observer, held=(OBSERVER, CONTACTS))

    def test_the_installations_administrators_keep_their_groups(self):
        self.assertGroups(self.system_manager, held=(SYSTEM, MANAGER, ACCOUNTANT))
        self.assertGroups(self.system_trainer, held=(SYSTEM, TRAINER, CONTACTS))
        self.assertGroups(self.admin, held=(SYSTEM, MANAGER, ACCOUNTANT, CONTACTS))

    def test_the_migration_takes_back_the_old_implications_only(self):
        self.assertFalse(self.after - self.before, "nobody gains a group")
        self.assertEqual(
            self.before - self.after,
            {
                (self.manager.id, self.accountant_group.id),
                (self.trainer.id, self.contacts.id),
                (self.accountant.id, self.contacts.id),
            },
        )

    def test_a_manager_given_both_roles_again_keeps_them(self):
        # the script cannot tell a manager who was an accountant on purpose from one who was one
        # through the old implication: the CRI gives both roles again, and they hold
        self.manager.write({"groups_id": [Command.link(self.accountant_group.id)]})
        self.assertGroups(self.manager, held=(MANAGER, ACCOUNTANT))
        self.manager.write({"groups_id": [Command.unlink(self.accountant_group.id)]})
        self.assertGroups(self.manager, held=(MANAGER,), lost=(ACCOUNTANT,))

    def test_a_second_run_changes_nothing(self):
        self.migrate()
        self.assertEqual(self.memberships(), self.after)
