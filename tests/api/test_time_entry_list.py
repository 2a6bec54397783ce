"""GET /time-entries as plain rows: the same shape, a fixed number of queries, exact cursors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tests.api.conftest import Api, ApiFor


def _log(cast: Any, day: str, seconds: int, **more: Any) -> int:
    from fracos.timesheets.services import time_log

    kind = more.pop("kind", "client")
    client = "acme" if kind == "client" else None
    entry = time_log(
        cast.owner,
        seconds=seconds,
        kind=kind,
        client=more.pop("client", client),
        work_date=date.fromisoformat(day),
        **more,
    )
    return int(entry.id)


def test_an_entry_reads_the_same_as_when_it_was_logged(owner_api: Api, cast: Any) -> None:
    created = owner_api.post(
        "/time-entries",
        {"client": "bright", "duration": "2h15m", "date": "2026-11-12", "note": "Data platform",
         "tags": ["design", "review"], "billable": False},
    ).json()  # fmt: skip
    (listed,) = owner_api.get("/time-entries").json()["items"]
    assert listed == created
    assert listed["client"] == "Brightwave Health"
    assert listed["client_id"] == cast.brightwave.pk
    assert listed["engagement_id"] == cast.day_rate.pk
    assert (listed["seconds"], listed["tags"], listed["billable"]) == (
        8100,
        ["design", "review"],
        False,
    )
    assert listed["created_at"] == "2026-11-18T09:00:00Z"


def test_an_admin_entry_has_no_client(owner_api: Api, cast: Any) -> None:
    _log(cast, "2026-11-06", 1800, kind="admin", note="Bookkeeping")
    (listed,) = owner_api.get("/time-entries").json()["items"]
    assert (listed["kind"], listed["client"], listed["client_id"], listed["engagement_id"]) == (
        "admin",
        None,
        None,
        None,
    )


def test_a_page_costs_the_same_few_queries_however_many_entries_it_holds(
    owner_api: Api, cast: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        _log(cast, f"2026-11-{1 + n % 17:02d}", 600 + n, note=f"entry {n}")
    owner_api.get("/time-entries")  # the token's first use is noted once
    # Whether the address is rate-limited, the token, then the page with its clients' names:
    # no query per entry.
    with django_assert_max_num_queries(3):
        page = owner_api.get("/time-entries", limit=30).json()
    assert len(page["items"]) == 30
    assert {e["client"] for e in page["items"]} == {"Acme Logistics"}


def test_the_cursor_walks_entries_of_one_day_in_id_order(owner_api: Api, cast: Any) -> None:
    ids = [_log(cast, "2026-11-10", 600 * n) for n in (1, 2, 3)]
    _log(cast, "2026-11-09", 60)
    _log(cast, "2026-11-11", 120)
    seen: list[int] = []
    cursor = None
    query = {"from": "2026-11-10", "to": "2026-11-10", "limit": 1}
    for _ in range(3):
        page = owner_api.get("/time-entries", **query, **({"cursor": cursor} if cursor else {}))
        seen += [e["id"] for e in page.json()["items"]]
        cursor = page.json()["next_cursor"]
    assert seen == ids
    assert cursor is None


def test_a_cursor_deep_in_the_history_starts_right_after_its_entry(
    owner_api: Api, cast: Any
) -> None:
    days = ["2026-03-02", "2026-06-01", "2026-06-01", "2026-09-07", "2026-11-16"]
    ids = [_log(cast, day, 3600) for day in days]
    first = owner_api.get("/time-entries", limit=2).json()
    assert [e["id"] for e in first["items"]] == ids[:2]
    rest = owner_api.get("/time-entries", cursor=first["next_cursor"]).json()
    # The second 1 June entry follows the first across the page boundary.
    assert [e["id"] for e in rest["items"]] == ids[2:]
    assert rest["next_cursor"] is None


def test_a_started_timer_entry_keeps_its_offset_in_utc(owner_api: Api, cast: Any) -> None:
    from fracos.timesheets.models import TimeEntry

    entry_id = _log(cast, "2026-11-17", 900)
    TimeEntry.objects.filter(pk=entry_id).update(
        started_at=datetime(2026, 11, 17, 8, 30, tzinfo=UTC)
    )
    (listed,) = owner_api.get("/time-entries").json()["items"]
    assert listed["started_at"] == "2026-11-17T08:30:00Z"


def test_who_may_list_time_entries(api_for: ApiFor, cast: Any) -> None:
    _log(cast, "2026-11-10", 600)
    viewer = api_for(cast.viewer)
    assert Api("", viewer.http).get("/time-entries").status_code == 401
    assert api_for(cast.portal).get("/time-entries").status_code == 403
    assert api_for(cast.outsider).get("/time-entries").json()["items"] == []
    assert len(viewer.get("/time-entries").json()["items"]) == 1
    assert viewer.post("/time-entries", {"client": "acme", "seconds": 60}).status_code == 403


def test_microseconds_are_cut_to_milliseconds_as_in_every_other_response(
    owner_api: Api, cast: Any
) -> None:
    from fracos.timesheets.models import TimeEntry

    entry_id = _log(cast, "2026-11-17", 900)
    TimeEntry.objects.filter(pk=entry_id).update(
        started_at=datetime(2026, 11, 17, 8, 30, 5, 123999, tzinfo=UTC)
    )
    (listed,) = owner_api.get("/time-entries").json()["items"]
    assert listed["started_at"] == "2026-11-17T08:30:05.123Z"
    # The single entry goes through ninja's own encoder: the two must agree.
    assert listed == owner_api.get(f"/time-entries/{entry_id}").json()


def test_every_combination_of_filters_and_cursor_lists_what_the_orm_lists(
    owner_api: Api, cast: Any
) -> None:
    """Each combination has its own SQL compiled once: each is checked against the ORM's."""
    from itertools import product

    from fracos.core.paging import cursor_after
    from fracos.timesheets.selectors import ENTRY_ORDER, entries_page

    for n in range(12):
        client = ("acme", "bright")[n % 2]
        _log(cast, f"2026-11-{2 + n % 5:02d}", 600 + n, client=client)
    _log(cast, "2026-11-03", 900, kind="admin")
    middle = owner_api.get("/time-entries", limit=4).json()["next_cursor"]
    filters = {
        "from": ("start", "2026-11-03", date(2026, 11, 3)),
        "to": ("end", "2026-11-05", date(2026, 11, 5)),
        "client": ("client_id", cast.brightwave.pk, cast.brightwave.pk),
        "engagement": ("engagement_id", cast.day_rate.pk, cast.day_rate.pk),
        "cursor": ("after", middle, cursor_after(middle, ENTRY_ORDER)),
    }
    for chosen in product((False, True), repeat=len(filters)):
        query = {name: f[1] for (name, f), on in zip(filters.items(), chosen, strict=True) if on}
        kwargs = {f[0]: f[2] for f, on in zip(filters.values(), chosen, strict=True) if on}
        listed = [e["id"] for e in owner_api.get("/time-entries", **query).json()["items"]]
        expected = [e.id for e in entries_page(cast.owner, **kwargs)]
        assert listed == expected, query
    assert owner_api.get("/time-entries", client=cast.brightwave.pk).json()["items"]
