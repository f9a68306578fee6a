"""Summarise a test run of the CRI suite and judge the Odoo logs.

Reads the Odoo log of the test install, the JUnit file of the top-level pytest run and the
logs of the servers those tests started. Prints one line per part and a closing line
``total: N passed, N failed``. Exits 1 when a test failed, when no Odoo test ran, or when a log
holds a WARNING, ERROR or CRITICAL record that no pattern of the allow-list accepts.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z?]+) (?P<db>\S+) (?P<logger>[^\s:]+): (?P<message>.*)$"
)
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SERIOUS = {"WARNING", "ERROR", "CRITICAL"}
TEST_LOGGER = re.compile(r"(^|\.)tests(\.|$)")


def load_allowlist(path):
    """Compiled patterns of the allow-list: one regular expression a line, # for comments."""
    patterns = []
    if path and Path(path).exists():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                patterns.append(re.compile(line))
    return patterns


def serious_records(lines):
    """(level, logger, message) of each WARNING/ERROR/CRITICAL record; a record's following
    lines (a traceback) belong to it and are not read as records."""
    for line in lines:
        match = RECORD.match(line)
        if match and match["level"] in SERIOUS:
            yield match["level"], match["logger"], match["message"]


def unexpected_records(lines, allowlist):
    return [
        record
        for record in serious_records(lines)
        if not any(p.search(f"{record[1]}: {record[2]}") for p in allowlist)
    ]


def odoo_result(lines):
    """(failed, errors, run) of the last test report of the log, or None when there is none."""
    found = None
    for line in lines:
        match = RESULT.search(line)
        if match:
            found = tuple(int(g) for g in match.groups())
    return found


def junit_result(path):
    """(passed, failed, skipped) of a JUnit XML file, or None when it is missing."""
    if not path or not Path(path).exists():
        return None
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def read_lines(path):
    return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo-log", help="the log of Odoo's own test runner (absent: pytest-odoo)")
    parser.add_argument("--junit", nargs="*", default=[], help="JUnit files of pytest runs")
    parser.add_argument("--server-logs", nargs="*", default=[])
    parser.add_argument("--allowlist")
    args = parser.parse_args(argv)
    allowlist = load_allowlist(args.allowlist)
    passed = failed = 0
    ok = True

    odoo_lines = read_lines(args.odoo_log) if args.odoo_log and Path(args.odoo_log).exists() else []
    result = odoo_result(odoo_lines)
    if not args.odoo_log:
        pass  # the Odoo tests ran under pytest-odoo: their JUnit file counts them
    elif result is None:
        print("odoo: no test report in the log (the install failed or no test ran)")
        failed += 1
        ok = False
    else:
        odoo_failed = result[0] + result[1]
        print(f"odoo: {result[2] - odoo_failed} passed, {odoo_failed} failed")
        passed += result[2] - odoo_failed
        failed += odoo_failed
        if result[2] == 0:
            print("odoo: no test ran")
            failed += 1
        ok = ok and odoo_failed == 0 and result[2] > 0

    for path in args.junit:
        junit = junit_result(path)
        if junit is None:
            print(f"pytest: no result file {Path(path).name}")
            failed += 1
            ok = False
            continue
        print(f"pytest ({Path(path).name}): {junit[0]} passed, {junit[1]} failed, {junit[2]} skipped")
        passed += junit[0]
        failed += junit[1]
        ok = ok and junit[1] == 0
        if not args.odoo_log and not junit[0] + junit[1]:
            print("pytest: no test ran")
            failed += 1
            ok = False

    logs = ([args.odoo_log] if args.odoo_log else []) + [p for p in args.server_logs if Path(p).exists()]
    for log in logs:
        lines = odoo_lines if log == args.odoo_log else read_lines(log)
        unexpected = unexpected_records(lines, allowlist)
        for level, logger, message in unexpected:
            print(f"log: unexpected {level} in {Path(log).name}: {logger}: {message[:300]}")
        # a failing test reports itself at ERROR through its test logger: counted above already
        failed += sum(
            1 for level, logger, _msg in unexpected if level != "ERROR" or not TEST_LOGGER.search(logger)
        )
        ok = ok and not unexpected

    print(f"total: {passed} passed, {failed} failed")
    return 0 if ok and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
