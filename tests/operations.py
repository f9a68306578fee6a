"""What the operations tests share: a populated copy of the test database (the demo, generated
regional data and attachments), the commands of `./cri` run as an administrator would, and the
rows and sums of every table read in one query each."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, _required_env

# rows of every table of the public schema, in one query
COUNTS = """
SELECT table_name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', table_name),
       false, true, '')))[1]::text
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
"""
# the sum of every numeric column (amounts, hours, rates...) of every table
SUMS = """
SELECT table_name || '.' || column_name,
       (xpath('/row/s/text()', query_to_xml(format('SELECT coalesce(sum(%I), 0) AS s FROM %I', column_name,
       table_name), false, true, '')))[1]::text
  FROM information_schema.columns
 WHERE table_schema = 'public' AND data_type IN ('numeric', 'double precision')
"""
ATTACHMENTS = (
    "SELECT id || ' ' || store_fname || ' ' || checksum FROM ir_attachment WHERE store_fname IS NOT NULL"
)

# invented files attached to generated pathway files, one of them twice (the filestore keeps it once)
ADD_ATTACHMENTS = """
import base64, os, sys
import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
odoo.tools.config.parse_config(["-c", sys.argv[1], "--log-level", "warn"])
with Registry(sys.argv[2]).cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    files = env["cri.pathway"].search([], limit=12, order="id desc")
    payloads = [os.urandom(2048 + 97 * n) for n in range(len(files))]
    env["ir.attachment"].create([
        {"name": f"piece-{n}.bin", "datas": base64.b64encode(payloads[n]), "res_model": "cri.pathway", "res_id": f.id}
        for n, f in enumerate(files)
    ] + [{"name": "copie.bin", "datas": base64.b64encode(payloads[0]), "res_model": "cri.pathway",
          "res_id": files[-1].id}])
    cr.commit()
"""
# the generator's tiny regional data: every part present
SIZES = [
    "--files",
    "150",
    "--years",
    "2",
    "--attendance",
    "400",
    "--applications",
    "8",
    "--expenses",
    "40",
] + [
    "--sessions",
    "4",
    "--registrations",
    "30",
    "--plan-actions",
    "3",
    "--activities",
    "20",
    "--meetings",
    "4",
]


def psql(database, query):
    completed = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-d", database, "-c", query],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip().splitlines()


def rows(database, query):
    """``{name: value}`` of a two-column query."""
    return dict(line.split("\t") for line in psql(database, query))


def cri(*args, backups):
    """`./cri ARGS` as an administrator runs it, archives in ``backups``."""
    env = {**os.environ, "CRI_BACKUP_DIR": str(backups)}
    return subprocess.run([str(ROOT / "cri"), *args], env=env, capture_output=True, text=True, check=False)


def archive(backups, database):
    """The one archive `./cri backup DATABASE` writes into the empty folder ``backups``."""
    completed = cri("backup", database, backups=backups)
    assert completed.returncode == 0, completed.stderr
    archives = sorted(Path(backups).glob(f"{database}-*.tar"))
    assert len(archives) == 1, archives
    return archives[0]


def data_dir():
    conf = Path(_required_env("CRI_ODOO_CONF")).read_text(encoding="utf-8")
    line = next(line for line in conf.splitlines() if line.startswith("data_dir"))
    return Path(line.split("=", 1)[1].strip())


def drop(name):
    subprocess.run(["dropdb", "--if-exists", name], check=False, capture_output=True)
    subprocess.run(
        ["rm", "-rf", str(data_dir() / "filestore" / name), str(ROOT / ".local" / f"{name}.addons")],
        check=False,
    )


def populate(name, backups):
    """``name``: the test database restored from its own backup, with the generator's tiny
    regional data and attachments added."""
    drop(name)
    completed = cri("restore", str(archive(backups, _required_env("CRI_TEST_DB"))), name, backups=backups)
    assert completed.returncode == 0, completed.stderr
    for path in Path(backups).glob("*.tar"):
        path.unlink()
    conf = _required_env("CRI_ODOO_CONF")
    env = {**os.environ, "PYTHONPATH": str(Path(_required_env("CRI_ODOO_BIN")).parent)}
    subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / "generate.py"), "-c", conf, "-d", name, *SIZES],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([sys.executable, "-c", ADD_ATTACHMENTS, conf, name], env=env, check=True)
