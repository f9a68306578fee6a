from collections import Counter
from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.cri_base.tools import legal_today

from .test_coordination_statistics import PLAN_START, CoordinationStatisticsCommon

ACTIVITIES = "cri.reporting.coordination.activity"
PUBLIC = "cri.reporting.coordination.public"
MEETINGS = "cri.reporting.coordination.meeting"


@tagged("post_install", "-at_install")
class TestActivityStatistics(CoordinationStatisticsCommon, TransactionCase):
    """Activities of two CRIs, done, planned and cancelled, with their public counted by
    category, against the statistics of the activities, the public reached and their tables."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = PLAN_START
        cls.info = cls._activity(cls.company_cric, "information", cls.charleroi, date(p, 3, 10),
                                 {"newcomers": 3, "general_public": 2})  # fmt: skip
        cls.awareness = cls._activity(
            cls.company_cric, "awareness", cls.chatelet, date(p, 4, 5), {"newcomers": 4}
        )
        cls.planned = cls._activity(cls.company_cric, "information", cls.charleroi, date(p, 5, 1),
                                    {"young_people": 6}, state="planned")  # fmt: skip
        cls.cancelled = cls._activity(cls.company_cric, "participation", cls.charleroi, date(p, 6, 1), {},
                                      state="cancelled")  # fmt: skip
        cls.namur_exchange = cls._activity(cls.company_cai, "intercultural", cls.namur_commune, date(p, 3, 20),
                                           {"newcomers": 7, "professionals": 1})  # fmt: skip
        cls.cric_activities = cls.info | cls.awareness | cls.planned | cls.cancelled
        cls.activities = cls.cric_activities | cls.namur_exchange

    @classmethod
    def _activity(cls, company, activity_type, commune, when, public, state="done"):
        activity = cls.env["cri.coordination.activity"].create(
            {
                "name": f"Activité {activity_type} {when}",
                "company_id": company.id,
                "activity_type": activity_type,
                "commune_id": commune.id,
                "date": when,
                "public_ids": [
                    (0, 0, {"category": category, "count": count}) for category, count in public.items()
                ],
            }
        )
        if state == "done":
            activity.action_done()
        elif state == "cancelled":
            activity.action_cancel()
        return activity

    def test_each_activity_and_each_public_has_its_row(self):
        rows = self.env[ACTIVITIES].search([("id", "in", self.activities.ids)])
        self.assertEqual(set(rows.ids), set(self.activities.ids))
        for activity in self.activities:
            row = rows.browse(activity.id)
            with self.subTest(activity=activity.name):
                self.assertEqual(
                    (
                        row.company_id,
                        row.commune_id,
                        row.activity_type,
                        row.date,
                        row.state,
                        row.public_total,
                    ),
                    (
                        activity.company_id,
                        activity.commune_id,
                        activity.activity_type,
                        activity.date,
                        activity.state,
                        activity.public_total,
                    ),
                )
        lines = self.activities.public_ids
        public = self.env[PUBLIC].search([("activity_id", "in", self.activities.ids)])
        self.assertEqual(set(public.ids), set(lines.ids))
        for line in lines:
            row = public.browse(line.id)
            self.assertEqual(
                (row.company_id, row.category, row.count, row.activity_type, row.state),
                (
                    line.company_id,
                    line.category,
                    line.count,
                    line.activity_id.activity_type,
                    line.activity_id.state,
                ),
            )

    def test_the_activities_done_and_the_public_reached_add_up_by_cri_type_and_category(self):
        domain = [("id", "in", self.activities.ids), ("state", "=", "done")]
        groups = self.env[ACTIVITIES]._read_group(
            domain, ["company_id", "activity_type"], ["activity_count:sum", "public_total:sum"]
        )
        done = self.activities.filtered(lambda a: a.state == "done")
        expected = Counter()
        for activity in done:
            expected[activity.company_id, activity.activity_type, "activities"] += 1
            expected[activity.company_id, activity.activity_type, "public"] += activity.public_total
        self.assertEqual(
            {(c, t): (n, total) for c, t, n, total in groups},
            {(a.company_id, a.activity_type): (
                expected[a.company_id, a.activity_type, "activities"], expected[a.company_id, a.activity_type, "public"]
            ) for a in done},
        )  # fmt: skip
        by_category = self.env[PUBLIC]._read_group(
            [("activity_id", "in", self.activities.ids), ("state", "=", "done")], ["category"], ["count:sum"]
        )
        self.assertEqual(dict(by_category), {"newcomers": 3 + 4 + 7, "general_public": 2, "professionals": 1})

    def test_the_region_tables_count_activities_and_persons_hiding_the_small_counts_of_persons(self):
        Table = self.env["cri.reporting.table"]
        companies = self.company_cric | self.company_cai
        date_from, date_to = Table._year_bounds(PLAN_START)
        cric, cai = str(self.company_cric.id), str(self.company_cai.id)
        activities = Table._cells(
            Table._spec("region_coordination_activities"), companies, date_from, date_to
        )
        self.assertEqual(
            activities.values, {(cric, "information"): 1, (cric, "awareness"): 1, (cai, "intercultural"): 1}
        )
        spec = Table._spec("region_coordination_public")
        self.assertTrue(spec.people)
        public = Table._cells(spec, companies, date_from, date_to)
        self.assertEqual(
            public.values, {(cric, "information"): 5, (cric, "awareness"): 4, (cai, "intercultural"): 8}
        )
        self.assertEqual(public.counts, public.values, "the persons of a cell, not its lines, decide")
        k = Table._k_threshold()
        self.assertEqual(k, 5)
        published = Table._suppress(public, k)
        self.assertIn((cric, "awareness"), published.hidden, "four persons do not leave the CRI")
        self.assertFalse(Table._suppress(activities, k).hidden, "activities are no persons")
        cri_public = Table._cells(Table._spec("coordination_public"), self.company_cric, date_from, date_to)
        self.assertEqual(
            cri_public.values,
            {
                ("newcomers", "information"): 3,
                ("general_public", "information"): 2,
                ("newcomers", "awareness"): 4,
            },
        )

    def test_the_snapshot_hides_the_small_public_counts_of_the_region(self):
        snapshots = self.Snapshot._take_month(date(PLAN_START, 12, 1))
        region = snapshots.filtered(lambda s: s.scope == "region")
        cells = self.cells(region, "region_coordination_public")
        awareness = cells[str(self.company_cric.id), "awareness"]
        self.assertEqual((awareness.value, awareness.people_count, awareness.hidden), (4, 4, True))
        self.assertFalse(awareness.published_value)
        exchange = cells[str(self.company_cai.id), "intercultural"]
        self.assertEqual((exchange.value, exchange.people_count), (8, 8))
        activities = self.cells(region, "region_coordination_activities")
        self.assertFalse(activities[str(self.company_cric.id), "awareness"].hidden)

    def test_a_cri_reads_its_own_activities_and_the_region_none(self):
        domain = [("id", "in", self.activities.ids)]
        for user, expected in (
            (self.officer, self.cric_activities),
            (self.manager, self.cric_activities),
            (self.officer_cai, self.namur_exchange),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(
                    set(self.env[ACTIVITIES].with_user(user).search(domain).ids), set(expected.ids)
                )
                public = self.env[PUBLIC].with_user(user).search([("activity_id", "in", self.activities.ids)])
                self.assertEqual(set(public.ids), set(expected.public_ids.ids))
        for user in (self.observer, self.region_admin, self.social_worker, self.portal):
            for model in (ACTIVITIES, PUBLIC):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user)._read_group([], ["company_id"], ["__count"])


@tagged("post_install", "-at_install")
class TestMeetingStatistics(CoordinationStatisticsCommon, TransactionCase):
    """Meetings of the platforms of two CRIs, held, planned and cancelled, their attendees and
    decisions, against the statistics of the meetings and the Region's table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = PLAN_START
        Partner = cls.env["res.partner"]
        cls.org_a, cls.org_b = Partner.create(
            [
                {"name": "ASBL Test Statistique A", "is_company": True},
                {"name": "CPAS Test B", "is_company": True},
            ]
        )
        cls.contact_a1, cls.contact_a2, cls.contact_b = Partner.create(
            [
                {"name": "Contact A1 Test", "parent_id": cls.org_a.id},
                {"name": "Contact A2 Test", "parent_id": cls.org_a.id},
                {"name": "Contact B Test", "parent_id": cls.org_b.id},
            ]
        )
        cls.citizen = Partner.create({"name": "Citoyen Test Statistique"})
        Platform = cls.env["cri.coordination.platform"]
        cls.platform, cls.workshop = Platform.create(
            [
                {"name": "Plateforme logement test", "company_id": cls.company_cric.id, "kind": "platform",
                 "life_domain": "housing", "partner_ids": [(6, 0, (cls.org_a | cls.org_b).ids)]},
                {"name": "Atelier test", "company_id": cls.company_cric.id, "kind": "workshop"},
            ]
        )  # fmt: skip
        cls.regional = Platform.create(
            {"name": "Groupe régional test", "company_id": cls.company_cai.id, "kind": "regional_group"}
        )
        cls.held = cls._meeting(cls.platform, datetime(p, 3, 10, 9), "held")
        attendees = cls.env["cri.coordination.meeting.attendee"].create(
            [
                {"meeting_id": cls.held.id, "partner_id": partner.id, "response": response}
                for partner, response in (
                    (cls.contact_a1, "accepted"),
                    (cls.contact_a2, "invited"),
                    (cls.contact_b, "declined"),
                    (cls.citizen, "accepted"),
                )
            ]
        )
        cls.held.action_held()
        attendees.filtered(lambda a: a.partner_id != cls.contact_b).write({"attended": True})
        Decision = cls.env["cri.coordination.decision"]
        future = legal_today().replace(year=legal_today().year + 1)
        cls.overdue, cls.done, cls.open, cls.dropped = Decision.create(
            [
                {
                    "name": f"Décision {n}",
                    "meeting_id": cls.held.id,
                    "owner_partner_id": cls.org_a.id,
                    "date_due": due,
                }
                for n, due in ((1, date(p, 4, 1)), (2, date(p, 5, 1)), (3, future), (4, date(p, 6, 1)))
            ]
        )
        cls.done.action_done()
        cls.dropped.action_cancel()
        # 22:30 UTC on March 31 is April 1 in Brussels
        cls.workshop_meeting = cls._meeting(cls.workshop, datetime(p, 3, 31, 22, 30), "held")
        cls.workshop_meeting.action_held()
        cls.planned = cls._meeting(cls.platform, datetime(p, 5, 1, 9), "planned")
        cls.cancelled = cls._meeting(cls.platform, datetime(p, 6, 1, 9), "cancelled")
        cls.cancelled.action_cancel()
        cls.regional_meeting = cls._meeting(cls.regional, datetime(p, 6, 1, 9), "held")
        cls.regional_meeting.action_held()
        cls.cric_meetings = cls.held | cls.workshop_meeting | cls.planned | cls.cancelled
        cls.meetings = cls.cric_meetings | cls.regional_meeting

    @classmethod
    def _meeting(cls, platform, start, label):
        return cls.env["cri.coordination.meeting"].create(
            {"name": f"Réunion {label} {start:%Y-%m-%d}", "platform_id": platform.id, "date_start": start}
        )

    def test_the_fixture_is_what_the_figures_are_about(self):
        self.assertEqual(self.meetings.mapped("state"), ["held", "held", "planned", "cancelled", "held"])
        self.assertEqual(
            (self.overdue | self.done | self.open | self.dropped).mapped("is_overdue"),
            [True, False, False, False],
        )

    def test_each_meeting_has_its_row_with_its_attendance_and_decisions(self):
        rows = self.env[MEETINGS].search([("id", "in", self.meetings.ids)])
        self.assertEqual(set(rows.ids), set(self.meetings.ids))
        for meeting in self.meetings:
            row = rows.browse(meeting.id)
            with self.subTest(meeting=meeting.name):
                self.assertEqual(
                    (row.company_id, row.platform_id, row.kind, row.life_domain, row.state),
                    (meeting.company_id, meeting.platform_id, meeting.platform_id.kind,
                     meeting.platform_id.life_domain, meeting.state),
                )  # fmt: skip
                attendees, decisions = meeting.attendee_ids, meeting.decision_ids
                present = attendees.filtered("attended")
                self.assertEqual(
                    (row.invited_count, row.accepted_count, row.present_count, row.organisation_count),
                    (
                        len(attendees),
                        len(attendees.filtered(lambda a: a.response == "accepted")),
                        len(present),
                        len(present.partner_id.commercial_partner_id),
                    ),
                )
                self.assertEqual(
                    (row.decision_count, row.decision_open_count, row.decision_done_count,
                     row.decision_overdue_count),
                    (len(decisions.filtered(lambda d: d.state != "cancelled")),
                     len(decisions.filtered(lambda d: d.state == "open")),
                     len(decisions.filtered(lambda d: d.state == "done")),
                     len(decisions.filtered("is_overdue"))),
                )  # fmt: skip
        held = rows.browse(self.held.id)
        self.assertEqual(
            (held.present_count, held.organisation_count), (3, 2), "A1 and A2 are one organisation"
        )
        self.assertEqual((held.decision_open_count, held.decision_overdue_count), (2, 1))
        self.assertEqual(rows.browse(self.workshop_meeting.id).date, date(PLAN_START, 4, 1))

    def test_the_meetings_held_add_up_by_cri_kind_and_month(self):
        groups = self.env[MEETINGS]._read_group(
            [("id", "in", self.meetings.ids), ("state", "=", "held")],
            ["company_id", "kind", "date:month"],
            ["meeting_count:sum", "organisation_count:sum", "decision_overdue_count:sum"],
        )
        self.assertEqual(
            {(c, kind, month.month): figures for c, kind, month, *figures in groups},
            {
                (self.company_cric, "platform", 3): [1, 2, 1],
                (self.company_cric, "workshop", 4): [1, 0, 0],
                (self.company_cai, "regional_group", 6): [1, 0, 0],
            },
        )

    def test_the_region_table_counts_the_meetings_held_by_cri_and_kind(self):
        Table = self.env["cri.reporting.table"]
        spec = Table._spec("region_coordination_meetings")
        self.assertFalse(spec.people)
        companies = self.company_cric | self.company_cai
        cric, cai = str(self.company_cric.id), str(self.company_cai.id)
        march = Table._cells(spec, companies, *Table._month_bounds(date(PLAN_START, 3, 1)))
        self.assertEqual(march.values, {(cric, "platform"): 1})
        year = Table._cells(spec, companies, *Table._year_bounds(PLAN_START))
        self.assertEqual(
            year.values, {(cric, "platform"): 1, (cric, "workshop"): 1, (cai, "regional_group"): 1}
        )
        self.assertEqual([key for key, _label in year.cols], ["platform", "workshop", "regional_group"])

    def test_a_cri_reads_its_own_meetings_and_the_region_every_cri(self):
        domain = [("id", "in", self.meetings.ids)]
        for user, expected in (
            (self.officer, self.cric_meetings),
            (self.officer_cai, self.regional_meeting),
            (self.observer, self.meetings),
            (self.region_admin, self.meetings),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(
                    set(self.env[MEETINGS].with_user(user).search(domain).ids), set(expected.ids)
                )
        for user in (self.social_worker, self.trainer, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[MEETINGS].with_user(user)._read_group([], ["company_id"], ["__count"])
