from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_generator import generator
from odoo.addons.cri_generator.generator.network import Network, Staff
from odoo.addons.cri_generator.generator.portal import PortalAccounts


@tagged("post_install", "-at_install")
class TestPortalAccounts(TransactionCase):
    """The generated roles a regional database needs besides those the parts use: reception
    agents and the partners' portal accounts (module operators and ILI applicants)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        generator.generate(
            cls.env,
            files=120,
            years=2,
            attendance=600,
            applications=40,
            expenses=0,
            sessions=0,
            registrations=0,
            seed=11,
        )
        cls.network = Network(cls.env, 11)
        cls.env.flush_all()

    def _generated(self, kind):
        return self.env["res.users"].search([("login", "=like", f"gen-%-{kind}-%")])

    def test_operators_and_applicants_get_portal_accounts_of_their_organisation(self):
        before = {user.commercial_partner_id for user in self.env["res.users"].search([("share", "=", True)])}
        created = PortalAccounts(self.env, self.network).run(per_center=1)
        operators, applicants = self._generated("operator"), self._generated("ili")
        self.assertEqual(created["portal users"], len(operators) + len(applicants))
        self.assertTrue(operators, "the generated modules' operators have no portal account")
        self.assertTrue(applicants, "the generated applicants have no portal account")
        portal = self.env.ref("base.group_portal")
        for user in operators | applicants:
            self.assertTrue(user.share)
            self.assertEqual(user.groups_id, portal | portal.trans_implied_ids, user.login)
            self.assertTrue(user.partner_id.parent_id.is_company)
            self.assertIn("fictif", user.name)
            self.assertTrue(user.email.endswith("@example.org"))
            # an organisation that had a portal user keeps it and gets no other
            self.assertNotIn(user.commercial_partner_id, before)
        Module = self.env["cri.pathway.module"]
        for user in operators:
            organisation = user.commercial_partner_id
            own = Module.search([("operator_id", "=", organisation.id)])
            self.assertTrue(own)
            self.assertEqual(Module.with_user(user).search([]), own, "the operator sees its modules, only")
            self.assertEqual(organisation.company_id, user.company_id)
        Application = self.env["cri.ili.application"]
        for user in applicants:
            own = Application.search([("partner_id", "=", user.commercial_partner_id.id)])
            self.assertTrue(own)
            self.assertEqual(Application.with_user(user).search([]), own)
        # a second run creates nobody
        self.assertEqual(PortalAccounts(self.env, self.network).run(per_center=1), {"portal users": 0})

    def test_an_operator_with_running_modules_comes_first(self):
        PortalAccounts(self.env, self.network).run(per_center=1)
        Module = self.env["cri.pathway.module"]
        running = ("planned", "in_progress")
        for user in self._generated("operator"):
            company = user.company_id
            counts = {
                operator: Module.search_count([("operator_id", "=", operator.id), ("state", "in", running)])
                for operator in Module.search([("operator_id.company_id", "=", company.id)]).operator_id
                if not operator.user_ids.filtered("share") - user
                and not operator.child_ids.user_ids.filtered("share") - user
            }
            self.assertEqual(counts[user.commercial_partner_id], max(counts.values()), user.login)

    def test_reception_agents_are_invented_rather_than_taken_from_the_managers(self):
        reception = self.env.ref("cri_base.group_reception_agent")
        manager = self.env.ref("cri_base.group_manager")
        # a CRI whose only staff is its manager (who holds reception through its role)
        lonely = next(
            center
            for center in self.network.centers
            if not self.env["res.users"].search_count(
                [("company_id", "=", center.company_id.id), ("share", "=", False)]
            )
        )
        worker = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Directrice seule (fictive)",
                    "login": "manager-alone@example.org",
                    "company_id": lonely.company_id.id,
                    "company_ids": [(6, 0, lonely.company_id.ids)],
                    "groups_id": [(6, 0, manager.ids)],
                }
            )
        )
        self.assertIn(reception, worker.groups_id)
        self.assertEqual(
            Staff(self.env, self.network, invent=False).get(lonely.id, "reception", 2), worker.ids
        )
        staff = Staff(self.env, self.network, invent=True)
        invented = staff.get(lonely.id, "reception", 2)
        self.assertEqual(len(invented), 2)
        self.assertNotIn(worker.id, invented)
        for center in self.network.centers:
            users = self.env["res.users"].browse(staff.get(center.id, "reception", 2))
            self.assertTrue(users)
            for user in users:
                self.assertIn(reception, user.groups_id)
                self.assertNotIn(manager, user.groups_id, f"{user.login} plays reception in {center.code}")
                self.assertEqual(user.company_id, center.company_id)
