"""Every read of time entries the pages and the API make still seeks through an index.

Time entries keep few indexes so that imports insert fast (migration
timesheets 0003 dropped the ones a composite index starts with); this asks
SQLite's planner, for each query the busiest pages and endpoints send, that
none of them reads the whole table.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# A bare "SCAN timesheets_timeentry" (or its alias) reads every row of every practice.
FULL_SCAN = re.compile(r"\bSCAN (timesheets_timeentry|T\d*|U\d+)\b(?! USING)")


def _entries(cast: Any) -> None:
    from fracos.timesheets.services import time_log

    for n in range(40):
        day = date(2026, 11, 17) - timedelta(days=n)
        time_log(cast.owner, seconds=3600, client="acme", work_date=day, note=f"work {n}")
        if n % 5 == 0:
            time_log(cast.owner, seconds=1800, kind="admin", work_date=day, note="books")
    time_log(cast.outsider, seconds=3600, kind="admin", work_date=date(2026, 11, 2))


def _time_entry_queries(cast: Any) -> list[str]:
    from fracos.practice.services import token_create

    _token, raw = token_create(cast.owner, name="plans")
    api = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    web = Client()
    assert web.login(username="owner@example.com", password=cast.passwords["owner@example.com"])
    pages = [
        (web, "/", {}),
        (web, "/time/", {}),
        (web, f"/engagements/{cast.retainer.pk}/", {}),
        (web, f"/clients/{cast.acme.pk}/", {}),
        (web, "/health/", {}),
        (Client(), "/api/v1/time-entries", api),
        (Client(), "/api/v1/time-entries?from=2026-11-01&to=2026-11-30", api),
        (Client(), f"/api/v1/time-entries?client={cast.acme.pk}", api),
        (Client(), f"/api/v1/time-entries?engagement={cast.retainer.pk}", api),
        (Client(), "/api/v1/reports?period=month", api),
        (Client(), "/api/v1/retainers", api),
        (Client(), "/api/v1/week", api),
    ]
    queries: list[str] = []
    for browser, url, headers in pages:
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(url, **headers)
        assert response.status_code == 200, (url, response.content[:300])
        queries += [q["sql"] for q in captured.captured_queries]
    # The cursor of a second page is the keyset the list seeks to.
    first = Client().get("/api/v1/time-entries?limit=10", **api).json()
    with CaptureQueriesContext(connection) as captured:
        assert (
            Client().get(f"/api/v1/time-entries?cursor={first['next_cursor']}", **api).status_code
            == 200
        )
    queries += [q["sql"] for q in captured.captured_queries]
    return [q for q in queries if "timesheets_timeentry" in q and q.lstrip().startswith("SELECT")]


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="reads SQLite's query plans")
def test_no_page_or_endpoint_reads_every_time_entry(cast: Any) -> None:
    _entries(cast)
    queries = _time_entry_queries(cast)
    assert len(queries) >= 12
    with connection.cursor() as cursor:
        for sql in queries:
            plan = "\n".join(str(row[-1]) for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert not FULL_SCAN.search(plan), f"{sql}\n{plan}"
