"""Two Odoo nodes on one database and one data folder (docs/DEPLOYMENT.md): a session opened on
one node works on the other, an attachment written through one is read through the other, and
a scheduled job due on both nodes runs once."""

import base64
import contextlib
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import OdooClient, _required_env, _serve
from operations import psql

# a job that records each of its runs and lasts long enough for the other node to try it too
JOB_CODE = """
key = 'cri.two_nodes.%(tag)s'
runs = env['ir.config_parameter'].sudo().get_param(key, '')
time.sleep(3)
env['ir.config_parameter'].sudo().set_param(key, runs + 'x')
"""


@pytest.fixture(scope="module")
def nodes():
    """Two servers on the test database, each with a scheduled-actions thread that a new job
    wakes at once (ODOO_NOTIFY_CRON_CHANGES: otherwise within a minute). The suite's own jobs are
    put off meanwhile (a node busy with one would not take the test's), then put back."""
    database = _required_env("CRI_TEST_DB")
    due = psql(database, "SELECT id || ' ' || nextcall FROM ir_cron WHERE active")
    psql(database, "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day' WHERE active")
    served = [
        _serve(f"server-node-{name}.log", cron_threads=1, environ={"ODOO_NOTIFY_CRON_CHANGES": "1"})
        for name in ("a", "b")
    ]
    try:
        with ThreadPoolExecutor(2) as pool:
            servers = list(pool.map(next, served))
        yield servers
    finally:
        for generator in served:
            with contextlib.suppress(StopIteration):
                next(generator)
        for row in due:
            cron, nextcall = row.split(" ", 1)
            psql(database, f"UPDATE ir_cron SET nextcall = '{nextcall}' WHERE id = {int(cron)}")


def _client(server, login):
    client = OdooClient(server["url"], server["db"])
    assert client.authenticate(login, login).get("result", {}).get("uid"), login
    return client


def _cookie(client):
    jar = next(handler for handler in client.opener.handlers if hasattr(handler, "cookiejar")).cookiejar
    return next(cookie for cookie in jar if cookie.name == "session_id")


def test_a_session_opened_on_one_node_works_on_the_other(nodes):
    node_a, node_b = nodes
    on_a = _client(node_a, "cric-accueil")
    on_b = OdooClient(node_b["url"], node_b["db"])
    session = _cookie(on_a)
    # the browser keeps its cookie when the proxy sends its next request to the other node
    jar = next(handler for handler in on_b.opener.handlers if hasattr(handler, "cookiejar")).cookiejar
    jar.set_cookie(session)
    info = on_b.json_rpc("/web/session/get_session_info", {})["result"]
    assert info["username"] == "cric-accueil"
    assert on_b.call_kw("cri.pathway", "search_count", [[]])["result"] > 0
    # logging out on one node ends the session on both
    on_b.json_rpc("/web/session/destroy", {})
    assert on_a.call_kw("cri.pathway", "search_count", [[]]).get("error"), "the session outlived its logout"


def test_an_attachment_written_through_one_node_is_read_through_the_other(nodes):
    node_a, node_b = nodes
    on_a, on_b = _client(node_a, "cric-social"), _client(node_b, "cric-social")
    pathway = on_a.call_kw("cri.pathway", "search", [[]], {"limit": 1})["result"][0]
    content = os.urandom(4096)
    created = on_a.call_kw(
        "ir.attachment",
        "create",
        [
            {
                "name": "deux-noeuds.bin",
                "datas": base64.b64encode(content).decode(),
                "res_model": "cri.pathway",
                "res_id": pathway,
            }
        ],
    )
    attachment = created["result"]
    try:
        status, _url, body = on_b.get_raw(f"/web/content/{attachment}?download=true")
        assert status == 200 and body == content
    finally:
        on_a.call_kw("ir.attachment", "unlink", [[attachment]])


def _round(admin, model, nodes, number):
    """Three jobs created due at once (one commit, one wake-up of both nodes): each must run
    exactly once; the nodes that ran them."""
    tags = [f"r{number}job{n}" for n in range(3)]
    params = [f"cri.two_nodes.{tag}" for tag in tags]
    vals = [
        {
            "name": f"Essai deux nœuds {tag}",
            "model_id": model,
            "state": "code",
            "code": JOB_CODE % {"tag": tag},
            "interval_number": 1,
            "interval_type": "days",
        }
        for tag in tags
    ]
    created = admin.call_kw("ir.cron", "create", [vals])
    assert "result" in created, created
    crons = created["result"]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(2)
            runs = [
                admin.call_kw("ir.config_parameter", "get_param", [param])["result"] or "" for param in params
            ]
            if all(runs):
                break
        time.sleep(4)  # a second run would have started by now
        runs = [
            admin.call_kw("ir.config_parameter", "get_param", [param])["result"] or "" for param in params
        ]
        assert runs == ["x"] * len(tags), runs
    finally:
        admin.call_kw("ir.cron", "unlink", [crons])
        for param in params:
            admin.call_kw("ir.config_parameter", "set_param", [param, False])
    logs = {
        name: node["log"].read_text(encoding="utf-8", errors="replace")
        for name, node in zip("ab", nodes, strict=True)
    }
    takers = set()
    for tag in tags:
        ran = [
            name
            for name, text in logs.items()
            if re.search(rf"Job 'Essai deux nœuds {tag}' \(\d+\) starting", text)
        ]
        assert len(ran) == 1, (tag, ran)
        takers.update(ran)
    return takers


def test_a_job_due_on_both_nodes_runs_once(nodes):
    admin = _client(nodes[0], "admin")
    model = admin.call_kw("ir.model", "search", [[("model", "=", "res.partner")]])["result"][0]
    takers = set()
    # both nodes must have taken jobs at the same time, so that the lock, not an idle node, kept
    # each job to one run; a node slow to wake on a busy machine gets a second round
    for number in range(3):
        takers |= _round(admin, model, nodes, number)
        if takers == {"a", "b"}:
            break
    assert takers == {"a", "b"}, takers
