"""The plan's PDF and its action plan as a workbook: what they show, in French; printed by
whoever reads the plan (every CRI's staff, the Region observer), refused to a portal user by the
ORM and by URL; the workbook's rows come from one query that keeps the user's record rules, and
neither report's queries grow with the number of actions."""

import io
from datetime import date, datetime

import PyPDF2
from lxml import html
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval, time

from .common import CoordinationCommon

PDF_REPORT = "cri_coordination.report_plan"
XLSX_REPORT = "cri_coordination.action_plan_xlsx"
# a refusal is answered 403/400 and logged by the HTTP layer as a warning
REFUSAL_LOGGERS = ("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
HEADER_ROW = 4  # the workbook's header row (1-based, as openpyxl counts)
SPACES = str.maketrans({"\N{NO-BREAK SPACE}": " ", "\N{NARROW NO-BREAK SPACE}": " "})


def text(element):
    return " ".join(element.text_content().translate(SPACES).split())


@tagged("post_install", "-at_install")
class TestPlanReports(CoordinationCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        officer_env = cls.env(user=cls.officer)
        plan = cls.plan_cric.with_env(officer_env)
        cls.partner = cls.env["res.partner"].create({"name": "ASBL Test Passerelle", "is_company": True})
        # an organisation of the CRIC only: the CAI's staff cannot read it (Odoo's partner rule)
        cls.partner_cric = cls.env["res.partner"].create(
            {"name": "ASBL Test Réservée", "is_company": True, "company_id": cls.company_cric.id}
        )
        plan.write(
            {
                "need_ids": [
                    Command.create(
                        {
                            "life_domain": "employment",
                            "description": "Reconnaissance des diplômes",
                            "source": "Atelier",
                        }
                    ),
                    Command.create(
                        {
                            "life_domain": "housing",
                            "description": "Discrimination au bail",
                            "source": "Enquête",
                        }
                    ),
                ],
                "priority_ids": [
                    Command.create({"name": "Emploi des primo-arrivants", "life_domain": "employment"})
                ],
                "recommendation_ids": [
                    Command.create({"text": "Un guichet emploi", "addressee_level": "region"}),
                    Command.create({"text": "Une aide au loyer", "addressee_level": "federal"}),
                ],
            }
        )
        cls.action = cls.action_cric.with_env(officer_env)
        cls.action.write(
            {
                "partner_ids": [Command.set((cls.partner | cls.partner_cric).ids)],
                "date_start": date(2024, 1, 15),
                "date_end": date(2026, 6, 30),
                "means": "Un mi-temps",
                "pcs_axis": "Axe 2",
            }
        )
        cls.action.action_start()
        cls.indicator_big = officer_env["cri.coordination.indicator"].create(
            {"action_id": cls.action.id, "name": "Heures", "unit": "heures", "target": 2000}
        )
        officer_env["cri.coordination.indicator.value"].create(
            [
                {"indicator_id": cls.indicator_cric.id, "year": 2024, "value": 40},
                {"indicator_id": cls.indicator_cric.id, "year": 2025, "value": 87.5},
                {"indicator_id": cls.indicator_big.id, "year": 2026, "value": 1250},
            ]
        )
        plan.action_consultation()
        plan.action_adopt("Conseil communal de Charleroi", date(2025, 3, 10))

    # ------------------------------------------------------------------ helpers
    def render_html(self, plan=None, user=None):
        report = self.env["ir.actions.report"].with_user(user or self.reception)
        content, _type = report._render_qweb_html(PDF_REPORT, (plan or self.plan_cric).ids)
        return html.fromstring(content)

    def render_xlsx(self, plan=None, user=None):
        report = self.env["ir.actions.report"].with_user(user or self.reception)
        content, file_type = report._render_xlsx(XLSX_REPORT, (plan or self.plan_cric).ids, {})
        self.assertEqual(file_type, "xlsx")
        return load_workbook(io.BytesIO(content))

    def french(self, source):
        return self.env(context=dict(self.env.context, lang="fr_BE"))._(source)

    def label(self, model, field, value):
        Model = self.env[model].with_context(lang="fr_BE")
        return dict(Model._fields[field]._description_selection(Model.env))[value]

    def one(self, document, xpath):
        [element] = document.xpath(xpath)
        return text(element)

    # ------------------------------------------------------------------ PDF
    def test_the_pdf_shows_the_plan_its_adoption_and_territory_in_french(self):
        document = self.render_html()
        self.assertEqual(self.one(document, "//*[contains(@class, 'o_plan_title')]"), "Plan test CRIC")
        self.assertEqual(self.one(document, "//*[contains(@class, 'o_plan_cri')]"), self.company_cric.name)
        self.assertIn("2024-2029", self.one(document, "//tr[contains(@class, 'o_plan_period')]"))
        state = document.xpath("//tr[contains(@class, 'o_plan_state')]")[0]
        self.assertEqual(state.get("data-state"), "adopted")
        self.assertIn(self.label("cri.coordination.plan", "state", "adopted"), text(state))
        adoption = self.one(document, "//tr[contains(@class, 'o_plan_adoption')]")
        self.assertIn("Conseil communal de Charleroi", adoption)
        self.assertIn("10/03/2025", adoption)
        territory = self.one(document, "//tr[contains(@class, 'o_plan_territory')]")
        self.assertIn(self.charleroi.name, territory)
        self.assertIn(self.chatelet.name, territory)

    def test_the_pdf_lists_the_diagnosis_priorities_and_recommendations_by_level(self):
        document = self.render_html()
        needs = [
            [text(cell) for cell in row.xpath("./td")] for row in document.xpath("//tr[@class='o_plan_need']")
        ]
        # by life domain in the order of the domains (housing before employment), the whole
        # territory before a commune, each with its source
        self.assertEqual(
            [need[1] for need in needs], ["Discrimination au bail", "Logement", "Reconnaissance des diplômes"]
        )
        self.assertEqual(needs[1][0], self.charleroi.name)
        self.assertEqual(needs[0][2], "Enquête")
        priorities = [text(li) for li in document.xpath("//li[contains(@class, 'o_plan_priority')]")]
        self.assertEqual(len(priorities), 2)
        self.assertIn(self.label("cri.coordination.need", "life_domain", "employment"), priorities[1])
        levels = [
            text(div.xpath("./strong")[0])
            for div in document.xpath("//div[contains(@class, 'o_plan_level')]")
        ]
        self.assertEqual(
            levels,
            [
                self.label("cri.coordination.recommendation", "addressee_level", key)
                for key in ("commune", "region", "federal")
            ],
        )

    def test_the_pdf_shows_each_action_with_its_indicators_year_by_year(self):
        document = self.render_html(user=self.officer)
        [action] = document.xpath("//div[contains(concat(' ', @class, ' '), ' o_plan_action ')]")
        self.assertEqual(action.get("data-state"), "running")
        self.assertEqual(
            self.one(action, ".//*[contains(@class, 'o_plan_action_name')]"), "Action de Plan test CRIC"
        )
        self.assertEqual(
            self.one(action, ".//*[contains(@class, 'o_plan_action_partners')]"),
            "ASBL Test Passerelle, ASBL Test Réservée",
        )
        self.assertIn(
            "15/01/2024 - 30/06/2026", self.one(action, ".//*[contains(@class, 'o_plan_action_dates')]")
        )
        self.assertIn("Accès au logement", text(action))
        self.assertIn("Un mi-temps", text(action))
        self.assertIn("Axe 2", text(action))
        rows = [
            [text(cell) for cell in row.xpath("./td")]
            for row in action.xpath(".//tr[contains(@class, 'o_plan_indicator')]")
        ]
        # indicator, unit, target, 2024 ... 2029, progress: French numbers, an empty year stays empty
        self.assertEqual(rows[0], ["Personnes", "personnes", "100", "40", "87,5", "", "", "", "", "87,5 %"])
        self.assertEqual(rows[1], ["Heures", "heures", "2 000", "", "", "1 250", "", "", "", "62,5 %"])

    def test_every_cri_staff_and_the_observer_print_any_plan_a_portal_user_none(self):
        for user in (self.officer_cai, self.accountant, self.observer, self.manager):
            with self.subTest(user=user.login):
                document = self.render_html(user=user)
                self.assertEqual(
                    self.one(document, "//*[contains(@class, 'o_plan_title')]"), "Plan test CRIC"
                )
                self.assertEqual(
                    self.render_xlsx(user=user).worksheets[0]["D5"].value, "Action de Plan test CRIC"
                )
        with self.assertRaises(AccessError):
            self.render_html(user=self.portal)
        with self.assertRaises(AccessError):
            self.render_xlsx(user=self.portal)

    def test_the_files_are_named_after_the_plan(self):
        names = {}
        for xmlid in (
            "action_report_cri_coordination_plan",
            "action_report_cri_coordination_action_plan_xlsx",
        ):
            report = self.env.ref(f"cri_coordination.{xmlid}")
            names[xmlid] = safe_eval(report.print_report_name, {"object": self.plan_cric, "time": time})
        self.assertEqual(names["action_report_cri_coordination_plan"], "Plan test CRIC (2024-2029)")
        self.assertEqual(names["action_report_cri_coordination_action_plan_xlsx"], "Plan test CRIC - actions")

    def test_the_reports_are_in_the_print_menu_of_the_staff(self):
        reports = {
            self.env.ref("cri_coordination.action_report_cri_coordination_plan").id,
            self.env.ref("cri_coordination.action_report_cri_coordination_action_plan_xlsx").id,
        }
        Actions = self.env["ir.actions.actions"]
        for user in (self.reception, self.officer_cai, self.observer):
            with self.subTest(user=user.login):
                bound = Actions.with_user(user).get_bindings("cri.coordination.plan").get("report", [])
                self.assertLessEqual(reports, {action["id"] for action in bound})

    # Debian's wkhtmltopdf warns that it ignores the header and footer switches (unpatched Qt)
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_the_pdf_prints_the_plan_as_searchable_text(self):
        # an HTTP case: wkhtmltopdf fetches the report's styles from the server, which sees the
        # test transaction
        report = (
            self.env["ir.actions.report"].with_user(self.observer).with_context(force_report_rendering=True)
        )
        content, file_type = report._render_qweb_pdf(PDF_REPORT, self.plan_cric.ids)
        self.assertEqual(file_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "wkhtmltopdf produced the document")
        pages = PyPDF2.PdfReader(io.BytesIO(content)).pages
        printed = " ".join(" ".join(page.extract_text().translate(SPACES).split()) for page in pages)
        for expected in (
            "Plan test CRIC",
            self.company_cric.name,
            "Conseil communal de Charleroi",
            "10/03/2025",
            "Reconnaissance des diplômes",
            "Action de Plan test CRIC",
            "1 250",
            "87,5 %",
        ):
            self.assertIn(expected, printed)

    # ------------------------------------------------------------------ XLSX
    def test_the_xlsx_has_a_row_an_action_with_real_dates_and_numbers(self):
        sheet = self.render_xlsx().worksheets[0]
        self.assertEqual(sheet.title, "Plan test CRIC")
        headers = [cell.value for cell in sheet[HEADER_ROW]]
        self.assertEqual(
            headers[:10],
            [
                self.french(name)
                for name in (
                    "Plan",
                    "Priority",
                    "Life domain",
                    "Action",
                    "Carrying partners",
                    "Communes",
                    "Start",
                    "End",
                    "Status",
                    "PCS axis",
                )
            ],
        )
        years = [str(year) for year in range(2024, 2030)]
        block = [self.french("Unit"), self.french("Target"), *years, self.french("Progress")]
        self.assertEqual(headers[11:20], block)
        self.assertEqual(headers[21:30], block)
        self.assertEqual(sheet.max_row, HEADER_ROW + 1, "one row an action")
        row = [cell.value for cell in sheet[HEADER_ROW + 1]]
        self.assertEqual(
            row[:10],
            [
                "Plan test CRIC",
                "Accès au logement",
                self.label("cri.coordination.need", "life_domain", "housing"),
                "Action de Plan test CRIC",
                "ASBL Test Passerelle, ASBL Test Réservée",
                self.charleroi.name,
                datetime(2024, 1, 15),
                datetime(2026, 6, 30),
                self.label("cri.coordination.action", "state", "running"),
                "Axe 2",
            ],
        )
        self.assertEqual(row[10:20], ["Personnes", "personnes", 100, 40, 87.5, None, None, None, None, 0.875])
        self.assertEqual(row[20:30], ["Heures", "heures", 2000, None, None, 1250, None, None, None, 0.625])
        self.assertEqual(sheet.cell(HEADER_ROW + 1, 7).number_format, "dd/mm/yyyy")
        self.assertEqual(sheet.freeze_panes, f"E{HEADER_ROW + 1}")
        self.assertEqual(sheet.auto_filter.ref, f"A{HEADER_ROW}:AD{HEADER_ROW + 1}")

    def test_the_xlsx_rows_keep_the_record_rules_of_the_reader(self):
        # the CAI's officer reads the CRIC's plan, but not the organisation of the CRIC only:
        # neither does the form show it (the ORM), nor the workbook, nor the PDF
        self.env.invalidate_all()  # the cache holds what the CRIC's officer wrote
        self.assertEqual(self.action.with_user(self.officer_cai).partner_ids, self.partner)
        sheet = self.render_xlsx(user=self.officer_cai).worksheets[0]
        self.assertEqual(sheet.cell(HEADER_ROW + 1, 5).value, "ASBL Test Passerelle")
        document = self.render_html(user=self.officer_cai)
        self.assertEqual(
            self.one(document, "//*[contains(@class, 'o_plan_action_partners')]"), "ASBL Test Passerelle"
        )

    def test_a_plan_without_actions_prints_its_headers_only(self):
        sheet = self.render_xlsx(self.plan_cai, user=self.officer).worksheets[0]
        self.assertEqual(sheet.max_row, HEADER_ROW + 1)
        empty = self.make_plan(self.officer, "Plan vide", self.charleroi)
        empty.action_ids.unlink()
        sheet = self.render_xlsx(empty).worksheets[0]
        self.assertEqual(sheet.max_row, HEADER_ROW)
        self.assertEqual(sheet.cell(HEADER_ROW, 1).value, self.french("Plan"))
        self.assertFalse(
            self.render_html(empty).xpath("//div[contains(concat(' ', @class, ' '), ' o_plan_action ')]")
        )

    # ------------------------------------------------------------------ cost
    def make_actions(self, plan, count):
        env = self.env(user=self.officer)
        actions = env["cri.coordination.action"].create(
            [
                {
                    "name": f"Action {n}",
                    "plan_id": plan.id,
                    "priority_id": plan.priority_ids[:1].id,
                    "partner_ids": [Command.set(self.partner.ids)],
                    "commune_ids": [Command.set(self.charleroi.ids)],
                    "date_start": date(2024, 1 + n % 12, 1),
                    "indicator_ids": [
                        Command.create({"name": "Personnes", "unit": "personnes", "target": 50}),
                        Command.create({"name": "Séances", "unit": "séances", "target": 10}),
                    ],
                }
                for n in range(count)
            ]
        )
        env["cri.coordination.indicator.value"].create(
            [
                {"indicator_id": indicator.id, "year": year, "value": year - 2020}
                for indicator in actions.indicator_ids
                for year in range(2024, 2030)
            ]
        )

    def count_queries(self, render, plan):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        render(plan)
        return self.env.cr.sql_log_count - before

    def test_the_cost_of_the_reports_does_not_grow_with_the_actions(self):
        small = self.make_plan(self.officer, "Plan petit", self.charleroi)
        large = self.make_plan(self.officer, "Plan grand", self.charleroi)
        self.make_actions(small, 2)
        self.make_actions(large, 25)
        self.env.flush_all()
        self.assertEqual(self.render_xlsx(large).worksheets[0].max_row, HEADER_ROW + 26)
        for render in (self.render_xlsx, self.render_html):
            with self.subTest(report=render.__name__):
                # a first call fills the caches (templates, translations, access rules)
                render(small)
                queries_small = self.count_queries(render, small)
                queries_large = self.count_queries(render, large)
                self.assertLessEqual(queries_large, queries_small)
                self.assertLess(queries_small, 60)

    # ------------------------------------------------------------------ by URL
    def fetch(self, user, url):
        self.authenticate(user.login, user.login)
        with mute_logger(*REFUSAL_LOGGERS):
            return self.url_open(f"{url}/{self.plan_cric.id}")

    def test_by_url_the_staff_of_any_cri_print_the_plan_a_portal_user_nothing(self):
        for kind, url in (("pdf", f"/report/pdf/{PDF_REPORT}"), ("xlsx", f"/report/xlsx/{XLSX_REPORT}")):
            for user in (self.officer_cai, self.observer):
                with self.subTest(url=url, user=user.login):
                    response = self.fetch(user, url)
                    self.assertEqual(response.status_code, 200, response.text[:300])
                    if kind == "xlsx":
                        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
                        self.assertEqual(sheet.title, "Plan test CRIC")
                    else:
                        # the test server renders the HTML of the PDF (no wkhtmltopdf in tests)
                        self.assertIn("Plan test CRIC", response.text)
            with self.subTest(url=url, user="portal"):
                response = self.fetch(self.portal, url)
                self.assertIn(response.status_code, (400, 403), response.text[:300])
                self.assertNotIn(b"PK\x03\x04", response.content[:4], "no workbook")
                self.assertNotIn("Action de Plan test CRIC", response.text)
