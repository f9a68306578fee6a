"""The benchmarks at a small size, so that they cannot rot: the file list and the daily
deadline check cost the same number of queries whatever the number of files, and the check's
letters, e-mails and activities are written in batches, not file by file; the accountant's
review queue and a grant's summary statement cost the same whatever the number of grants, and
the statement reads its lines at a fixed cost; the sessions calendar, the registrations list and
the attendance list and the daily follow-up after the sessions cost the same whatever the
number of training sessions; the statistics pivot, the Region's XLSX export, the lists and the
scheduled actions cost the same whatever the number of pathway files; a local integration plan's
action plan as XLSX and its PDF cost the same whatever the number of its actions."""

import json
import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parent / "benchmarks"
# the check wrote each letter through message_post, about 30 queries a file; in batches it is a
# fixed cost shared by the batch plus a few queries a file
MAX_CRON_QUERIES_PER_FILE = 15
# the statement's XLSX goal is 2x the time of the same cells written from one SQL query, met at
# full size (500 lines, `./cri bench`). At 100 lines the report's fixed cost (access checks, the
# report's lookup, the grant's language, its three reads) weighs more, and a shared CI machine
# makes times of a few tens of milliseconds noisy: the bound here only catches a per-line cost.
MAX_XLSX_RATIO_SMALL = 4


def run_benchmark(script, arguments, odoo_env_args, tmp_path):
    """The results (one row a size) of ``benchmarks/<script>`` run on the test database."""
    out = tmp_path / f"{script}.json"
    completed = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *odoo_env_args, *arguments, "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(os.environ["CRI_ODOO_BIN"]).parent)},
    )
    print(completed.stdout)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(out.read_text())


def test_pathway_list_and_deadline_check_queries_do_not_grow_with_files(odoo_env_args, tmp_path):
    small, large = run_benchmark(
        "bench_pathway.py", ["--sizes", "100", "400", "--batch", "10"], odoo_env_args, tmp_path
    )
    assert small["cron_files"] == large["cron_files"] == 10
    assert large["list_queries"] <= small["list_queries"], (small, large)
    assert large["cron_queries"] <= small["cron_queries"], (small, large)
    assert large["cron_queries_per_file"] <= MAX_CRON_QUERIES_PER_FILE, (small, large)


def test_grants_review_queue_and_statement_queries_do_not_grow_with_grants(odoo_env_args, tmp_path):
    small, large = run_benchmark(
        "bench_grants.py",
        ["--sizes", "20", "60", "--lines", "10", "--statement-lines", "100"],
        odoo_env_args,
        tmp_path,
    )
    # both sizes fill the queue's first page: a shorter page would cost less
    assert small["page_rows"] == large["page_rows"] == 80, (small, large)
    for measure in ("groups", "page", "xlsx", "pdf"):
        assert large[f"{measure}_queries"] <= small[f"{measure}_queries"], (measure, small, large)
    assert small["baseline_queries"] == 1
    for row in (small, large):
        assert row["xlsx_ratio"] <= MAX_XLSX_RATIO_SMALL, row


def test_coordination_action_plan_queries_do_not_grow_with_actions(odoo_env_args, tmp_path):
    small, large = run_benchmark(
        "bench_coordination.py", ["--sizes", "20", "60", "--repeat", "2"], odoo_env_args, tmp_path
    )
    for row in (small, large):
        # a row an action in the report's workbook, as in the baseline's, read by ONE query
        assert row["rows"] == row["baseline_rows"] == row["actions"], row
        assert row["baseline_queries"] == 1, row
    for measure in ("xlsx", "pdf", "list", "regional"):
        assert large[f"{measure}_queries"] <= small[f"{measure}_queries"], (measure, small, large)
    # the list's first page holds every action of the small plan, 80 of the large one at most
    assert small["list_rows"] == small["actions"] and large["list_rows"] == min(large["actions"], 80), (
        small,
        large,
    )


def test_training_lists_queries_do_not_grow_with_sessions(odoo_env_args, tmp_path):
    small, large = run_benchmark(
        "bench_trainings.py", ["--sizes", "100", "200", "--registrations", "8"], odoo_env_args, tmp_path
    )
    # both sizes fill the first pages of the lists: a shorter page would cost less
    for measure in ("registrations", "attendance"):
        assert small[f"{measure}_rows"] == large[f"{measure}_rows"] == 80, (measure, small, large)
    # the daily follow-up has the same work at both sizes
    assert small["followup_rows"] == large["followup_rows"] > 0, (small, large)
    for measure in ("calendar", "registrations", "attendance", "followup"):
        assert large[f"{measure}_queries"] <= small[f"{measure}_queries"], (measure, small, large)


