"""The money of a grant follows its plan: instalments are created by the grant's plan only,
unpaid; their amount, date and release condition change through "Re-allocate the Budget" only
(ILI agents, with a reason), their payment through the pay button only (accountants); the
re-allocation gives every category its amount and re-plans every instalment still to pay, all
summing to the new granted amount. Tried through the web client's RPC route as the weakest roles,
across two CRIs and two applicants, ids guessed included."""

from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.cri_base.tests.rpc import RpcMixin
from odoo.addons.cri_base.tools import legal_today

from .common import IliHttpCase

AGENT, AGENT_CAI, ACCOUNTANT, PORTAL = (
    "ili-agent-cric",
    "ili-agent-cai",
    "ili-accountant-cric",
    "ili-portal-a",
)
REASON = "Amendment AG/2027/15-bis of the Region"


@tagged("post_install", "-at_install")
class TestMoneyRules(RpcMixin, IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant_cai = cls._user("ili-accountant-cai", "cri_base.group_accountant", cls.company_cai)
        report = cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call.id, "name": "Final report", "due_date": date(2028, 3, 1)}
        )
        # the advance is to pay since a month, the grant decided two months ago: paid today
        # through the web client; the balance waits for its report
        cls.advance_day = legal_today() - timedelta(days=30)
        cls.decision_day = legal_today() - timedelta(days=60)
        cls.call.write(
            {
                "instalment_template_ids": [
                    Command.create({"name": "Advance", "percent": 60, "planned_date": cls.advance_day}),
                    Command.create(
                        {
                            "name": "Balance",
                            "percent": 40,
                            "planned_date": date(2028, 6, 1),
                            "release_requirement_id": report.id,
                        }
                    ),
                ]
            }
        )
        # two grants of the CRIC (two applicants), one of the CAI
        cls.grant = cls._started(cls.make_application(), 10000)
        cls.grant_b = cls._started(cls.make_application(partner=cls.org_b), 5000)
        cls.grant_cai = cls._decided_in_cai(4000)
        cls.grant_cai.action_start()
        cls.advance, cls.balance = cls.grant.instalment_ids.sorted("planned_date")
        cls.report = cls.grant.requirement_ids

    @classmethod
    def _decided_in_cai(cls, amount):
        """A grant of the CAI, taken through its workflow as superuser (the test's manager is the
        CRIC's)."""
        grant = cls.make_application(partner=cls.org_b, commune=cls.namur)
        grant.action_submit()
        grant.write({"opinion": "favourable", "opinion_motivation": "Useful in Namur"})
        grant.action_sign_opinion()
        grant.write(
            {"granted_amount": amount, "decision_reference": "AG/CAI/1", "decision_date": date(2027, 1, 10)}
        )
        grant.action_decide()
        return grant

    @classmethod
    def _user(cls, login, groups, company):
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _started(cls, application, amount):
        cls.to_decided(application, amount=amount, decision_date=cls.decision_day)
        application.with_user(cls.agent).action_start()
        return application

    def plan(self, grant=None):
        return [
            (line.name, line.amount, line.planned_date, line.release_requirement_id, line.state)
            for line in (grant or self.grant).instalment_ids.sorted("planned_date")
        ]

    def money(self, grant=None):
        grant = grant or self.grant
        grant.invalidate_recordset()
        return (
            grant.granted_amount,
            sorted((line.category, line.amount) for line in grant.grant_budget_ids),
            self.plan(grant),
        )

    # ------------------------------------------------------------------ the plan creates them
    def test_the_plan_creates_the_instalments_unpaid_and_summing_to_the_grant(self):
        self.assertEqual(
            self.plan(),
            [
                ("Advance", 6000, self.advance_day, self.env["cri.ili.requirement"], "due"),
                ("Balance", 4000, date(2028, 6, 1), self.report, "planned"),
            ],
        )
        self.assertEqual(self.report.application_id, self.grant)

    def test_nobody_creates_an_instalment_beside_the_plan(self):
        before = self.money()
        new = {
            "application_id": self.grant.id,
            "name": "Extra",
            "amount": 1,
            "planned_date": "2027-01-01",
        }
        for login, vals in (
            (AGENT, new),
            (AGENT, dict(new, state="paid", payment_date="2027-01-02")),
            (ACCOUNTANT, dict(new, state="paid")),
            (PORTAL, new),
            (AGENT_CAI, new),
        ):
            with self.subTest(login=login, vals=vals):
                self.assertRefused(self.call_kw(login, "cri.ili.instalment", "create", [vals]))
        # nor through its grant
        line = {"name": "Extra", "amount": 0, "planned_date": "2027-01-01"}
        self.assertRefused(
            self.call_kw(
                AGENT, "cri.ili.application", "write", [self.grant.ids, {"instalment_ids": [[0, 0, line]]}]
            )
        )
        self.assertEqual(self.money(), before)
        self.assertFalse(self.env["cri.ili.instalment"].search([("name", "=", "Extra")]))

    # ------------------------------------------------------------------ nobody writes them
    def test_an_agent_changes_no_instalment_directly(self):
        before = self.money()
        for vals in (
            {"amount": 5000},
            {"planned_date": "2026-01-01"},
            {"release_requirement_id": False},
            {"state": "paid"},
            {"payment_date": "2027-01-02"},
            {"name": "Advance (renamed)"},
            {"application_id": self.grant_b.id},
        ):
            with self.subTest(vals=vals):
                self.assertRefused(
                    self.call_kw(AGENT, "cri.ili.instalment", "write", [self.balance.ids, vals])
                )
        # nor both lines at once through the grant (the sum kept)
        self.assertRefused(
            self.call_kw(
                AGENT,
                "cri.ili.application",
                "write",
                [
                    self.grant.ids,
                    {
                        "instalment_ids": [
                            [1, self.advance.id, {"amount": 9000}],
                            [1, self.balance.id, {"amount": 1000, "release_requirement_id": False}],
                        ]
                    },
                ],
            )
        )
        self.assertEqual(self.money(), before)

    def test_an_accountant_cannot_move_the_conditional_balance_onto_the_advance_and_pay_it(self):
        before = self.money()
        self.assertRefused(
            self.call_kw(ACCOUNTANT, "cri.ili.instalment", "write", [self.balance.ids, {"amount": 0}])
        )
        self.assertRefused(
            self.call_kw(ACCOUNTANT, "cri.ili.instalment", "write", [self.advance.ids, {"amount": 10000}])
        )
        self.assertRefused(
            self.call_kw(
                ACCOUNTANT,
                "cri.ili.instalment",
                "write",
                [self.balance.ids, {"release_requirement_id": False}],
            )
        )
        self.assertRefused(
            self.call_kw(
                ACCOUNTANT,
                "cri.ili.application",
                "write",
                [
                    self.grant.ids,
                    {"instalment_ids": [[1, self.balance.id, {"release_requirement_id": False}]]},
                ],
            )
        )
        # the balance stays released by the report, which is not accepted
        self.assertRefused(self.call_kw(ACCOUNTANT, "cri.ili.instalment", "action_pay", [self.balance.ids]))
        self.assertEqual(self.money(), before)
        # the advance, unconditional, is paid through its button
        result, error = self.call_kw(ACCOUNTANT, "cri.ili.instalment", "action_pay", [self.advance.ids])
        self.assertIsNone(error, result)
        self.assertEqual((self.advance.state, self.advance.amount), ("paid", 6000))

    def test_another_cri_pays_and_changes_nothing_by_guessing_ids(self):
        for login, method, args in (
            ("ili-accountant-cai", "action_pay", [self.advance.ids]),
            (AGENT_CAI, "write", [self.advance.ids, {"amount": 1}]),
            (AGENT_CAI, "read", [self.advance.ids, ["amount"]]),
        ):
            with self.subTest(login=login, method=method):
                self.assertRefused(self.call_kw(login, "cri.ili.instalment", method, args))
        self.assertEqual(self.advance.state, "due")
        # nor a CRIC accountant the CAI's grant
        cai_advance = self.grant_cai.instalment_ids.sorted("planned_date")[0]
        self.assertRefused(self.call_kw(ACCOUNTANT, "cri.ili.instalment", "action_pay", [cai_advance.ids]))
        self.assertEqual(cai_advance.state, "due")

    def test_an_instalment_is_released_by_a_requirement_of_its_own_grant_only(self):
        with self.assertRaises(ValidationError):
            self.grant._workflow_write(
                {
                    "instalment_ids": [
                        Command.update(
                            self.balance.id, {"release_requirement_id": self.grant_b.requirement_ids.id}
                        )
                    ]
                }
            )
        self.assertEqual(self.balance.release_requirement_id, self.report)

    def test_the_grant_checks_that_its_instalments_sum_to_the_granted_amount(self):
        with self.assertRaisesRegex(ValidationError, "sum"):
            self.grant._workflow_write(
                {"instalment_ids": [Command.update(self.advance.id, {"amount": 5000})]}
            )
        self.grant._workflow_write(
            {
                "instalment_ids": [
                    Command.update(self.advance.id, {"amount": 5000}),
                    Command.update(self.balance.id, {"amount": 5000}),
                ]
            }
        )
        self.assertEqual((self.advance.amount, self.balance.amount), (5000, 5000))

    def test_a_paid_instalment_no_longer_changes_even_through_the_workflow(self):
        self.advance.with_user(self.accountant).action_pay()
        with self.assertRaisesRegex(UserError, "paid instalment"):
            self.advance.with_user(self.agent)._workflow_write({"amount": 1})
        self.assertEqual(self.advance.amount, 6000)

    # ------------------------------------------------------------------ the re-allocation
    def wizard_rpc(self, login, grant=None, categories=None, instalments=None, reason=REASON):
        """Create and confirm a re-allocation through RPC; ``categories`` and ``instalments``
        give the lines sent ({budget: amount}, {instalment: values}); by default all, unchanged."""
        grant = grant or self.grant
        categories = (
            categories if categories is not None else {line: line.amount for line in grant.grant_budget_ids}
        )
        if instalments is None:
            instalments = {line: {} for line in grant._unpaid_instalments()}
        vals = {
            "application_id": grant.id,
            "reason": reason,
            "line_ids": [
                [0, 0, {"budget_id": budget.id, "amount": amount}] for budget, amount in categories.items()
            ],
            "instalment_line_ids": [
                [
                    0,
                    0,
                    {
                        "instalment_id": line.id,
                        "amount": line.amount,
                        "planned_date": str(line.planned_date),
                        "release_requirement_id": line.release_requirement_id.id,
                        **changes,
                    },
                ]
                for line, changes in instalments.items()
            ],
        }
        wizard_id, error = self.call_kw(login, "cri.ili.budget.wizard", "create", [vals])
        if error:
            return None, error
        return self.call_kw(login, "cri.ili.budget.wizard", "action_confirm", [[wizard_id]])

    def budget(self, grant=None):
        return {line.category: line for line in (grant or self.grant).grant_budget_ids}

    def test_a_reallocation_sent_with_one_category_only_is_refused(self):
        before = self.money()
        personnel = self.budget()["personnel"]
        # one category cut by 1,000: the others, not sent, would keep their amounts
        for categories in (
            {personnel: personnel.amount - 1000},
            {personnel: personnel.amount - 1000, self.budget()["other"]: 0},
        ):
            with self.subTest(categories=len(categories)):
                self.assertRefused(
                    self.wizard_rpc(
                        AGENT,
                        categories=categories,
                        instalments={self.advance: {}, self.balance: {"amount": 3000}},
                    )
                )
        self.assertEqual(self.money(), before)
        self.assertNotIn(REASON, "".join(self.grant.message_ids.mapped("body")))

    def test_a_category_given_twice_is_refused(self):
        before = self.money()
        wizard = (
            self.env["cri.ili.budget.wizard"]
            .with_user(self.agent)
            .with_context(default_application_id=self.grant.id)
            .create({"reason": REASON})
        )
        personnel = self.budget()["personnel"]
        wizard.write({"line_ids": [Command.create({"budget_id": personnel.id, "amount": 0})]})
        with self.assertRaisesRegex(UserError, "once"):
            wizard.action_confirm()
        self.assertEqual(self.money(), before)

    def test_the_instalments_to_pay_must_sum_with_the_paid_ones_to_the_new_granted_amount(self):
        self.advance.with_user(self.accountant).action_pay()
        before = self.money()
        personnel = self.budget()["personnel"]
        personnel_before = personnel.amount
        cut = {
            **{line: line.amount for line in self.grant.grant_budget_ids},
            personnel: personnel.amount - 1000,
        }
        # the balance not re-planned: 6,000 paid + 4,000 to pay is not the new 9,000
        self.assertRefused(self.wizard_rpc(AGENT, categories=cut))
        self.assertEqual(self.money(), before)
        # the paid advance is no longer planned
        self.assertRefused(
            self.wizard_rpc(
                AGENT,
                categories=cut,
                instalments={self.advance: {"amount": 5000}, self.balance: {}},
            )
        )
        self.assertEqual(self.money(), before)
        result, error = self.wizard_rpc(AGENT, categories=cut, instalments={self.balance: {"amount": 3000}})
        self.assertIsNone(error, result)
        self.assertEqual(self.grant.granted_amount, 9000)
        self.assertEqual((self.advance.amount, self.balance.amount), (6000, 3000))
        self.assertEqual(personnel.amount, round(personnel_before - 1000, 2))
        note = self.grant.message_ids.filtered(lambda message: REASON in str(message.body))
        self.assertEqual(len(note), 1)
        self.assertIn(self.balance.name, note.body)
        self.assertEqual(note.author_id, self.agent.partner_id)

    def test_an_agent_replans_the_instalments_with_a_reason(self):
        result, error = self.wizard_rpc(
            AGENT,
            instalments={
                self.advance: {"amount": 7000, "planned_date": "2027-03-01"},
                self.balance: {"amount": 3000},
            },
            reason="The Region advances more: AG/2027/15-ter",
        )
        self.assertIsNone(error, result)
        self.assertEqual(
            [(name, amount, day) for name, amount, day, _requirement, _state in self.plan()],
            [("Advance", 7000, date(2027, 3, 1)), ("Balance", 3000, date(2028, 6, 1))],
        )
        self.assertEqual(self.grant.granted_amount, 10000)
        self.assertIn("AG/2027/15-ter", "".join(self.grant.message_ids.mapped("body")))

    def test_a_replanning_without_reason_or_by_another_role_is_refused(self):
        before = self.money()
        moved = {
            self.advance: {"amount": 10000},
            self.balance: {"amount": 0, "release_requirement_id": False},
        }
        self.assertRefused(self.wizard_rpc(AGENT, instalments=moved, reason=" "))
        for login in (ACCOUNTANT, PORTAL, AGENT_CAI):
            with self.subTest(login=login):
                self.assertRefused(self.wizard_rpc(login, instalments=moved))
        self.assertEqual(self.money(), before)

    def test_a_release_requirement_of_another_grant_is_refused_by_the_wizard(self):
        before = self.money()
        self.assertRefused(
            self.wizard_rpc(
                AGENT,
                instalments={
                    self.advance: {},
                    self.balance: {"release_requirement_id": self.grant_b.requirement_ids.id},
                },
            )
        )
        self.assertEqual(self.money(), before)

    def test_the_instalments_of_another_grant_are_refused_by_the_wizard(self):
        before, before_b = self.money(), self.money(self.grant_b)
        other = self.grant_b.instalment_ids[:1]
        self.assertRefused(
            self.wizard_rpc(
                AGENT, instalments={self.advance: {}, self.balance: {}, other: {"amount": other.amount + 1}}
            )
        )
        self.assertEqual((self.money(), self.money(self.grant_b)), (before, before_b))

    def test_the_refusals_of_the_reallocation_are_in_french(self):
        personnel = self.budget()["personnel"]
        wizard = (
            self.env["cri.ili.budget.wizard"]
            .with_user(self.agent)
            .with_context(lang="fr_BE", default_application_id=self.grant.id)
            .create({"reason": REASON})
        )
        wizard.line_ids.filtered(lambda line: line.budget_id == personnel).amount -= 1000
        with self.assertRaisesRegex(UserError, "doivent totaliser le nouveau montant octroyé"):
            wizard.action_confirm()
        # a forged wizard that lost categories
        wizard.line_ids[1:].sudo().unlink()
        with self.assertRaisesRegex(UserError, "chaque catégorie"):
            wizard.action_confirm()
