"""The grants of local initiatives as the demo users meet them, on a real odoo-bin server: the
CAI's initiative in its French portal, the CAI's accountant, the Region observer, and a guess at
the other CRI's grant."""

import html
import urllib.error

import pytest

RUNNING = "Parcours découverte des institutions belges (démo)"  # the CAI's running grant
CRIC_GRANT = "Festival de quartier des cuisines du monde (démo)"  # a decided grant of the CRIC
REJECTION = "Les repas de l'équipe ne sont pas éligibles (démo)."


@pytest.fixture
def client(refusing_client):
    """These tests provoke refusals: they use the server whose log is kept for refusals."""
    return refusing_client


def _login(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")


def _search(client, model, domain, fields):
    answer = client.call_kw(model, "search_read", [domain, fields])
    assert "result" in answer, answer.get("error")
    return answer["result"]


def _status(client, path):
    try:
        return client.get(path)
    except urllib.error.HTTPError as error:
        return error.code, path, ""


def test_the_initiative_follows_its_grant_in_the_french_portal(client):
    _login(client, "cai-direction")
    grant = _search(client, "cri.ili.application", [("summary", "ilike", RUNNING)], ["id", "name"])[0]
    _login(client, "portal-ili-cai")
    status, _url, page = client.get("/my/ili")
    assert status == 200
    assert grant["name"] in page and "En cours" in page
    status, _url, page = client.get(f"/my/ili/{grant['id']}")
    text = html.unescape(page)
    assert status == 200
    # the review of each expense line with its reason, in French; never the CRI's opinion
    assert REJECTION in text
    assert "Dépenses" in text
    assert "Projet complémentaire au module de citoyenneté" not in text


def test_the_initiative_cannot_open_a_grant_of_another_organisation(client):
    _login(client, "cric-direction")
    other = _search(client, "cri.ili.application", [("summary", "ilike", CRIC_GRANT)], ["id"])[0]
    _login(client, "portal-ili-cai")
    status, url, page = _status(client, f"/my/ili/{other['id']}")
    assert status in (403, 404) or url.endswith("/my"), (status, url)
    assert CRIC_GRANT not in html.unescape(page)
    answer = client.call_kw("cri.ili.application", "read", [[other["id"]], ["summary"]])
    assert "error" in answer, answer.get("result")


def test_the_cai_accountant_reviews_the_cai_expenses_only(client):
    _login(client, "cai-comptable")
    queue = _search(
        client,
        "cri.ili.expense",
        [("review_state", "=", "to_review")],
        ["application_id", "invoice_number", "duplicate_count", "company_id"],
    )
    assert queue, "the demo's running grant has expenses to review"
    assert len({row["company_id"][0] for row in queue}) == 1, "one CRI: the accountant's"
    twice = [row for row in queue if row["invoice_number"] == "DEMO-F-0117"]
    assert len(twice) == 2 and all(row["duplicate_count"] == 1 for row in twice), twice


def test_the_region_reads_the_budgets_of_every_cri_but_no_expense(client):
    _login(client, "region-observateur")
    budgets = _search(client, "cri.ili.grant.budget", [], ["company_id"])
    assert len({row["company_id"][0] for row in budgets}) >= 2
    answer = client.call_kw("cri.ili.expense", "search_read", [[], ["document"]])
    assert "error" in answer, answer.get("result")