def test_statistics_pivot_export_lists_and_crons_queries_do_not_grow_with_files(odoo_env_args, tmp_path):
    small, large = run_benchmark(
        "bench_reporting.py",
        ["--sizes", "1200", "2400", "--repeat", "1", "--audit-months", "2"],
        odoo_env_args,
        tmp_path,
    )
    pivots = (
        "pivot_region",
        "pivot_cri",
        "pivot_month_nationality",
        "pivot_commune_month",
        "pivot_age_gender_year",
    )
    for key in (*(f"{pivot}_queries" for pivot in pivots), "xlsx_queries"):
        assert large[key] <= small[key], (key, small, large)
    # a daily job's run after the first costs what became due since, whatever the data
    crons = [key for key in small if key.startswith("cron_") and key.endswith("_next_queries")]
    assert "cron_monthly_snapshots_next_queries" in crons and len(crons) >= 5, small
    for key in crons:
        assert large[key] <= small[key], (key, small, large)
    # the lists whose first page is full at both sizes (a shorter page costs less)
    full = [
        key.removesuffix("_rows") for key in small if key.endswith("_rows") and small[key] == large[key] == 80
    ]
    assert {"list_cri_pathway", "list_cri_pathway_module", "list_cri_pathway_attendance"} <= set(full), small
    for name in full:
        assert large[f"{name}_queries"] <= small[f"{name}_queries"], (name, small, large)
    for row in (small, large):
        # the ratios to raw SQL are goals of the full size (`./cri bench`, tests/benchmarks/goals.py)
        # two months of snapshots, every CRI's and the Region's, each month audited together
        assert row["audit_snapshots"] == 2 * 9 and row["audit_passed"], row
        assert row["audit_protected"] > 0 and row["audit_narrowest"] >= 1, row


def test_the_full_size_goals_fail_the_benchmark_when_missed():
    """`./cri bench` exits 1 on a query count that grows or a ratio over its goal."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("goals", BENCHMARKS / "goals.py")
    goals = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(goals)
    met = [
        {
            "actions": 1500,
            "xlsx_queries": 7,
            "pdf_queries": 20,
            "list_queries": 5,
            "regional_queries": 3,
            "xlsx_ratio": 1.6,
        },
        {
            "actions": 150,
            "xlsx_queries": 7,
            "pdf_queries": 20,
            "list_queries": 5,
            "regional_queries": 3,
            "xlsx_ratio": 2.5,
        },
    ]
    assert goals.judge("coordination", met) == []
    grown = [dict(met[0], pdf_queries=21, xlsx_ratio=2.1), met[1]]
    missed = goals.judge("coordination", grown)
    assert len(missed) == 2 and "pdf_queries grows" in missed[0] and "xlsx_ratio" in missed[1], missed
    # past 80 groups the web client adds one query to the queue's groups: that one only
    queue = {"page_queries": 8, "xlsx_queries": 16, "pdf_queries": 19, "xlsx_ratio": 1.4}
    rows = [dict(queue, grants=100, groups_queries=2), dict(queue, grants=1000, groups_queries=3)]
    assert goals.judge("grants", rows) == []
    rows[1]["groups_queries"] = 4
    assert goals.judge("grants", rows) == ["grants: groups_queries grows with the data (2 -> 4)"]
    # the statistics: every steady-state scheduled action and every full list page is judged too
    pivots = {
        f"{pivot}_{unit}": value for pivot in goals.PIVOTS for unit, value in (("queries", 2), ("ratio", 1.5))
    }
    row = {**pivots, "xlsx_queries": 21, "xlsx_ratio": 1.9, "cron_x_next_queries": 4, "list_files_rows": 80}
    rows = [dict(row, files=40000, list_files_queries=7), dict(row, files=4000, list_files_queries=7)]
    assert goals.judge("reporting", rows) == []
    rows[0].update(cron_x_next_queries=5, list_files_queries=8)
    assert len(goals.judge("reporting", rows)) == 2
