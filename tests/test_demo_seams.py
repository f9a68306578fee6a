"""Where the suite meets Odoo's core apps and its portal, tried with the demo logins on a real
server through the web client's RPC route: no one signs up, the Events app gives no role more
than the matrix, a partner's portal user relays no mail."""

import pytest


@pytest.fixture
def client(refusing_client):
    """These tests provoke refusals: they use the server whose log is kept for refusals."""
    return refusing_client


def _login(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")


def _result(answer):
    assert "result" in answer, answer.get("error")
    return answer["result"]


def _refused(answer):
    assert "error" in answer, f"the server accepted: {answer.get('result')}"
    return answer["error"]["data"]["name"]


def test_nobody_opens_an_account_from_the_login_page(client):
    client.json_rpc("/web/session/destroy", {})
    status, _url, page = client.get_raw("/web/login")
    assert status == 200 and b"/web/signup" not in page
    status, _url, _page = client.get_raw("/web/signup")
    assert status == 404


def test_the_region_observer_creates_no_event(client):
    _login(client, "region-observateur")
    answer = client.call_kw("event.event", "create", [{"name": "Session pirate", "company_id": 1}])
    assert _refused(answer) == "odoo.exceptions.AccessError"


def test_a_trainer_neither_changes_its_session_nor_registers_people(client):
    _login(client, "cric-formateur")
    sessions = _result(
        client.call_kw("event.event", "search_read", [[("cri_module_id", "!=", False)], ["id"]])
    )
    assert sessions, "the demo trainer has sessions"
    answer = client.call_kw("event.event", "write", [[sessions[0]["id"]], {"seats_max": 500}])
    assert _refused(answer) in ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")
    after = _result(client.call_kw("event.event", "read", [[sessions[0]["id"]], ["seats_max"]]))
    assert after[0]["seats_max"] != 500
    answer = client.call_kw(
        "event.registration", "create", [{"event_id": sessions[0]["id"], "name": "Quelqu'un"}]
    )
    assert _refused(answer) in ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")
    found = client.call_kw("event.registration", "search_count", [[("name", "=", "Quelqu'un")]])
    assert _result(found) == 0


@pytest.mark.parametrize("login", ["cric-social", "cric-accueil", "cric-comptable", "region-observateur"])
def test_the_staff_outside_the_trainings_reads_no_registration(client, login):
    _login(client, login)
    answer = client.call_kw("event.registration", "search_read", [[], ["name"]])
    assert _refused(answer) == "odoo.exceptions.AccessError"


def test_an_applicant_s_message_reaches_the_followers_of_its_application_only(client):
    # a partner that follows no application of the CAI: a user of another CRI
    outsider = _result(client.authenticate("cric-accueil", "cric-accueil"))["partner_id"]
    _login(client, "portal-ili-cai")
    applications = _result(client.call_kw("cri.ili.application", "search_read", [[], ["name"]]))
    assert applications, "the demo applicant has applications"
    application_id = applications[0]["id"]
    answer = client.call_kw(
        "cri.ili.application",
        "message_post",
        [[application_id]],
        {"body": "Bonjour", "partner_ids": [outsider], "message_type": "comment"},
    )
    assert _refused(answer) == "odoo.exceptions.AccessError"
    answer = client.call_kw(
        "cri.ili.application", "message_subscribe", [[application_id]], {"partner_ids": [outsider]}
    )
    assert _refused(answer) == "odoo.exceptions.AccessError"
