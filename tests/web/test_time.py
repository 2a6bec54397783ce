"""The Time page: the week, quick entry as on the command line, editing, deleting, the timer."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fracos.core import clock
from fracos.timesheets.models import TimeEntry, Timer
from fracos.timesheets.services import time_log
from tests.web.conftest import LEADER, OWNER, counts


def test_the_week_shows_days_by_client_and_moves_to_other_weeks(cast, login):
    time_log(
        cast.owner, seconds=2 * 3600, client="acme", work_date=date(2026, 11, 9), note="Hiring"
    )
    browser = login(OWNER)
    page = browser.get("/time/").content.decode()
    assert "Week 2026-W47" in page and "?date=2026-11-09" in page and "?date=2026-11-23" in page
    previous = browser.get("/time/?date=2026-11-09").content.decode()
    assert "Week 2026-W46" in previous and "Hiring" in previous and "Back to this week" in previous


def test_a_quick_line_logs_time_like_the_command_line(cast, login):
    response = login(LEADER).post(
        "/time/log/", {"kind": "client", "work_date": "2026-11-17", "line": "acm 2h30m Board prep"}
    )
    assert response.status_code == 302 and response["Location"] == "/time/?date=2026-11-17"
    entry = TimeEntry.objects.get()
    assert (entry.seconds, entry.work_date, entry.note, entry.client_id, entry.source) == (
        9000,
        date(2026, 11, 17),
        "Board prep",
        cast.acme.pk,
        "web",
    )


def test_business_development_lines_need_no_client(cast, login):
    login(OWNER).post(
        "/time/log/", {"kind": "bd", "work_date": "2026-11-18", "line": "1:30 Coffee"}
    )
    entry = TimeEntry.objects.get()
    assert (entry.kind, entry.seconds, entry.engagement_id, entry.note) == (
        "bd",
        5400,
        None,
        "Coffee",
    )


def test_htmx_quick_entry_returns_the_refreshed_week_only(cast, login):
    response = login(OWNER).post(
        "/time/log/",
        {"kind": "client", "work_date": "2026-11-18", "line": "bright 45m Review"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "Time logged." in page and "45m" in page


def test_a_bad_line_shows_the_reason_beside_it_keeps_the_text_and_writes_nothing(cast, login):
    before = counts()
    response = login(OWNER).post(
        "/time/log/", {"kind": "client", "work_date": "2026-11-18", "line": "acme 2x Notes"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_line_error"' in page and "is not a duration" in page
    assert 'value="acme 2x Notes"' in page
    assert counts() == before


def test_an_unknown_client_and_a_future_day_are_refused_beside_their_fields(cast, login):
    browser = login(OWNER)
    page = browser.post(
        "/time/log/", {"kind": "client", "work_date": "2026-11-18", "line": "zeta 1h"}
    ).content.decode()
    assert "no client matches" in page and 'id="id_line_error"' in page
    page = browser.post(
        "/time/log/", {"kind": "client", "work_date": "2026-11-19", "line": "acme 1h"}
    ).content.decode()
    assert 'id="id_work_date_error"' in page and "is in the future" in page
    assert TimeEntry.objects.count() == 0


def test_an_entry_is_edited_through_the_ledgers_rules(cast, login):
    entry = time_log(cast.owner, seconds=3600, client="acme", work_date=date(2026, 11, 16))
    browser = login(OWNER)
    form = browser.get(f"/time/{entry.id}/edit/").content.decode()
    assert 'value="1h"' in form and 'value="Acme Logistics"' in form
    response = browser.post(
        f"/time/{entry.id}/edit/",
        {"client": "bright", "duration": "1h15m", "work_date": "2026-11-12", "note": "Moved"},
    )
    assert response.status_code == 302
    row = TimeEntry.objects.get()
    assert (row.seconds, row.work_date, row.client_id, row.engagement_id, row.note) == (
        4500,
        date(2026, 11, 12),
        cast.brightwave.pk,
        cast.day_rate.pk,
        "Moved",
    )


def test_an_edit_that_breaks_a_rule_changes_nothing(cast, login):
    entry = time_log(cast.owner, seconds=3600, client="bright", work_date=date(2026, 11, 16))
    # Brightwave's engagement starts on 1 May 2026: April is before it began
    response = login(OWNER).post(
        f"/time/{entry.id}/edit/",
        {"client": "", "duration": "2h", "work_date": "2026-04-30", "note": ""},
    )
    assert response.status_code == 422
    assert "before it began" in response.content.decode()
    row = TimeEntry.objects.get()
    assert (row.seconds, row.work_date) == (3600, date(2026, 11, 16))


def test_an_entry_is_deleted(cast, login):
    entry = time_log(cast.owner, seconds=3600, client="acme")
    response = login(OWNER).post(f"/time/{entry.id}/delete/")
    assert response.status_code == 302 and not TimeEntry.objects.exists()


def test_another_practices_entry_cannot_be_edited_or_deleted(cast, login):
    from fracos.engagements.services import engagement_add

    engagement_add(
        cast.outsider,
        client_id=cast.foreign_client.pk,
        role_title="CTO",
        pricing_model="day_rate",
        day_rate="900",
        start_date=date(2026, 1, 1),
    )
    foreign = time_log(cast.outsider, seconds=3600, client="foreign")
    browser = login(OWNER)
    assert browser.get(f"/time/{foreign.id}/edit/").status_code == 404
    assert browser.post(f"/time/{foreign.id}/delete/").status_code == 404
    assert TimeEntry.objects.filter(pk=foreign.id).exists()


def test_the_header_timer_starts_and_stops_over_htmx(cast, login):
    browser = login(OWNER)
    started = browser.post(
        "/timer/start/", {"client": "acme", "note": "Roadmap"}, HTTP_HX_REQUEST="true"
    )
    assert started.status_code == 200
    assert "Acme Logistics (Fractional CTO)" in started.content.decode()
    assert "Stop timer" in started.content.decode()
    assert "Stop timer" in browser.get("/clients/").content.decode()  # on every page
    with clock.freeze(datetime(2026, 11, 18, 10, 30, tzinfo=UTC)):
        stopped = browser.post("/timer/stop/", HTTP_HX_REQUEST="true")
    assert "Start timer" in stopped.content.decode()
    entry = TimeEntry.objects.get()
    assert (entry.seconds, entry.note, entry.source) == (5400, "Roadmap", "timer")
    assert not Timer.objects.exists()


def test_a_timer_without_a_client_is_refused_inline(cast, login):
    response = login(OWNER).post(
        "/timer/start/", {"client": "", "note": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert 'id="timer_error"' in response.content.decode()
    assert not Timer.objects.exists()


def test_stopping_with_no_timer_running_says_so(cast, login):
    response = login(OWNER).post("/timer/stop/", HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "no timer is running" in response.content.decode()


def test_without_htmx_the_timer_redirects_back(cast, login):
    response = login(OWNER).post(
        "/timer/start/", {"client": "acme"}, HTTP_REFERER="http://testserver/clients/"
    )
    assert response.status_code == 302 and response["Location"] == "http://testserver/clients/"
    assert Timer.objects.count() == 1
    response = login(OWNER).post("/timer/stop/", HTTP_REFERER="https://evil.example/")
    assert response["Location"] == "/"


def test_the_time_page_query_count_does_not_grow_with_entries(
    cast, login, django_assert_max_num_queries
):
    for n in range(60):
        time_log(cast.owner, seconds=600, client="acme", work_date=date(2026, 11, 16), note=f"n{n}")
    browser = login(OWNER)
    with django_assert_max_num_queries(14):
        response = browser.get("/time/")
    assert response.content.decode().count("/delete/") == 60
