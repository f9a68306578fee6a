"""Each role's screens in French, as its demo login meets them on a real server: every view of
every action of its CRI menus (lists, forms, kanbans, pivots, graphs, search panels, with the
fields' labels, help and choices), the portal pages of the partners, and the messages of the
records it reads. A sentence of the suite left in English, or an ISO date in a French message,
fails the test with where it was found."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.messages.pofile import read_po
from test_demo_logins import PORTAL_LOGINS, STAFF_LOGINS

ROOT = Path(__file__).resolve().parent.parent
# what a screen shows of a view: its texts and these attributes
SHOWN_ATTRIBUTES = ("string", "help", "placeholder", "confirm", "title", "sum")
# a date as the database writes it, in a sentence (not in a link or a technical attribute)
ISO_DATE = re.compile(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b")
# "cri.ili.expense,8": a record shown by its technical reference instead of its name
TECHNICAL_NAME = re.compile(r"\bcri\.[a-z_.]+,\d+\b")
MESSAGES_READ = 300


def _suite_english():
    """The suite's English sentences whose French differs: {English: French}. Single words and
    short labels are left out ("Date", "Total" read the same, and a core app may show them)."""
    english = {}
    for path in sorted(ROOT.glob("addons/cri_*/i18n/fr.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            source, french = message.id, message.string
            if not source or not isinstance(source, str) or not french or french == source:
                continue
            text = " ".join(source.split())
            if len(text) >= 12 and " " in text:
                english[text] = " ".join(french.split())
    return english


ENGLISH = _suite_english()


def _english_in(texts):
    return sorted({" ".join(text.split()) for text in texts if text} & ENGLISH.keys())


def _arch_texts(arch):
    """The texts a view shows: text nodes and the shown attributes (not the title of a search
    or activity view, which no screen shows: Odoo's default ones take the model's name)."""
    root = ElementTree.fromstring(arch)
    if root.tag in ("search", "activity"):
        root.attrib.pop("string", None)
    texts = []
    for node in root.iter():
        texts += [node.text or "", node.tail or ""]
        texts += [node.get(name, "") for name in SHOWN_ATTRIBUTES]
    return texts


def _field_texts(fields):
    texts = []
    for description in fields.values():
        texts += [description.get("string", ""), description.get("help", "")]
        texts += [label for _key, label in description.get("selection") or []]
    return texts


class _VisibleText(HTMLParser):
    """The text of a page a person reads: no script, style or template."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.texts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attributes = dict(attrs)
        if tag == "a" and (attributes.get("href") or "").startswith("/my/"):
            self.links.append(attributes["href"].split("#")[0])
        for name in ("title", "placeholder", "aria-label"):
            if attributes.get(name):
                self.texts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def _actions_of_menus(client):
    status, _url, body = client.get("/web/webclient/load_menus/test")
    assert status == 200
    menus = json.loads(body)
    root = next(m for m in menus.values() if m.get("xmlid") == "cri_base.menu_cri_root")
    return {
        m["actionID"]: m["name"]
        for m in menus.values()
        if m.get("appID") == root["id"] and m.get("actionID") and m["id"] != root["id"]
    }


def _result(answer, where):
    assert "result" in answer, f"{where}: {answer.get('error', {}).get('data', {}).get('message')}"
    return answer["result"]


@pytest.mark.parametrize("login", STAFF_LOGINS)
def test_each_screen_of_a_role_speaks_french(client, login):
    context = _result(client.authenticate(login, login), login)["user_context"]
    assert context["lang"] == "fr_BE"
    found = {}
    for action_id, menu in _actions_of_menus(client).items():
        action = _result(client.json_rpc("/web/action/load", {"action_id": action_id}), menu)
        if action.get("type") != "ir.actions.act_window":
            continue
        views = [[view_id or False, kind] for view_id, kind in action["views"]] + [
            [action.get("search_view_id") and action["search_view_id"][0], "search"]
        ]
        loaded = _result(
            client.call_kw(
                action["res_model"],
                "get_views",
                [],
                {"views": views, "options": {"toolbar": True, "load_filters": True}, "context": context},
            ),
            f"{menu}: {action['res_model']}",
        )
        texts = [action.get("name", ""), action.get("help", "")]
        for view in loaded["views"].values():
            texts += _arch_texts(view["arch"])
        for model in loaded["models"].values():
            texts += _field_texts(model["fields"])
        if english := _english_in(texts):
            found[menu] = english
    assert not found, f"{login} reads English: " + json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("login", STAFF_LOGINS)
def test_the_messages_a_role_reads_are_french_with_french_dates(client, login):
    context = _result(client.authenticate(login, login), login)["user_context"]
    messages = _result(
        client.call_kw(
            "mail.message",
            "search_read",
            [[("model", "like", "cri.%"), ("message_type", "!=", "user_notification")]],
            {"fields": ["model", "res_id", "body", "subject"], "limit": MESSAGES_READ, "context": context},
        ),
        "messages",
    )
    wrong = []
    for message in messages:
        parser = _VisibleText()
        parser.feed(message["body"] or "")
        text = " ".join(parser.texts + [message["subject"] or ""])
        problems = [match.group(0) for match in ISO_DATE.finditer(text)]
        problems += TECHNICAL_NAME.findall(text) + _english_in(parser.texts)
        if problems:
            wrong.append(f"{message['model']},{message['res_id']}: {problems} in {text[:160]!r}")
    assert not wrong, f"{login} reads {len(wrong)} messages not in French:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("login", PORTAL_LOGINS)
def test_the_portal_pages_of_a_partner_speak_french(client, login):
    _result(client.authenticate(login, login), login)
    to_visit, seen, found = ["/my"], set(), {}
    while to_visit and len(seen) < 40:
        path = to_visit.pop(0)
        if path in seen or "/download" in path or "/report" in path or "?" in path:
            continue
        seen.add(path)
        status, _url, html = client.get(path)
        assert status == 200, path
        parser = _VisibleText()
        parser.feed(html)
        problems = _english_in(parser.texts)
        problems += [match.group(0) for text in parser.texts for match in ISO_DATE.finditer(text)]
        problems += [name for text in parser.texts for name in TECHNICAL_NAME.findall(text)]
        if problems:
            found[path] = problems
        to_visit += [link for link in parser.links if link not in seen]
    assert len(seen) > 3, f"{login} reached only {sorted(seen)}"
    assert not found, f"{login} reads English or ISO dates: " + json.dumps(
        found, ensure_ascii=False, indent=1
    )
