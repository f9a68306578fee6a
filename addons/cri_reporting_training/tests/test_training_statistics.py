from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytz

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.cri_base.tools import LEGAL_TZ

REGISTRATIONS = "cri.reporting.training.registration"
SATISFACTION = "cri.reporting.training.satisfaction"
PARTICIPANT_STATES = ("open", "done")


@tagged("post_install", "-at_install")
class TestTrainingStatistics(TransactionCase):
    """Sessions of two CRIs and two themes, with attended, partly attended, absent, cancelled and
    waiting registrations and satisfaction answers, against the statistics of the trainings, their
    tables and a monthly snapshot. The sessions are five years ahead, where no demo data lives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.year = fields.Date.today().year + 5
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.company_cai = ref("cri_base.center_cai").company_id
        cls.theme_welcome = ref("cri_training.theme_welcome")
        cls.theme_law = ref("cri_training.theme_foreigners_law")

        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        cls.officer = user(
            "stats-training-officer-cric", "cri_training.group_training_officer", cls.company_cric
        )
        cls.manager_cai = user("stats-training-manager-cai", "cri_base.group_manager", cls.company_cai)
        cls.trainer = user("stats-training-trainer", "cri_base.group_trainer", cls.company_cric)
        cls.observer = user("stats-training-observer", "cri_base.group_region_observer", cls.company_cric)
        cls.portal = new_test_user(cls.env, login="stats-training-portal", groups="base.group_portal")

        both = (cls.company_cric | cls.company_cai).ids
        cls.module_welcome, cls.module_law = cls.env["cri.training.module"].create(
            [
                {
                    "name": name,
                    "theme_id": theme.id,
                    "duration_hours": 9,
                    "company_ids": [Command.set(both)],
                }
                for name, theme in (("Test welcoming", cls.theme_welcome), ("Test law", cls.theme_law))
            ]
        )
        org = cls.env["res.partner"].create({"name": "CPAS Test Statistics", "is_company": True})
        cls.people = cls.env["res.partner"].create(
            [{"name": f"Practitioner {n}", "parent_id": org.id} for n in range(1, 6)]
        )
        p1, p2, p3, p4, p5 = cls.people

        # CRIC, welcoming, in March: certificate, partial, absent, cancelled
        cls.march = cls._session(cls.company_cric, cls.module_welcome, datetime(cls.year, 3, 10, 8), (6, 3))
        cls.certified = cls._register(cls.march, p1, ("present", "present"))
        cls.partial = cls._register(cls.march, p2, ("present", "absent"))
        cls.absent = cls._register(cls.march, p3, ("absent", "absent"))
        cls.cancelled = cls._register(cls.march, p4, ("present", "present"))
        cls.cancelled.action_cancel()
        # CRIC, law: 23:30 UTC on March 31 is April 1 in Brussels; one seat, the second waits
        cls.april = cls._session(
            cls.company_cric, cls.module_law, datetime(cls.year, 3, 31, 22, 30), (3,), seats=1
        )
        cls.april_present = cls._register(cls.april, p1, ("present",))
        cls.waiting = cls._register(cls.april, p2)
        # CAI, welcoming, in May
        cls.may = cls._session(cls.company_cai, cls.module_welcome, datetime(cls.year, 5, 5, 8), (3,))
        cls.may_present = cls._register(cls.may, p3, ("present",))
        cls.may_other = cls._register(cls.may, p5, ("present",))
        # the year before, and an event that is no training: never counted this year
        cls.before = cls._session(cls.company_cric, cls.module_welcome, datetime(cls.year - 1, 6, 1, 8), (6,))
        cls._register(cls.before, p1, ("present",))
        cls.not_training = cls.env["event.event"].create(
            {
                "name": "Not a training",
                "company_id": cls.company_cric.id,
                "date_begin": datetime(cls.year, 3, 12, 8),
                "date_end": datetime(cls.year, 3, 12, 16),
            }
        )
        cls.env["event.registration"].create({"event_id": cls.not_training.id, "partner_id": p5.id})
        cls.sessions = cls.march | cls.april | cls.may | cls.before

        # satisfaction: a scale of 1 to 5, a share of it per answer
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Test satisfaction",
                "scoring_type": "no_scoring",
                "question_and_page_ids": [
                    Command.create(
                        {"title": "Overall", "question_type": "scale", "scale_min": 1, "scale_max": 5}
                    )
                ],
            }
        )
        cls._answer(cls.certified, 5)  # 100 %
        cls._answer(cls.partial, 3)  # 50 %
        cls._answer(cls.april_present, 4)  # 75 %
        cls._answer(cls.may_present, 2)  # 25 %
        cls._answer(cls.absent, 1, state="in_progress")
        cls._answer(cls.may_other, 1, test_entry=True)

    @classmethod
    def _session(cls, company, module, start, hours, seats=0):
        return cls.env["event.event"].create(
            {
                "name": f"Test session {module.name} {start:%Y-%m-%d}",
                "cri_module_id": module.id,
                "cri_trainer_id": cls.trainer.id,
                "company_id": company.id,
                "date_tz": "Europe/Brussels",
                "date_begin": start,
                "date_end": start + timedelta(days=len(hours) - 1, hours=1),
                "seats_limited": bool(seats),
                "seats_max": seats,
                "cri_slot_ids": [
                    Command.create(
                        {
                            # the days of a session are Brussels days
                            "date": pytz.utc.localize(start).astimezone(LEGAL_TZ).date() + timedelta(days=n),
                            "period": "day" if slot_hours > 5 else ("morning", "afternoon")[n % 2],
                            "hours": slot_hours,
                        }
                    )
                    for n, slot_hours in enumerate(hours)
                ],
            }
        )

    @classmethod
    def _register(cls, session, partner, marks=()):
        registration = cls.env["event.registration"].create(
            {"event_id": session.id, "partner_id": partner.id}
        )
        for line, mark in zip(registration.cri_attendance_ids.sorted("date"), marks, strict=True):
            line.state = mark
        return registration

    @classmethod
    def _answer(cls, registration, value, state="done", test_entry=False):
        question = cls.survey.question_ids
        return cls.env["survey.user_input"].create(
            {
                "survey_id": cls.survey.id,
                "partner_id": registration.partner_id.id,
                "cri_event_id": registration.event_id.id,
                "cri_registration_id": registration.id,
                "state": state,
                "test_entry": test_entry,
                "end_datetime": registration.event_id.date_end,
                "user_input_line_ids": [
                    Command.create({"question_id": question.id, "answer_type": "scale", "value_scale": value})
                ],
            }
        )

    @staticmethod
    def _local_date(event):
        return fields.Datetime.context_timestamp(
            event.with_context(tz=event.date_tz), event.date_begin
        ).date()

    @staticmethod
    def _expected_outcome(registration):
        if registration.cri_certificate_eligible:
            return "certified"
        return "partial" if registration.cri_attended_hours else "absent"

    def _participations(self, companies, date_from, date_to):
        """The confirmed registrations of the training sessions of ``companies`` held in the period,
        found through the registrations themselves."""
        registrations = self.env["event.registration"].search(
            [
                ("event_id.cri_module_id", "!=", False),
                ("event_id.company_id", "in", companies.ids),
                ("state", "in", PARTICIPANT_STATES),
            ]
        )
        return registrations.filtered(lambda r: date_from <= self._local_date(r.event_id) <= date_to)

    def _period(self, last_month=12):
        return self.env["cri.reporting.table"]._month_bounds(date(self.year, last_month, 1))

    # the figures --------------------------------------------------------------------------------

    def test_the_fixture_is_what_the_figures_are_about(self):
        self.assertEqual(
            [self._expected_outcome(r) for r in self.certified | self.partial | self.absent],
            ["certified", "partial", "absent"],
        )
        self.assertTrue(self.waiting.cri_waiting)
        self.assertEqual(self._local_date(self.april), date(self.year, 4, 1))

    def test_each_registration_has_its_row_with_the_registrations_figures(self):
        registrations = self.env["event.registration"].search([("event_id", "in", self.sessions.ids)])
        rows = self.env[REGISTRATIONS].search([("event_id", "in", (self.sessions | self.not_training).ids)])
        self.assertEqual(set(rows.ids), set(registrations.ids), "no row for an event that is no training")
        for registration in registrations:
            row = rows.browse(registration.id)
            event = registration.event_id
            participant = registration.state in PARTICIPANT_STATES
            with self.subTest(registration=registration.partner_id.name, session=event.name):
                self.assertEqual(
                    (row.company_id, row.module_id, row.theme_id, row.trainer_id),
                    (event.company_id, event.cri_module_id, event.cri_theme_id, event.cri_trainer_id),
                )
                self.assertEqual(row.session_date, self._local_date(event))
                self.assertEqual(
                    (row.state, row.is_participant, row.waiting),
                    (registration.state, participant, registration.cri_waiting),
                )
                self.assertEqual(row.outcome, self._expected_outcome(registration) if participant else False)
                self.assertEqual(row.certificate_eligible, registration.cri_certificate_eligible)
                self.assertAlmostEqual(row.attended_hours, registration.cri_attended_hours)
                self.assertAlmostEqual(row.session_hours, event.cri_total_hours)

    def test_the_sums_by_cri_and_theme_match_the_registrations(self):
        domain = [("event_id", "in", self.sessions.ids), ("is_participant", "=", True)]
        stats = self.env[REGISTRATIONS]._read_group(
            domain, ["company_id", "theme_id"], ["__count", "attended_hours:sum", "attendance_rate:avg"]
        )
        expected = defaultdict(list)
        for registration in self.env["event.registration"].search(
            [("event_id", "in", self.sessions.ids), ("state", "in", PARTICIPANT_STATES)]
        ):
            expected[registration.event_id.company_id, registration.cri_theme_id].append(registration)
        found = {
            (company, theme): (count, hours, round(rate, 2)) for company, theme, count, hours, rate in stats
        }
        self.assertEqual(
            found,
            {
                key: (
                    len(regs),
                    sum(r.cri_attended_hours for r in regs),
                    round(sum(r.cri_attendance_rate for r in regs) / len(regs), 2),
                )
                for key, regs in expected.items()
            },
        )
        self.assertEqual(found[self.company_cric, self.theme_welcome][:2], (4, 6 + 9 + 6 + 0))

    def test_the_satisfaction_averages_the_completed_answers_only(self):
        answers = self.env["survey.user_input"].search(
            [("cri_event_id", "in", self.sessions.ids), ("state", "=", "done"), ("test_entry", "=", False)]
        )
        self.assertEqual(len(answers), 4)
        rows = self.env[SATISFACTION].search([("event_id", "in", self.sessions.ids)])
        self.assertEqual(set(rows.ids), set(answers.ids), "no unfinished nor test answer")
        stats = self.env[SATISFACTION]._read_group(
            [("event_id", "in", self.sessions.ids)],
            ["company_id", "theme_id", "trainer_id"],
            ["score:avg", "__count"],
        )
        expected = defaultdict(list)
        for answer in answers:
            expected[answer.cri_company_id, answer.cri_theme_id, answer.cri_trainer_id].append(
                answer.cri_score
            )
        self.assertEqual(
            {
                (company, theme, trainer): (round(avg, 2), count)
                for company, theme, trainer, avg, count in stats
            },
            {key: (round(sum(scores) / len(scores), 2), len(scores)) for key, scores in expected.items()},
        )
        cric = self.env[SATISFACTION]._read_group(
            [("event_id", "in", self.sessions.ids), ("company_id", "=", self.company_cric.id)],
            [],
            ["score:avg"],
        )
        self.assertAlmostEqual(cric[0][0], (100 + 50 + 75) / 3, places=2)
        for row in rows:
            self.assertEqual(row.session_date, self._local_date(row.event_id))

    # the tables ------------------------------------------------------------------------------------

    def test_the_cri_table_counts_participants_by_theme_and_attendance(self):
        Table = self.env["cri.reporting.table"]
        spec = Table._spec("training_theme")
        self.assertTrue(spec.people)
        for last_month in (3, 12):
            date_from, date_to = self._period(last_month)
            with self.subTest(until=date_to):
                cells = Table._cells(spec, self.company_cric, date_from, date_to)
                participations = self._participations(self.company_cric, date_from, date_to)
                expected = Counter(
                    (str(r.cri_theme_id.id), self._expected_outcome(r)) for r in participations
                )
                self.assertEqual(cells.values, dict(expected))
                self.assertEqual([key for key, _label in cells.cols], ["absent", "partial", "certified"])
        self.assertEqual(
            cells.values[str(self.theme_law.id), "certified"], 1, "the April session counts in the year"
        )
        march = Table._cells(spec, self.company_cric, *self._period(3))
        self.assertNotIn((str(self.theme_law.id), "certified"), march.values, "April 1 in Brussels")

    def test_the_region_tables_count_participants_and_sum_hours_by_cri_and_theme(self):
        Table = self.env["cri.reporting.table"]
        companies = self.company_cric | self.company_cai
        date_from, date_to = self._period()
        participations = self._participations(companies, date_from, date_to)
        counts, hours = Counter(), defaultdict(float)
        for registration in participations:
            key = (str(registration.event_id.company_id.id), str(registration.cri_theme_id.id))
            counts[key] += 1
            hours[key] += registration.cri_attended_hours
        people = Table._cells(Table._spec("region_training_participants"), companies, date_from, date_to)
        self.assertEqual(people.values, dict(counts))
        spec = Table._spec("region_training_hours")
        self.assertEqual((spec.measure, spec.people), ("attended_hours", True))
        attended = Table._cells(spec, companies, date_from, date_to)
        self.assertEqual(attended.values, dict(hours))
        self.assertEqual(attended.counts, dict(counts), "the people behind each sum")
        cric = str(self.company_cric.id)
        self.assertEqual(
            (
                attended.values[cric, str(self.theme_welcome.id)],
                people.values[cric, str(self.theme_welcome.id)],
            ),
            (15, 3),
        )

    def test_the_monthly_snapshot_hides_the_small_counts_of_trainings(self):
        snapshots = self.env["cri.reporting.snapshot"]._take_month(date(self.year, 12, 1))
        cri = snapshots.filtered(lambda s: s.scope == "cri" and s.company_id == self.company_cric)
        region = snapshots.filtered(lambda s: s.scope == "region")
        self.assertEqual({"training_theme"} & set(cri.line_ids.mapped("table_code")), {"training_theme"})
        self.assertEqual(
            {"region_training_participants", "region_training_hours"}
            - set(region.line_ids.mapped("table_code")),
            set(),
        )
        certified = cri.line_ids.filtered(
            lambda line: (
                (line.table_code, line.row_key, line.col_key)
                == ("training_theme", str(self.theme_welcome.id), "certified")
            )
        )
        self.assertEqual((certified.value, certified.people_count), (1, 1))
        self.assertTrue(certified.hidden, "one person: not published")
        self.assertFalse(certified.published_value)
        hours = region.line_ids.filtered(
            lambda line: (
                (line.table_code, line.row_key, line.col_key)
                == ("region_training_hours", str(self.company_cric.id), str(self.theme_welcome.id))
            )
        )
        self.assertEqual((hours.value, hours.people_count, hours.hidden), (15, 3, True))

    # access -------------------------------------------------------------------------------------------

    def test_a_cri_reads_the_statistics_of_its_own_sessions_only(self):
        for user, company in ((self.officer, self.company_cric), (self.manager_cai, self.company_cai)):
            for model, domain in (
                (REGISTRATIONS, [("event_id", "in", self.sessions.ids)]),
                (SATISFACTION, [("event_id", "in", self.sessions.ids)]),
            ):
                with self.subTest(user=user.login, model=model):
                    rows = self.env[model].with_user(user).search(domain)
                    everything = self.env[model].search(domain)
                    self.assertTrue(rows)
                    self.assertEqual(rows, everything.filtered(lambda row, c=company: row.company_id == c))
        other = self.env[REGISTRATIONS].browse(self.may_present.id)
        with self.assertRaises(AccessError):
            other.with_user(self.officer).read(["attended_hours"])

    def test_the_region_a_trainer_and_a_portal_user_read_no_training_statistics(self):
        for user in (self.observer, self.trainer, self.portal):
            for model in (REGISTRATIONS, SATISFACTION):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user)._read_group([], ["company_id"], ["__count"])

    def test_the_menu_shows_the_training_statistics_to_the_training_officers(self):
        Menu = self.env["ir.ui.menu"]
        menus = self.env.ref("cri_reporting_training.menu_reporting_training_registration") | self.env.ref(
            "cri_reporting_training.menu_reporting_training_satisfaction"
        )
        visible = Menu.with_user(self.officer)._visible_menu_ids()
        self.assertEqual(set(menus.ids) - visible, set())
        self.assertNotIn(self.env.ref("cri_reporting.menu_reporting_pathway").id, visible)
        self.assertFalse(set(menus.ids) & Menu.with_user(self.observer)._visible_menu_ids())
