from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import REFUSAL_LOGGERS, PrivacyCommon

REPORT = "cri_privacy.report_subject_access"


@tagged("post_install", "-at_install")
class TestSubjectAccess(PrivacyCommon, HttpCase):
    def json_url(self, pathway):
        return f"/cri_privacy/subject_access/{pathway.id}"

    def test_social_workers_and_managers_of_the_cri_export_the_person_s_data(self):
        person = self.pathway.partner_id
        self.flush_tracking()  # creation discards tracking until the transaction's hooks run
        self.pathway.write({"permit_duration_months": 24})
        self.flush_tracking()
        for user in (self.social_worker, self.manager):
            with self.subTest(user=user.login):
                response = self.get(user, self.json_url(self.pathway))
                self.assertEqual(response.status_code, 200, response.text[:300])
                self.assertIn("attachment", response.headers["Content-Disposition"])
                data = response.json()
                self.assertEqual(data["person"]["name"], person.name)
                self.assertEqual([file["name"] for file in data["files"]], [self.pathway.name])
                sections = {section["field"]: section for section in data["files"][0]["sections"]}
                exemption = sections["exemption_ids"]["records"][0]
                values = {item["field"]: item["value"] for item in exemption["fields"]}
                self.assertEqual(values["note"], "Suivi en cardiologie")
                self.assertEqual(values["evidence_filename"], "certificat.pdf")
                self.assertIn("sanction_ids", sections)
                changes = [
                    change for message in data["files"][0]["messages"] for change in message["changes"]
                ]
                self.assertTrue(any("12 → 24" in change for change in changes), changes)
        # the export names the evidence without reading it
        self.assertFalse(self.logs(self.exemption, "read"))

    def test_the_other_roles_and_cris_are_refused_the_json(self):
        for user in (
            self.agent,
            self.trainer,
            self.accountant,
            self.observer,
            self.region_admin,
            self.portal,
            self.social_worker_cai,
            self.manager_cai,
        ):
            with self.subTest(user=user.login):
                response = self.get(user, self.json_url(self.pathway))
                self.assertEqual(response.status_code, 403, response.text[:300])
                self.assertNotIn(self.pathway.partner_id.name, response.text)
        response = self.get(None, self.json_url(self.pathway))
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(
            self.get(self.social_worker, "/cri_privacy/subject_access/999999999").status_code, 404
        )

    def test_the_pdf_is_printed_by_the_file_s_cri_s_social_workers_only(self):
        url = f"/report/pdf/{REPORT}/{self.pathway.id}"
        name = self.pathway.partner_id.name
        response = self.get(self.social_worker, url)
        self.assertEqual(response.status_code, 200, response.text[:300])
        # the test server renders the HTML of the PDF (no wkhtmltopdf in tests), in French
        self.assertIn(name, response.text)
        self.assertIn("Suivi en cardiologie", response.text)
        for user in (
            self.agent,
            self.trainer,
            self.accountant,
            self.observer,
            self.portal,
            self.social_worker_cai,
        ):
            with self.subTest(user=user.login):
                response = self.get(user, url)
                self.assertIn(response.status_code, (400, 403), response.text[:300])
                self.assertNotIn(name, response.text)

    def test_the_buttons_refuse_the_other_roles(self):
        for user in (self.agent, self.trainer, self.social_worker_cai):
            with self.subTest(user=user.login), self.assertRaises(AccessError), mute_logger(*REFUSAL_LOGGERS):
                self.pathway.with_user(user).action_cri_privacy_subject_access_json()
        action = self.pathway.with_user(self.social_worker).action_cri_privacy_subject_access_json()
        self.assertEqual(action["url"], self.json_url(self.pathway))
        action = self.pathway.with_user(self.social_worker).action_cri_privacy_subject_access_pdf()
        self.assertEqual(action["report_name"], REPORT)
