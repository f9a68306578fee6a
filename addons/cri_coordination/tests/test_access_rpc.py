from odoo.tests import HttpCase, tagged

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import CoordinationCommon

PLAN = "cri.coordination.plan"
ACTION = "cri.coordination.action"


@tagged("post_install", "-at_install")
class TestAccessRpc(CoordinationCommon, RpcMixin, HttpCase):
    """The rules tried the way a client or an attacker does: the web client's RPC route."""

    def test_an_officer_cannot_change_another_cris_plan_or_action_by_guessing_ids(self):
        login = self.officer.login
        plan_id, action_id = self.plan_cai.id, self.action_cai.id
        calls = [
            (PLAN, "write", [[plan_id], {"name": "Détourné"}]),
            (PLAN, "unlink", [[plan_id]]),
            (PLAN, "action_consultation", [[plan_id]]),
            (PLAN, "action_adopt", [[plan_id], "Conseil", "2025-01-01"]),
            (PLAN, "create", [{"name": "Plan pour le CAI", "company_id": self.company_cai.id}]),
            (ACTION, "write", [[action_id], {"name": "Détournée"}]),
            (ACTION, "unlink", [[action_id]]),
            (ACTION, "action_start", [[action_id]]),
            (ACTION, "create", [{"name": "Intruse", "plan_id": plan_id}]),
            (
                "cri.coordination.need",
                "create",
                [{"plan_id": plan_id, "life_domain": "other", "description": "x"}],
            ),
            ("cri.coordination.indicator", "create", [{"action_id": action_id, "name": "x"}]),
            (
                "cri.coordination.indicator.value",
                "create",
                [{"indicator_id": self.indicator_cai.id, "year": 2025, "value": 1}],
            ),
            (ACTION, "write", [[self.action_cric.id], {"plan_id": plan_id}]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method):
                self.assertRefused(self.call_kw(login, model, method, args))
        self.assertEqual(self.plan_cai.name, "Plan test CAI")
        self.assertEqual(self.plan_cai.state, "diagnosis")
        self.assertEqual(self.action_cai.state, "planned")
        self.assertEqual(len(self.plan_cai.need_ids), 1)
        self.assertFalse(self.indicator_cai.value_ids)
        self.assertEqual(self.action_cric.plan_id, self.plan_cric)

    def test_a_reception_agent_reads_both_cris_plans_and_writes_none(self):
        login = self.reception.login
        plans, error = self.call_kw(
            login,
            PLAN,
            "web_search_read",
            [],
            {"domain": [], "specification": {"name": {}, "company_id": {"fields": {"display_name": {}}}}},
        )
        self.assertIsNone(error)
        names = {record["name"] for record in plans["records"]}
        self.assertTrue({"Plan test CRIC", "Plan test CAI"} <= names)
        companies = {record["company_id"]["display_name"] for record in plans["records"]}
        self.assertIn(self.company_cai.name, companies)
        records, error = self.call_kw(
            login,
            PLAN,
            "web_read",
            [[self.plan_cai.id]],
            {"specification": {"need_ids": {"fields": {"description": {}}}}},
        )
        self.assertIsNone(error)
        self.assertEqual(records[0]["need_ids"][0]["description"], "Logement")
        for plan in (self.plan_cric, self.plan_cai):
            with self.subTest(plan=plan.name):
                self.assertRefused(self.call_kw(login, PLAN, "write", [[plan.id], {"name": "Changé"}]))
                self.assertRefused(self.call_kw(login, PLAN, "action_consultation", [[plan.id]]))
        self.assertRefused(self.call_kw(login, ACTION, "write", [[self.action_cric.id], {"name": "Changée"}]))
        self.assertRefused(self.call_kw(login, PLAN, "create", [{"name": "Plan de l'accueil"}]))
        self.assertEqual(self.plan_cric.name, "Plan test CRIC")

    def test_workflow_fields_are_refused_through_rpc(self):
        login = self.officer.login
        calls = [
            (PLAN, "write", [[self.plan_cric.id], {"state": "running"}]),
            (PLAN, "write", [[self.plan_cric.id], {"adoption_body": "Moi", "adoption_date": "2025-01-01"}]),
            (PLAN, "create", [{"name": "Plan d'office", "state": "closed"}]),
            (ACTION, "write", [[self.action_cric.id], {"state": "done"}]),
            (ACTION, "create", [{"name": "Action finie", "plan_id": self.plan_cric.id, "state": "done"}]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method, args=args):
                self.assertRefused(
                    self.call_kw(login, model, method, args, {"context": {"cri_workflow": True}})
                )
        self.assertEqual(self.plan_cric.state, "diagnosis")
        self.assertFalse(self.plan_cric.adoption_body)
        self.assertEqual(self.action_cric.state, "planned")
        # the buttons do it
        result, error = self.call_kw(login, PLAN, "action_consultation", [[self.plan_cric.id]])
        self.assertIsNone(error)
        self.assertEqual(self.plan_cric.state, "consultation")

    def test_a_coordination_officer_lands_on_the_plans_of_its_cri(self):
        self.authenticate(self.officer.login, self.officer.login)
        home = self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]
        self.assertEqual(home, self.env.ref("cri_coordination.action_cri_coordination_plan").id)
