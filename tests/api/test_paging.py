"""Every list pages the same way: limit, cursor, next_cursor, and no row twice or missed."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.api.conftest import Api


def _walk(api: Api, path: str, **query: Any) -> list[list[str]]:
    """The names of every page, following next_cursor to the end."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        extra = {"cursor": cursor} if cursor else {}
        body = api.get(path, limit=1, **query, **extra).json()
        pages.append([item.get("name") or item.get("client") for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_clients_page_by_name(owner_api: Api) -> None:
    owner_api.post("/clients", {"name": "Aardvark Ltd"})
    assert _walk(owner_api, "/clients") == [
        ["Aardvark Ltd"],
        ["Acme Logistics"],
        ["Brightwave Health"],
    ]


def test_contacts_with_the_same_name_are_each_shown_once(owner_api: Api, cast: Any) -> None:
    url = f"/clients/{cast.acme.pk}/contacts"
    for name in ("Bob Maes", "Ann Smet", "Ann Smet"):
        owner_api.post(url, {"name": name})
    assert _walk(owner_api, url) == [["Ann Smet"], ["Ann Smet"], ["Bob Maes"]]
    ids = [owner_api.get(url, limit=2).json()["items"][i]["id"] for i in (0, 1)]
    assert ids[0] < ids[1]


def test_engagements_page_by_start_and_filter_by_the_range_they_run_in(
    owner_api: Api, cast: Any
) -> None:
    from fracos.engagements.services import engagement_add, engagement_end

    old = engagement_add(
        cast.owner,
        client_id=cast.brightwave.pk,
        role_title="Interim CTO",
        pricing_model="day_rate",
        day_rate="1000",
        start_date=date(2025, 3, 1),
    )
    engagement_end(cast.owner, old.pk, on=date(2025, 9, 30), reason="done")
    everyone = _walk(owner_api, "/engagements")
    assert everyone == [["Brightwave Health"], ["Acme Logistics"], ["Brightwave Health"]]
    running_in_spring = owner_api.get("/engagements", **{"from": "2026-02-01", "to": "2026-03-01"})
    assert [e["id"] for e in running_in_spring.json()["items"]] == [cast.retainer.pk]
    in_2025 = owner_api.get("/engagements", **{"from": "2025-06-01", "to": "2025-12-31"})
    assert [e["id"] for e in in_2025.json()["items"]] == [old.pk]
    acme = owner_api.get("/engagements", client=cast.acme.pk).json()["items"]
    assert [e["id"] for e in acme] == [cast.retainer.pk]


def test_a_cursor_from_one_list_is_refused_by_another(owner_api: Api) -> None:
    owner_api.post("/clients", {"name": "Aardvark Ltd"})
    cursor = owner_api.get("/clients", limit=1).json()["next_cursor"]
    refused = owner_api.get("/engagements", cursor=cursor)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "cursor"


def test_a_long_list_costs_the_same_few_queries_as_a_short_one(
    owner_api: Api, cast: Any, django_assert_max_num_queries: Any
) -> None:
    from fracos.billing.services import invoice_draft
    from fracos.clients.services import client_add
    from fracos.pipeline.services import contact_add, opportunity_add, story_add
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    story = story_add(cast.owner, title="t", situation="s", actions="a", result="r")
    for n in range(12):
        client = client_add(cast.owner, name=f"Client {n:02d}", country="BE")
        invoice_draft(cast.owner, client_id=client.pk)
        contact = contact_add(cast.owner, name=f"Person {n:02d}")
        won = opportunity_add(
            cast.owner, title=f"Deal {n}", organisation="Org", contact_id=contact.pk
        )
        won.stories.add(story)
    for path in ("/invoices", "/opportunities", "/network-contacts", "/stories", "/clients"):
        with django_assert_max_num_queries(8):
            response = owner_api.get(path)
        assert response.status_code == 200, path
        assert len(response.json()["items"]) >= 1
