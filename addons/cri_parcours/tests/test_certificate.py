import io
from datetime import date

import PyPDF2

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PathwayCase, PathwayHttpCase

REPORT = "cri_parcours.action_report_certificate"


class CertificateSetup:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.make_person(name="Yasmina Fictivenom", birthdate=date(1991, 4, 12))
        cls.cric_file = cls.to_convention(
            cls.make_file(date(2024, 9, 2), person=cls.person), convention_date=date(2024, 10, 1)
        )
        cls.cai_file = cls.to_convention(
            cls.make_file(
                date(2024, 9, 2), commune_id=cls.namur.id, social_worker_id=cls.social_worker_cai.id
            ),
            convention_date=date(2024, 10, 1),
        )

    @classmethod
    def complete_modules(cls, pathway):
        for module in pathway.module_ids:
            cls.attend(module, module.required_hours)
            module.action_complete()

    def render_text(self, pathway):
        """Text of the certificate PDF, whitespace normalised."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = Report._render_qweb_pdf(REPORT, res_ids=pathway.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.pages), len(pathway), "one page per certificate")
        return " ".join(reader.pages[0].extract_text().split())

    def module_label(self, kind):
        """The module's name as the certificate prints it: in French (Belgium) when installed."""
        Module = self.env["cri.pathway.module"].with_context(lang="fr_BE")
        return dict(Module._fields["module_type"]._description_selection(Module.env))[kind]


@tagged("post_install", "-at_install")
class TestCertificate(CertificateSetup, PathwayCase):
    def _sequence_number(self, certificate_number):
        return int(certificate_number.rsplit("/", 1)[1])

    def test_each_cri_numbers_its_certificates(self):
        second_cric = self.to_convention(self.make_file(date(2024, 9, 2)), convention_date=date(2024, 10, 1))
        for pathway in (self.cric_file, self.cai_file, second_cric):
            self.complete_modules(pathway)
        self.cric_file.action_issue_certificate()
        self.cai_file.action_issue_certificate()
        second_cric.action_issue_certificate()
        self.assertTrue(self.cric_file.certificate_number.startswith("ATT/CRIC/"))
        self.assertTrue(second_cric.certificate_number.startswith("ATT/CRIC/"))
        self.assertTrue(self.cai_file.certificate_number.startswith("ATT/CAI/"))
        self.assertEqual(
            self._sequence_number(second_cric.certificate_number),
            self._sequence_number(self.cric_file.certificate_number) + 1,
            "a certificate of another CRI does not use a number of this CRI",
        )
        numbers = (self.cric_file | self.cai_file | second_cric).mapped("certificate_number")
        self.assertEqual(len(set(numbers)), 3)

    def test_printing_is_refused_before_the_file_is_done(self):
        with self.assertRaisesRegex(UserError, "printing the certificate"):
            self.cric_file.action_print_certificate()
        # the Print menu of the file does not go through the button: the report refuses too
        with self.assertRaisesRegex(UserError, self.cric_file.name):
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(
                REPORT, res_ids=self.cric_file.ids
            )
        self.assertFalse(self.cric_file.certificate_number)

    def test_printing_again_after_issue_keeps_the_number(self):
        self.complete_modules(self.cric_file)
        self.cric_file.action_issue_certificate()
        number = self.cric_file.certificate_number
        action = self.cric_file.with_user(self.social_worker).action_print_certificate()
        self.assertEqual(action["report_name"], "cri_parcours.report_certificate")
        self.assertEqual(self.cric_file.certificate_number, number)
        with self.assertRaises(UserError):
            self.cric_file.action_issue_certificate()


@tagged("post_install", "-at_install")
class TestCertificatePdf(CertificateSetup, PathwayHttpCase):
    def test_certificate_pdf_shows_person_and_hours(self):
        self.complete_modules(self.cric_file)
        self.cric_file.action_issue_certificate()
        text = self.render_text(self.cric_file)
        self.assertIn("Yasmina Fictivenom", text)
        self.assertIn(self.cric_file.certificate_number, text)
        self.assertIn(f"{self.module_label('french')} 400 h 400 h", text)
        self.assertIn(f"{self.module_label('citizenship')} 60 h 60 h", text)
        self.assertIn(f"{self.module_label('orientation')} 4 h 4 h", text)
        self.assertIn(self.cric_file.name, text)
        self.assertIn(self.center_cric.name, text)

    def test_certificate_pdf_shows_early_french_level(self):
        french = self.module(self.cric_file, "french")
        self.attend(french, 150)
        french.validation_level = "b1"
        french.action_complete()
        for kind in ("citizenship", "orientation"):
            module = self.module(self.cric_file, kind)
            self.attend(module, module.required_hours)
            module.action_complete()
        self.cric_file.action_issue_certificate()
        text = self.render_text(self.cric_file)
        self.assertRegex(text, rf"{self.module_label('french')} \(\w+ B1 \w+\) 150 h 400 h")
