"""Run the load test (locustfile.py) headless against an Odoo server on this machine, and report.

    .local/load-venv/bin/python tests/load/run_load.py --url http://127.0.0.1:8069 --db DB \
        --accounts accounts.json --users 50 --spawn-rate 5 --run-time 120 \
        --json load.json --markdown load.md --max-p95-ms 500

Locust runs as a subprocess of the load venv's Python, bounded in users and time, against a
loopback URL only. The users log in first (the users of one account share its session), then
work for --run-time seconds once all are in: that steady state is what the table measures; the
logins are reported apart. Locust's own time limit is --run-time plus a login allowance. The reports give per page (``<role>: <page>``) the requests, the failures and
the 50th/95th/99th percentiles in ms, then the totals; the markdown is a table for the README.
The exit code is 0 only if no request failed, every role that has accounts made requests, and
every page load's p95 is within --max-p95-ms (logins and exports are not page loads).
"""

import argparse
import csv
import ipaddress
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
NOT_PAGE_LOADS = (": login", ": export")


def is_loopback(url):
    """Whether every address of the URL's host is a loopback one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 80)}
    except OSError:
        return False
    return bool(addresses) and all(
        ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses
    )


def login_allowance(users):
    """Seconds the users are given to log in before the measured run (a costly password check per
    account, serialised on a busy machine); Locust's --run-time is this plus --run-time."""
    return 60 + 3 * users


