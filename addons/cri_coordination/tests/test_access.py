from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import CoordinationCommon

MODELS = (
    "cri.coordination.plan",
    "cri.coordination.need",
    "cri.coordination.priority",
    "cri.coordination.recommendation",
    "cri.coordination.action",
    "cri.coordination.indicator",
    "cri.coordination.indicator.value",
)


@tagged("post_install", "-at_install")
class TestAccess(CoordinationCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cri.coordination.indicator.value"].create(
            [
                {"indicator_id": cls.indicator_cric.id, "year": 2024, "value": 10},
                {"indicator_id": cls.indicator_cai.id, "year": 2024, "value": 20},
            ]
        )

    def cai_records(self):
        plan = self.plan_cai
        return [
            plan,
            plan.need_ids,
            plan.priority_ids,
            plan.recommendation_ids,
            self.action_cai,
            self.indicator_cai,
            self.indicator_cai.value_ids,
        ]

    def test_every_cri_staff_reads_the_plans_of_every_cri_and_writes_none(self):
        for user in (self.reception, self.accountant, self.observer, self.officer):
            for model in MODELS:
                with self.subTest(user=user.login, model=model):
                    records = self.env[model].with_user(user).search([])
                    self.assertEqual(set(records.mapped("company_id")), {self.company_cric, self.company_cai})
        for user in (self.reception, self.accountant, self.observer):
            for records in self.cai_records() + [self.plan_cric, self.action_cric]:
                with self.subTest(user=user.login, model=records._name):
                    records = records.with_user(user)
                    records.read()
                    with self.assertRaises(AccessError):
                        records.write({})
                    with self.assertRaises(AccessError):
                        records.unlink()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["cri.coordination.plan"].with_user(user).create(
                    {"name": "Plan pirate", "year_start": 2024, "year_end": 2025}
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["cri.coordination.need"].with_user(user).create(
                    {"plan_id": self.plan_cric.id, "life_domain": "other", "description": "x"}
                )
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.action_cric.with_user(user).action_start()
        self.assertFalse(self.plan_cric.with_user(self.reception).can_edit)
        self.assertFalse(self.indicator_cric.with_user(self.reception).can_edit)
        self.assertTrue(self.indicator_cric.with_user(self.officer).can_edit)
        self.assertFalse(self.indicator_cai.with_user(self.officer).can_edit)
        self.assertEqual(self.action_cric.state, "planned")

    def test_an_officer_changes_nothing_of_another_cri_even_by_its_ids(self):
        for records in self.cai_records():
            with self.subTest(model=records._name):
                records = records.with_user(self.officer)
                self.assertTrue(records.read(["company_id"]))
                with self.assertRaises(AccessError):
                    records.write({})
                with self.assertRaises(AccessError):
                    records.unlink()
        for method in ("action_consultation", "action_open_adopt_wizard"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(self.plan_cai.with_user(self.officer), method)()
        with self.assertRaises(AccessError):
            self.plan_cai.with_user(self.officer).action_adopt("Conseil", "2025-01-01")
        with self.assertRaises(AccessError):
            self.action_cai.with_user(self.officer).action_start()
        self.assertFalse(self.plan_cai.with_user(self.officer).can_edit)
        self.assertEqual(self.plan_cai.state, "diagnosis")
        self.assertEqual(self.action_cai.state, "planned")

    def test_an_officer_creates_records_only_on_a_plan_of_its_cri(self):
        env = self.env(user=self.officer)
        attempts = [
            ("cri.coordination.plan", {"name": "Plan pour le CAI", "company_id": self.company_cai.id}),
            (
                "cri.coordination.need",
                {"plan_id": self.plan_cai.id, "life_domain": "other", "description": "x"},
            ),
            ("cri.coordination.priority", {"plan_id": self.plan_cai.id, "name": "x", "life_domain": "other"}),
            (
                "cri.coordination.recommendation",
                {"plan_id": self.plan_cai.id, "text": "x", "addressee_level": "region"},
            ),
            ("cri.coordination.action", {"plan_id": self.plan_cai.id, "name": "x"}),
            ("cri.coordination.indicator", {"action_id": self.action_cai.id, "name": "x"}),
            (
                "cri.coordination.indicator.value",
                {"indicator_id": self.indicator_cai.id, "year": 2025, "value": 1},
            ),
        ]
        for model, vals in attempts:
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].create(
                    {"year_start": 2024, "year_end": 2025, **vals} if model.endswith("plan") else vals
                )
        with self.assertRaises(AccessError):
            self.plan_cai.with_user(self.officer).write(
                {"need_ids": [Command.create({"life_domain": "other", "description": "x"})]}
            )
        self.assertEqual(len(self.plan_cai.need_ids), 1)
        self.assertEqual(len(self.indicator_cai.value_ids), 1)

    def test_a_record_never_moves_to_another_plan(self):
        env = self.env(user=self.officer)
        attempts = [
            (self.plan_cric.need_ids, {"plan_id": self.plan_cai.id}),
            (self.plan_cric.priority_ids, {"plan_id": self.plan_cai.id}),
            (self.plan_cric.recommendation_ids, {"plan_id": self.plan_cai.id}),
            (self.action_cric, {"plan_id": self.plan_cai.id}),
            (self.indicator_cric, {"action_id": self.action_cai.id}),
            (self.indicator_cric.value_ids, {"indicator_id": self.indicator_cai.id}),
        ]
        for records, vals in attempts:
            with self.subTest(model=records._name), self.assertRaises(UserError):
                records.with_env(env).write(vals)
        self.assertEqual(self.action_cric.plan_id, self.plan_cric)
        self.assertEqual(self.indicator_cric.value_ids.indicator_id, self.indicator_cric)

    def test_portal_users_read_no_plan(self):
        for model in MODELS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
