"""The tools behind `./cri test`: a test run fails on a failing test and on an unexpected
WARNING or ERROR in the Odoo log, and the configuration takes its secrets from the environment."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import render_conf
import role_matrix
import test_report

ROOT = Path(__file__).resolve().parent.parent

LOG_OK = textwrap.dedent(
    """\
    2026-11-27 10:00:00,001 4242 INFO cri_t odoo.modules.loading: 12 modules loaded
    2026-11-27 10:00:01,001 4242 INFO cri_t odoo.tests.result: 0 failed, 0 error(s) of 7 tests when loading database 'cri_t'
    """
)
WARNING_LINE = "2026-11-27 10:00:00,500 4242 WARNING cri_t odoo.models: cri.thing: inconsistent compute\n"
ERROR_WITH_TRACEBACK = (
    "2026-11-27 10:00:00,600 4242 ERROR cri_t odoo.addons.cri_base.tests.test_x: FAIL: TestX.test_y\n"
    "Traceback (most recent call last):\n"
    "2026-11-27 is not a record line\n"
    "AssertionError: 1 != 2\n"
)


def _run(tmp_path, log_text, allow="", junit=None):
    log = tmp_path / "odoo.log"
    log.write_text(log_text, encoding="utf-8")
    allowlist = tmp_path / "allow.txt"
    allowlist.write_text(allow, encoding="utf-8")
    argv = ["--odoo-log", str(log), "--allowlist", str(allowlist)]
    if junit is not None:
        path = tmp_path / "junit.xml"
        path.write_text(junit, encoding="utf-8")
        argv += ["--junit", str(path)]
    return test_report.main(argv)


def test_clean_log_with_passing_tests_passes(tmp_path, capsys):
    assert _run(tmp_path, LOG_OK) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "total: 7 passed, 0 failed"


def test_new_warning_in_log_fails_the_run(tmp_path, capsys):
    assert _run(tmp_path, WARNING_LINE + LOG_OK) == 1
    out = capsys.readouterr().out
    assert "unexpected WARNING" in out and "inconsistent compute" in out
    assert out.splitlines()[-1] == "total: 7 passed, 1 failed"


def test_allow_listed_warning_passes(tmp_path):
    allow = "# harmless, explained here\nodoo\\.models: cri\\.thing: inconsistent compute\n"
    assert _run(tmp_path, WARNING_LINE + LOG_OK, allow=allow) == 0


def test_allow_list_comments_are_not_patterns(tmp_path):
    assert _run(tmp_path, WARNING_LINE + LOG_OK, allow="# odoo.models\n") == 1


def test_failing_odoo_test_fails_and_is_counted_once(tmp_path, capsys):
    log = ERROR_WITH_TRACEBACK + LOG_OK.replace("0 failed, 0 error(s) of 7", "1 failed, 0 error(s) of 7")
    assert _run(tmp_path, log) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "total: 6 passed, 1 failed"
    assert "is not a record line" not in out


def test_log_without_test_report_fails(tmp_path, capsys):
    assert _run(tmp_path, "2026-11-27 10:00:00,001 1 INFO ? odoo: started\n") == 1
    assert "no test report" in capsys.readouterr().out


def test_run_with_zero_odoo_tests_fails(tmp_path):
    assert _run(tmp_path, LOG_OK.replace("of 7 tests", "of 0 tests")) == 1


def test_pytest_failures_are_added(tmp_path, capsys):
    junit = '<testsuites><testsuite tests="5" failures="1" errors="1" skipped="1"/></testsuites>'
    assert _run(tmp_path, LOG_OK, junit=junit) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "total: 9 passed, 2 failed"


def test_render_conf_takes_values_from_environment_and_drops_unset_options():
    text = "[options]\nadmin_passwd = ${ODOO_ADMIN_PASSWORD}\ndb_port = ${DB_PORT}\nlist_db = False\n"
    rendered = render_conf.render(text, {"ODOO_ADMIN_PASSWORD": "s3cret"})
    assert rendered == "[options]\nadmin_passwd = s3cret\nlist_db = False\n"


def test_conf_template_holds_no_secret():
    template = (test_report.Path(__file__).parent.parent / "config" / "odoo.conf.template").read_text()
    for key in ("admin_passwd", "db_password"):
        line = next(line for line in template.splitlines() if line.startswith(key))
        assert line.split("=", 1)[1].strip().startswith("${"), line


def test_the_addons_readme_files_are_made_from_their_sources():
    """README.rst of each addon is written by tools/make_readme.py from readme/*.md."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout


def test_the_readme_says_who_may_do_what_from_the_role_matrix():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert role_matrix.replace_in(readme, role_matrix.render()) == readme, (
        "README.md's role tables differ from tests/roles/matrix.csv: run tools/role_matrix.py --write"
    )


def test_cri_run_prints_every_demo_login_of_the_readme():
    script = f'source <(sed -n "/^demo_logins()/,/^}}/p" "{ROOT / "cri"}"); demo_logins'
    completed = subprocess.run(
        ["bash", "-c", script],
        env={"ROOT": str(ROOT), "PY": sys.executable, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    printed = set(re.findall(r"[a-z]+-[a-z-]+", completed.stdout))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| reception agent |") :].split("\n\n")[0]
    in_readme = set(re.findall(r"`([a-z]+-[a-z-]+)`", table))
    assert len(in_readme) >= 15, in_readme
    assert in_readme <= printed, in_readme - printed


def test_the_readme_holds_the_register_of_processing_activities():
    """The register of `cri_privacy` is in the README, word for word (headings two levels down)."""
    register = (ROOT / "addons" / "cri_privacy" / "readme" / "REGISTER.md").read_text(encoding="utf-8")
    demoted = "\n".join(
        "####" + line[1:] if line.startswith("# ") else "###" + line if line.startswith("## ") else line
        for line in register.strip().splitlines()
    )
    assert demoted in (ROOT / "README.md").read_text(encoding="utf-8")
