"""What the suite's HTTP tests share to try the server the way a client or an attacker does:
the web client's RPC route as a given login."""

import json

from odoo.tools import mute_logger


class RpcMixin:
    """For an ``HttpCase``: ``call_kw`` as a login, and ``assertRefused`` of its outcome."""

    def call_kw(self, login, model, method, args, kwargs=None):
        """(result, error name) of a call to ``/web/dataset/call_kw`` as ``login`` (password =
        login), the way the web client calls the server."""
        self.authenticate(login, login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 0,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        with mute_logger("odoo.http"):
            body = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            ).json()
        if "error" in body:
            return None, body["error"]["data"]["name"].rsplit(".", 1)[-1]
        return body.get("result"), None

    def assertRefused(self, outcome):
        self.assertIsNotNone(outcome[1], f"the server accepted: {outcome[0]}")
