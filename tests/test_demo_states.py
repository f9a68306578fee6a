"""Each of the two demo CRIs shows every state of its work, whatever the day the demo was loaded:
a pathway file with its certificate issued, a deadline missed, a training day whose attendance
its trainer still has to mark and an instalment due. Tried with the demo logins of each CRI on a
real odoo-bin server, so that each state is also one its users can see."""

import datetime

import pytest

# each CRI: its manager's and its trainer's demo logins
CRIS = {"CRIC": ("cric-direction", "cric-formateur"), "CAI": ("cai-direction", "cai-formateur")}


def _login(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")
    return answer["result"]


def _search(client, model, domain, fields):
    answer = client.call_kw(model, "search_read", [domain, fields])
    assert "result" in answer, answer.get("error")
    return answer["result"]


def _own_company(rows, info):
    """The rows, each of the company of the logged-in user (a CRI's staff works in its CRI only)."""
    company = info["user_companies"]["current_company"]
    assert all(row["company_id"][0] == company for row in rows), rows
    return rows


@pytest.mark.parametrize("cri", sorted(CRIS))
def test_the_demo_cri_has_a_file_with_its_certificate_issued(client, cri):
    info = _login(client, CRIS[cri][0])
    done = _search(
        client,
        "cri.pathway",
        [("state", "=", "done"), ("certificate_number", "!=", False)],
        ["company_id", "certificate_date"],
    )
    assert _own_company(done, info), f"no file of the {cri} has its certificate issued"
    assert all(row["certificate_date"] for row in done)


@pytest.mark.parametrize("cri", sorted(CRIS))
def test_the_demo_cri_has_a_file_that_missed_a_deadline(client, cri):
    info = _login(client, CRIS[cri][0])
    today = datetime.date.today().isoformat()
    missed = _search(
        client,
        "cri.pathway",
        [
            ("deadline_missed", "=", True),
            ("state", "in", ("referral", "convention")),
            ("next_deadline", "<", today),
        ],
        ["company_id"],
    )
    assert _own_company(missed, info), f"no running file of the {cri} missed a deadline"


@pytest.mark.parametrize("cri", sorted(CRIS))
def test_the_demo_trainer_has_attendance_to_mark(client, cri):
    info = _login(client, CRIS[cri][1])
    today = datetime.date.today().isoformat()
    to_mark = _search(
        client,
        "cri.training.attendance",
        [("state", "=", False), ("date", "<=", today)],
        ["company_id", "event_id"],
    )
    assert _own_company(to_mark, info), f"the {cri}'s trainer has no past day left to mark"
    sessions = _search(
        client, "event.event", [("id", "in", [row["event_id"][0] for row in to_mark])], ["cri_trainer_id"]
    )
    assert sessions and all(row["cri_trainer_id"][0] == info["uid"] for row in sessions), sessions


@pytest.mark.parametrize("cri", sorted(CRIS))
def test_the_demo_cri_has_an_instalment_due(client, cri):
    info = _login(client, CRIS[cri][0])
    due = _search(client, "cri.ili.instalment", [("state", "=", "due")], ["company_id"])
    assert _own_company(due, info), f"no instalment of the {cri} is due"
