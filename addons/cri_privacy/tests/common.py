import base64
import json
from datetime import date

from odoo.tests import new_test_user
from odoo.tools import mute_logger

from odoo.addons.cri_base.tools import legal_today
from odoo.addons.cri_parcours.tests.common import PathwayCommon

EVIDENCE = base64.b64encode(b"%PDF-1.4 certificat medical du Dr Exemple")
REFUSAL_LOGGERS = (
    "odoo.http",
    "odoo.addons.base.models.ir_rule",
    "odoo.models",
    "odoo.addons.base.models.ir_actions_report",
)


class PrivacyCommon(PathwayCommon):
    """The pathway's users of two CRIs, the other roles, and a file with a medical evidence and
    a sanction step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, companies=cls.company_cric):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[(6, 0, companies.ids)],
            )

        both = cls.company_cric | cls.company_cai
        cls.manager_cai = user("gdpr-manager-cai", "cri_base.group_manager", cls.company_cai)
        cls.trainer = user("gdpr-trainer", "cri_base.group_trainer")
        cls.accountant = user("gdpr-accountant", "cri_base.group_accountant")
        cls.region_admin = user("gdpr-region-admin", "cri_base.group_region_admin", both)
        cls.portal = user("gdpr-portal", "base.group_portal")
        cls.pathway = cls.make_file(date(2024, 9, 2))
        cls.exemption = cls.env["cri.pathway.exemption"].create(
            {
                "pathway_id": cls.pathway.id,
                "reason_id": cls.medical.id,
                "date": legal_today(),
                "note": "Suivi en cardiologie",
                "evidence_file": EVIDENCE,
                "evidence_filename": "certificat.pdf",
            }
        )
        cls.sanction = cls.env["cri.pathway.sanction"].create(
            {
                "pathway_id": cls.pathway.id,
                "step_id": cls.pathway.regime_id.sanction_step_ids[:1].id,
                "deadline_kind": "presentation",
                "deadline": date(2024, 9, 3),
                "date": date(2024, 9, 4),
            }
        )

    def logs(self, record, operation=None):
        domain = [("model_id.model", "=", record._name), ("res_id", "=", record.id)]
        if operation:
            domain.append(("operation", "=", operation))
        return self.env["cri.privacy.access.log"].search(domain)

    def call_kw(self, user, model, method, args, kwargs=None):
        """(result, error name) of a ``/web/dataset/call_kw`` as ``user``."""
        self.authenticate(user.login, user.login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        with mute_logger(*REFUSAL_LOGGERS):
            response = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            )
        body = response.json()
        if "error" in body:
            return None, body["error"]["data"]["name"].rsplit(".", 1)[-1]
        return body.get("result"), None

    def get(self, user, url):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)
        with mute_logger(*REFUSAL_LOGGERS):
            return self.url_open(url, allow_redirects=False)
