"""The goals of the benchmarks (README, "Benchmarks"), judged on their JSON results.

Usage: goals.py RESULTS.json...   (each file named bench-<benchmark>.json, as `./cri bench`
writes them); prints one line a goal missed and exits 1 when one was, 0 when all are met.

Two kinds of goal:
- a query count that does not grow with the data: at every size, at most the count of the
  smallest size (plus the slack noted for the few that the web client itself makes grow);
- a time ratio to the baseline measured in the same run (raw SQL, xlsxwriter from one query):
  at most the goal at the largest size, where the figures of the README are taken.
"""

import json
import sys
from pathlib import Path

PIVOTS = (
    "pivot_region",
    "pivot_cri",
    "pivot_month_nationality",
    "pivot_commune_month",
    "pivot_age_gender_year",
)
# list pages the benchmarks fill at every size: their count is judged when the page is full
FULL_PAGE = 80

GOALS = {
    "pathway": {
        "size": "files",
        "constant": ("list_queries", "cron_queries"),
        "at_most": {"cron_queries_per_file": 15},
    },
    "grants": {
        "size": "grants",
        "constant": ("groups_queries", "page_queries", "xlsx_queries", "pdf_queries"),
        # past 80 groups the web client counts the groups with one more query
        "slack": {"groups_queries": 1},
        "ratio": {"xlsx_ratio": 2},
    },
    "trainings": {
        "size": "sessions",
        "constant": ("calendar_queries", "registrations_queries", "attendance_queries", "followup_queries"),
    },
    "coordination": {
        "size": "actions",
        "constant": ("xlsx_queries", "pdf_queries", "list_queries", "regional_queries"),
        "ratio": {"xlsx_ratio": 2},
    },
    "reporting": {
        "size": "files",
        "constant": (*(f"{pivot}_queries" for pivot in PIVOTS), "xlsx_queries"),
        "ratio": {**{f"{pivot}_ratio": 3 for pivot in PIVOTS}, "xlsx_ratio": 2},
    },
}


def _constant_keys(benchmark, rows):
    keys = list(GOALS[benchmark].get("constant", ()))
    if benchmark == "reporting":
        first = rows[0]
        # a daily job's run after the first costs what became due since, whatever the data
        keys += [key for key in first if key.startswith("cron_") and key.endswith("_next_queries")]
        keys += [
            key.removesuffix("_rows") + "_queries"
            for key in first
            if key.startswith("list_")
            and key.endswith("_rows")
            and all(row[key] == FULL_PAGE for row in rows)
        ]
    return keys


def judge(benchmark, rows):
    """The goals of ``benchmark`` its ``rows`` (one a size, smallest first) miss, as text."""
    goals = GOALS[benchmark]
    rows = sorted(rows, key=lambda row: row[goals["size"]])
    small, largest = rows[0], rows[-1]
    missed = []
    for key in _constant_keys(benchmark, rows):
        bound = small[key] + goals.get("slack", {}).get(key, 0)
        for row in rows[1:]:
            if row[key] > bound:
                missed.append(f"{benchmark}: {key} grows with the data ({small[key]} -> {row[key]})")
    for key, bound in goals.get("at_most", {}).items():
        for row in rows:
            if row[key] > bound:
                missed.append(f"{benchmark}: {key} is {row[key]}, over {bound}")
    for key, bound in goals.get("ratio", {}).items():
        if largest[key] > bound:
            missed.append(f"{benchmark}: {key} is x{largest[key]} at the largest size, over x{bound}")
    return missed


def main(argv):
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    missed = []
    for name in argv:
        benchmark = Path(name).stem.removeprefix("bench-")
        if benchmark not in GOALS:
            sys.stderr.write(f"no goals for {name}\n")
            return 2
        rows = json.loads(Path(name).read_text(encoding="utf-8"))
        missed += judge(benchmark, rows)
    for line in missed:
        print(f"GOAL MISSED: {line}")
    print(f"benchmark goals: {len(missed)} missed" if missed else "benchmark goals: all met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
