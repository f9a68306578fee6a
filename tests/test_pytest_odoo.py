"""`./cri pytest-odoo`: the addons' Odoo tests run under pytest-odoo, selected by path and -k,
reported as JUnit XML and judged with the log check of `./cri test`; a selection that runs no
test fails."""

import os
import subprocess
import xml.etree.ElementTree as ET

from conftest import ROOT, _required_env

JUNIT = ROOT / ".local" / "test-logs" / "pytest-odoo.xml"


def _run(*args):
    return subprocess.run(
        [str(ROOT / "cri"), "pytest-odoo", "--database", _required_env("CRI_TEST_DB"), *args],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_addons_tests_run_under_pytest_odoo_selected_and_reported():
    # a TransactionCase and an HttpCase (pytest-odoo's own HTTP server) of cri_base
    completed = _run(
        "addons/cri_base/tests/test_center.py", "addons/cri_base/tests/test_http.py", "-k", "not tour"
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    suites = ET.parse(JUNIT).getroot()
    cases = list(suites.iter("testcase"))
    assert cases and not any(case.find("failure") is not None for case in cases)
    assert {case.get("classname").rsplit(".", 1)[0] for case in cases} == {
        "addons.cri_base.tests.test_center",
        "addons.cri_base.tests.test_http",
    }
    assert "total: " in completed.stdout and " 0 failed" in completed.stdout.splitlines()[-1]


def test_a_selection_that_runs_no_test_fails():
    completed = _run("addons/cri_base/tests/test_center.py", "-k", "no_such_test_anywhere")
    assert completed.returncode != 0
    assert "no test ran" in completed.stdout
