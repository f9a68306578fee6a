"""Backup and restore: `./cri backup` of a populated database (the demo, generated regional data
and attachments) restored by `./cri restore` under another name holds the same rows in every
table, the same sums of every amount and hours column, and every attachment's file with its
checksum; a damaged archive and an existing name are refused, changing nothing."""

import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT, _required_env

SOURCE = "cri_backup_source"
COPY = "cri_backup_copy"

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


def _psql(database, query):
    completed = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-d", database, "-c", query],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip().splitlines()


def _cri(*args, tmp_path):
    env = {**os.environ, "CRI_BACKUP_DIR": str(tmp_path / "backups")}
    completed = subprocess.run(
        [str(ROOT / "cri"), *args], env=env, capture_output=True, text=True, check=False
    )
    return completed


def _archive(tmp_path, database):
    completed = _cri("backup", database, tmp_path=tmp_path)
    assert completed.returncode == 0, completed.stderr
    archives = sorted((tmp_path / "backups").glob(f"{database}-*.tar"))
    assert len(archives) == 1, archives
    return archives[0]


def _drop(name, data_dir):
    subprocess.run(["dropdb", "--if-exists", name], check=False, capture_output=True)
    subprocess.run(
        ["rm", "-rf", str(data_dir / "filestore" / name), str(ROOT / ".local" / f"{name}.addons")],
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir():
    conf = Path(_required_env("CRI_ODOO_CONF")).read_text(encoding="utf-8")
    line = next(line for line in conf.splitlines() if line.startswith("data_dir"))
    return Path(line.split("=", 1)[1].strip())


def test_a_restored_copy_holds_every_row_sum_and_attachment(tmp_path, data_dir):
    db = _required_env("CRI_TEST_DB")
    odoo_src = str(Path(_required_env("CRI_ODOO_BIN")).parent)
    conf = _required_env("CRI_ODOO_CONF")
    env = {**os.environ, "PYTHONPATH": odoo_src}
    for name in (SOURCE, COPY):
        _drop(name, data_dir)
    try:
        # the source: a copy of the demo database (restored from its own backup), regional data
        # generated into it, and attachments
        completed = _cri("restore", str(_archive(tmp_path, db)), SOURCE, tmp_path=tmp_path)
        assert completed.returncode == 0, completed.stderr
        for archive in (tmp_path / "backups").glob("*.tar"):
            archive.unlink()
        sizes = ["--files", "150", "--years", "2", "--attendance", "400", "--applications", "8"]
        sizes += ["--expenses", "40", "--sessions", "4", "--registrations", "30", "--plan-actions", "3"]
        sizes += ["--activities", "20", "--meetings", "4"]
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tests" / "benchmarks" / "generate.py"),
                "-c",
                conf,
                "-d",
                SOURCE,
                *sizes,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run([sys.executable, "-c", ADD_ATTACHMENTS, conf, SOURCE], env=env, check=True)

        archive = _archive(tmp_path, SOURCE)
        with tarfile.open(archive) as tar:
            names = tar.getnames()
        assert {"manifest.json", "dump.pgcustom"} <= set(names)
        assert any(name.startswith("filestore/") for name in names)

        completed = _cri("restore", str(archive), COPY, tmp_path=tmp_path)
        assert completed.returncode == 0, completed.stderr

        counts = dict(row.split("\t") for row in _psql(SOURCE, COUNTS))
        assert int(counts["cri_pathway"]) >= 150 and int(counts["cri_ili_expense"]) >= 40
        assert dict(row.split("\t") for row in _psql(COPY, COUNTS)) == counts
        sums = dict(row.split("\t") for row in _psql(SOURCE, SUMS))
        assert any(float(value) for key, value in sums.items() if "amount" in key)
        assert any(float(value) for key, value in sums.items() if "hours" in key)
        assert dict(row.split("\t") for row in _psql(COPY, SUMS)) == sums

        attachments = _psql(SOURCE, ATTACHMENTS)
        assert len(attachments) > 13
        assert sorted(_psql(COPY, ATTACHMENTS)) == sorted(attachments)
        for row in attachments:
            _id, store_fname, checksum = row.split(" ")
            content = (data_dir / "filestore" / COPY / store_fname).read_bytes()
            assert hashlib.sha1(content).hexdigest() == checksum, store_fname  # noqa: S324
        uuids = [
            _psql(name, "SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'")
            for name in (SOURCE, COPY)
        ]
        assert uuids[0] != uuids[1], "the copy keeps an identity of its own"

        # an existing name is refused, the existing database untouched
        completed = _cri("restore", str(archive), COPY, tmp_path=tmp_path)
        assert completed.returncode != 0 and "exists" in completed.stderr
        assert dict(row.split("\t") for row in _psql(COPY, COUNTS)) == counts

        # a damaged archive is refused before any database is created
        damaged = tmp_path / "damaged.tar"
        flipped = False
        with tarfile.open(archive) as tar, tarfile.open(damaged, "w") as out:
            for member in tar.getmembers():
                data = tar.extractfile(member).read()
                if member.name.startswith("filestore/") and not flipped:
                    data, flipped = data[:-1] + bytes([data[-1] ^ 1]), True
                out.addfile(member, io.BytesIO(data))
        completed = _cri("restore", str(damaged), "cri_backup_damaged", tmp_path=tmp_path)
        assert completed.returncode != 0 and "checksum" in completed.stderr
        assert not _psql("postgres", "SELECT 1 FROM pg_database WHERE datname = 'cri_backup_damaged'")
        assert not (data_dir / "filestore" / "cri_backup_damaged").exists()
    finally:
        for name in (SOURCE, COPY, "cri_backup_damaged"):
            _drop(name, data_dir)
