"""The pathway's rules as the demo users meet them: a real odoo-bin server on the test database,
the web client's own RPC route, the demo logins of two CRIs, the Region and an operator."""

import pytest

PERSON = "Fictivenko"  # a newcomer of the CRI of Charleroi in the demo data


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


def _error(answer):
    assert "error" in answer, f"the server accepted: {answer.get('result')}"
    return answer["error"]["data"]


@pytest.mark.parametrize("login", ["cai-accueil", "cai-direction", "region-observateur", "region-admin"])
def test_a_newcomer_of_one_cri_is_not_found_by_another_cri_nor_the_region(client, login):
    _login(client, login)
    assert _search(client, "res.partner", [("name", "ilike", PERSON)], ["name"]) == []


def test_the_cri_of_the_newcomer_finds_them_and_cannot_write_the_stage(client):
    _login(client, "cric-direction")
    people = _search(client, "res.partner", [("name", "ilike", PERSON)], ["name", "company_id"])
    assert len(people) == 1 and people[0]["company_id"], people
    files = _search(client, "cri.pathway", [("partner_id", "=", people[0]["id"])], ["state", "name"])
    assert len(files) == 1
    # with the context the web client sends: the user's language
    answer = client.call_kw(
        "cri.pathway", "write", [[files[0]["id"]], {"state": "done"}], {"context": {"lang": "fr_BE"}}
    )
    error = _error(answer)
    assert error["name"] == "odoo.exceptions.UserError"
    assert "ne changent que par ses boutons" in error["message"], error["message"]
    again = _search(client, "cri.pathway", [("id", "=", files[0]["id"])], ["state"])
    assert again[0]["state"] == files[0]["state"]


def test_another_cri_guessing_the_file_id_is_refused(client):
    _login(client, "cric-accueil")
    files = _search(client, "cri.pathway", [], ["name"])
    assert files
    _login(client, "cai-accueil")
    error = _error(client.call_kw("cri.pathway", "read", [[files[0]["id"]], ["name", "partner_id"]]))
    assert error["name"] == "odoo.exceptions.AccessError"


def test_a_cri_manager_cannot_move_a_commune_to_another_cri(client):
    _login(client, "cric-direction")
    communes = _search(client, "cri.commune", [("name", "=", "Charleroi")], ["center_id"])
    centres = _search(client, "cri.center", [], ["code"])
    assert communes and centres
    error = _error(client.call_kw("cri.commune", "write", [[communes[0]["id"]], {"center_id": False}]))
    assert error["name"] == "odoo.exceptions.AccessError"


def test_an_operator_reads_its_learners_without_their_file_number(client):
    _login(client, "portal-fle-cric")
    modules = _search(client, "cri.pathway.module", [], ["learner_name", "display_name", "module_type"])
    assert modules, "the operator of the demo follows learners"
    _login(client, "cric-accueil")
    numbers = {f["name"] for f in _search(client, "cri.pathway", [], ["name"])}
    assert numbers
    assert not any(number in module["display_name"] for module in modules for number in numbers)
    _login(client, "portal-fle-cric")
    error = _error(client.call_kw("cri.pathway.module", "read", [[modules[0]["id"]], ["pathway_id"]]))
    assert error["name"] == "odoo.exceptions.AccessError"
