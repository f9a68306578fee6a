"""Shared fixtures of the top-level tests: the tools, and a real Odoo server on the test database.

`./cri test` installs every cri_* addon with demo data in a throw-away database, then runs
these tests with CRI_TEST_DB, CRI_ODOO_CONF, CRI_ODOO_BIN and CRI_LOG_DIR set.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import test_report  # noqa: E402


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(process, log, seconds, ready, what, pause=1.0):
    """The first true answer of ``ready()`` (an OSError counts as not yet), within ``seconds``
    while the server ``process`` runs; a test failure naming ``what`` and the log otherwise."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"odoo-bin stopped with code {process.returncode}: see {log}")
        try:
            answer = ready()
            if answer:
                return answer
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s: see {log}")
        time.sleep(pause)


def _health(url):
    """The JSON of ``url``/web/health when it answers 200, else None."""
    with urllib.request.urlopen(url + "/web/health", timeout=5) as response:
        return json.loads(response.read()) if response.status == 200 else None


def _required_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through `./cri test`")
    return value


class OdooClient:
    """A browser-like HTTP client of one Odoo server: cookies kept, JSON-RPC helpers."""

    def __init__(self, base_url, db):
        self.base_url = base_url
        self.db = db
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def get_raw(self, path):
        """(status, url, body bytes) of a GET, refusals included."""
        try:
            with self.opener.open(self.base_url + path, timeout=120) as response:
                return response.status, response.geturl(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read()

    def json_rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=60) as response:
            return json.loads(response.read())

    def authenticate(self, login, password):
        return self.json_rpc(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )

    def call_kw(self, model, method, args, kwargs=None):
        return self.json_rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


def _serve(log_name, cron_threads=0, environ=None):
    """A real Odoo server (odoo-bin) on the test database, on a free loopback port, logging to
    ``log_name`` in the test log folder; its scheduled actions run in ``cron_threads`` threads
    (none by default: the tests trigger what they try); ``environ`` adds to its environment."""
    db = _required_env("CRI_TEST_DB")
    conf = _required_env("CRI_ODOO_CONF")
    odoo_bin = _required_env("CRI_ODOO_BIN")
    log_dir = Path(_required_env("CRI_LOG_DIR"))
    port = _free_port()
    # `./cri test` runs two groups of these tests side by side: each names its servers' logs
    group = os.environ.get("CRI_PYTEST_GROUP")
    log = log_dir / (log_name.replace(".log", f"-{group}.log") if group else log_name)
    process = subprocess.Popen(
        [
            sys.executable,
            odoo_bin,
            "-c",
            conf,
            "-d",
            db,
            "--db-filter",
            f"^{db}$",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--gevent-port",
            str(_free_port()),
            "--max-cron-threads",
            str(cron_threads),
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(environ or {})},
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(process, log, 180, lambda: _health(base_url), "odoo-bin did not answer")
        yield {"url": base_url, "db": db, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def odoo_server():
    """The server of the tests that expect no refusal: its log is judged by ./cri test."""
    yield from _serve("server-demo.log")


@pytest.fixture(scope="session")
def refusing_server():
    """The server of the tests that try what the server must refuse. Odoo logs each refusal as
    a WARNING of odoo.http; this log holds those and nothing else, which is checked here."""
    served = _serve("refusals-demo.log")
    server = next(served)
    yield server
    with contextlib.suppress(StopIteration):
        next(served)
    # refusals (WARNING of odoo.http) and what the whole run accepts (config/log-allowlist.txt)
    allowlist = test_report.load_allowlist(ROOT / "config" / "log-allowlist.txt")
    lines = server["log"].read_text(encoding="utf-8", errors="replace").splitlines()
    unexpected = [
        f"{level} {logger}: {message}"
        for level, logger, message in test_report.unexpected_records(lines, allowlist)
        if not (level == "WARNING" and logger == "odoo.http")
    ]
    assert not unexpected, "the refusals' server logged more than refusals:\n" + "\n".join(unexpected)


@pytest.fixture(scope="session")
def odoo_env_args():
    """-c and -d arguments that point a script at the test database."""
    return ["-c", _required_env("CRI_ODOO_CONF"), "-d", _required_env("CRI_TEST_DB")]


@pytest.fixture
def client(odoo_server):
    return OdooClient(odoo_server["url"], odoo_server["db"])


@pytest.fixture
def refusing_client(refusing_server):
    return OdooClient(refusing_server["url"], refusing_server["db"])


@pytest.fixture(scope="session")
def populated_database(tmp_path_factory):
    """A copy of the test database with the generator's tiny regional data and attachments
    (tests/operations.py), for the backup and upgrade tests; dropped at the end."""
    import operations

    name = "cri_populated"
    operations.populate(name, tmp_path_factory.mktemp("backups"))
    try:
        yield name
    finally:
        operations.drop(name)
