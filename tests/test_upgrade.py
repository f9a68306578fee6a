"""Upgrades keep everything: `./cri update` (every cri_* addon updated with -u) on a populated
database leaves every table with its rows and every numeric column with its sum, and every addon
installed at the version of its manifest."""

import ast
import time

from conftest import ROOT
from operations import COUNTS, SUMS, cri, psql, rows

# rows that an update itself adds, not data: the language wizard of --load-language and its
# relation table, and the scheduled actions' wake-up calls
TECHNICAL = """
SELECT replace(model, '.', '_') FROM ir_model WHERE transient
UNION SELECT relation_table FROM ir_model_fields f JOIN ir_model m ON m.id = f.model_id
       WHERE m.transient AND f.ttype = 'many2many'
UNION SELECT 'ir_cron_trigger'
"""


def _kept(database, query, technical):
    return {key: value for key, value in rows(database, query).items() if key.split(".")[0] not in technical}


def test_an_update_of_every_addon_keeps_every_row_and_sum(populated_database, tmp_path):
    database = populated_database
    technical = set(psql(database, TECHNICAL))
    counts, sums = _kept(database, COUNTS, technical), _kept(database, SUMS, technical)
    assert int(counts["cri_pathway"]) >= 150 and int(counts["cri_coordination_action"]) > 0

    started = time.monotonic()
    completed = cri("update", database, backups=tmp_path)
    elapsed = time.monotonic() - started
    assert completed.returncode == 0, completed.stderr[-3000:]
    print(f"./cri update {database}: {elapsed:.0f} s")

    assert _kept(database, COUNTS, technical) == counts
    assert _kept(database, SUMS, technical) == sums
    versions = dict(
        line.split("\t")
        for line in psql(
            database, "SELECT name, latest_version FROM ir_module_module WHERE state = 'installed'"
        )
    )
    for manifest in sorted((ROOT / "addons").glob("cri_*/__manifest__.py")):
        name = manifest.parent.name
        version = ast.literal_eval(manifest.read_text(encoding="utf-8"))["version"]
        assert versions.get(name) == version, (name, versions.get(name), version)
