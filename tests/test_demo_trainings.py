"""The trainings as the demo users meet them, on a real odoo-bin server: a CRI's trainer, the
CAI's trainer, and the portal user of an organisation whose staff member attended a session."""

import html
import urllib.error

PAST = "Accueillir un public d'origine étrangère – Charleroi (démo)"  # the CRIC's attended session
STAFF = "Noa Plausible (démo)"  # portal-fle-cric's organisation's practitioner, attended both days


def _login(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")


def _search(client, model, domain, fields):
    answer = client.call_kw(model, "search_read", [domain, fields])
    assert "result" in answer, answer.get("error")
    return answer["result"]


def test_each_trainer_sees_its_own_sessions_only(client):
    _login(client, "cric-formateur")
    own = _search(client, "event.event", [("cri_module_id", "!=", False)], ["name", "cri_trainer_id"])
    assert own and {row["cri_trainer_id"][1] for row in own} == {own[0]["cri_trainer_id"][1]}
    assert PAST in {row["name"] for row in own}
    _login(client, "cai-formateur")
    theirs = _search(client, "event.event", [("cri_module_id", "!=", False)], ["name"])
    assert PAST not in {row["name"] for row in theirs}


def test_the_organisation_downloads_its_staff_certificate_in_the_french_portal(client):
    _login(client, "portal-fle-cric")
    registrations = _search(client, "event.registration", [], ["partner_id", "cri_certificate_eligible"])
    assert len(registrations) == 1 and registrations[0]["partner_id"][1].endswith(STAFF), registrations
    assert registrations[0]["cri_certificate_eligible"]
    status, _url, page = client.get("/my/trainings")
    assert status == 200 and STAFF in html.unescape(page)
    with client.opener.open(
        f"{client.base_url}/my/trainings/{registrations[0]['id']}/certificate", timeout=60
    ) as response:
        assert response.headers["Content-Type"].startswith("application/pdf")


def test_the_organisation_cannot_reach_another_organisations_registration(refusing_client):
    """Refusals: on the server whose log is kept for refusals."""
    client = refusing_client
    _login(client, "cric-direction")
    other = _search(client, "event.registration", [("partner_id.name", "=", "Alix Essai (démo)")], ["id"])[0]
    _login(client, "portal-fle-cric")
    try:
        client.get(f"/my/trainings/{other['id']}/certificate")
        refused = False
    except urllib.error.HTTPError as error:
        refused = error.code in (403, 404)
    assert refused
    answer = client.call_kw("event.registration", "read", [[other["id"]], ["partner_id"]])
    assert "error" in answer, answer.get("result")
