"""Every report re-checks on the server, whatever the URL asks: the summary statement (PDF and
XLSX) is printed by the ILI agents and accountants of the grant's CRI, for a granted
application, from the document ids alone."""

import io
import json
from datetime import date
from urllib.parse import urlencode

from openpyxl import load_workbook

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import IliHttpCase

PDF_URL = "/report/pdf/cri_ili_grants.report_statement"
XLSX_URL = "/report/xlsx/cri_ili_grants.statement_xlsx"
# a refusal is answered 403/400 and logged by the HTTP layer as a warning
REFUSAL_LOGGERS = ("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")


@tagged("post_install", "-at_install")
class TestStatementReports(IliHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grant = cls.to_decided(cls.make_application(), amount=10000)
        cls.grant_b = cls.to_decided(cls.make_application(partner=cls.org_b), amount=5000)
        cls.grant_cai = cls._decided_in_cai(4000)
        cls.draft = cls.make_application()
        cls.accountant_cai = new_test_user(
            cls.env,
            login="ili-accountant-cai",
            password="ili-accountant-cai",
            groups="cri_base.group_accountant",
            company_id=cls.company_cai.id,
        )

    @classmethod
    def _decided_in_cai(cls, amount):
        """A grant of the CAI, taken through its workflow as superuser (the test's manager is the
        CRIC's)."""
        grant = cls.make_application(partner=cls.org_b, commune=cls.namur)
        grant.action_submit()
        grant.write({"opinion": "favourable", "opinion_motivation": "Useful in Namur"})
        grant.action_sign_opinion()
        grant.write(
            {"granted_amount": amount, "decision_reference": "AG/CAI/1", "decision_date": date(2027, 1, 10)}
        )
        grant.action_decide()
        return grant

    def fetch(self, login, url, grants, **params):
        self.authenticate(login, login)
        query = f"?{urlencode({key: json.dumps(value) for key, value in params.items()})}" if params else ""
        with mute_logger(*REFUSAL_LOGGERS):
            return self.url_open(f"{url}/{','.join(str(grant.id) for grant in grants)}{query}")

    def assertPrinted(self, response, grants, absent=()):
        self.assertEqual(response.status_code, 200, response.text[:500])
        if response.headers["Content-Type"].startswith("application/vnd.openxmlformats"):
            names = load_workbook(io.BytesIO(response.content)).sheetnames
            shown = " ".join(names)
            for grant in grants:
                self.assertIn(grant.name.replace("/", "-"), shown)
            for grant in absent:
                self.assertNotIn(grant.name.replace("/", "-"), shown)
        else:
            # the test server renders the HTML of the PDF (no wkhtmltopdf in tests)
            for grant in grants:
                self.assertIn(grant.name, response.text)
            for grant in absent:
                self.assertNotIn(grant.name, response.text)

    def assertRefused(self, response, *grants):
        self.assertIn(response.status_code, (400, 403), response.text[:500])
        self.assertNotIn(b"PK\x03\x04", response.content[:4], "no workbook")
        for grant in grants:
            self.assertNotIn(grant.name, response.text)

    def test_an_accountant_of_the_cri_prints_the_statement(self):
        for url in (PDF_URL, XLSX_URL):
            with self.subTest(url=url):
                self.assertPrinted(self.fetch("ili-accountant-cric", url, self.grant), self.grant)

    def test_an_ili_agent_of_the_cri_prints_the_statement(self):
        for url in (PDF_URL, XLSX_URL):
            with self.subTest(url=url):
                self.assertPrinted(
                    self.fetch("ili-agent-cric", url, self.grant | self.grant_b), self.grant | self.grant_b
                )

    def test_the_region_observer_and_a_portal_user_print_nothing(self):
        # the observer reads the grant, but the statement lists its expenses
        for login in ("ili-observer", "ili-portal-a"):
            for url in (PDF_URL, XLSX_URL):
                with self.subTest(login=login, url=url):
                    self.assertRefused(self.fetch(login, url, self.grant), self.grant)

    def test_the_staff_of_another_cri_print_nothing_of_its_grants(self):
        for login in ("ili-agent-cai", "ili-accountant-cai"):
            for url in (PDF_URL, XLSX_URL):
                with self.subTest(login=login, url=url):
                    self.assertRefused(self.fetch(login, url, self.grant), self.grant)
                    # nor hidden among one of its own
                    self.assertRefused(self.fetch(login, url, self.grant_cai | self.grant), self.grant)

    def test_an_application_not_granted_has_no_statement(self):
        for url in (PDF_URL, XLSX_URL):
            with self.subTest(url=url):
                self.assertRefused(self.fetch("ili-agent-cric", url, self.draft))
                self.assertRefused(self.fetch("ili-agent-cric", url, self.grant | self.draft), self.grant)

    def test_the_options_and_context_of_the_url_choose_nothing(self):
        forged = {
            "options": {
                "ids": [self.grant_cai.id],
                "docids": [self.grant_cai.id],
                "doc_ids": [self.grant_cai.id],
            },
            "context": {
                "active_ids": [self.grant_cai.id],
                "active_id": self.grant_cai.id,
                "active_model": "cri.ili.application",
            },
        }
        for url in (PDF_URL, XLSX_URL):
            with self.subTest(url=url):
                # the CRIC's grant is printed, never the CAI's named in the options
                response = self.fetch("ili-agent-cric", url, self.grant, **forged)
                self.assertPrinted(response, self.grant, absent=self.grant_cai)
                # the other CRI's grant in the ids is refused whatever the options say
                forged_own = {
                    "options": {"ids": [self.grant.id]},
                    "context": {"active_ids": [self.grant.id], "active_model": "cri.ili.application"},
                }
                self.assertRefused(
                    self.fetch("ili-agent-cric", url, self.grant_cai, **forged_own), self.grant_cai
                )
                # a portal user gains nothing from a context either
                self.assertRefused(self.fetch("ili-portal-a", url, self.grant, **forged_own), self.grant)
        # without ids, the context's active ids print nothing
        self.authenticate("ili-agent-cric", "ili-agent-cric")
        context = json.dumps({"active_ids": [self.grant.id], "active_model": "cri.ili.application"})
        with mute_logger(*REFUSAL_LOGGERS):
            response = self.url_open(f"{XLSX_URL}?{urlencode({'context': context})}")
        self.assertRefused(response, self.grant)
