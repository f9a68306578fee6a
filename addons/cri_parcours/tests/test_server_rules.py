"""The rules of the pathway are the server's: tried through the web client's own RPC route
(/web/dataset/call_kw) and XML-RPC, as the weakest role that reaches each model, on another
CRI's records and by guessing ids."""

import base64
import importlib.util
import json
import xmlrpc.client
from datetime import date
from pathlib import Path

from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today

from .common import PathwayHttpCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestServerRules(PathwayHttpCase):
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

        cls.rpc_agent = user("rpc-agent-cric", "cri_base.group_reception_agent", cls.company_cric)
        cls.rpc_social = user("rpc-social-cric", "cri_base.group_social_worker", cls.company_cric)
        cls.rpc_manager = user("rpc-manager-cric", "cri_base.group_manager", cls.company_cric)
        cls.rpc_agent_cai = user("rpc-agent-cai", "cri_base.group_reception_agent", cls.company_cai)
        cls.rpc_manager_cai = user("rpc-manager-cai", "cri_base.group_manager", cls.company_cai)
        cls.rpc_observer = user(
            "rpc-observer", "cri_base.group_region_observer", cls.company_cric | cls.company_cai
        )
        cls.rpc_region_admin = user(
            "rpc-region-admin", "cri_base.group_region_admin", cls.company_cric | cls.company_cai
        )
        cls.operator_a, cls.operator_b = cls.env["res.partner"].create(
            [
                {"name": "Operator Rpc A (test)", "is_company": True},
                {"name": "Operator Rpc B (test)", "is_company": True},
            ]
        )
        cls.portal_a = cls._portal("rpc-portal-a", cls.operator_a)
        cls.portal_b = cls._portal("rpc-portal-b", cls.operator_b)
        cls.running = cls.to_convention(cls.make_file(date(2024, 9, 2)), date(2024, 10, 1))
        cls.french_a = cls.module(cls.running, "french")
        cls.french_a.operator_id = cls.operator_a
        cls.citizenship_a = cls.module(cls.running, "citizenship")
        cls.citizenship_a.operator_id = cls.operator_a
        other = cls.to_convention(cls.make_file(date(2024, 9, 2)), date(2024, 10, 1))
        cls.french_b = cls.module(other, "french")
        cls.french_b.operator_id = cls.operator_b
        cls.cai_file = cls.make_file(
            date(2024, 9, 2), commune_id=cls.namur.id, social_worker_id=cls.social_worker_cai.id
        )

    @classmethod
    def _portal(cls, login, operator):
        contact = cls.env["res.partner"].create({"name": f"Contact {login}", "parent_id": operator.id})
        return new_test_user(
            cls.env, login=login, password=login, groups="base.group_portal", partner_id=contact.id
        )

    # ------------------------------------------------------------------ RPC helpers
    def call(self, login, model, method, args, kwargs=None):
        """(result, error) of a call_kw as ``login``: error is (exception name, message)."""
        self.authenticate(login, login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            )
        body = response.json()
        if "error" in body:
            data = body["error"]["data"]
            return None, (data["name"].rsplit(".", 1)[-1], data["message"])
        return body.get("result"), None

    def assertRefused(self, outcome, error="", message=""):
        result, failure = outcome
        self.assertIsNone(result, "the server accepted what it must refuse")
        self.assertIsNotNone(failure)
        if error:
            self.assertEqual(failure[0], error, failure[1])
        if message:
            self.assertIn(message, failure[1])

    def assertAccepted(self, outcome):
        result, failure = outcome
        self.assertIsNone(failure, failure and failure[1])
        return result

    # ------------------------------------------------------------------ 1. personal data
    def test_person_created_at_one_cri_is_not_found_by_another_cri_nor_the_region(self):
        person_id = self.assertAccepted(
            self.call("rpc-agent-cric", "res.partner", "create", [{"name": "Zora Rpcperson (test)"}])
        )
        file_id = self.assertAccepted(
            self.call(
                "rpc-agent-cric",
                "cri.pathway",
                "create",
                [
                    {
                        "partner_id": person_id,
                        "commune_id": self.charleroi.id,
                        "registration_date": "2024-09-02",
                    }
                ],
            )
        )
        person = self.env["res.partner"].browse(person_id)
        self.assertEqual(person.company_id, self.company_cric, "the person belongs to the file's CRI")
        self.assertEqual(self.env["cri.pathway"].browse(file_id).company_id, self.company_cric)
        for login in ("rpc-agent-cai", "rpc-manager-cai", "rpc-observer", "rpc-region-admin"):
            with self.subTest(login=login):
                found = self.assertAccepted(
                    self.call(
                        login, "res.partner", "search_read", [[("name", "ilike", "Rpcperson")], ["name"]]
                    )
                )
                self.assertEqual(found, [])
                self.assertRefused(
                    self.call(login, "res.partner", "read", [[person_id], ["name", "birthdate_date"]])
                )
                names = self.assertAccepted(self.call(login, "res.partner", "name_search", ["Rpcperson"]))
                self.assertEqual(names, [])
        # the CRI that serves the person still finds it
        found = self.assertAccepted(
            self.call("rpc-manager-cric", "res.partner", "search_read", [[("id", "=", person_id)], ["name"]])
        )
        self.assertEqual([r["id"] for r in found], [person_id])

    def test_a_file_cannot_take_a_person_of_another_cri(self):
        cai_person = self.cai_file.partner_id
        self.assertEqual(cai_person.company_id, self.company_cai)
        self.assertRefused(
            self.call(
                "rpc-agent-cric",
                "cri.pathway",
                "create",
                [
                    {
                        "partner_id": cai_person.id,
                        "commune_id": self.charleroi.id,
                        "registration_date": "2024-09-02",
                    }
                ],
            )
        )
        self.assertFalse(
            self.env["cri.pathway"].search(
                [("partner_id", "=", cai_person.id), ("id", "!=", self.cai_file.id)]
            )
        )

    def test_transfer_moves_the_person_to_the_receiving_cri(self):
        pathway = self.make_file(date(2024, 9, 2))
        person = pathway.partner_id
        wizard_id = self.assertAccepted(
            self.call(
                "rpc-agent-cric",
                "cri.pathway.transfer.wizard",
                "create",
                [{"pathway_id": pathway.id, "commune_id": self.namur.id}],
            )
        )
        self.assertAccepted(
            self.call("rpc-agent-cric", "cri.pathway.transfer.wizard", "action_confirm", [[wizard_id]])
        )
        self.assertEqual(pathway.state, "transferred")
        self.assertEqual(person.company_id, self.company_cai)
        self.assertEqual(pathway.transferred_to_id.company_id, self.company_cai)

    def test_migration_moves_existing_persons_into_their_cri(self):
        pathway = self.make_file(date(2024, 9, 2))
        person = pathway.partner_id
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET company_id = NULL WHERE id = %s", [person.id])
        person.invalidate_recordset(["company_id"])
        self.assertFalse(person.company_id)
        path = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"
        spec = importlib.util.spec_from_file_location("cri_parcours_post_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        person.invalidate_recordset(["company_id"])
        self.assertEqual(person.company_id, self.company_cric)

    # ------------------------------------------------------------------ 1. documents
    def test_medical_evidence_is_read_by_those_who_read_the_exemption_only(self):
        exemption = self.env["cri.pathway.exemption"].create(
            {
                "pathway_id": self.running.id,
                "reason_id": self.medical.id,
                "evidence_file": base64.b64encode(PDF),
                "evidence_filename": "certificate.pdf",
            }
        )
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", exemption._name),
                ("res_id", "=", exemption.id),
                ("res_field", "=", "evidence_file"),
            ]
        )
        self.assertEqual(len(attachment), 1, "the evidence is an attachment of the exemption itself")
        self.assertAccepted(
            self.call("rpc-social-cric", "ir.attachment", "read", [attachment.ids, ["datas"]])
        )
        for login in ("rpc-agent-cric", "rpc-agent-cai", "rpc-manager-cai", "rpc-observer", "rpc-portal-a"):
            with self.subTest(login=login):
                self.assertRefused(self.call(login, "ir.attachment", "read", [attachment.ids, ["datas"]]))
                self.authenticate(login, login)
                response = self.url_open(f"/web/content/{attachment.id}")
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(PDF, response.content)

    def test_attendance_sheet_is_read_by_its_operator_and_cri_only(self):
        line = self.env["cri.pathway.attendance"].create(
            {
                "module_id": self.french_a.id,
                "date": date(2025, 1, 6),
                "hours": 3,
                "sheet": base64.b64encode(PDF),
                "sheet_name": "sheet.pdf",
            }
        )
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", line._name), ("res_id", "=", line.id), ("res_field", "=", "sheet")]
        )
        self.assertEqual(len(attachment), 1)
        for login in ("rpc-portal-b", "rpc-agent-cai"):
            with self.subTest(login=login):
                self.assertRefused(self.call(login, "ir.attachment", "read", [attachment.ids, ["datas"]]))
                self.authenticate(login, login)
                self.assertNotIn(PDF, self.url_open(f"/web/content/{attachment.id}").content)
        self.authenticate("rpc-portal-a", "rpc-portal-a")
        response = self.url_open(f"/my/learners/{self.french_a.id}/sheet/{line.id}")
        self.assertEqual(response.content, PDF)

    # ------------------------------------------------------------------ 1. portal
    def test_portal_never_shows_the_file_number(self):
        file_number = self.running.name
        records = self.assertAccepted(
            self.call(
                "rpc-portal-a",
                "cri.pathway.module",
                "web_search_read",
                [],
                {"domain": [], "specification": {"display_name": {}, "learner_name": {}}},
            )
        )["records"]
        self.assertTrue(records)
        self.assertNotIn(file_number, json.dumps(records))
        self.assertRefused(
            self.call("rpc-portal-a", "cri.pathway.module", "read", [self.french_a.ids, ["pathway_id"]])
        )
        # nor by searching on it
        self.assertRefused(
            self.call(
                "rpc-portal-a", "cri.pathway.module", "search_read", [[("pathway_id", "=", self.running.id)]]
            )
        )
        fields = self.assertAccepted(self.call("rpc-portal-a", "cri.pathway.module", "fields_get", [], {}))
        self.assertNotIn("pathway_id", fields)
        self.authenticate("rpc-portal-a", "rpc-portal-a")
        for url in ("/my/learners", f"/my/learners/{self.french_a.id}"):
            with self.subTest(url=url):
                page = self.url_open(url)
                self.assertEqual(page.status_code, 200)
                self.assertIn(self.running.partner_id.name, page.text)
                self.assertNotIn(file_number, page.text)

    # ------------------------------------------------------------------ 2. workflow fields
    def test_direct_write_of_each_workflow_field_is_refused(self):
        values = {
            "state": "done",
            "reception_date": "2024-09-03",
            "convention_date": "2024-09-03",
            "certificate_date": "2024-09-03",
            "certificate_number": "ATT/FAKE/1",
            "end_date": "2024-09-03",
            "abandon_reason": "typed by hand",
            "deadline_missed": True,
            "sanction_step_id": self.env.ref("cri_parcours.regime_2024_sanction_report").id,
            "sanction_deadline_kind": "french",
            "sanction_next_date": "2030-01-01",
            "eligibility": "exempted",
            "is_mandatory": False,
            "regime_id": self.regime_2016.id,
            "presentation_deadline": "2030-01-01",
            "convention_end_date": "2030-01-01",
            "next_deadline": "2030-01-01",
            "transferred_to_id": self.cai_file.id,
        }
        before = self.running.read(list(values))[0]
        for field, value in values.items():
            with self.subTest(field=field):
                self.assertRefused(
                    self.call("rpc-manager-cric", "cri.pathway", "write", [self.running.ids, {field: value}]),
                    error="UserError",
                )
        self.running.invalidate_recordset()
        self.assertEqual(self.running.read(list(values))[0], before)

    def test_a_file_cannot_be_created_at_a_later_stage(self):
        person = self.make_person()
        self.assertRefused(
            self.call(
                "rpc-agent-cric",
                "cri.pathway",
                "create",
                [
                    {
                        "partner_id": person.id,
                        "commune_id": self.charleroi.id,
                        "registration_date": "2024-09-02",
                        "state": "done",
                        "certificate_number": "ATT/FAKE/2",
                    }
                ],
            ),
            error="UserError",
        )
        self.assertFalse(self.env["cri.pathway"].search([("partner_id", "=", person.id)]))

    def test_buttons_still_move_the_file(self):
        pathway = self.make_file(date(2024, 9, 2))
        self.assertAccepted(
            self.call("rpc-agent-cric", "cri.pathway", "action_start_reception", [pathway.ids])
        )
        self.assertEqual(pathway.state, "reception")
        self.assertEqual(pathway.reception_date, legal_today())

    def test_module_status_and_hours_change_only_through_their_rules(self):
        module = self.french_a
        for field, value in (
            ("state", "done"),
            ("required_hours", 1),
            ("attended_hours", 500),
            ("target_level", "a1"),
        ):
            with self.subTest(field=field):
                self.assertRefused(
                    self.call(
                        "rpc-manager-cric", "cri.pathway.module", "write", [module.ids, {field: value}]
                    ),
                    error="UserError",
                )
        self.assertRefused(
            self.call(
                "rpc-social-cric",
                "cri.pathway.module",
                "write",
                [module.ids, {"hours_adjusted": 10, "hours_adjustment_reason": "Learner already fluent"}],
            ),
            error="AccessError",
        )
        self.assertRefused(
            self.call(
                "rpc-manager-cric", "cri.pathway.module", "write", [module.ids, {"hours_adjusted": 10}]
            ),
            error="ValidationError",
        )
        self.assertEqual(module.required_hours, self.regime_2024._line_for("french").hours)
        self.assertAccepted(
            self.call(
                "rpc-manager-cric",
                "cri.pathway.module",
                "write",
                [module.ids, {"hours_adjusted": 10, "hours_adjustment_reason": "Learner already fluent"}],
            )
        )
        self.assertEqual(module.required_hours, 10)
        self.flush_tracking()
        tracked = module.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "hours_adjustment_reason"
        )
        self.assertTrue(tracked, "the reason of the adjustment is in the module's history")

    def test_only_a_manager_reopens_a_module(self):
        module = self.citizenship_a
        module.action_abandon()
        self.assertRefused(
            self.call("rpc-social-cric", "cri.pathway.module", "action_reopen", [module.ids]),
            error="AccessError",
        )
        self.assertEqual(module.state, "abandoned")
        self.assertAccepted(
            self.call("rpc-manager-cric", "cri.pathway.module", "action_reopen", [module.ids])
        )
        self.assertEqual(module.state, "in_progress")

    # ------------------------------------------------------------------ 2. records of a file
    def test_records_of_a_file_are_created_on_own_cri_files_only(self):
        file_id = self.running.id
        children = {
            "cri.pathway.need": {"domain": "housing", "description": "Flat"},
            "cri.pathway.action": {"domain": "housing", "description": "Called the landlord"},
            "cri.pathway.evaluation": {"report": "All good"},
            "cri.pathway.extension": {"months": 3, "reason": "Illness"},
            "cri.pathway.exemption": {"reason_id": self.medical.id},
            "cri.pathway.appointment": {"start": "2025-01-06 09:00:00", "stop": "2025-01-06 10:00:00"},
            "cri.interpreting.request": {
                "language_id": self.env.ref("cri_parcours.language_ar").id,
                "date": "2025-01-06 09:00:00",
            },
            "cri.pathway.module": {"module_type": "french"},
        }
        for model, vals in children.items():
            with self.subTest(model=model):
                before = self.env[model].search_count([("pathway_id", "=", file_id)])
                self.assertRefused(
                    self.call("rpc-manager-cai", model, "create", [{"pathway_id": file_id, **vals}])
                )
                self.assertEqual(self.env[model].search_count([("pathway_id", "=", file_id)]), before)
        # a sanction step is the daily check's: nobody creates one by hand
        self.assertRefused(
            self.call(
                "rpc-manager-cric",
                "cri.pathway.sanction",
                "create",
                [
                    {
                        "pathway_id": file_id,
                        "step_id": self.env.ref("cri_parcours.regime_2024_sanction_report").id,
                        "deadline_kind": "french",
                        "deadline": "2025-01-01",
                    }
                ],
            ),
            error="AccessError",
        )
        # a guessed id of no file at all
        self.assertRefused(
            self.call(
                "rpc-manager-cric",
                "cri.pathway.need",
                "create",
                [{"pathway_id": 999999, **children["cri.pathway.need"]}],
            )
        )

    def test_records_of_a_file_never_move_to_another_file(self):
        other = self.make_file(date(2024, 9, 2))
        need = self.env["cri.pathway.need"].create(
            {"pathway_id": self.running.id, "domain": "housing", "description": "Flat"}
        )
        appointment = self.env["cri.pathway.appointment"].create(
            {"pathway_id": self.running.id, "start": "2025-01-06 09:00:00", "stop": "2025-01-06 10:00:00"}
        )
        for record in (need, appointment, self.french_a):
            with self.subTest(model=record._name):
                self.assertRefused(
                    self.call(
                        "rpc-manager-cric", record._name, "write", [record.ids, {"pathway_id": other.id}]
                    ),
                    error="UserError",
                )
                self.assertEqual(record.pathway_id, self.running)

    # ------------------------------------------------------------------ 2. portal attendance
    def test_operator_writes_only_its_form_fields_on_its_own_lines(self):
        line = self.env["cri.pathway.attendance"].create(
            {"module_id": self.french_a.id, "date": date(2025, 1, 6), "hours": 3}
        )
        # moving the line to another module, even one of the same operator
        self.assertRefused(
            self.call(
                "rpc-portal-a",
                "cri.pathway.attendance",
                "write",
                [line.ids, {"module_id": self.citizenship_a.id}],
            )
        )
        self.assertEqual(line.module_id, self.french_a)
        for field, value in (("company_id", self.company_cai.id), ("operator_id", self.operator_b.id)):
            with self.subTest(field=field):
                self.assertRefused(
                    self.call("rpc-portal-a", "cri.pathway.attendance", "write", [line.ids, {field: value}])
                )
        self.assertEqual(self.french_a.operator_id, self.operator_a)
        # another operator's line is out of reach, by search and by id
        self.assertRefused(
            self.call("rpc-portal-b", "cri.pathway.attendance", "write", [line.ids, {"hours": 1}])
        )
        self.assertRefused(
            self.call(
                "rpc-portal-b",
                "cri.pathway.attendance",
                "create",
                [{"module_id": self.french_a.id, "date": "2025-01-07", "hours": 2}],
            )
        )
        self.assertEqual(line.hours, 3)
        # the operator's own form fields
        self.assertAccepted(
            self.call(
                "rpc-portal-a",
                "cri.pathway.attendance",
                "write",
                [line.ids, {"hours": 2.5, "sheet": base64.b64encode(PDF).decode(), "sheet_name": "s.pdf"}],
            )
        )
        self.assertEqual(line.hours, 2.5)
        # the sheet is fixed once written
        self.assertRefused(
            self.call(
                "rpc-portal-a",
                "cri.pathway.attendance",
                "write",
                [line.ids, {"sheet": base64.b64encode(PDF + b"%other").decode()}],
            ),
            error="UserError",
        )

    def test_operator_cannot_upload_something_else_than_a_scan(self):
        self.assertRefused(
            self.call(
                "rpc-portal-a",
                "cri.pathway.attendance",
                "create",
                [
                    {
                        "module_id": self.french_a.id,
                        "date": "2025-01-08",
                        "hours": 2,
                        "sheet": base64.b64encode(b"<script>alert(1)</script>").decode(),
                    }
                ],
            ),
            error="ValidationError",
        )

    # ------------------------------------------------------------------ 2. reference data
    def test_a_cri_manager_cannot_change_reference_data(self):
        attempts = [
            ("cri.commune", "write", [self.charleroi.ids, {"center_id": self.center_cai.id}]),
            ("cri.pathway.regime", "write", [self.regime_2024.ids, {"presentation_deadline_months": 1}]),
            ("cri.pathway.regime.line", "write", [self.regime_2024.line_ids[:1].ids, {"hours": 1}]),
            ("cri.pathway.module.type", "create", [{"name": "Home-made module", "code": "home_made"}]),
            ("cri.pathway.regime", "create", [{"name": "Home-made", "date_from": "2030-01-01"}]),
            ("cri.pathway.exemption.reason", "write", [self.medical.ids, {"is_medical": False}]),
            ("cri.language", "create", [{"name": "Klingon (test)"}]),
            ("cri.partner.role", "create", [{"name": "Role (test)", "code": "test_role"}]),
        ]
        for model, method, args in attempts:
            with self.subTest(model=model, method=method):
                self.assertRefused(self.call("rpc-manager-cric", model, method, args), error="AccessError")
        self.assertEqual(self.charleroi.center_id, self.center_cric)
        self.assertTrue(self.medical.is_medical)
        # the Region administrator does it
        self.assertAccepted(
            self.call(
                "rpc-region-admin",
                "cri.pathway.exemption.reason",
                "write",
                [self.medical.ids, {"sequence": 3}],
            )
        )
        self.assertEqual(self.medical.sequence, 3)

    def test_a_cri_manager_proposes_a_correction_to_the_region(self):
        wizard_id = self.assertAccepted(
            self.call(
                "rpc-manager-cric",
                "cri.correction.wizard",
                "create",
                [{"res_model": "cri.commune", "res_id": self.charleroi.id, "proposal": "Wrong postal code"}],
            )
        )
        self.assertAccepted(
            self.call("rpc-manager-cric", "cri.correction.wizard", "action_send", [[wizard_id]])
        )
        # a proposal, reviewed by each Region administrator as an activity on the record
        proposal = self.env["cri.correction.proposal"].search([("proposal", "=", "Wrong postal code")])
        self.assertEqual((proposal.res_model, proposal.res_id), ("cri.commune", self.charleroi.id))
        self.assertIn(self.rpc_region_admin, self.charleroi.activity_ids.user_id)
        self.assertRefused(
            self.call("rpc-manager-cric", "cri.correction.proposal", "action_accept", [proposal.ids]),
            error="AccessError",
        )
        self.assertAccepted(
            self.call(
                "rpc-region-admin", "cri.correction.proposal", "write", [proposal.ids, {"answer": "Done."}]
            )
        )
        self.assertAccepted(
            self.call("rpc-region-admin", "cri.correction.proposal", "action_accept", [proposal.ids])
        )
        self.env.invalidate_all()
        self.assertEqual(proposal.state, "accepted")
        self.assertFalse(proposal.review_activity_ids)
        # and on a regime, which a manager only reads
        wizard_id = self.assertAccepted(
            self.call(
                "rpc-manager-cric",
                "cri.correction.wizard",
                "create",
                [
                    {
                        "res_model": "cri.pathway.regime",
                        "res_id": self.regime_2024.id,
                        "proposal": "Hours changed",
                    }
                ],
            )
        )
        self.assertAccepted(
            self.call("rpc-manager-cric", "cri.correction.wizard", "action_send", [[wizard_id]])
        )
        self.assertTrue(
            self.env["cri.correction.proposal"].search(
                [("res_model", "=", "cri.pathway.regime"), ("res_id", "=", self.regime_2024.id)]
            )
        )
        # the button's groups hold on the server too
        wizard_id = self.assertAccepted(
            self.call(
                "rpc-agent-cric",
                "cri.correction.wizard",
                "create",
                [{"res_model": "cri.commune", "res_id": self.charleroi.id, "proposal": "From an agent"}],
            )
        )
        self.assertRefused(
            self.call("rpc-agent-cric", "cri.correction.wizard", "action_send", [[wizard_id]]),
            error="AccessError",
        )
        self.assertFalse(self.env["cri.correction.proposal"].search([("proposal", "=", "From an agent")]))
        # a correction is about reference data, not about a file
        self.assertRefused(
            self.call(
                "rpc-manager-cric",
                "cri.correction.wizard",
                "create",
                [{"res_model": "cri.pathway", "res_id": self.running.id, "proposal": "x"}],
            )
        )

    def test_a_2024_convention_is_shorter_for_a_permit_issued_before_the_decree(self):
        self.assertEqual(
            (self.regime_2024.convention_months, self.regime_2024.earlier_permit_convention_months), (36, 18)
        )
        earlier = self.to_convention(
            self.make_file(date(2024, 9, 2), permit_date=date(2024, 3, 1)), date(2024, 10, 1)
        )
        later = self.to_convention(
            self.make_file(date(2024, 9, 2), permit_date=date(2024, 6, 1)), date(2024, 10, 1)
        )
        self.assertEqual(earlier.regime_id, self.regime_2024)
        self.assertEqual(earlier.convention_end_date, date(2026, 4, 1))
        self.assertEqual(later.convention_end_date, date(2027, 10, 1))

    def _edit_line(self, code, values):
        """A module of the 2024 regime changed by the Region administrator, through the regime
        change wizard (a direct write is refused while files run)."""
        line = self.regime_2024._line_for(code)
        self.assertRefused(
            self.call("rpc-region-admin", "cri.pathway.regime.line", "write", [line.ids, values]),
            error="UserError",
            message="Change the Rules",
        )
        context = {"default_regime_id": self.regime_2024.id}
        change_id = self.assertAccepted(
            self.call("rpc-region-admin", "cri.pathway.regime.change", "create", [{}], {"context": context})
        )
        change = self.env["cri.pathway.regime.change"].browse(change_id)
        change_line = change.line_ids.filtered(lambda wizard_line: wizard_line.regime_line_id == line)
        self.assertAccepted(
            self.call(
                "rpc-region-admin", "cri.pathway.regime.change.line", "write", [change_line.ids, values]
            )
        )
        outcome = self.call("rpc-region-admin", "cri.pathway.regime.change", "action_apply", [[change_id]])
        self.env.invalidate_all()
        return outcome

    def test_a_regime_edit_leaves_closed_files_as_they_were_closed(self):
        closed = self.to_convention(self.make_file(date(2024, 9, 2)), date(2024, 10, 1))
        closed._do_abandon("Moved abroad")
        deadline = self.deadline(closed, "french")
        months = self.regime_2024._line_for("french").deadline_months
        self.assertAccepted(self._edit_line("french", {"deadline_months": months + 2}))
        self.assertEqual(self.deadline(closed, "french"), deadline)
        self.assertNotEqual(self.deadline(self.running, "french"), deadline)

    def test_a_regime_edit_reaches_the_deadlines_of_open_files(self):
        pathway = self.running
        old = self.deadline(pathway, "citizenship")
        self.assertEqual(pathway.next_deadline, old)
        months = self.regime_2024._line_for("citizenship").deadline_months
        self.assertAccepted(self._edit_line("citizenship", {"deadline_months": months + 2}))
        self.assertEqual(self.citizenship_a.deadline, self.regime_2024._add_months(old, 2))
        self.assertEqual(pathway.next_deadline, self.citizenship_a.deadline)
        self.assertAccepted(self._edit_line("citizenship", {"hours": 61}))
        self.assertEqual(self.citizenship_a.required_hours, 61)
        # a closed module keeps the hours it was closed with
        orientation = self.module(pathway, "orientation")
        self.attend(orientation, orientation.required_hours)
        orientation.action_complete()
        closed_hours = orientation.required_hours
        self.assertAccepted(self._edit_line("orientation", {"hours": 9}))
        self.assertEqual(orientation.required_hours, closed_hours)
        self.flush_tracking()
        changed = pathway.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "next_deadline"
        )
        self.assertTrue(changed, "the file's history shows its new deadline")
        changed = self.citizenship_a.message_ids.tracking_value_ids.mapped("field_id.name")
        self.assertIn("deadline", changed, "the module's history shows its new deadline")
        self.assertIn("required_hours", changed)
        # and the regime's history shows the edits
        self.assertTrue(self.regime_2024.message_ids.filtered(lambda m: "61" in (m.body or "")))

    # ------------------------------------------------------------------ numbers
    def test_a_new_cri_has_its_numbering_before_its_first_file(self):
        company = self.env["res.company"].create({"name": "CRI Numbering (test)"})
        center = self.env["cri.center"].create(
            {"name": "Centre Numbering", "code": "NUMT", "company_id": company.id}
        )
        sequences = self.env["ir.sequence"].search([("company_id", "=", company.id)])
        self.assertEqual(set(sequences.mapped("code")), {"cri.pathway", "cri.pathway.certificate"})
        # PostgreSQL sequences: concurrent transactions never wait for nor repeat a number
        self.assertEqual(set(sequences.mapped("implementation")), {"standard"})
        Pathway = self.env["cri.pathway"]
        numbers = {Pathway._next_number(center, "cri.pathway") for _i in range(3)}
        self.assertEqual(len(numbers), 3)
        self.assertTrue(all(n.startswith("DOS/NUMT/") for n in numbers))
        # created once: a second call makes no other sequence
        Pathway._ensure_sequences(center)
        self.assertEqual(self.env["ir.sequence"].search_count([("company_id", "=", company.id)]), 2)

    # ------------------------------------------------------------------ XML-RPC
    def test_xmlrpc_refuses_workflow_write_and_foreign_file(self):
        uid = self.rpc_manager_cai.id
        models = self.xmlrpc_object
        db = self.env.cr.dbname
        with mute_logger("odoo.http", "odoo.service.model"), self.assertRaises(xmlrpc.client.Fault):
            models.execute_kw(db, uid, "rpc-manager-cai", "cri.pathway", "read", [self.running.ids, ["name"]])
        with mute_logger("odoo.http", "odoo.service.model"), self.assertRaises(xmlrpc.client.Fault):
            models.execute_kw(
                db, uid, "rpc-manager-cai", "cri.pathway", "write", [self.cai_file.ids, {"state": "done"}]
            )
        self.assertEqual(self.cai_file.state, "referral")
