"""The design that keeps the roles holding, checked on the code of every addon, so that the next
addon cannot reopen what the suite closed: one workflow token (cri_base's guard), deadlines in
the legal time of Brussels, no document template that reads the report's options. (That every
document has a report model checking it, and every model with a CRI a record rule, is checked
on the database by tests/roles/effective_rights.py.)"""

import re
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"
GUARD = ADDONS / "cri_base" / "models" / "cri_workflow_mixin.py"


def _sources(pattern="*.py", tests=False):
    for path in sorted(ADDONS.glob(f"cri_*/**/{pattern}")):
        if not tests and "tests" in path.relative_to(ADDONS).parts:
            continue
        yield path


def test_deadlines_are_compared_with_the_legal_day_not_the_caller_s_time_zone():
    offenders = [
        f"{path.relative_to(ADDONS)}:{number}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "context_today" in line and not path.match("cri_base/tools/legal_time.py")
    ]
    assert not offenders, f"use cri_base.tools.legal_today(): {offenders}"


def test_the_workflow_has_one_token_the_guard_s():
    offenders = []
    for path in _sources():
        if path == GUARD:
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(r"=\s*object\(\)", line):
                offenders.append(f"{path.relative_to(ADDONS)}:{number}")
    assert not offenders, f"a context token of its own: use cri.workflow.mixin ({offenders})"


def test_no_report_template_reads_the_report_s_options():
    # a template that reads values from ``data`` trusts the URL: the report model gives them
    offenders = [
        f"{path.relative_to(ADDONS)}"
        for path in _sources("*.xml")
        if "report" in path.parts
        and re.search(r"t-(value|foreach|out|esc|if)=\"[^\"]*\bdata\b", path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
