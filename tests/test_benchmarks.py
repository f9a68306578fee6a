"""The benchmarks at a small size, so that they cannot rot: the file list and the daily
deadline check cost the same number of queries whatever the number of files, and the check's
letters, e-mails and activities are written in batches, not file by file."""

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent / "benchmarks" / "bench_pathway.py"
# the check wrote each letter through message_post, about 30 queries a file; in batches it is a
# fixed cost shared by the batch plus a few queries a file
MAX_CRON_QUERIES_PER_FILE = 15


def test_pathway_list_and_deadline_check_queries_do_not_grow_with_files(odoo_env_args, tmp_path):
    out = tmp_path / "bench.json"
    completed = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            *odoo_env_args,
            "--sizes",
            "100",
            "400",
            "--batch",
            "10",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(os.environ["CRI_ODOO_BIN"]).parent)},
    )
    print(completed.stdout)
    assert completed.returncode == 0, completed.stderr[-3000:]
    small, large = json.loads(out.read_text())
    assert small["cron_files"] == large["cron_files"] == 10
    assert large["list_queries"] <= small["list_queries"], (small, large)
    assert large["cron_queries"] <= small["cron_queries"], (small, large)
    assert large["cron_queries_per_file"] <= MAX_CRON_QUERIES_PER_FILE, (small, large)
