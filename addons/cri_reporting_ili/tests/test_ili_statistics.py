from collections import defaultdict
from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

STATS = "cri.reporting.ili.application"
AMOUNTS = ("requested_amount", "granted_amount", "paid_amount", "accepted_amount")


@tagged("post_install", "-at_install")
class TestIliStatistics(TransactionCase):
    """Applications of two CRIs on three calls, some granted, paid and justified, against the
    statistics of the applications, their tables and a monthly snapshot. The calls are five
    years ahead, where no demo data lives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.year = fields.Date.today().year + 5
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.company_cai = ref("cri_base.center_cai").company_id
        charleroi, namur = ref("cri_base.commune_52011"), ref("cri_base.commune_92094")
        cls.fle, cls.citizenship = ref("cri_ili_grants.axis_fle"), ref("cri_ili_grants.axis_citizenship")
        cls.org = cls.env["res.partner"].create({"name": "ASBL Test Statistics", "is_company": True})
        cls.call_a = cls._call("Test call A", date(cls.year, 3, 15), cls.fle | cls.citizenship)
        cls.call_b = cls._call("Test call B", date(cls.year, 10, 15), cls.fle)
        cls.call_old = cls._call("Test call of last year", date(cls.year - 1, 11, 30), cls.fle)
        cls.calls = cls.call_a | cls.call_b | cls.call_old

        make = cls._application
        cls.draft = make(charleroi, cls.call_a, cls.fle, "draft", 1000)
        cls.running = make(
            charleroi, cls.call_a, cls.fle, "running", 12000, 10000, "favourable", paid=(6000,)
        )
        cls.refused = make(charleroi, cls.call_a, cls.citizenship, "refused", 8000, opinion="unfavourable")
        cls.closed = make(charleroi, cls.call_b, cls.fle, "running", 6000, 5000, "favourable", paid=(5000,))
        cls.old = make(charleroi, cls.call_old, cls.fle, "decided", 7000, 7000, "favourable")
        cls.cai_decided = make(namur, cls.call_a, cls.citizenship, "decided", 9000, 9000, "reserved")
        cls.cai_submitted = make(namur, cls.call_b, cls.fle, "submitted", 4000)
        # a call of last year decided in January of this year: a grant of this year
        cls.cai_late = make(
            namur, cls.call_old, cls.fle, "decided", 3000, 3000, "favourable", decided=date(cls.year, 1, 20)
        )
        cls._expense(cls.running, 3000, "accepted", 3000)
        cls._expense(cls.running, 500, "partial", 200)
        cls._expense(cls.running, 900, "to_review", 0)
        cls._expense(cls.closed, 4800, "accepted", 4800)
        cls.closed.state = "closed"
        cls.applications = cls.env["cri.ili.application"].search([("call_id", "in", cls.calls.ids)])

        def user(login, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
            )

        cls.agent = user("stats-ili-agent-cric", "cri_ili_grants.group_ili_agent", cls.company_cric)
        cls.accountant = user("stats-ili-accountant-cric", "cri_base.group_accountant", cls.company_cric)
        cls.manager_cai = user("stats-ili-manager-cai", "cri_base.group_manager", cls.company_cai)
        cls.observer = user("stats-ili-observer", "cri_base.group_region_observer", cls.company_cric)
        cls.social_worker = user("stats-ili-social-worker", "cri_base.group_social_worker", cls.company_cric)
        cls.portal = new_test_user(cls.env, login="stats-ili-portal", groups="base.group_portal")

    @classmethod
    def _call(cls, name, deadline, axes):
        return cls.env["cri.ili.call"].create(
            {
                "name": name,
                "period": str(deadline.year),
                "axis_ids": [Command.set(axes.ids)],
                "date_submission": deadline,
                "date_activity_start": date(deadline.year + 1, 1, 1),
                "date_activity_end": date(deadline.year + 1, 12, 31),
                "state": "open",
            }
        )

    @classmethod
    def _application(
        cls, commune, call, axis, state, requested, granted=0, opinion=False, paid=(), decided=None
    ):
        """An application as the workflow leaves it in ``state`` (written as superuser), its
        grant paid by the instalments ``paid`` and the rest planned, decided on ``decided`` (by
        default on the deadline of its call)."""
        instalments = [
            Command.create({"name": f"Paid {n}", "amount": amount, "planned_date": call.date_submission})
            for n, amount in enumerate(paid)
        ]
        if granted - sum(paid) > 0:
            instalments.append(
                Command.create(
                    {"name": "Balance", "amount": granted - sum(paid), "planned_date": call.date_submission}
                )
            )
        application = cls.env["cri.ili.application"].create(
            {
                "call_id": call.id,
                "axis_id": axis.id,
                "partner_id": cls.org.id,
                "commune_id": commune.id,
                "budget_line_ids": [
                    Command.create(
                        {"category": "operating", "description": "Activities", "amount": requested}
                    )
                ],
                "state": state,
                "opinion": opinion,
                "granted_amount": granted,
                "decision_date": (decided or call.date_submission) if granted else False,
                "instalment_ids": instalments,
            }
        )
        application.instalment_ids.filtered(lambda line: line.name.startswith("Paid")).write(
            {"state": "paid", "payment_date": call.date_submission}
        )
        return application

    @classmethod
    def _expense(cls, application, amount, review_state, accepted):
        cls.env["cri.ili.expense"].create(
            {
                "application_id": application.id,
                "date": application.call_id.date_submission,
                "supplier": "Test supplier",
                "invoice_number": f"INV-{application.id}-{amount}",
                "description": "Room",
                "amount": amount,
                "review_state": review_state,
                "accepted_amount": accepted,
            }
        )

    def _period(self, last_month=12):
        Table = self.env["cri.reporting.table"]
        return Table._month_bounds(date(self.year, last_month, 1))

    def _expected(self, companies, date_from, date_to, groupby, aggregate="__count"):
        """The figures of a table from the applications themselves, keyed as the tables key them:
        an application counts on the date of its decision, until then on its call's deadline."""
        applications = (
            self.env["cri.ili.application"]
            .search([("company_id", "in", companies.ids)])
            .filtered(lambda a: date_from <= (a.decision_date or a.call_id.date_submission) <= date_to)
        )
        groups = self.env["cri.ili.application"]._read_group(
            [("id", "in", applications.ids)], groupby, [aggregate]
        )
        return {
            tuple(str(value.id) if hasattr(value, "id") else value for value in key): round(total, 2)
            for *key, total in groups
        }

    # the figures --------------------------------------------------------------------------------

    def test_the_figures_of_each_application_are_those_of_the_application(self):
        rows = self.env[STATS].search([("call_id", "in", self.calls.ids)])
        self.assertEqual(set(rows.ids), set(self.applications.ids), "one row per application")
        for application in self.applications:
            row = rows.browse(application.id)
            with self.subTest(application=application.name):
                self.assertEqual(
                    (row.company_id, row.call_id, row.axis_id, row.state, row.opinion),
                    (
                        application.company_id,
                        application.call_id,
                        application.axis_id,
                        application.state,
                        application.opinion,
                    ),
                )
                self.assertEqual(row.call_date, application.call_id.date_submission)
                self.assertEqual(
                    row.count_date, application.decision_date or application.call_id.date_submission
                )
                for name in AMOUNTS:
                    self.assertAlmostEqual(row[name], application[name], places=2, msg=name)
        running = rows.browse(self.running.id)
        self.assertEqual(
            [running[name] for name in AMOUNTS],
            [12000, 10000, 6000, 3200],
            "3000 and 200 accepted, 900 to review",
        )
        self.assertEqual(
            set(rows.filtered("is_granted").ids),
            set((self.running | self.closed | self.old | self.cai_decided | self.cai_late).ids),
        )

    def test_the_sums_by_cri_axis_and_year_match_the_applications(self):
        aggregates = [f"{name}:sum" for name in AMOUNTS]
        domain = [("call_id", "in", self.calls.ids)]
        stats = self.env[STATS]._read_group(
            domain, ["company_id", "axis_id", "call_date:year"], ["__count", *aggregates]
        )
        expected = defaultdict(lambda: [0] * (1 + len(AMOUNTS)))
        for application in self.applications:
            key = (application.company_id, application.axis_id, application.call_id.date_submission.year)
            expected[key][0] += 1
            for index, name in enumerate(AMOUNTS, start=1):
                expected[key][index] += application[name]
        found = {
            (company, axis, year.year): [round(v, 2) for v in values]
            for company, axis, year, *values in stats
        }
        self.assertEqual(found, {key: [round(v, 2) for v in values] for key, values in expected.items()})
        cric_fle = found[self.company_cric, self.fle, self.year]
        self.assertEqual(cric_fle, [3, 19000, 15000, 11000, 8000])

    def test_a_grant_counts_in_the_year_of_its_decision_not_of_its_call(self):
        View = self.env[STATS]
        domain = [("call_id", "in", self.calls.ids), ("company_id", "=", self.company_cai.id)]
        by_year = {
            (year.year if year else None, axis): (count, granted)
            for year, axis, count, granted in View._read_group(
                domain, ["count_date:year", "axis_id"], ["__count", "granted_amount:sum"]
            )
        }
        self.assertEqual(
            by_year[self.year, self.fle], (2, 3000), "the late grant and the submitted application"
        )
        self.assertNotIn(
            (self.year - 1, self.fle), by_year, "nothing of last year's call was decided last year"
        )
        by_call = dict(
            View._read_group(domain + [("axis_id", "=", self.fle.id)], ["call_date:year"], ["__count"])
        )
        self.assertEqual(
            {year.year: count for year, count in by_call.items()}, {self.year - 1: 1, self.year: 1}
        )
        Table = self.env["cri.reporting.table"]
        spec = Table._spec("region_ili_granted")
        granted = Table._cells(spec, self.company_cai, *self._period())
        self.assertEqual(granted.values[str(self.company_cai.id), str(self.fle.id)], 3000)
        last_year = Table._cells(spec, self.company_cai, *Table._month_bounds(date(self.year - 1, 12, 1)))
        self.assertNotIn((str(self.company_cai.id), str(self.fle.id)), last_year.values)

    # the tables ------------------------------------------------------------------------------------

    def test_the_cri_table_counts_the_applications_by_axis_and_status(self):
        Table = self.env["cri.reporting.table"]
        spec = Table._spec("ili_axis_state")
        self.assertFalse(spec.people, "organisations, no small count to hide")
        date_from, date_to = self._period()
        cells = Table._cells(spec, self.company_cric, date_from, date_to)
        self.assertEqual(
            cells.values, self._expected(self.company_cric, date_from, date_to, ["axis_id", "state"])
        )
        self.assertEqual(
            cells.values,
            {
                (str(self.fle.id), "draft"): 1,
                (str(self.fle.id), "running"): 1,
                (str(self.fle.id), "closed"): 1,
                (str(self.citizenship.id), "refused"): 1,
            },
        )
        states = self.env["cri.ili.application"]._fields["state"].get_values(self.env)
        self.assertEqual([key for key, _label in cells.cols], states, "every status, even at zero")
        # until March: the call B (October) is not in it yet, last year's call never
        date_from, date_to = self._period(3)
        cells = Table._cells(spec, self.company_cric, date_from, date_to)
        self.assertEqual(
            cells.values, self._expected(self.company_cric, date_from, date_to, ["axis_id", "state"])
        )
        self.assertNotIn((str(self.fle.id), "closed"), cells.values)

    def test_the_region_tables_count_applications_and_sum_grants_by_cri(self):
        Table = self.env["cri.reporting.table"]
        companies = self.company_cric | self.company_cai
        date_from, date_to = self._period()
        applications = Table._cells(Table._spec("region_ili_applications"), companies, date_from, date_to)
        self.assertEqual(
            applications.values, self._expected(companies, date_from, date_to, ["company_id", "state"])
        )
        granted_spec = Table._spec("region_ili_granted")
        self.assertEqual((granted_spec.measure, granted_spec.people), ("granted_amount", False))
        granted = Table._cells(granted_spec, companies, date_from, date_to)
        self.assertEqual(
            granted.values,
            self._expected(companies, date_from, date_to, ["company_id", "axis_id"], "granted_amount:sum"),
        )
        cric, cai = str(self.company_cric.id), str(self.company_cai.id)
        self.assertEqual(granted.values[cric, str(self.fle.id)], 15000)
        self.assertEqual(granted.values[cai, str(self.citizenship.id)], 9000)
        self.assertEqual([key for key, _label in granted.rows], [cric, cai], "every CRI asked, in order")

    def test_the_monthly_snapshot_holds_the_grant_tables_unhidden(self):
        snapshots = self.env["cri.reporting.snapshot"]._take_month(date(self.year, 12, 1))
        cri = snapshots.filtered(lambda s: s.scope == "cri" and s.company_id == self.company_cric)
        region = snapshots.filtered(lambda s: s.scope == "region")
        self.assertEqual((len(cri), len(region)), (1, 1))

        def cell(snapshot, code, row, col):
            return snapshot.line_ids.filtered(
                lambda line: (line.table_code, line.row_key, line.col_key) == (code, row, col)
            )

        draft = cell(cri, "ili_axis_state", str(self.fle.id), "draft")
        self.assertEqual(
            (draft.value, draft.published_value, draft.hidden), (1, 1, False), "a count of 1 is published"
        )
        self.assertIn("ili_axis_state", cri.line_ids.mapped("table_code"))
        self.assertNotIn("region_ili_granted", cri.line_ids.mapped("table_code"))
        granted = cell(region, "region_ili_granted", str(self.company_cric.id), str(self.fle.id))
        self.assertEqual((granted.published_value, granted.hidden), (15000, False))
        refused = cell(region, "region_ili_applications", str(self.company_cric.id), "refused")
        expected = self._expected(self.company_cric, *self._period(), ["company_id", "state"])
        self.assertEqual(refused.published_value, expected[str(self.company_cric.id), "refused"])
        self.assertFalse(
            region.line_ids.filtered(lambda line: line.table_code.startswith("region_ili") and line.hidden)
        )

    # access -------------------------------------------------------------------------------------------

    def test_a_cri_reads_the_statistics_of_its_own_applications_only(self):
        domain = [("call_id", "in", self.calls.ids)]
        cric = (self.draft | self.running | self.refused | self.closed | self.old).ids
        for user, expected in (
            (self.agent, cric),
            (self.accountant, cric),
            (self.manager_cai, (self.cai_decided | self.cai_submitted | self.cai_late).ids),
        ):
            with self.subTest(user=user.login):
                rows = self.env[STATS].with_user(user).search(domain)
                self.assertEqual(sorted(rows.ids), sorted(expected))
                totals = self.env[STATS].with_user(user)._read_group(domain, [], ["granted_amount:sum"])
                own = self.env["cri.ili.application"].browse(expected)
                self.assertEqual(totals[0][0], sum(own.mapped("granted_amount")))
        with self.assertRaises(AccessError):
            self.env[STATS].with_user(self.agent).browse(self.cai_decided.id).read(["granted_amount"])

    def test_the_region_observer_reads_what_it_reads_of_the_applications_no_more(self):
        domain = [("call_id", "in", self.calls.ids)]
        applications = self.env["cri.ili.application"].with_user(self.observer).search(domain)
        rows = self.env[STATS].with_user(self.observer).search(domain)
        self.assertEqual(set(rows.ids), set(applications.ids))
        self.assertEqual(rows.company_id, self.company_cric)
        with self.assertRaises(AccessError):
            self.env[STATS].with_user(self.observer).create({"company_id": self.company_cric.id})

    def test_who_does_not_read_the_applications_reads_no_statistics(self):
        for user in (self.social_worker, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[STATS].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env[STATS].with_user(self.portal)._read_group([], ["state"], ["__count"])

    def test_the_menu_shows_the_grants_statistics_to_those_who_read_them(self):
        menu = self.env.ref("cri_reporting_ili.menu_reporting_ili_application")
        pathway = self.env.ref("cri_reporting.menu_reporting_pathway")
        Menu = self.env["ir.ui.menu"]
        for user in (self.agent, self.accountant, self.observer):
            with self.subTest(user=user.login):
                visible = Menu.with_user(user)._visible_menu_ids()
                self.assertIn(menu.id, visible)
                self.assertIn(menu.parent_id.id, visible)
                self.assertNotIn(pathway.id, visible, "no access to the pathway's statistics")
        self.assertNotIn(menu.id, Menu.with_user(self.social_worker)._visible_menu_ids())
