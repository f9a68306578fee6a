"""The dashboards of the demo database as their readers meet them: each figure is the count (or
the sum) of the records it opens on, over the reader's own CRI, in French, with integer counts."""

import re

import pytest

# the sections of each role's dashboard (their figures are data of the addons)
DASHBOARDS = {
    "cric-direction": {"pathway", "grants", "training"},
    "cai-direction": {"pathway", "grants", "training"},
    "cric-comptable": {"grants"},
    "cric-formateur": {"training"},
    "cric-formation": {"training"},
}
WITHOUT_DASHBOARD = ["cric-accueil", "cric-social", "cai-ili", "region-observateur"]
FIELDS = ["name", "section", "value", "value_display", "measure", "res_model", "field_name", "unit"]


def _figures(client, login):
    answer = client.authenticate(login, login)
    assert "result" in answer, answer.get("error")
    info = answer["result"]
    # the web client's context: every CRI of the user allowed, as its company switcher does
    [user] = client.call_kw("res.users", "read", [[info["uid"]], ["company_ids"]])["result"]
    context = {**info["user_context"], "allowed_company_ids": user["company_ids"]}
    tiles = client.call_kw("cri.dashboard.tile", "search_read", [[], FIELDS], {"context": context})
    assert "result" in tiles, tiles.get("error")
    return context, info, tiles["result"]


@pytest.mark.parametrize("login", sorted(DASHBOARDS))
def test_each_figure_is_the_count_of_the_records_it_opens_on(client, login):
    context, info, tiles = _figures(client, login)
    assert {tile["section"] for tile in tiles} == DASHBOARDS[login]
    companies = set(context["allowed_company_ids"])
    for tile in tiles:
        opened = client.call_kw("cri.dashboard.tile", "action_open", [[tile["id"]]], {"context": context})
        action = opened["result"]
        assert action["res_model"] == tile["res_model"]
        assert action["views"][0][1] == "list", tile["name"]
        domain = action["domain"]
        if tile["measure"] == "count":
            count = client.call_kw(tile["res_model"], "search_count", [domain], {"context": context})[
                "result"
            ]
            assert count == tile["value"], (tile["name"], count, tile["value"])
            # an integer, in French digits, never "2,00"
            assert re.fullmatch(r"\d{1,3}(?:[\s.\u00a0\u202f]\d{3})*", tile["value_display"]), tile
        if tile["measure"] == "sum":
            [group] = client.call_kw(
                tile["res_model"],
                "read_group",
                [domain, [f"{tile['field_name']}:sum"], []],
                {"context": context, "lazy": False},
            )["result"]
            assert round(group[tile["field_name"]] or 0.0, 2) == round(tile["value"], 2), tile["name"]
        if tile["unit"] == "amount":
            assert tile["value_display"].endswith("\u00a0€"), tile["value_display"]
        if tile["unit"] == "hours":
            assert re.fullmatch(r"[\d\s.,\u00a0\u202f]+ h", tile["value_display"]), tile["value_display"]
        # the records opened are the reader's CRI's: never another CRI's
        if (
            "company_id"
            in client.call_kw(tile["res_model"], "fields_get", [["company_id"]], {"context": context})[
                "result"
            ]
        ):
            records = client.call_kw(
                tile["res_model"], "search_read", [domain, ["company_id"]], {"context": context}
            )["result"]
            assert {record["company_id"][0] for record in records if record["company_id"]} <= companies
    # French names: the figures are translated
    english = client.call_kw(
        "cri.dashboard.tile", "search_read", [[], ["name"]], {"context": {**context, "lang": "en_US"}}
    )["result"]
    assert {tile["name"] for tile in tiles}.isdisjoint({tile["name"] for tile in english})


def test_the_two_managers_read_their_own_cri(client):
    _context, _info, cric = _figures(client, "cric-direction")
    _context, _info, cai = _figures(client, "cai-direction")
    assert [tile["name"] for tile in cric] == [tile["name"] for tile in cai]
    assert [tile["value"] for tile in cric] != [tile["value"] for tile in cai]


def test_the_accountant_sees_what_to_review_and_to_pay(client):
    _context, _info, tiles = _figures(client, "cric-comptable")
    models = {(tile["res_model"], tile["measure"]) for tile in tiles}
    assert ("cri.ili.instalment", "count") in models and ("cri.ili.expense", "count") in models
    assert all(tile["value"] > 0 for tile in tiles if tile["res_model"] == "cri.ili.instalment"), tiles


@pytest.mark.parametrize("login", WITHOUT_DASHBOARD)
def test_other_roles_have_no_dashboard_figure(client, login):
    _context, _info, tiles = _figures(client, login)
    assert tiles == []