def is_page_load(name):
    return not any(marker in name for marker in NOT_PAGE_LOADS)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_stats(csv_prefix):
    """Per page and the total from Locust's <prefix>_stats.csv; the failures' messages."""
    pages, total = [], None
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] != "Aggregated" and not int(row["Request Count"]):
                continue  # the logins, once the statistics started again (in report["logins"])
            figures = {
                "name": row["Name"],
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "max_ms": _number(row["Max Response Time"]),
                "rps": _number(row["Requests/s"]),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                figures["page_load"] = is_page_load(row["Name"])
                pages.append(figures)
    failures = []
    failures_csv = Path(f"{csv_prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open(encoding="utf-8") as handle:
            failures = [
                {"name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])}
                for row in csv.DictReader(handle)
            ]
    return sorted(pages, key=lambda page: page["name"]), total, failures


def judge(report, roles, max_p95_ms):
    """The reasons the run fails its goal (empty: it passed)."""
    problems = []
    logins = report["logins"]
    if logins is None:
        problems.append("not every user had logged in by the end of the run: no steady state measured")
    elif logins["failures"]:
        problems.append(f"{logins['failures']} login(s) failed: {'; '.join(logins['errors'])}")
    if not report["total"] or not report["total"]["requests"]:
        problems.append("no request was made")
    elif report["total"]["failures"]:
        problems.append(f"{report['total']['failures']} request(s) failed")
    for failure in report["failures"]:
        problems.append(f"{failure['occurrences']} x {failure['name']}: {failure['error']}")
    worked = {
        page["name"].split(": ")[0] for page in report["pages"] if page["page_load"] and page["requests"]
    }
    for role in roles:
        if role not in worked:
            problems.append(f"the role {role} loaded no page")
    for page in report["pages"]:
        if page["page_load"] and page["p95_ms"] is not None and page["p95_ms"] > max_p95_ms:
            problems.append(f"{page['name']}: p95 {page['p95_ms']:.0f} ms is above {max_p95_ms:.0f} ms")
    return problems


def _ms(value):
    return "" if value is None else f"{value:.0f}"


def markdown(report):
    settings = report["settings"]
    logins = report["logins"]
    lines = [
        f"{settings['users']} users (spawned {settings['spawn_rate']}/s) for {settings['run_time']} s, "
        f"think time 1-3 s; {report['total']['requests'] if report['total'] else 0} requests, "
        f"{report['total']['failures'] if report['total'] else 0} failed; goal: page loads' p95 under "
        f"{settings['max_p95_ms']:.0f} ms (logins and exports are not page loads).",
        "",
        f"Logins: {logins['requests']} (one per account, {logins['failures']} failed), the slowest "
        f"{_ms(logins['max_ms'])} ms; every user in after {logins['seconds_until_all_in']} s. The table is of "
        "the work after that: each user comes to its first page within "
        f"{max(3, settings['users'] / settings['spawn_rate']):.0f} s, then works."
        if logins
        else "Not every user had logged in by the end of the run: the table includes the logins.",
        "",
        "| Page | Requests | Failures | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page in report["pages"]:
        lines.append(
            f"| {page['name']} | {page['requests']} | {page['failures']} | {_ms(page['p50_ms'])} | "
            f"{_ms(page['p95_ms'])} | {_ms(page['p99_ms'])} |"
        )
    total = report["total"]
    if total:
        lines.append(
            f"| **Total** | **{total['requests']}** | **{total['failures']}** | **{_ms(total['p50_ms'])}** | "
            f"**{_ms(total['p95_ms'])}** | **{_ms(total['p99_ms'])}** |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the Odoo server, on this machine (loopback)")
    parser.add_argument("--db", required=True)
    parser.add_argument("--accounts", required=True, help="JSON file of accounts per role (accounts.py)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument(
        "--run-time", type=int, default=120, help="seconds of work measured, once every user is logged in"
    )
    parser.add_argument("--json", help="write the report as JSON here")
    parser.add_argument("--markdown", help="write the report as a markdown table here")
    parser.add_argument("--max-p95-ms", type=float, default=500)
    args = parser.parse_args(argv)

    if not is_loopback(args.url):
        parser.error(f"{args.url} is not a loopback URL: the load test only runs against this machine")
    if not 1 <= args.users <= 500 or not 1 <= args.run_time <= 3600 or args.spawn_rate <= 0:
        parser.error("--users must be 1-500, --run-time 1-3600 seconds, --spawn-rate positive")
    try:
        with open(args.accounts, encoding="utf-8") as handle:
            roles = sorted(role for role, accounts in json.load(handle)["roles"].items() if accounts)
    except (OSError, ValueError, KeyError) as error:
        parser.error(f"cannot read the accounts file {args.accounts}: {error}")

    with tempfile.TemporaryDirectory(prefix="cri-load-") as folder:
        prefix = os.path.join(folder, "stats")
        logins_file = Path(folder, "logins.json")
        command = [
            sys.executable, "-m", "locust",
            "-f", str(HERE / "locustfile.py"),
            "--headless", "--only-summary",
            "--host", args.url.rstrip("/"),
            "--users", str(args.users),
            "--spawn-rate", str(args.spawn_rate),
            "--run-time", f"{args.run_time + login_allowance(args.users)}s",
            "--stop-timeout", "10",
            "--csv", prefix,
            "--loglevel", "WARNING",
        ]  # fmt: skip
        environ = dict(
            os.environ,
            CRI_LOAD_ACCOUNTS=os.path.abspath(args.accounts),
            CRI_LOAD_DB=args.db,
            CRI_LOAD_USERS=str(args.users),
            CRI_LOAD_RUN_TIME=str(args.run_time),
            CRI_LOAD_SPAWN_RATE=str(args.spawn_rate),
            CRI_LOAD_LOGINS=str(logins_file),
        )
        process = subprocess.run(command, env=environ, check=False)
        if not Path(f"{prefix}_stats.csv").exists():
            print(
                f"run_load.py: Locust stopped with code {process.returncode} and no statistics",
                file=sys.stderr,
            )
            return 2
        pages, total, failures = read_stats(prefix)
        logins = json.loads(logins_file.read_text(encoding="utf-8")) if logins_file.exists() else None

    report = {
        "settings": {
            "url": args.url,
            "db": args.db,
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "run_time": args.run_time,
            "max_p95_ms": args.max_p95_ms,
            "roles": roles,
        },
        "pages": pages,
        "total": total,
        "failures": failures,
        "logins": logins,
    }
    report["problems"] = judge(report, roles, args.max_p95_ms)
    report["passed"] = not report["problems"]
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    table = markdown(report)
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    print(table)
    for problem in report["problems"]:
        print(f"run_load.py: {problem}", file=sys.stderr)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
