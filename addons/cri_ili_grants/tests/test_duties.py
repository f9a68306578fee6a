"""Separation of duties: who accepted the requirement that releases an instalment (the final
report and the balance) does not record its payment, unless the CRI's manager switched the rule
off for the CRI; the acceptance is recorded by the workflow."""

from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import legal_today

from .common import IliHttpCase


@tagged("post_install", "-at_install")
class TestSeparationOfDuties(RpcMixin, IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.center_cric = cls.env.ref("cri_base.center_cric")
        cls.center_cai = cls.env.ref("cri_base.center_cai")
        # a CRI that gave its manager both roles
        cls.director = new_test_user(
            cls.env,
            login="ili-director-accountant",
            password="ili-director-accountant",
            groups="cri_base.group_manager,cri_base.group_accountant",
            company_id=cls.company_cric.id,
            company_ids=[Command.set(cls.company_cric.ids)],
        )
        report = cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call.id, "name": "Final report", "due_date": date(2028, 3, 1)}
        )
        # both dates past, paid today through the web client: the balance waits for its report only
        today = legal_today()
        cls.call.write(
            {
                "instalment_template_ids": [
                    Command.create(
                        {"name": "Advance", "percent": 80, "planned_date": today - timedelta(days=30)}
                    ),
                    Command.create(
                        {
                            "name": "Balance",
                            "percent": 20,
                            "planned_date": today - timedelta(days=1),
                            "release_requirement_id": report.id,
                        }
                    ),
                ]
            }
        )
        cls.grant = cls.to_decided(
            cls.make_application(), amount=10000, decision_date=today - timedelta(days=60)
        )
        cls.grant.with_user(cls.agent).action_start()
        cls.advance, cls.balance = cls.grant.instalment_ids.sorted("planned_date")
        cls.report = cls.grant.requirement_ids
        cls.report.with_user(cls.agent).action_receive()

    def test_the_new_cris_separate_the_duties(self):
        self.assertTrue(self.center_cric.ili_separate_duties)
        center = self.env["cri.center"].create(
            {
                "name": "CRI Test",
                "code": "CRIT",
                "company_id": self.env["res.company"].create({"name": "CRIT"}).id,
            }
        )
        self.assertTrue(center.ili_separate_duties)

    def test_who_accepted_the_report_does_not_pay_the_balance_it_releases(self):
        self.report.with_user(self.director).action_accept()
        self.assertEqual((self.report.state, self.report.accepted_by_id), ("accepted", self.director))
        self.assertEqual(self.balance.state, "due")
        with self.assertRaisesRegex(UserError, "separation of duties"):
            self.balance.with_user(self.director).action_pay()
        with self.assertRaisesRegex(UserError, "separation of duties"):
            self.balance.with_user(self.director).action_open_pay_wizard()
        self.assertEqual(self.balance.state, "due")
        # the same person pays what no requirement of its releases
        self.advance.with_user(self.director).action_pay()
        self.assertEqual(self.advance.state, "paid")
        # another accountant pays the balance
        self.balance.with_user(self.accountant).action_pay()
        self.assertEqual(self.balance.state, "paid")

    def test_the_refusal_is_the_servers_whatever_the_client(self):
        self.report.with_user(self.director).action_accept()
        self.assertRefused(
            self.call_kw("ili-director-accountant", "cri.ili.instalment", "action_pay", [self.balance.ids])
        )
        self.assertEqual(self.balance.state, "due")
        director = self.balance.with_user(self.director).with_context(lang="fr_BE")
        with self.assertRaisesRegex(UserError, "séparation des tâches"):
            director.action_pay()

    def test_a_cri_may_let_one_person_accept_and_pay(self):
        self.center_cric.with_user(self.director).ili_separate_duties = False
        self.report.with_user(self.director).action_accept()
        self.balance.with_user(self.director).action_pay()
        self.assertEqual(self.balance.state, "paid")

    def test_who_accepted_is_written_by_the_workflow_only(self):
        self.report.with_user(self.agent).action_accept()
        self.assertEqual(self.report.accepted_by_id, self.agent)
        for login in ("ili-agent-cric", "ili-manager-cric"):
            with self.subTest(login=login):
                self.assertRefused(
                    self.call_kw(
                        login,
                        "cri.ili.requirement",
                        "write",
                        [self.report.ids, {"accepted_by_id": self.director.id}],
                    )
                )
        self.assertEqual(self.report.accepted_by_id, self.agent)
        # nor is a requirement created already accepted by someone
        self.assertRefused(
            self.call_kw(
                "ili-agent-cric",
                "cri.ili.requirement",
                "create",
                [
                    {
                        "application_id": self.grant.id,
                        "name": "Forged",
                        "due_date": "2028-01-01",
                        "state": "accepted",
                        "accepted_by_id": self.director.id,
                    }
                ],
            )
        )
        self.assertEqual(self.grant.requirement_ids, self.report)

    def test_only_the_manager_of_the_cri_sets_the_separation(self):
        for login in ("ili-accountant-cric", "ili-agent-cric", "ili-region-admin", "ili-observer"):
            with self.subTest(login=login):
                self.assertRefused(
                    self.call_kw(
                        login, "cri.center", "write", [self.center_cric.ids, {"ili_separate_duties": False}]
                    )
                )
        # a manager, of its own CRI only
        self.assertRefused(
            self.call_kw(
                "ili-manager-cric",
                "cri.center",
                "write",
                [self.center_cai.ids, {"ili_separate_duties": False}],
            )
        )
        self.assertTrue(self.center_cric.ili_separate_duties and self.center_cai.ili_separate_duties)
        result, error = self.call_kw(
            "ili-manager-cric", "cri.center", "write", [self.center_cric.ids, {"ili_separate_duties": False}]
        )
        self.assertIsNone(error, result)
        self.assertFalse(self.center_cric.ili_separate_duties)

    def test_the_setting_is_on_the_centre_form_of_its_manager(self):
        arch = (
            self.env["cri.center"]
            .with_user(self.manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="ili_separate_duties"', arch)
        with self.assertRaises(AccessError):
            self.center_cric.with_user(self.accountant).write({"ili_separate_duties": False})
