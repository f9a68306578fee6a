"""Every document of the suite printed by URL, as each demo login, on a real server with
wkhtmltopdf: a role the matrix lets print gets the PDF of its own CRI's record, any other login
(another CRI, another role, a partner, a visitor) gets a refusal and no document."""

import csv
from pathlib import Path

import pytest
from conftest import OdooClient

ROLES = Path(__file__).resolve().parent / "roles"
# a document (its action in the matrix): its report, the model it prints and what makes a
# record qualify for it
DOCUMENTS = {
    "cri_parcours.action_report_certificate": (
        "cri_parcours.report_certificate",
        "cri.pathway",
        [("state", "=", "done")],
    ),
    "cri_parcours.action_report_sanction_letter": (
        "cri_parcours.report_sanction_letter",
        "cri.pathway.sanction",
        [],
    ),
    "cri_ili_grants.action_report_cri_ili_statement": (
        "cri_ili_grants.report_statement",
        "cri.ili.application",
        [("state", "in", ["decided", "running", "clearing", "closed"])],
    ),
    "cri_training.action_report_certificate": (
        "cri_training.report_certificate",
        "event.registration",
        [("cri_certificate_eligible", "=", True)],
    ),
}


def _read(name):
    with (ROLES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _printers(action):
    """The roles the matrix lets print the document of ``action``."""
    row = next((row for row in _read("matrix.csv") if row["kind"] == "report" and row["name"] == action), {})
    return {role for role, cell in row.items() if cell == "x"}


def _logins():
    """(login, role) of every demo login."""
    result = []
    for role in _read("roles.csv"):
        for login in role["demo_logins"].split():
            result.append((login, role["role"]))
    return result


@pytest.fixture(scope="module")
def sessions(refusing_server):
    """{login: (client, company)}: each demo login signed in once for every document (a login
    costs its password's hashing: signing in again for each document doubled the test's time)."""
    result = {}
    for login, _role in _logins():
        client = OdooClient(refusing_server["url"], refusing_server["db"])
        answer = client.authenticate(login, login)
        assert "result" in answer, f"{login}: {answer.get('error')}"
        result[login] = (client, answer["result"].get("user_companies", {}).get("current_company"))
    return result


def _samples(sessions, model, domain, printers):
    """{company id: a record id} of the records that qualify, found by the logins that print
    them (each in its own CRI)."""
    samples = {}
    for login, role in _logins():
        if role not in printers:
            continue
        client = sessions[login][0]
        rows = client.call_kw(model, "search_read", [domain, ["company_id"]], {"order": "id"})["result"]
        for row in rows:
            samples.setdefault(row["company_id"] and row["company_id"][0], row["id"])
    return samples


@pytest.mark.parametrize("action", sorted(DOCUMENTS))
def test_a_document_is_printed_by_url_for_its_own_cri_by_the_roles_that_print_it(
    sessions, refusing_server, action
):
    report_name, model, domain = DOCUMENTS[action]
    printers = _printers(action)
    assert printers, f"the matrix names who prints {report_name}"
    samples = _samples(sessions, model, domain, printers)
    assert samples, f"the demo data holds a record for {report_name}"
    for login, role in _logins():
        client, company = sessions[login]
        for sample_company, record_id in samples.items():
            expected = role in printers and sample_company == company
            status, _url, body = client.get_raw(f"/report/pdf/{report_name}/{record_id}")
            printed = status == 200 and body.startswith(b"%PDF")
            assert printed == expected, (
                f"{login} ({role}) printing {report_name} #{record_id} of company {sample_company}: "
                f"{'printed' if printed else f'refused ({status})'}"
            )
    # a visitor without a session is sent to the login page
    client = OdooClient(refusing_server["url"], refusing_server["db"])
    for record_id in samples.values():
        status, url, body = client.get_raw(f"/report/pdf/{report_name}/{record_id}")
        assert not body.startswith(b"%PDF") and "/web/login" in url, (status, url)
