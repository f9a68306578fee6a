from collections import Counter
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PathwayCase


@tagged("post_install", "-at_install")
class TestRegimeChange(PathwayCase):
    """A change of the figures that running files follow shows, before it applies, how many open
    files of each CRI it reaches, then notes it on each of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region_admin = new_test_user(
            cls.env,
            login="rc-region-admin",
            groups="cri_base.group_region_admin",
            company_id=cls.company_cric.id,
        )
        cls.manager_cai = new_test_user(
            cls.env, login="rc-manager-cai", groups="cri_base.group_manager", company_id=cls.company_cai.id
        )
        # a regime of the test's own, between 2018 and 2024: only the files below follow it
        cls.regime = cls.env["cri.pathway.regime"].create(
            {
                "name": "Test regime 2021",
                "date_from": date(2021, 1, 1),
                "convention_months": 18,
                "presentation_deadline_months": 3,
                "line_ids": cls.module_lines(hours=(100, 10, 2), months=(12, 6, 12)),
            }
        )
        registered, signed = date(2021, 2, 1), date(2021, 3, 1)

        def convention(**vals):
            return cls.to_convention(cls.make_file(registered, **vals), signed)

        cls.cric_1 = convention()
        cls.cric_2 = convention()
        cls.cric_referral = cls.make_file(registered)
        cls.cric_adjusted = convention()
        cls.module(cls.cric_adjusted, "french").with_user(cls.manager).write(
            {"hours_adjusted": 80, "hours_adjustment_reason": "Already speaks some French"}
        )
        cls.cric_closed = convention()
        cls.cric_closed._do_abandon("Moved abroad", date(2021, 4, 1))
        cls.cai_1 = convention(commune_id=cls.namur.id, social_worker_id=cls.social_worker_cai.id)
        # under another regime
        cls.other_regime = cls.to_convention(cls.make_file(date(2020, 6, 1)), date(2020, 7, 1))
        cls.files = (
            cls.cric_1 | cls.cric_2 | cls.cric_referral | cls.cric_adjusted | cls.cric_closed | cls.cai_1
        )
        assert cls.files.regime_id == cls.regime and cls.other_regime.regime_id != cls.regime

    def wizard(self, user=None, **values):
        Change = self.env["cri.pathway.regime.change"].with_user(user or self.region_admin)
        change = Change.with_context(default_regime_id=self.regime.id).create({})
        lines = values.pop("lines", {})
        for line in change.line_ids:
            if line.module_type_id.code in lines:
                line.write(lines[line.module_type_id.code])
        change.write(values)
        return change

    def notes(self, pathways):
        """The notes of the regime change on ``pathways``, by file."""
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "cri.pathway"),
                ("res_id", "in", pathways.ids),
                ("author_id", "=", self.region_admin.partner_id.id),
                ("body", "ilike", self.regime.name),
            ]
        )
        return {pathway: messages.filtered(lambda m, p=pathway: m.res_id == p.id) for pathway in pathways}

    def noted_by_company(self):
        return Counter(
            pathway.company_id
            for pathway, notes in self.notes(self.files | self.other_regime).items()
            if notes
        )

    # ------------------------------------------------------------------ preview and notes
    def test_hours_change_counts_and_notes_the_running_modules_of_each_cri(self):
        change = self.wizard(lines={"french": {"hours": 120}})
        expected = {self.company_cric: 2, self.company_cai: 1}
        self.assertEqual(change._impact_by_company(), expected)
        self.assertEqual(change.impact_count, 3)
        self.assertIn(self.company_cai.name, change.impact_summary)
        change.action_apply()
        # the counts were those of the files the change reached
        self.assertEqual(self.noted_by_company(), Counter(expected))
        notes = self.notes(self.files | self.other_regime)
        for pathway in self.cric_1 | self.cric_2 | self.cai_1:
            with self.subTest(file=pathway.name):
                self.assertEqual(len(notes[pathway]), 1, "one note a file")
                self.assertIn("100 h → 120 h", notes[pathway].body)
                self.assertEqual(self.module(pathway, "french").required_hours, 120)
        for pathway in self.cric_referral | self.cric_adjusted | self.cric_closed | self.other_regime:
            with self.subTest(file=pathway.name):
                self.assertFalse(notes[pathway], "no note on a file the change does not reach")
        self.assertEqual(self.module(self.cric_adjusted, "french").required_hours, 80)
        self.assertEqual(self.module(self.cric_closed, "french").required_hours, 100)

    def test_notes_are_internal_notes_in_french_without_mail_to_the_person(self):
        self.wizard(presentation_deadline_months=4, lines={"citizenship": {"hours": 12.5}}).action_apply()
        note = self.notes(self.cric_1)[self.cric_1]
        self.assertEqual(len(note), 1, "both figures in one note")
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(note.is_internal)
        self.assertFalse(note.notification_ids, "nobody is notified, the person least of all")
        self.assertFalse(note.partner_ids)
        self.assertIn("10 h → 12,5 h", note.body)
        self.assertIn("Citoyenneté : Heures requises : 10 h", note.body)
        self.assertIn("Délai de présentation (mois) : 3 → 4", note.body)
        self.assertIn("La Région a modifié les règles du régime", note.body)

    def test_presentation_and_convention_changes_reach_the_files_that_compute_from_them(self):
        change = self.wizard(presentation_deadline_months=4)
        # every open file computes its presentation deadline
        self.assertEqual(change._impact_by_company(), {self.company_cric: 4, self.company_cai: 1})
        change = self.wizard(convention_months=24)
        # a convention's end: signed conventions only
        self.assertEqual(change._impact_by_company(), {self.company_cric: 3, self.company_cai: 1})
        ends = {pathway: pathway.convention_end_date for pathway in self.files}
        change.action_apply()
        self.assertEqual(self.noted_by_company(), Counter({self.company_cric: 3, self.company_cai: 1}))
        self.assertEqual(self.cric_1.convention_end_date, date(2023, 3, 1))
        self.assertEqual(self.cric_closed.convention_end_date, ends[self.cric_closed])
        self.assertFalse(self.cric_referral.convention_end_date)

    def test_earlier_permits_length_reaches_the_conventions_of_permits_before_the_regime(self):
        # legally resident since December 2020, before the regime's start (2021)
        change = self.wizard(earlier_permit_convention_months=12)
        self.assertEqual(change._impact_by_company(), {self.company_cric: 3, self.company_cai: 1})
        change.action_apply()
        self.assertEqual(self.cric_1.convention_end_date, date(2022, 3, 1))
        self.assertIn(
            "Durée de la convention pour les titres de séjour antérieurs (mois) : 18 → 12",
            self.notes(self.cric_1)[self.cric_1].body,
        )
        # the regime's own length now reaches none of them
        self.assertEqual(self.wizard(convention_months=24)._impact_by_company(), {})

    def test_eligibility_change_reaches_open_files_and_leaves_closed_ones(self):
        self.assertEqual(set(self.files.mapped("eligibility")), {"mandatory"})
        # born in 1990, registered in 2021: 30 years old
        change = self.wizard(max_age=30)
        self.assertEqual(change._impact_by_company(), {self.company_cric: 4, self.company_cai: 1})
        change.action_apply()
        self.assertEqual(set((self.files - self.cric_closed).mapped("eligibility")), {"exempted"})
        self.assertEqual(self.cric_closed.eligibility, "mandatory", "a closed file keeps its eligibility")
        self.assertFalse(self.notes(self.cric_closed)[self.cric_closed])
        self.assertIn("65 → 30", self.notes(self.cric_1)[self.cric_1].body)

    def test_the_regime_history_says_what_the_change_reached(self):
        self.wizard(lines={"french": {"hours": 120}}).action_apply()
        log = self.regime.message_ids.filtered(lambda m: self.company_cai.name in (m.body or ""))
        self.assertTrue(log, "the regime's chatter lists the files reached by CRI")

    def test_an_unchanged_wizard_applies_nothing(self):
        change = self.wizard()
        self.assertEqual(change._impact_by_company(), {})
        with self.assertRaises(UserError):
            change.action_apply()

    # ------------------------------------------------------------------ the server's rules
    def test_a_direct_write_of_a_figure_running_files_follow_is_refused(self):
        regime = self.regime.with_user(self.region_admin)
        french = regime._line_for("french")
        for attempt in (
            lambda: regime.write({"presentation_deadline_months": 4}),
            lambda: regime.write({"max_age": 30}),
            lambda: regime.write({"exemption_reason_ids": [Command.clear()]}),
            lambda: regime.write({"date_from": date(2020, 12, 1)}),
            lambda: regime.write({"line_ids": [Command.update(french.id, {"hours": 1})]}),
            lambda: french.write({"hours": 1}),
            lambda: french.write({"module_type_id": self.env.ref("cri_parcours.module_type_citizenship").id}),
            lambda: french.unlink(),
        ):
            with self.subTest(attempt=attempt), self.assertRaises(UserError):
                attempt()
        self.assertEqual((self.regime.presentation_deadline_months, french.hours), (3, 100))
        self.assertFalse(self.noted_by_company())
        # what no file follows is written directly
        regime.write({"fine_max": 2000, "legal_basis": "Test decree"})
        self.assertEqual(self.regime.fine_max, 2000)

    def test_a_regime_no_running_file_follows_is_edited_directly(self):
        future = self.env["cri.pathway.regime"].create(
            {
                "name": "Test regime 2031",
                "date_from": date(2031, 1, 1),
                "convention_months": 18,
                "presentation_deadline_months": 3,
                "line_ids": self.module_lines(),
            }
        )
        future.with_user(self.region_admin).write(
            {
                "presentation_deadline_months": 4,
                "line_ids": [Command.update(future.line_ids[0].id, {"hours": 50})],
            }
        )
        self.assertEqual((future.presentation_deadline_months, future.line_ids[0].hours), (4, 50))
        self.assertFalse(future.has_open_files)
        self.assertTrue(self.regime.has_open_files)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_a_manager_cannot_change_the_rules(self):
        for user in (self.manager, self.manager_cai):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.wizard(user=user, presentation_deadline_months=4)
                with self.assertRaises(AccessError):
                    self.regime.with_user(user).action_change_rules()
        change = self.wizard(presentation_deadline_months=4)
        with self.assertRaises(AccessError):
            change.with_user(self.manager).action_apply()
        self.assertEqual(self.regime.presentation_deadline_months, 3)
        self.assertFalse(self.noted_by_company())
