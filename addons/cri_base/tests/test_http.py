from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestHttpAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a, cls.company_b = cls.env["res.company"].create(
            [{"name": "CRI Http A"}, {"name": "CRI Http B"}]
        )
        cls.center_a, cls.center_b = cls.env["cri.center"].create(
            [
                {"name": "Centre Http A", "code": "HTTPA", "company_id": cls.company_a.id},
                {"name": "Centre Http B", "code": "HTTPB", "company_id": cls.company_b.id},
            ]
        )
        cls.offices_a = cls.env["cri.office"].create(
            [
                {"name": "Office Http A1", "center_id": cls.center_a.id},
                {"name": "Office Http A2", "center_id": cls.center_a.id},
            ]
        )
        cls.office_b = cls.env["cri.office"].create({"name": "Office Http B", "center_id": cls.center_b.id})
        new_test_user(
            cls.env,
            login="http-agent-a",
            password="http-agent-a",
            groups="cri_base.group_reception_agent",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )
        new_test_user(
            cls.env,
            login="http-portal",
            password="http-portal",
            groups="base.group_portal",
            company_id=cls.company_a.id,
            company_ids=[(6, 0, cls.company_a.ids)],
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @mute_logger("odoo.http")
    def test_json_rpc_refuses_other_cri_office(self):
        self.authenticate("http-agent-a", "http-agent-a")
        result = self._call_kw("cri.office", "read", [self.offices_a[:1].ids, ["name"]])
        self.assertEqual(result[0]["name"], "Office Http A1")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw("cri.office", "read", [self.office_b.ids, ["name"]])

    def test_json_rpc_search_returns_own_cri_offices_only(self):
        self.authenticate("http-agent-a", "http-agent-a")
        result = self._call_kw(
            "cri.office",
            "web_search_read",
            [],
            {"domain": [], "specification": {"name": {}}},
        )
        self.assertEqual({record["id"] for record in result["records"]}, set(self.offices_a.ids))

    @mute_logger("odoo.http")
    def test_json_rpc_refuses_centers_to_portal_user(self):
        self.authenticate("http-portal", "http-portal")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw("cri.center", "web_search_read", [], {"domain": [], "specification": {"name": {}}})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call_kw("cri.center", "read", [self.center_a.ids, ["name"]])
