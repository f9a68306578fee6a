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
    "region-observateur",
    "region-admin",
]
PORTAL_LOGINS = ["portal-fle-cric", "portal-ili-cai"]


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
    # the home action is the CRI app's own
    app_actions = {
        m["actionID"] for m in menus.values() if m.get("appID") == root["id"] and m.get("actionID")
    }
    assert info["home_action_id"] in app_actions
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
