from datetime import date, datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.cri_base.tools import legal_today

from .common import PathwayCase


@tagged("post_install", "-at_install")
class TestFollowUp(PathwayCase):
    """Evaluation interviews and their reports, interpreting requests, the national number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluation_type = cls.env.ref("cri_parcours.mail_activity_type_evaluation")
        cls.pathway = cls.to_convention(cls.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 1))
        role = cls.env.ref
        cls.commune_admin, cls.cpas, cls.other_cpas = cls.env["res.partner"].create(
            [
                {
                    "name": "Population Office of Test Town (test)",
                    "is_company": True,
                    "email": "population@example.invalid",
                    "company_id": cls.company_cric.id,
                    "cri_role_ids": [Command.set(role("cri_base.partner_role_commune").ids)],
                    "cri_commune_ids": [Command.set(cls.charleroi.ids)],
                },
                {
                    "name": "CPAS of Test Town (test)",
                    "is_company": True,
                    "email": "cpas@example.invalid",
                    "company_id": cls.company_cric.id,
                    "cri_role_ids": [Command.set(role("cri_base.partner_role_cpas").ids)],
                    "cri_commune_ids": [Command.set(cls.charleroi.ids)],
                },
                {
                    "name": "CPAS of Another Town (test)",
                    "is_company": True,
                    "company_id": cls.company_cric.id,
                    "cri_role_ids": [Command.set(role("cri_base.partner_role_cpas").ids)],
                    "cri_commune_ids": [Command.set(cls.namur.ids)],
                },
            ]
        )

    def _evaluation_activities(self, pathway):
        return pathway.activity_ids.filtered(lambda a: a.activity_type_id == self.evaluation_type)

    def test_signing_schedules_the_first_evaluation_six_months_later(self):
        activity = self._evaluation_activities(self.pathway)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2025, 4, 1))
        self.assertEqual(activity.user_id, self.social_worker)

    def test_recording_an_evaluation_closes_the_activity_and_schedules_the_next(self):
        self.env["cri.pathway.evaluation"].with_user(self.social_worker).create(
            {
                "pathway_id": self.pathway.id,
                "date": date(2025, 3, 20),
                "report": "Attends French twice a week.",
            }
        )
        activity = self._evaluation_activities(self.pathway)
        self.assertEqual(len(activity), 1, "the done activity is gone, one new is planned")
        self.assertEqual(activity.date_deadline, date(2025, 9, 20))

    def test_next_evaluation_is_not_planned_after_the_convention_ends(self):
        # 2024 regime: 36 months, ending 2027-10-01
        self.env["cri.pathway.evaluation"].create(
            {"pathway_id": self.pathway.id, "date": date(2027, 7, 1), "report": "Last interview."}
        )
        self.assertEqual(self._evaluation_activities(self.pathway).date_deadline, date(2027, 10, 1))

    def test_evaluation_report_goes_to_the_commune_and_the_cpas_of_the_commune(self):
        self.pathway.referral_partner_id = self.commune_admin
        evaluation = self.env["cri.pathway.evaluation"].create(
            {"pathway_id": self.pathway.id, "date": date(2025, 3, 20), "report": "Looks for a flat."}
        )
        evaluation.with_user(self.social_worker).action_send_report()
        self.assertEqual(evaluation.sent_date, legal_today())
        message = self.messages(self.pathway)[0]
        self.assertLessEqual(self.commune_admin | self.cpas, message.partner_ids)
        self.assertNotIn(self.other_cpas, message.partner_ids, "not the CPAS of another town")
        self.assertIn("Looks for a flat.", message.body)
        self.assertIn("20/03/2025", message.body, "the interview's date in French")
        self.assertNotIn("2025-03-20", message.body)

    def test_evaluation_report_without_commune_or_cpas_contact_is_refused(self):
        pathway = self.to_convention(
            self.make_file(date(2024, 9, 2), commune_id=self.env.ref("cri_base.commune_56016").id),
            convention_date=date(2024, 10, 1),
        )
        evaluation = self.env["cri.pathway.evaluation"].create(
            {"pathway_id": pathway.id, "date": date(2025, 3, 20), "report": "Fine."}
        )
        with self.assertRaisesRegex(UserError, "no commune or CPAS contact"):
            evaluation.action_send_report()
        self.assertFalse(evaluation.sent_date)

    def test_interpreting_request_moves_through_its_states(self):
        setis = self.env["res.partner"].create(
            {
                "name": "Interpreting Service (test)",
                "is_company": True,
                "cri_role_ids": [Command.set(self.env.ref("cri_base.partner_role_interpreting").ids)],
            }
        )
        request = (
            self.env["cri.interpreting.request"]
            .with_user(self.agent)
            .create(
                {
                    "pathway_id": self.pathway.id,
                    "language_id": self.env.ref("cri_parcours.language_ar").id,
                    "mode": "phone",
                    "date": datetime(2025, 1, 10, 9, 0),
                }
            )
        )
        with self.assertRaisesRegex(UserError, "interpreting service"):
            request.action_request()
        self.assertEqual(request.state, "draft")
        with self.assertRaises(UserError):
            request.action_done()
        request.provider_id = setis
        request.action_request()
        request.action_confirm()
        request.action_done()
        self.assertEqual(request.state, "done")
        with self.assertRaises(UserError):
            request.action_cancel()

    def test_national_register_number_is_checked(self):
        person = self.pathway.partner_id
        with self.assertRaisesRegex(ValidationError, "not a valid national register number"):
            person.cri_national_number = "85073003329"
        person.cri_national_number = "85073003328"
        self.assertEqual(person.cri_national_number, "85073003328")
