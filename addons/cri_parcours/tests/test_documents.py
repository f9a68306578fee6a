import base64
import io
from datetime import date

import PyPDF2
from lxml import html

from odoo.tests import tagged
from odoo.tools import file_open

from .common import PathwayHttpCase

CERTIFICATE = "cri_parcours.action_report_certificate"
LETTER = "cri_parcours.action_report_sanction_letter"

# invented identities of two CRIs: what each document must print, and never the other's
IDENTITIES = {
    "cric": {
        "center": {
            "approval_reference": "TEST-AGR-CRIC-0042",
            "approval_date": date(2009, 3, 16),
            "signatory_name": "Odile Testsignataire",
            "signatory_title": "Directrice de test",
        },
        "company": {"street": "Rue des Essais 7", "zip": "6000", "city": "Charleroi"},
    },
    "cai": {
        "center": {
            "approval_reference": "TEST-AGR-CAI-0777",
            "approval_date": date(2011, 5, 20),
            "signatory_name": "Basile Testparapheur",
            "signatory_title": "Coordinateur de test",
        },
        "company": {"street": "Avenue du Banc d'Essai 21", "zip": "5000", "city": "Namur"},
    },
}


@tagged("post_install", "-at_install")
class TestDocuments(PathwayHttpCase):
    """The certificate and the sanction letters carry their CRI's letterhead and signature in
    the page body: Debian's wkhtmltopdf (unpatched Qt) prints no HTML header or footer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open("cri_base/static/description/icon.png", "rb") as logo:
            cls.logo = base64.b64encode(logo.read())
        cls.centers = {"cric": cls.center_cric, "cai": cls.center_cai}
        for key, center in cls.centers.items():
            center.write(IDENTITIES[key]["center"])
            center.company_id.write({**IDENTITIES[key]["company"], "logo": cls.logo})
        cls.files = {
            "cric": cls.make_file(date(2024, 6, 3)),
            "cai": cls.make_file(
                date(2024, 6, 3), commune_id=cls.namur.id, social_worker_id=cls.social_worker_cai.id
            ),
        }

    # ------------------------------------------------------------------ helpers
    def expected_texts(self, key):
        """What identifies CRI ``key`` on paper."""
        center = self.centers[key]
        identity = IDENTITIES[key]
        return [
            center.name,
            identity["company"]["street"],
            f"{identity['company']['zip']} {identity['company']['city']}",
            identity["center"]["approval_reference"],
            identity["center"]["signatory_name"],
            identity["center"]["signatory_title"],
        ]

    def pdf_pages(self, report, records):
        """Text of each page of the real PDF, whitespace normalised. ``force_report_rendering``:
        in test mode Odoo otherwise returns the HTML and wkhtmltopdf is never run."""
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, res_ids=records.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf produced the document")
        pages = PyPDF2.PdfReader(io.BytesIO(pdf)).pages
        return [" ".join(page.extract_text().split()) for page in pages]

    def assert_shows_own_cri(self, pages):
        """One page per document, in the order cric then cai, each with its own CRI only."""
        self.assertEqual(len(pages), 2, "each document fits on one page")
        for text, own, other in ((pages[0], "cric", "cai"), (pages[1], "cai", "cric")):
            for expected in self.expected_texts(own):
                self.assertIn(expected, text)
            for foreign in self.expected_texts(other):
                self.assertNotIn(foreign, text)

    def page_body(self, report, records):
        """The rendered HTML's page bodies and its header/footer blocks."""
        content, _type = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        root = html.fromstring(content)
        return (
            root.xpath("//div[contains(concat(' ', @class, ' '), ' page ')]"),
            root.xpath("//div[contains(concat(' ', @class, ' '), ' header ')]")
            + root.xpath("//div[contains(concat(' ', @class, ' '), ' footer ')]"),
        )

    def issue_certificates(self):
        for pathway in self.files.values():
            self.to_convention(pathway, convention_date=date(2024, 7, 1))
            for module in pathway.module_ids:
                self.attend(module, module.required_hours)
                module.action_complete()
            pathway.action_issue_certificate()
        return self.files["cric"] | self.files["cai"]

    def sanction_letters(self):
        return self.env["cri.pathway.sanction"].create(
            [
                {
                    "pathway_id": self.files[key].id,
                    "step_id": self.files[key].regime_id.sanction_step_ids[:1].id,
                    "deadline_kind": "presentation",
                    "deadline": date(2024, 9, 3),
                    "date": date(2024, 9, 4),
                }
                for key in ("cric", "cai")
            ]
        )

    # ------------------------------------------------------------------ tests
    def test_certificate_pdf_shows_its_own_cri_and_signatory(self):
        pathways = self.issue_certificates()
        self.assert_shows_own_cri(self.pdf_pages(CERTIFICATE, pathways))

    def test_sanction_letter_pdf_shows_its_own_cri_and_signatory(self):
        letters = self.sanction_letters()
        pages = self.pdf_pages(LETTER, letters)
        self.assert_shows_own_cri(pages)
        self.assertIn(self.files["cric"].partner_id.name, pages[0])
        self.assertIn(self.files["cai"].partner_id.name, pages[1])

    def test_letterhead_and_signature_are_in_the_page_body(self):
        for report, records in ((CERTIFICATE, self.issue_certificates()), (LETTER, self.sanction_letters())):
            pages, margins = self.page_body(report, records)
            self.assertEqual(len(pages), 2)
            for page, key in zip(pages, ("cric", "cai"), strict=True):
                text = " ".join(page.text_content().split())
                for expected in self.expected_texts(key):
                    self.assertIn(expected, text, report)
                logo = page.xpath(".//*[contains(@class, 'o_cri_letterhead')]//img/@src")
                self.assertEqual(logo, [f"data:image/png;base64,{self.logo.decode()}"], report)
            for block in margins:
                self.assertFalse(block.text_content().strip(), f"{report}: nothing in header or footer")

    def test_signatory_defaults_to_the_director_and_placeholder_logo_is_not_printed(self):
        center = self.center_cric
        center.write({"signatory_name": False, "signatory_title": False, "manager_id": self.manager.id})
        center.company_id.logo = center.company_id._get_logo()
        self.assertTrue(center.company_id.uses_default_logo)
        pages, _margins = self.page_body(LETTER, self.sanction_letters()[0])
        signature = pages[0].xpath(".//*[contains(@class, 'o_cri_signature')]")
        self.assertEqual(len(signature), 1)
        self.assertIn(self.manager.name, signature[0].text_content())
        self.assertFalse(pages[0].xpath(".//*[contains(@class, 'o_cri_letterhead')]//img"))
