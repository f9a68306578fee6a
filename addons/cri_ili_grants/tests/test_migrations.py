"""The migrations of cri_ili_grants, run on grants in the shape a database of the earlier version
left them: 18.0.1.1.0 gives the grants decided before their budget by category and, once started,
their indicators; 18.0.1.3.0 makes the planned instalments whose condition already holds to pay."""

from datetime import date

from freezegun import freeze_time

from odoo.modules.migration import load_script
from odoo.tests import tagged

from .common import IliCase

BUDGET_MIGRATION = "cri_ili_grants/migrations/18.0.1.1.0/post-migration.py"
DUE_MIGRATION = "cri_ili_grants/migrations/18.0.1.3.0/post-migration.py"


def migrate(env, script, version):
    load_script(script, "cri_ili_grants_" + script.split("/")[2].replace(".", "_")).migrate(env.cr, version)


@tagged("post_install", "-at_install")
class TestBudgetMigration(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # requested: personnel 12 000,10 €, operating 2 500,25 € (see make_application)
        cls.decided = cls.to_decided(cls.make_application(), amount=10000)
        cls.running = cls.start(cls.to_decided(cls.make_application(), amount=8000))
        cls.clearing = cls.start(cls.to_decided(cls.make_application(), amount=8000))
        cls.clearing.with_user(cls.agent).action_start_clearing()
        cls.before_opinion = cls.to_opinion(cls.make_application())
        # what a database of 18.0.1.0.0 had: no budget by category, no indicators
        for grant in cls.decided | cls.running | cls.clearing:
            grant.grant_budget_ids.unlink()
            grant.indicator_ids.unlink()
        # a grant that has them, changed since: re-allocated, its target revised
        cls.followed = cls.start(cls.to_decided(cls.make_application(), amount=10000))
        cls.followed_budget = cls.followed.grant_budget_ids
        cls.followed_budget.filtered(lambda line: line.category == "personnel").amount = 5000
        cls.followed_budget.filtered(lambda line: line.category == "operating").amount = 5000
        cls.followed_indicators = cls.followed.indicator_ids
        cls.followed_indicators.filtered(lambda line: line.kind == "participants").target = 45
        migrate(cls.env, BUDGET_MIGRATION, "18.0.1.0.0")

    @classmethod
    def start(cls, grant):
        grant.with_user(cls.agent).action_start()
        return grant

    def budget(self, grant):
        return {line.category: (line.requested_amount, line.amount) for line in grant.grant_budget_ids}

    def indicators(self, grant):
        return [(line.kind, line.target) for line in grant.indicator_ids]

    def test_a_decided_grant_gets_its_budget_in_the_proportions_requested(self):
        self.assertEqual(
            self.budget(self.decided),
            {
                "personnel": (12000.10, 8275.73),
                "operating": (2500.25, 1724.27),
                "investment": (0.0, 0.0),
                "other": (0.0, 0.0),
            },
        )
        self.assertAlmostEqual(sum(self.decided.grant_budget_ids.mapped("amount")), 10000, places=2)

    def test_a_grant_not_started_gets_no_indicators(self):
        self.assertFalse(self.decided.indicator_ids)

    def test_a_started_grant_gets_its_budget_and_its_indicators(self):
        for grant in self.running | self.clearing:
            with self.subTest(state=grant.state):
                budget = self.budget(grant)
                self.assertEqual(
                    (budget["personnel"], budget["operating"]), ((12000.10, 6620.59), (2500.25, 1379.41))
                )
                self.assertEqual(
                    self.indicators(grant), [("participants", 60), ("hours", 240), ("completions", 0)]
                )

    def test_a_grant_not_decided_gets_nothing(self):
        self.assertFalse(self.before_opinion.grant_budget_ids)
        self.assertFalse(self.before_opinion.indicator_ids)

    def test_a_grant_that_has_its_budget_and_indicators_is_untouched(self):
        self.assertEqual(self.followed.grant_budget_ids, self.followed_budget)
        self.assertEqual(
            {line.category: line.amount for line in self.followed_budget if line.amount},
            {"personnel": 5000, "operating": 5000},
        )
        self.assertEqual(self.followed.indicator_ids, self.followed_indicators)
        self.assertEqual(
            self.indicators(self.followed), [("participants", 45), ("hours", 240), ("completions", 0)]
        )

    def test_a_second_run_changes_nothing(self):
        budgets, indicators = (
            self.env["cri.ili.grant.budget"].search([]),
            self.env["cri.ili.indicator"].search([]),
        )
        amounts = budgets.mapped("amount")
        migrate(self.env, BUDGET_MIGRATION, "18.0.1.0.0")
        self.assertEqual(self.env["cri.ili.grant.budget"].search([]), budgets)
        self.assertEqual(self.env["cri.ili.indicator"].search([]), indicators)
        self.assertEqual(budgets.mapped("amount"), amounts)

    def test_a_fresh_install_creates_nothing(self):
        self.running.grant_budget_ids.unlink()
        self.running.indicator_ids.unlink()
        migrate(self.env, BUDGET_MIGRATION, None)
        self.assertFalse(self.running.grant_budget_ids)
        self.assertFalse(self.running.indicator_ids)


@tagged("post_install", "-at_install")
class TestDueMigration(IliCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an advance of 60 % on 1 February 2027, a balance on 1 June 2027 released by the report
        cls.plan_advance_and_balance("Final report", date(2027, 5, 1), date(2027, 6, 1))
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.paid_grant = cls.to_decided(cls.make_application(), amount=10000)
        with freeze_time("2027-01-15"):
            (cls.grant | cls.paid_grant).with_user(cls.agent).action_start()
        cls.advance, cls.balance = cls.grant.instalment_ids.sorted("planned_date")
        cls.paid_advance, cls.released_balance = cls.paid_grant.instalment_ids.sorted("planned_date")
        # the other grant's advance was paid; its report accepted before the balance's date
        with freeze_time("2027-02-03"):
            cls.paid_advance._update_due()
            cls.paid_advance.with_user(cls.accountant).action_pay(date(2027, 2, 3))
        with freeze_time("2027-05-02"):
            report = cls.paid_grant.requirement_ids
            report.with_user(cls.agent).action_receive()
            report.with_user(cls.agent).action_accept()
        cls.instalments = cls.advance | cls.balance | cls.paid_advance | cls.released_balance

    def migrate(self, day, version="18.0.1.2.0"):
        with freeze_time(day):
            migrate(self.env, DUE_MIGRATION, version)

    def states(self):
        return [(line.state, line.payment_date) for line in self.instalments]

    def test_the_shape_of_an_earlier_version(self):
        self.assertEqual(
            self.states(),
            [("planned", False), ("planned", False), ("paid", date(2027, 2, 3)), ("planned", False)],
        )

    def test_the_instalments_whose_condition_holds_are_to_pay(self):
        self.migrate("2027-06-02")
        self.assertEqual(self.advance.state, "due")
        self.assertEqual(self.released_balance.state, "due", "its date is reached, its report accepted")

    def test_an_instalment_waits_for_its_date_and_its_release(self):
        self.migrate("2027-03-01")
        self.assertEqual(self.advance.state, "due")
        self.assertEqual(
            self.released_balance.state, "planned", "its report is accepted, its date is not reached"
        )
        self.migrate("2027-06-02")
        self.assertEqual(self.balance.state, "planned", "its date is reached, its report is not accepted")

    def test_a_paid_instalment_stays_paid(self):
        self.migrate("2027-06-02")
        self.assertEqual(
            (self.paid_advance.state, self.paid_advance.payment_date), ("paid", date(2027, 2, 3))
        )

    def test_a_second_run_changes_nothing(self):
        self.migrate("2027-06-02")
        after = self.states()
        self.migrate("2027-06-02")
        self.assertEqual(self.states(), after)
        self.assertEqual([state for state, _date in after], ["due", "planned", "paid", "due"])

    def test_a_fresh_install_changes_nothing(self):
        before = self.states()
        self.migrate("2027-06-02", version=None)
        self.assertEqual(self.states(), before)
