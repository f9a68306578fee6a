from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import REFUSAL_LOGGERS, PrivacyCommon

LETTER = "cri_parcours.report_sanction_letter"


@tagged("post_install", "-at_install")
class TestAccessLog(PrivacyCommon, HttpCase):
    def test_downloading_the_evidence_logs_a_read(self):
        before = self.logs(self.exemption, "read")
        url = f"/web/content/cri.pathway.exemption/{self.exemption.id}/evidence_file?download=true"
        response = self.get(self.social_worker, url)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn(b"certificat medical", response.content)
        line = self.logs(self.exemption, "read") - before
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.social_worker)
        self.assertEqual(line.field_names, "evidence_file")
        self.assertEqual(line.pathway_id, self.pathway)
        self.assertEqual(line.partner_id, self.pathway.partner_id)

    def test_downloading_the_evidence_by_its_attachment_logs_a_read(self):
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "cri.pathway.exemption"),
                    ("res_id", "=", self.exemption.id),
                    ("res_field", "=", "evidence_file"),
                ]
            )
        )
        before = self.logs(self.exemption, "read")
        response = self.get(self.social_worker, f"/web/content/{attachment.id}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(len(self.logs(self.exemption, "read") - before), 1)

    def test_reading_the_evidence_through_the_orm_logs_a_read(self):
        before = self.logs(self.exemption, "read")
        exemption = self.exemption.with_user(self.social_worker)
        exemption.invalidate_recordset()
        self.assertEqual(exemption.read(["evidence_file"])[0]["evidence_file"], self.exemption.evidence_file)
        self.assertEqual(len(self.logs(self.exemption, "read") - before), 1)

    def test_reading_the_evidence_through_rpc_logs_a_read(self):
        before = self.logs(self.exemption, "read")
        result, error = self.call_kw(
            self.social_worker, "cri.pathway.exemption", "read", [self.exemption.ids, ["evidence_file"]]
        )
        self.assertIsNone(error)
        self.assertTrue(result[0]["evidence_file"])
        self.assertEqual(len(self.logs(self.exemption, "read") - before), 1)
        # the list of the web client, which shows the size of the document
        result, error = self.call_kw(
            self.social_worker,
            "cri.pathway.exemption",
            "web_search_read",
            [[("pathway_id", "=", self.pathway.id)], {"evidence_file": {}, "evidence_filename": {}}],
            {"context": {"bin_size": True}},
        )
        self.assertIsNone(error)
        self.assertEqual(result["length"], 1)
        self.assertEqual(len(self.logs(self.exemption, "read") - before), 1)

    def test_reading_the_exemptions_without_the_document_logs_nothing(self):
        before = self.logs(self.exemption, "read")
        Exemption = self.env["cri.pathway.exemption"].with_user(self.social_worker)
        Exemption.invalidate_model()
        Exemption.search_read(
            [("pathway_id", "=", self.pathway.id)], ["reason_id", "date", "evidence_filename"]
        )
        # the form shows the size of the document, not its content
        Exemption.with_context(bin_size=True).browse(self.exemption.id).read(["evidence_file"])
        self.assertEqual(self.logs(self.exemption, "read"), before)

    def test_changing_the_evidence_or_a_sanction_logs_a_change(self):
        before = self.logs(self.exemption, "change")
        self.exemption.with_user(self.social_worker).write({"evidence_filename": "autre.pdf"})
        self.assertEqual(
            self.logs(self.exemption, "change"), before, "the file name alone is not the evidence"
        )
        self.exemption.with_user(self.social_worker).write({"evidence_file": b"bm91dmVhdQ=="})
        line = self.logs(self.exemption, "change") - before
        self.assertEqual((len(line), line.user_id), (1, self.social_worker))
        self.assertTrue(self.logs(self.sanction, "change"), "the creation of a sanction step is logged")
        before = self.logs(self.sanction, "change")
        self.sanction.write({"fine_max": 100})
        self.assertEqual(len(self.logs(self.sanction, "change") - before), 1)

    def test_printing_a_sanction_letter_logs_a_print(self):
        before = self.logs(self.sanction, "print")
        response = self.get(self.social_worker, f"/report/pdf/{LETTER}/{self.sanction.id}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        line = self.logs(self.sanction, "print") - before
        self.assertEqual((len(line), line.user_id, line.operation), (1, self.social_worker, "print"))
        response = self.get(self.trainer, f"/report/pdf/{LETTER}/{self.sanction.id}")
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(len(self.logs(self.sanction, "print") - before), 1, "a refused print is no print")

    def test_the_log_is_read_by_the_managers_of_the_file_s_cri_only(self):
        self.exemption.with_user(self.social_worker).read(["evidence_file"])
        lines = self.logs(self.exemption)
        self.assertTrue(lines)
        Log = self.env["cri.privacy.access.log"]
        self.assertEqual(Log.with_user(self.manager).search([("id", "in", lines.ids)]), lines)
        self.assertFalse(Log.with_user(self.manager_cai).search([("id", "in", lines.ids)]))
        for user in (self.social_worker, self.agent, self.region_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError), mute_logger(*REFUSAL_LOGGERS):
                Log.with_user(user).search([])

    def test_nobody_writes_or_deletes_a_log_line(self):
        line = self.env["cri.privacy.access.log"]._cri_log(self.exemption, "read", ["evidence_file"])
        for user in (self.manager, self.region_admin):
            with self.subTest(user=user.login), mute_logger(*REFUSAL_LOGGERS):
                with self.assertRaises(AccessError):
                    line.with_user(user).write({"operation": "change"})
                with self.assertRaises(AccessError):
                    line.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["cri.privacy.access.log"].with_user(user).create(
                        {
                            "user_id": user.id,
                            "operation": "read",
                            "model_id": line.model_id.id,
                            "res_id": 1,
                            "company_id": self.company_cric.id,
                        }
                    )
        with self.assertRaises(UserError):
            line.write({"operation": "change"})
        with self.assertRaises(UserError):
            line.unlink()
        self.assertEqual(
            self.call_kw(self.manager, line._name, "write", [line.ids, {"user_id": self.manager.id}])[1],
            "AccessError",
        )
        self.assertEqual(self.call_kw(self.manager, line._name, "unlink", [line.ids])[1], "AccessError")
        self.assertEqual((line.operation, line.user_id), ("read", self.env.user))
