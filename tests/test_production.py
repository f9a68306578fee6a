"""Production mode: `./cri serve` and the compose file render one configuration, Odoo accepts it,
and a server in workers mode on the test database serves pages and the live bus, its gevent
process staying up, its log file rotated by logrotate while it runs."""

import json
import os
import re
import shutil
import socket as socket_module
import subprocess
import sys
import time
from pathlib import Path

import pytest
import test_report
import websocket
import yaml
from conftest import ROOT, OdooClient, _free_port, _health, _required_env, _wait_for

# the settings both ways of serving must share (workers and addresses differ by design)
SHARED = (
    "proxy_mode",
    "list_db",
    "without_demo",
    "gevent_port",
    "max_cron_threads",
    "limit_time_cpu",
    "limit_time_real",
    "limit_time_real_cron",
    "limit_memory_soft",
    "limit_memory_hard",
    "limit_request",
    "log_level",
)
READ = (*SHARED, "workers", "dbfilter", "db_name", "admin_passwd", "logfile", "http_interface", "data_dir")


def _odoo_options(conf_path):
    """The options Odoo itself reads from a configuration file (its own parser)."""
    script = (
        "import json, sys\n"
        "from odoo.tools import config\n"
        "config.parse_config(['-c', sys.argv[1]])\n"
        f"print(json.dumps({{key: config[key] for key in {READ!r}}}))\n"
    )
    odoo_src = str(Path(_required_env("CRI_ODOO_BIN")).parent)
    completed = subprocess.run(
        [sys.executable, "-c", script, str(conf_path)],
        env={**os.environ, "PYTHONPATH": odoo_src},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _serve_config(tmp_path, **environ):
    """Path of the configuration `./cri serve --print-config` renders with ``environ``."""
    conf = tmp_path / "odoo-production.conf"
    env = {
        **os.environ,
        "ODOO_ADMIN_PASSWORD": "master-of-the-test",
        "CRI_PRODUCTION_CONF": str(conf),
        **environ,
    }
    completed = subprocess.run(
        [str(ROOT / "cri"), "serve", "--print-config"], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(conf)
    return conf


def _compose_interpolate(value, environ):
    """Docker compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error} and $$."""

    def substitute(match):
        name, operator, argument = match["name"], match["op"], match["arg"]
        if environ.get(name):
            return environ[name]
        if operator == ":?":
            raise AssertionError(f"compose refuses to start without {name}: {argument}")
        return argument or ""

    pattern = re.compile(r"\$\{(?P<name>[A-Z_][A-Z0-9_]*)(?:(?P<op>:[-?])(?P<arg>[^}]*))?\}")
    return pattern.sub(substitute, value.replace("$$", "\0")).replace("\0", "$")


def test_cri_serve_refuses_to_start_without_the_master_password():
    env = {key: value for key, value in os.environ.items() if key != "ODOO_ADMIN_PASSWORD"}
    completed = subprocess.run(
        [str(ROOT / "cri"), "serve", "--print-config"], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode != 0
    assert "ODOO_ADMIN_PASSWORD" in completed.stderr


def test_serve_and_compose_render_the_same_production_configuration(tmp_path):
    served = _odoo_options(_serve_config(tmp_path, CRI_DB="cri_prod", CRI_HTTP_PORT="8069"))
    cores = os.cpu_count() or 1
    assert served["workers"] == 2 * cores + 1
    assert served["max_cron_threads"] == 1
    assert served["proxy_mode"] is True and served["list_db"] is False
    assert served["dbfilter"] == "^cri_prod$" and served["db_name"] == "cri_prod"
    assert served["admin_passwd"] == "master-of-the-test"
    assert served["http_interface"] == "127.0.0.1"
    assert served["gevent_port"] == 8072
    assert 0 < served["limit_time_cpu"] <= served["limit_time_real"] <= served["limit_time_real_cron"]
    assert 0 < served["limit_memory_soft"] < served["limit_memory_hard"]
    assert served["logfile"], "the machine logs to a file that logrotate rotates"

    compose = yaml.safe_load((ROOT / "config" / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "odoo"}
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        assert service["restart"] == "unless-stopped"
        assert service["logging"]["options"]["max-file"], f"{name}'s log is not rotated"
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in compose["volumes"], f"{name}: {volume} is not a named volume"
    assert services["odoo"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert all(port.startswith("127.0.0.1:") for port in services["odoo"]["ports"])
    assert {port.rsplit(":", 1)[-1] for port in services["odoo"]["ports"]} == {"8069", "8072"}
    assert "/web/health" in " ".join(services["odoo"]["healthcheck"]["test"])

    # the container renders the same template, copied into the image, with the same tool
    entrypoint = " ".join(services["odoo"]["entrypoint"])
    assert "/opt/cri/render_conf.py /opt/cri/odoo-production.conf.template" in entrypoint
    dockerfile = (ROOT / "config" / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY config/odoo-production.conf.template tools/render_conf.py /opt/cri/" in dockerfile
    with pytest.raises(AssertionError, match="ODOO_ADMIN_PASSWORD"):
        _compose_interpolate(services["odoo"]["environment"]["ODOO_ADMIN_PASSWORD"], {})
    secrets = {
        "POSTGRES_PASSWORD": "db-secret",
        "ODOO_ADMIN_PASSWORD": "master-of-the-test",
        "CRI_DB": "cri_prod",
    }
    environ = {
        key: _compose_interpolate(str(value), secrets)
        for key, value in services["odoo"]["environment"].items()
    }
    assert environ["DB_PASSWORD"] == services["db"]["environment"]["POSTGRES_PASSWORD"].replace(
        "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}", "db-secret"
    )
    sys.path.insert(0, str(ROOT / "tools"))
    import render_conf

    template = (ROOT / "config" / "odoo-production.conf.template").read_text(encoding="utf-8")
    container_conf = tmp_path / "container.conf"
    container_conf.write_text(render_conf.render(template, environ), encoding="utf-8")
    contained = _odoo_options(container_conf)
    assert {key: contained[key] for key in SHARED} == {key: served[key] for key in SHARED}
    assert contained["dbfilter"] == served["dbfilter"] and contained["db_name"] == served["db_name"]
    assert contained["workers"] > 1 and contained["admin_passwd"] == "master-of-the-test"
    assert not contained["logfile"], "in a container Odoo logs to its standard output"
    assert contained["data_dir"] == "/var/lib/odoo"


def _wait_port(process, port, log):
    """Wait until ``port`` accepts connections: the gevent process is a program of its own,
    started with the HTTP workers, that listens a few seconds after they answer."""

    def listening():
        with socket_module.create_connection(("127.0.0.1", port), timeout=5):
            return True

    _wait_for(process, log, 120, listening, f"the gevent process did not listen on {port}", pause=0.5)


def _next_notification(socket, kind, marker, seconds=20):
    """The payload of the notification of ``kind`` that carries ``marker``, None if none came."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            frame = socket.recv()
        except websocket.WebSocketTimeoutException:
            continue
        for notification in json.loads(frame):
            message = notification["message"]
            if message["type"] == kind and marker in json.dumps(message["payload"]):
                return message["payload"]
    return None


def test_workers_mode_serves_pages_and_the_live_bus_and_its_log_rotates(tmp_path):
    if not shutil.which("logrotate"):
        pytest.fail("logrotate is not installed: ./cri setup installs it")
    db = _required_env("CRI_TEST_DB")
    log = Path(_required_env("CRI_LOG_DIR")) / "production.log"
    http_port, gevent_port = _free_port(), _free_port()
    conf = _serve_config(
        tmp_path,
        CRI_DB=db,
        CRI_HTTP_PORT=str(http_port),
        CRI_GEVENT_PORT=str(gevent_port),
        CRI_WORKERS="2",
        CRI_CRON_WORKERS="0",
        CRI_LOGFILE=str(log),
    )
    process = subprocess.Popen(
        [sys.executable, _required_env("CRI_ODOO_BIN"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}"
    rotated = []
    try:
        assert _wait_for(process, log, 120, lambda: _health(url), "workers mode did not answer") == {
            "status": "pass"
        }
        client = OdooClient(url, db)
        # no database manager on the web: neither its page nor the list of databases
        assert "database manager has been disabled" in client.get("/web/database/manager")[2]
        listed = client.json_rpc("/web/database/list", {})
        assert listed.get("error", {}).get("data", {}).get("name") == "odoo.exceptions.AccessDenied", listed
        session = client.authenticate("cric-accueil", "cric-accueil")
        assert session.get("result", {}).get("uid"), session
        assert client.call_kw("cri.pathway", "search_count", [[]])["result"] > 0

        # the live bus: a notification sent by an HTTP worker reaches the browser's websocket
        # through the gevent process
        cookie = next(c for c in client.opener.handlers if hasattr(c, "cookiejar")).cookiejar
        session_id = next(c.value for c in cookie if c.name == "session_id")
        _wait_port(process, gevent_port, log)
        socket = websocket.create_connection(
            f"ws://127.0.0.1:{gevent_port}/websocket?version=18.0",
            origin=f"http://127.0.0.1:{gevent_port}",
            cookie=f"session_id={session_id}",
            timeout=60,  # the gevent process loads the registry at its first request
        )
        socket.settimeout(2)
        try:
            socket.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
            uid = session["result"]["uid"]
            found = client.call_kw("res.users.settings", "search", [[("user_id", "=", uid)]])["result"]
            settings = found or [client.call_kw("res.users.settings", "create", [{"user_id": uid}])["result"]]
            time.sleep(1)  # the subscription is handled before the notification is sent
            # a value of this run only: the bus also replays the notifications of earlier runs
            marker = f"shift.ctrl.alt.{os.getpid()}-{time.time_ns()}"
            client.call_kw(
                "res.users.settings", "set_res_users_settings", [settings, {"push_to_talk_key": marker}]
            )
            payload = _next_notification(socket, "res.users.settings", marker)
            assert payload, "the notification did not reach the websocket"
        finally:
            socket.close()

        # logrotate moves the file away; the server writes a new one and goes on
        rotation = Path(str(conf).removesuffix(".conf") + "-logrotate.conf")
        state = tmp_path / "logrotate.state"
        subprocess.run(["logrotate", "-f", "-s", str(state), str(rotation)], check=True)
        rotated = sorted(log.parent.glob(log.name + "-*"))
        assert rotated, "logrotate left no rotated file"
        assert client.get("/web/login")[0] == 200
        time.sleep(1)
        assert log.exists() and "/web/login" in log.read_text(encoding="utf-8")

        time.sleep(3)  # a dying gevent process is restarted within a second: give it the time
        assert process.poll() is None
        text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in [*rotated, log])
        assert text.count("Evented Service (longpolling) running") == 1, "the gevent process restarted"
        assert "DistributionNotFound" not in text
        assert len(set(re.findall(r"Worker WorkerHTTP \((\d+)\) alive", text))) == 2
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    allowlist = test_report.load_allowlist(ROOT / "config" / "log-allowlist.txt")
    lines = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in [*rotated, log])
    unexpected = [
        record
        for record in test_report.unexpected_records(lines.splitlines(), allowlist)
        if record != ("WARNING", "odoo.http", "Access Denied ")  # the refused list of databases
    ]
    assert not unexpected, unexpected
