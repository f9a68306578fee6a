import base64
from datetime import date, timedelta

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.cri_base.tools import legal_today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# the supporting document of an expense, without which it is not accepted
INVOICE = base64.b64encode(PDF)


class IliCommon:
    """Two CRIs (CRIC, CAI), their staff, two applicant organisations with a portal user each,
    an open call and builders of complete applications. Nothing relies on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.company_cai = ref("cri_base.center_cai").company_id
        cls.charleroi = ref("cri_base.commune_52011")
        cls.namur = ref("cri_base.commune_92094")
        cls.axis_fle = ref("cri_ili_grants.axis_fle")
        cls.axis_citizenship = ref("cri_ili_grants.axis_citizenship")
        cls.statutes = ref("cri_ili_grants.document_type_statutes")

        def user(login, groups, companies, **kw):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
                **kw,
            )

        cls.agent = user("ili-agent-cric", "cri_ili_grants.group_ili_agent", cls.company_cric)
        cls.manager = user("ili-manager-cric", "cri_base.group_manager", cls.company_cric)
        cls.agent_cai = user("ili-agent-cai", "cri_ili_grants.group_ili_agent", cls.company_cai)
        cls.accountant = user("ili-accountant-cric", "cri_base.group_accountant", cls.company_cric)
        cls.observer = user(
            "ili-observer", "cri_base.group_region_observer", cls.company_cric | cls.company_cai
        )
        cls.region_admin = user("ili-region-admin", "cri_base.group_region_admin", cls.company_cric)
        cls.org_a, cls.org_b = cls.env["res.partner"].create(
            [
                {"name": "ASBL Test Horizons A", "is_company": True, "company_registry": "0123.456.789"},
                {"name": "ASBL Test Passages B", "is_company": True},
            ]
        )
        cls.env["res.partner.bank"].create({"partner_id": cls.org_a.id, "acc_number": "BE71 0961 2345 6769"})
        cls.rep_a = cls.env["res.partner"].create({"name": "Dominique Testrep", "parent_id": cls.org_a.id})
        cls.portal_a = cls._portal("ili-portal-a", cls.org_a)
        cls.portal_b = cls._portal("ili-portal-b", cls.org_b)
        today = legal_today()
        cls.call = cls.env["cri.ili.call"].create(
            {
                "name": "Test call",
                "period": "2027",
                "axis_ids": [Command.set((cls.axis_fle | cls.axis_citizenship).ids)],
                "required_document_type_ids": [Command.set(cls.statutes.ids)],
                "date_submission": today + timedelta(days=30),
                "date_activity_start": date(today.year + 1, 1, 1),
                "date_activity_end": date(today.year + 1, 12, 31),
                "envelope": 100000,
            }
        )
        cls.call.action_open()

    @classmethod
    def _portal(cls, login, organisation):
        contact = cls.env["res.partner"].create({"name": f"Contact {login}", "parent_id": organisation.id})
        return new_test_user(
            cls.env, login=login, password=login, groups="base.group_portal", partner_id=contact.id
        )

    @classmethod
    def make_application(cls, partner=None, commune=None, env=None, complete=True, **vals):
        env = env or cls.env
        values = {
            "call_id": cls.call.id,
            "axis_id": cls.axis_fle.id,
            "partner_id": (partner or cls.org_a).id,
            "commune_id": (commune or cls.charleroi).id,
        }
        if complete:
            values.update(
                {
                    "representative_id": cls.rep_a.id if (partner or cls.org_a) == cls.org_a else False,
                    "summary": "French lessons in the evening",
                    "objectives": "Sixty learners reach A2",
                    "target_public": "Newcomers working during the day",
                    "planned_activities": "Two evenings a week",
                    "expected_participants": 60,
                    "expected_hours": 240,
                    "budget_line_ids": [
                        Command.create(
                            {"category": "personnel", "description": "Trainer", "amount": 12000.10}
                        ),
                        Command.create({"category": "operating", "description": "Room", "amount": 2500.25}),
                    ],
                    "document_ids": [
                        Command.create(
                            {
                                "document_type_id": cls.statutes.id,
                                "file": base64.b64encode(PDF),
                                "filename": "s.pdf",
                            }
                        )
                    ],
                }
            )
        values.update(vals)
        return env["cri.ili.application"].create(values)

    @classmethod
    def to_opinion(cls, application):
        application.action_submit()
        application.write({"opinion": "favourable", "opinion_motivation": "Fills a gap in the territory"})
        application.with_user(cls.manager).action_sign_opinion()
        return application

    @classmethod
    def to_decided(cls, application, amount=10000, decision_date=None):
        cls.to_opinion(application)
        application.write(
            {
                "granted_amount": amount,
                "decision_reference": "AG/2027/15",
                "decision_date": decision_date or date(2027, 1, 10),
            }
        )
        application.with_user(cls.agent).action_decide()
        return application

    @classmethod
    def plan_advance_and_balance(cls, report_name, report_due, balance_date):
        """The call's plan: an advance of 60 % on 1 February 2027 and a balance of 40 % on
        ``balance_date``, released by the requirement ``report_name`` due on ``report_due``."""
        report = cls.env["cri.ili.call.requirement"].create(
            {"call_id": cls.call.id, "name": report_name, "due_date": report_due}
        )
        cls.call.write(
            {
                "instalment_template_ids": [
                    Command.create({"name": "Advance", "percent": 60, "planned_date": date(2027, 2, 1)}),
                    Command.create(
                        {
                            "name": "Balance",
                            "percent": 40,
                            "planned_date": balance_date,
                            "release_requirement_id": report.id,
                        }
                    ),
                ]
            }
        )


class IliCase(IliCommon, TransactionCase):
    pass


class IliHttpCase(IliCommon, HttpCase):
    pass
