"""No English demo of Odoo's core apps where a CRI's people work: Odoo's own demo events, event
types and tags, surveys, Discuss channels and messages, canned replies, customers and users are
removed or kept out of the CRIs' sight by the suite's demo. Each demo login searches the models
of those apps on a real odoo-bin server; none of the records it sees may be one of Odoo's demo."""

import pytest
from test_demo_logins import PORTAL_LOGINS, STAFF_LOGINS

# the models of the core apps that the CRIs' screens show (lists, fields, Discuss, chatter)
MODELS = [
    "event.event",
    "event.registration",
    "event.type",
    "event.tag",
    "event.tag.category",
    "survey.survey",
    "survey.user_input",
    "discuss.channel",
    "mail.message",
    "mail.canned.response",
    "res.partner",
    "res.users",
]
# the core apps whose demo is Odoo's English one
CORE_DEMO_MODULES = {"base", "contacts", "event", "mail", "sms", "survey"}
# records of those apps that are their data, not their demo: the company-wide channel, its first
# message, the administrator and the bot, and the partners and templates every database holds
DATA = {
    "mail.channel_all_employees",
    "mail.module_install_notification",
    "base.user_admin",
    "base.partner_admin",
    "base.user_root",
    "base.partner_root",
}


@pytest.fixture
def client(refusing_client):
    """Searching the models a role may not read is refused: these tests use the server whose log
    is kept for refusals."""
    return refusing_client


def _login(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")


def _visible(client, model):
    """The ids of ``model`` that the logged-in user reads; none when the model is closed to it."""
    answer = client.call_kw(model, "search", [[]])
    return answer.get("result") or []


@pytest.mark.parametrize("login", STAFF_LOGINS + PORTAL_LOGINS)
def test_no_core_app_demo_record_is_seen_by_a_cri_demo_login(client, login):
    _login(client, login)
    seen = []
    for model in MODELS:
        ids = _visible(client, model)
        if not ids:
            continue
        answer = client.call_kw(model, "get_metadata", [ids])
        assert "result" in answer, answer.get("error")
        seen += [
            f"{model} {entry['xmlid']}"
            for row in answer["result"]
            for entry in row["xmlids"]
            if entry["xmlid"].split(".")[0] in CORE_DEMO_MODULES and entry["xmlid"] not in DATA
        ]
    assert not seen, f"{login} sees Odoo's demo records:\n" + "\n".join(seen)


def test_the_company_channel_and_the_administrator_read_french(client):
    """Odoo's own data that every staff member meets first: the #general channel's description
    and welcome message, the administrator's name (Odoo's demo calls it "Mitchell Admin")."""
    _login(client, "cric-accueil")
    channels = client.call_kw("discuss.channel", "search_read", [[], ["name", "description"]])["result"]
    general = [channel for channel in channels if channel["name"] == "general"]
    assert general and "Annonces" in general[0]["description"], channels
    messages = client.call_kw(
        "mail.message",
        "search_read",
        [[("model", "=", "discuss.channel"), ("res_id", "=", general[0]["id"])], ["body"]],
    )["result"]
    assert messages and all("Welcome" not in message["body"] for message in messages), messages
    admin = client.call_kw("res.users", "search_read", [[("login", "=", "admin")], ["name"]])["result"]
    assert all("Mitchell" not in user["name"] for user in admin), admin
