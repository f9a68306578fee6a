"""Where the pathway meets the roles: each stage's buttons work for the roles that own the stage,
the workflow's fields are the server's whatever the client's context says, and the documents are
printed by URL only by whom the server allows, for files that qualify."""

import json
from datetime import date
from urllib.parse import quote

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import PathwayHttpCase

CERTIFICATE = "cri_parcours.report_certificate"
LETTER = "cri_parcours.report_sanction_letter"


@tagged("post_install", "-at_install")
class TestRoleSeams(RpcMixin, PathwayHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[(6, 0, companies.ids)],
            )

        cls.seam_agent = user("seam-agent-cric", "cri_base.group_reception_agent", cls.company_cric)
        cls.seam_social = user("seam-social-cric", "cri_base.group_social_worker", cls.company_cric)
        cls.seam_agent_cai = user("seam-agent-cai", "cri_base.group_reception_agent", cls.company_cai)
        cls.seam_observer = user(
            "seam-observer", "cri_base.group_region_observer", cls.company_cric | cls.company_cai
        )
        cls.seam_trainer = user("seam-trainer-cric", "cri_base.group_trainer", cls.company_cric)
        cls.seam_accountant = user("seam-accountant-cric", "cri_base.group_accountant", cls.company_cric)
        operator = cls.env["res.partner"].create({"name": "Operator Seam (test)", "is_company": True})
        contact = cls.env["res.partner"].create({"name": "Contact Seam", "parent_id": operator.id})
        cls.seam_portal = new_test_user(
            cls.env,
            login="seam-portal",
            password="seam-portal",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        cls.person = cls.make_person(name="Nadia Seamtestperson")
        cls.done = cls.to_convention(cls.make_file(date(2024, 9, 2), person=cls.person), date(2024, 10, 1))
        for module in cls.done.module_ids:
            cls.attend(module, module.required_hours)
            module.action_complete()
        cls.done.action_issue_certificate()
        cls.running = cls.to_convention(cls.make_file(date(2024, 9, 2)), date(2024, 10, 1))
        cls.letter = cls.env["cri.pathway.sanction"].create(
            {
                "pathway_id": cls.running.id,
                "step_id": cls.running.regime_id.sanction_step_ids[:1].id,
                "deadline_kind": "presentation",
                "deadline": date(2024, 9, 3),
                "date": date(2024, 9, 4),
            }
        )

    # ------------------------------------------------------------------ stages and their roles
    def test_a_reception_agent_receives_and_signs_the_convention_through_rpc(self):
        pathway = self.make_file(date(2024, 9, 2))
        login = self.seam_agent.login
        self.assertEqual(
            self.call_kw(login, "cri.pathway", "action_start_reception", [pathway.ids]), (True, None)
        )
        _result, error = self.call_kw(
            login, "cri.pathway", "write", [pathway.ids, {"rights_info_date": "2024-09-10"}]
        )
        self.assertIsNone(error)
        _result, error = self.call_kw(login, "cri.pathway", "action_sign_convention", [pathway.ids])
        self.assertIsNone(error, "the reception agent signs the convention")
        pathway.invalidate_recordset()
        self.assertEqual(pathway.state, "convention")
        self.assertTrue(pathway.module_ids, "the regime's modules are created")
        self.assertTrue(
            pathway.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("cri_parcours.mail_activity_type_evaluation")
            ),
            "the first evaluation is scheduled",
        )
        # signing did not open the evaluations to the reception agent
        self.assertRefused(self.call_kw(login, "cri.pathway.evaluation", "search_read", [[], ["report"]]))

    def test_the_next_evaluation_counts_from_the_last_one(self):
        pathway = self.running
        self.env["cri.pathway.evaluation"].with_user(self.social_worker).create(
            {"pathway_id": pathway.id, "date": date(2025, 2, 1), "report": "Going well."}
        )
        self.assertEqual(pathway.last_evaluation_date, date(2025, 2, 1))
        _result, error = self.call_kw(
            self.seam_social.login,
            "cri.pathway",
            "write",
            [pathway.ids, {"last_evaluation_date": "2026-01-01"}],
        )
        self.assertEqual(error, "UserError")
        self.assertEqual(pathway.last_evaluation_date, date(2025, 2, 1))

    # ------------------------------------------------------------------ the persons of the files
    def test_a_newcomer_is_found_by_the_pathway_s_staff_only(self):
        person = self.done.partner_id
        domain = [("name", "ilike", "Seamtestperson")]
        for user in (self.seam_agent, self.seam_social):
            with self.subTest(login=user.login):
                found, error = self.call_kw(user.login, "res.partner", "search_read", [domain, ["name"]])
                self.assertEqual([row["id"] for row in found], person.ids, error)
        # the other staff of the same CRI, another CRI and the Region: not found, not read by id
        for user in (self.seam_trainer, self.seam_accountant, self.seam_agent_cai, self.seam_observer):
            with self.subTest(login=user.login):
                self.assertEqual(
                    self.call_kw(user.login, "res.partner", "search_read", [domain, ["name"]]), ([], None)
                )
                self.assertRefused(self.call_kw(user.login, "res.partner", "read", [person.ids, ["name"]]))

    def test_trainers_and_accountants_create_no_contact(self):
        for user in (self.seam_trainer, self.seam_accountant):
            with self.subTest(login=user.login):
                self.assertRefused(self.call_kw(user.login, "res.partner", "create", [{"name": "Someone"}]))

    # ------------------------------------------------------------------ the workflow's fields
    def test_a_client_context_gives_a_new_file_no_stage_nor_number(self):
        context = {
            "default_state": "done",
            "default_certificate_number": "ATT/FORGED/1",
            "default_eligibility": "exempted",
            "default_end_date": "2024-12-31",
        }
        person = self.make_person()
        values = {
            "partner_id": person.id,
            "commune_id": self.charleroi.id,
            "registration_date": "2024-09-02",
            "permit_type": "a_card",
            "permit_duration_months": 12,
            "stay_start_date": "2024-07-02",
        }
        file_id, error = self.call_kw(
            self.seam_agent.login, "cri.pathway", "create", [values], {"context": context}
        )
        self.assertIsNone(error)
        pathway = self.env["cri.pathway"].browse(file_id)
        self.assertEqual(pathway.state, "referral")
        self.assertFalse(pathway.certificate_number)
        self.assertFalse(pathway.end_date)
        self.assertEqual(pathway.eligibility, "mandatory", "computed from the file, not from the context")

    def test_a_new_file_cannot_be_given_a_stage(self):
        person = self.make_person()
        _result, error = self.call_kw(
            self.seam_agent.login,
            "cri.pathway",
            "create",
            [{"partner_id": person.id, "commune_id": self.charleroi.id, "state": "done"}],
        )
        self.assertEqual(error, "UserError")
        self.assertFalse(self.env["cri.pathway"].search([("partner_id", "=", person.id)]))

    # ------------------------------------------------------------------ documents by URL
    def fetch(self, login, report, ids, converter="html", query=""):
        self.authenticate(login, login)
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_actions_report"):
            return self.url_open(f"/report/{converter}/{report}/{','.join(map(str, ids))}{query}")

    def assertPrinted(self, response, text):
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn(text, response.text)

    def assertNotPrinted(self, response, text):
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(text, response.text)

    def test_the_certificate_is_printed_by_the_file_s_cri_only(self):
        name = "Seamtestperson"
        self.assertPrinted(self.fetch(self.seam_agent.login, CERTIFICATE, self.done.ids), name)
        self.assertPrinted(self.fetch(self.seam_social.login, CERTIFICATE, self.done.ids), name)
        for user in (self.seam_agent_cai, self.seam_observer, self.seam_trainer, self.seam_accountant):
            with self.subTest(login=user.login):
                self.assertNotPrinted(self.fetch(user.login, CERTIFICATE, self.done.ids), name)
        response = self.fetch(self.seam_portal.login, CERTIFICATE, self.done.ids)
        self.assertNotIn(name, response.text)

    def test_no_certificate_for_a_file_not_completed_whatever_the_url_says(self):
        options = quote(json.dumps({"doc_ids": self.done.ids, "docs": self.done.ids, "force": True}))
        context = quote(json.dumps({"active_ids": self.done.ids, "active_model": "cri.pathway"}))
        for query in ("", f"?options={options}", f"?context={context}"):
            with self.subTest(query=query):
                response = self.fetch(self.seam_social.login, CERTIFICATE, self.running.ids, query=query)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("Seamtestperson", response.text)

    def test_the_report_s_options_never_reach_the_template(self):
        Report = self.env["ir.actions.report"].with_user(self.seam_social)
        report = Report._get_report(CERTIFICATE)
        values = Report._get_rendering_context(
            report, self.done.ids, {"report_type": "html", "docs": self.running.ids, "partner": 1}
        )
        self.assertEqual(values["docs"], self.done)
        self.assertNotIn("partner", values)
        self.assertEqual(values["report_type"], "html")

    def test_the_sanction_letter_is_printed_by_the_file_s_cri_only(self):
        name = self.running.partner_id.name
        self.assertPrinted(self.fetch(self.seam_agent.login, LETTER, self.letter.ids), name)
        for user in (self.seam_agent_cai, self.seam_observer, self.seam_accountant, self.seam_portal):
            with self.subTest(login=user.login):
                self.assertNotIn(name, self.fetch(user.login, LETTER, self.letter.ids).text)
