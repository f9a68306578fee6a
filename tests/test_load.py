"""The load test run tiny, so that it cannot rot: the accounts of the demo, every role's work
through a real server for a few seconds, no failure, and the report's figures.

The load test lives in its own venv (Locust needs a newer gevent than Odoo): ``./cri test``
gives its Python in CRI_LOAD_PYTHON.
"""

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOAD = ROOT / "tests" / "load"
ROLES = {"reception", "social_worker", "accountant", "manager", "operator_portal", "ili_portal"}


@pytest.fixture(scope="module")
def load_python():
    python = os.environ.get("CRI_LOAD_PYTHON")
    if not python:
        pytest.fail(
            "CRI_LOAD_PYTHON is not set: run these tests through `./cri test`, which makes the load "
            "test's venv (python3 -m venv .local/load-venv && .local/load-venv/bin/pip install -r "
            "config/load-requirements.txt) and gives its Python"
        )
    return python


@pytest.fixture(scope="module")
def accounts(odoo_env_args, tmp_path_factory):
    """The demo's accounts per role, as accounts.py writes them."""
    out = tmp_path_factory.mktemp("load") / "accounts.json"
    odoo_root = str(Path(os.environ["CRI_ODOO_BIN"]).resolve().parent)
    environ = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [odoo_root, os.environ.get("PYTHONPATH")]))
    )
    process = subprocess.run(
        [sys.executable, str(LOAD / "accounts.py"), *odoo_env_args, "--out", str(out), "--per-role", "2"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    return out


def _run_load(load_python, url, db, accounts, tmp_path, *extra):
    report = tmp_path / "load.json"
    table = tmp_path / "load.md"
    process = subprocess.run(
        [
            load_python, str(LOAD / "run_load.py"),
            "--url", url, "--db", db, "--accounts", str(accounts),
            "--json", str(report), "--markdown", str(table), *extra,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )  # fmt: skip
    return process, report, table


def test_accounts_file_has_every_role_and_is_private(accounts):
    content = json.loads(accounts.read_text(encoding="utf-8"))
    assert set(content["roles"]) == ROLES
    assert all(
        account["login"] and account["password"] for role in content["roles"].values() for account in role
    )
    assert stat.S_IMODE(accounts.stat().st_mode) == 0o600


def test_tiny_load_run_has_every_role_at_work_and_no_failure(load_python, odoo_server, accounts, tmp_path):
    # the tiny run proves the scenario, not the speed: one server in threaded mode, cold caches
    process, report_path, table_path = _run_load(
        load_python, odoo_server["url"], odoo_server["db"], accounts, tmp_path,
        "--users", "6", "--spawn-rate", "6", "--run-time", "15", "--max-p95-ms", "60000",
    )  # fmt: skip
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["passed"] and not report["problems"] and not report["failures"]
    assert report["total"]["requests"] > 0 and report["total"]["failures"] == 0
    worked = {
        page["name"].split(": ")[0] for page in report["pages"] if page["page_load"] and page["requests"]
    }
    assert worked == ROLES, f"roles without a page load: {ROLES - worked}"
    for page in report["pages"]:
        assert page["failures"] == 0, page
        for figure in ("p50_ms", "p95_ms", "p99_ms"):
            assert isinstance(page[figure], (int, float)), (page["name"], figure)
    table = table_path.read_text(encoding="utf-8")
    assert "| Page | Requests | Failures | p50 (ms) | p95 (ms) | p99 (ms) |" in table
    assert "| reception: files list |" in table and "| **Total** |" in table


def test_failures_fail_the_run(load_python, accounts, tmp_path):
    # nothing listens on this loopback port: every login fails, and so does the run
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process, report_path, _table = _run_load(
        load_python, f"http://127.0.0.1:{port}", "nodb", accounts, tmp_path,
        "--users", "1", "--spawn-rate", "1", "--run-time", "3",
    )  # fmt: skip
    assert process.returncode == 1, process.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert not report["passed"] and report["logins"]["failures"] == 1
    assert any("login(s) failed" in problem for problem in report["problems"])


def test_only_loopback_urls_are_loaded(load_python, accounts, tmp_path):
    process, report_path, _table = _run_load(
        load_python, "http://192.0.2.1:8069", "nodb", accounts, tmp_path, "--users", "1", "--run-time", "1"
    )
    assert process.returncode == 2
    assert "not a loopback URL" in process.stderr
    assert not report_path.exists()
