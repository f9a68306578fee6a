"""The demo database as a person meets it: a real odoo-bin server on the test database answers
/web/login, and each demo login opens the CRI app in French (portal partners: their portal)."""

import json
import re

import pytest

STAFF_LOGINS = [
    "cric-accueil",
    "cric-social",
    "cric-formateur",
    "cric-comptable",
    "cric-direction",
    "cric-formation",
    "cai-ili",
    "cai-accueil",
    "cai-direction",
    "cric-coordination",
    "cai-coordination",
    "region-observateur",
    "region-admin",
]
PORTAL_LOGINS = ["portal-fle-cric", "portal-ili-cai"]
# where each role lands after logging in: the window action of its work
HOMES = {
    "cric-accueil": "cri_parcours.action_cri_pathway_to_receive",
    "cai-accueil": "cri_parcours.action_cri_pathway_to_receive",
    "cric-social": "cri_parcours.action_cri_pathway_my_files",
    "cric-formateur": "cri_training.action_cri_training_my_sessions",
    "cric-formation": "cri_training.action_cri_training_session",
    "cric-comptable": "cri_base.action_cri_dashboard",
    "cai-ili": "cri_ili_grants.action_cri_ili_application",
    "cric-direction": "cri_base.action_cri_dashboard",
    "cai-direction": "cri_base.action_cri_dashboard",
    "cric-coordination": "cri_coordination.action_cri_coordination_plan",
    "cai-coordination": "cri_coordination.action_cri_coordination_plan",
    "region-observateur": "cri_reporting.action_cri_reporting_dashboard_region",
    "region-admin": "cri_base.action_cri_correction_proposal",
}


def _menus(client):
    status, _url, body = client.get("/web/webclient/load_menus/test")
    assert status == 200

    return json.loads(body)


def test_login_page_answers(client):
    status, _url, html = client.get("/web/login")
    assert status == 200
    assert 'name="login"' in html and 'name="password"' in html


@pytest.mark.parametrize("login", STAFF_LOGINS)
def test_staff_demo_login_opens_cri_app_in_french(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")
    info = answer["result"]
    assert info["user_context"]["lang"] == "fr_BE"
    menus = _menus(client)
    root = next((m for m in menus.values() if m.get("xmlid") == "cri_base.menu_cri_root"), None)
    assert root is not None, "the CRI app is not in the user's menus"
    # the role's home: the window action of its work, in the CRI app
    home = client.json_rpc("/web/action/load", {"action_id": info["home_action_id"]})["result"]
    assert home["xml_id"] == HOMES[login], home["xml_id"]
    # menus are served in French: their names differ from the English source
    ids = [m["id"] for m in menus.values() if m.get("appID") == root["id"] and m["id"] != root["id"]]
    english = client.call_kw("ir.ui.menu", "read", [ids, ["name"]], {"context": {"lang": "en_US"}})["result"]
    french = {m["id"]: m["name"] for m in menus.values() if m["id"] in ids}
    assert any(french[m["id"]] != m["name"] for m in english), french


@pytest.mark.parametrize("login", PORTAL_LOGINS)
def test_portal_demo_login_opens_the_portal_in_french(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")
    assert answer["result"]["user_context"]["lang"] == "fr_BE"
    status, url, html = client.get("/odoo")
    assert status == 200
    assert url.endswith("/my"), url
    assert re.search(r'"bundle_params": \{"lang": "fr_BE"\}', html), (
        "the portal page is not rendered in fr_BE"
    )
    # Odoo's own French of the portal menu ("My Account", "Log out")
    assert "Mon compte" in html and "Déconnexion" in html
