from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today

from .common import EVIDENCE, REFUSAL_LOGGERS, PrivacyCommon

DIMENSIONS = [
    "company_id",
    "commune_id",
    "nationality_id",
    "gender",
    "age_band",
    "registration_year",
    "eligibility",
    "obligation",
    "regime_id",
]
# what cri_reporting publishes: its three views, by every dimension and their figures
FIGURES = {
    "cri.reporting.pathway": (
        ["state", "stage_reached", "is_exempted", "deadline_missed"],
        [
            "file_count:sum",
            "module_count:sum",
            "attended_hours:sum",
            "sanction_count:sum",
            "days_to_reception:avg",
        ],
    ),
    "cri.reporting.pathway.module": (
        ["module_type", "module_state"],
        ["required_hours:sum", "attended_hours:sum", "progress:avg"],
    ),
    "cri.reporting.pathway.exemption": (["reason_id", "is_medical"], ["date:max"]),
}


@tagged("post_install", "-at_install")
class TestRetention(PrivacyCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_policy = cls.env.ref("cri_privacy.retention_policy_closed_file_person")
        cls.evidence_policy = cls.env.ref("cri_privacy.retention_policy_medical_evidence")
        cls.person_policy.years = 5
        cls.evidence_policy.years = 3
        # closed in 2017: past five years
        cls.old_person = cls.make_person(
            date(1990, 5, 10),
            gender="female",
            email="amina.exemple@example.com",
            phone="+32 470 00 00 00",
            street="Rue de l'Exemple 1",
            city="Charleroi",
            cri_national_number="90051012347",
        )
        cls.old_file = cls.closed_file(cls.old_person, note=True)
        # a manager's decision: its reason is free text too, which a Region administrator's Run Now
        # anonymises though the pathway refuses it a decision
        cls.old_file.write(
            {"eligibility_override": "voluntary", "eligibility_override_reason": "Soigne sa mère"}
        )
        # born in December: 1 January of the same year would make the person older on registration
        cls.december_person = cls.make_person(date(1990, 12, 20), gender="male")
        cls.december_file = cls.closed_file(cls.december_person)
        # an old closed file, but a running one too: kept
        cls.returning_person = cls.make_person(date(1985, 3, 3), gender="female")
        cls.returning_old_file = cls.closed_file(cls.returning_person, note=True)
        cls.returning_file = cls.make_file(date(2024, 9, 2), person=cls.returning_person)
        # closed less than five years ago: kept
        cls.recent_person = cls.make_person(date(1992, 2, 2))
        today = legal_today()
        cls.recent_file = cls.make_file(today - relativedelta(months=6), person=cls.recent_person)
        cls.recent_file._do_abandon("Déménagement", today - relativedelta(months=1))

    @classmethod
    def closed_file(cls, person, note=False):
        pathway = cls.make_file(date(2016, 6, 1), person=person, orientation_note="Vit chez sa sœur")
        cls.to_convention(pathway, date(2016, 7, 1))
        cls.attend(cls.module(pathway, "french"), 24, start=date(2016, 8, 1))
        if note:
            cls.env["cri.pathway.exemption"].create(
                {
                    "pathway_id": pathway.id,
                    "reason_id": cls.medical.id,
                    "date": date(2016, 6, 15),
                    "note": "Suivi en cardiologie",
                    "evidence_file": EVIDENCE,
                    "evidence_filename": "certificat.pdf",
                }
            )
        pathway.message_post(body="Entretien avec Amina au sujet de sa famille")
        pathway._do_abandon("Retour au pays", date(2017, 3, 1))
        return pathway

    def statistics(self):
        self.env.flush_all()
        figures = {}
        for model, (groups, aggregates) in FIGURES.items():
            rows = self.env[model].read_group([], aggregates, DIMENSIONS + groups, lazy=False)
            figures[model] = sorted(
                tuple(
                    sorted(
                        (key, str(value))
                        for key, value in row.items()
                        if not key.startswith("__") or key == "__count"
                    )
                )
                for row in rows
            )
        return figures

    def run_retention(self):
        runs = self.env["cri.privacy.retention.run"].search([])
        self.env["cri.privacy.retention.policy"]._cron_apply_retention()
        self.env.invalidate_all()
        return self.env["cri.privacy.retention.run"].search([]) - runs

    def test_anonymisation_keeps_the_statistics_and_touches_only_files_closed_long_ago(self):
        before = self.statistics()
        kept_persons = self.returning_person | self.recent_person | self.pathway.partner_id
        kept = [(p.name, p.email, p.birthdate_date) for p in kept_persons]
        runs = self.run_retention()

        self.assertEqual(self.statistics(), before, "the statistics count the same after the run")
        person = self.old_person
        self.assertEqual(person.name, "Anonymised person")
        self.assertFalse(
            person.email or person.phone or person.street or person.city or person.cri_national_number
        )
        self.assertEqual((person.gender, person.nationality_id), ("female", self.morocco))
        self.assertEqual(person.birthdate_date, date(1990, 1, 1))
        self.assertEqual(self.december_person.birthdate_date, date(1990, 12, 31))
        old = self.old_file
        self.assertTrue(old.cri_privacy_anonymised)
        self.assertEqual(
            (old.state, old.end_date, old.registration_date),
            ("abandoned", date(2017, 3, 1), date(2016, 6, 1)),
        )
        self.assertEqual((old.orientation_note, old.abandon_reason), ("Anonymised", "Anonymised"))
        self.assertEqual(old.exemption_ids.note, "Anonymised")
        self.assertFalse(old.exemption_ids.evidence_file)
        self.assertEqual(self.module(old, "french").learner_name, "Anonymised person")
        self.assertEqual(self.module(old, "french").attended_hours, 24)
        bodies = " ".join(self.messages(old).mapped("body"))
        self.assertNotIn("Amina", bodies)
        self.assertIn("Anonymised by the retention policy", bodies)

        self.assertEqual([(p.name, p.email, p.birthdate_date) for p in kept_persons], kept)
        for pathway in (self.returning_old_file, self.returning_file, self.recent_file, self.pathway):
            self.assertFalse(pathway.cri_privacy_anonymised, pathway.name)
        self.assertEqual(self.returning_old_file.orientation_note, "Vit chez sa sœur")
        # the medical evidence of 2016 is deleted all the same; this year's stays
        self.assertFalse(self.returning_old_file.exemption_ids.evidence_file)
        self.assertEqual(self.returning_old_file.exemption_ids.note, "Suivi en cardiologie")
        self.assertTrue(self.exemption.evidence_file)

        by_policy = {run.policy_id: run.record_count for run in runs}
        anonymised = self.env["cri.pathway"].search([("cri_privacy_anonymised", "=", True)]).partner_id
        self.assertIn(self.december_person, anonymised)
        self.assertEqual(by_policy[self.person_policy], len(anonymised))
        self.assertGreaterEqual(by_policy[self.evidence_policy], 1)

        # a second run finds nothing left to do and changes nothing
        stamps = (person.write_date, old.write_date, old.exemption_ids.write_date)
        again = self.run_retention()
        self.assertEqual(set(again.mapped("record_count")), {0})
        self.assertEqual((person.write_date, old.write_date, old.exemption_ids.write_date), stamps)
        self.assertEqual(self.statistics(), before)

    def test_an_archived_policy_is_not_applied(self):
        self.person_policy.active = False
        runs = self.run_retention()
        self.assertNotIn(self.person_policy, runs.policy_id)
        self.assertEqual(self.old_person.email, "amina.exemple@example.com")

    def test_only_the_region_administrator_changes_a_retention_period(self):
        policy = self.person_policy
        for user in (self.social_worker, self.manager, self.observer):
            self.assertEqual(policy.with_user(user).years, 5, "the staff read the policies")
            with self.subTest(user=user.login), self.assertRaises(AccessError), mute_logger(*REFUSAL_LOGGERS):
                policy.with_user(user).write({"years": 1})
        self.assertEqual(
            self.call_kw(self.manager, policy._name, "write", [policy.ids, {"years": 1}])[1], "AccessError"
        )
        self.assertEqual(
            self.call_kw(self.manager, policy._name, "action_run_now", [policy.ids])[1], "AccessError"
        )
        self.assertEqual(
            self.call_kw(self.region_admin, policy._name, "write", [policy.ids, {"years": 1}]), (True, None)
        )
        policy.invalidate_recordset()
        self.assertEqual(policy.years, 1)
        with self.assertRaises(ValidationError):
            policy.with_user(self.region_admin).write({"years": 0})
        with self.assertRaises(AccessError):
            policy.with_user(self.manager).action_run_now()
        self.assertEqual(self.old_person.email, "amina.exemple@example.com")

    def test_run_now_applies_the_policies_and_logs_the_runs(self):
        before = self.statistics()
        self.evidence_policy.with_user(self.region_admin).action_run_now()
        self.assertFalse(self.old_file.exemption_ids.evidence_file)
        self.assertEqual(
            self.old_person.email, "amina.exemple@example.com", "only the policy run was applied"
        )
        self.person_policy.with_user(self.region_admin).action_run_now()
        self.assertEqual(self.old_person.name, "Anonymised person")
        self.assertEqual(self.old_file.eligibility_override_reason, "Anonymised")
        self.assertEqual(self.old_file.eligibility_override, "voluntary")
        self.assertEqual(self.statistics(), before)
        Run = self.env["cri.privacy.retention.run"]
        for policy, count in ((self.evidence_policy, 2), (self.person_policy, 2)):
            run = Run.search([("policy_id", "=", policy.id)], limit=1)
            self.assertEqual(run.user_id, self.region_admin)
            self.assertGreaterEqual(run.record_count, count)
            self.assertIn(run, Run.with_user(self.manager).search([]))
        with self.assertRaises(AccessError), mute_logger(*REFUSAL_LOGGERS):
            Run.with_user(self.social_worker).search([])
