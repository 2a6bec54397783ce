"""The calendar feed: parsed back and its recurrences expanded over a date range."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import recurring_ical_events
from icalendar import Calendar

from fracos.cadence.calendar import FeedEvent, PlanSlot, build_calendar
from fracos.cadence.models import CalendarToken
from fracos.cadence.services import calendar_token_issue, calendar_token_revoke, checkin_record
from fracos.core.errors import Conflict, PermissionDenied
from fracos.engagements.plan import parse_slots
from fracos.engagements.services import engagement_update, plan_set

STAMP = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def _between(ics: bytes, first: date, last: date) -> list[tuple[str, object]]:
    cal = Calendar.from_ical(ics)
    found = recurring_ical_events.of(cal).between(first, last)
    return sorted((str(e["SUMMARY"]), e["DTSTART"].dt) for e in found)


def test_a_full_dedicated_day_recurs_weekly_within_the_engagement_dates():
    ics = build_calendar(
        name="Practice",
        timezone="Europe/Brussels",
        slots=[PlanSlot(1, "Acme", "tue", "full", date(2026, 11, 5), date(2026, 12, 1))],
        events=[],
        stamp=STAMP,
    )
    days = _between(ics, date(2026, 10, 1), date(2027, 1, 1))
    # First Tuesday on or after 5 Nov is the 10th; the last is 1 Dec, the end date itself.
    assert days == [
        ("Acme", date(2026, 11, 10)),
        ("Acme", date(2026, 11, 17)),
        ("Acme", date(2026, 11, 24)),
        ("Acme", date(2026, 12, 1)),
    ]


def test_a_half_day_is_timed_in_the_practices_zone_with_its_vtimezone():
    ics = build_calendar(
        name="Practice",
        timezone="Europe/Brussels",
        slots=[PlanSlot(2, "Brightwave", "fri", "am", date(2026, 10, 20), date(2026, 11, 6))],
        events=[FeedEvent("checkin-due-2", "Check-in due: Brightwave", date(2026, 11, 25))],
        stamp=STAMP,
    )
    cal = Calendar.from_ical(ics)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]
    starts = [
        e["DTSTART"].dt
        for e in recurring_ical_events.of(cal).between(date(2026, 10, 1), date(2026, 12, 1))
        if str(e["SUMMARY"]) == "Brightwave (morning)"
    ]
    # 09:00 in Brussels: 07:00 UTC in summer time (23 Oct), 08:00 UTC after 25 October.
    assert [s.astimezone(UTC) for s in sorted(starts)] == [
        datetime(2026, 10, 23, 7, 0, tzinfo=UTC),
        datetime(2026, 10, 30, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 6, 8, 0, tzinfo=UTC),
    ]
    assert ("Check-in due: Brightwave", date(2026, 11, 25)) in _between(
        ics, date(2026, 11, 1), date(2026, 12, 1)
    )


def test_a_calendar_without_timed_events_still_names_its_zone():
    ics = build_calendar(name="P", timezone="America/New_York", slots=[], events=[], stamp=STAMP)
    assert [tz["TZID"] for tz in Calendar.from_ical(ics).walk("VTIMEZONE")] == ["America/New_York"]


def _feed(client, token: str):
    return client.get(f"/calendar/{token}.ics")


def test_the_feed_shows_the_plan_and_the_cadence_at_the_secret_url(cast, client):
    engagement_update(cast.owner, cast.day_rate.pk, end_date=date(2026, 12, 10))
    plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("thu,fri-am"))
    checkin_record(
        cast.owner,
        engagement_id=cast.retainer.pk,
        notes="Roadmap agreed",
        held_on=date(2026, 11, 16),
    )
    token = calendar_token_issue(cast.owner)
    response = _feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = _between(response.content, date(2026, 11, 16), date(2026, 12, 13))
    acme = [d for s, d in found if s == "Acme Logistics"]
    assert acme == [date(2026, 11, d) for d in (16, 17, 23, 24, 30)] + [
        date(2026, 12, d) for d in (1, 7, 8)
    ]
    bright = [d for s, d in found if s == "Brightwave Health"]
    assert bright == [date(2026, 11, 19), date(2026, 11, 26), date(2026, 12, 3), date(2026, 12, 10)]
    mornings = [d.date() for s, d in found if s == "Brightwave Health (morning)"]
    assert mornings == [date(2026, 11, 20), date(2026, 11, 27), date(2026, 12, 4)]
    assert ("Check-in held: Acme Logistics", date(2026, 11, 16)) in found
    assert ("Check-in due: Acme Logistics", date(2026, 11, 23)) in found
    assert (
        "Progress summary due: Brightwave Health",
        date(2026, 6, 1),
    ) not in found  # out of range
    assert ("Last day: Brightwave Health (Fractional CTO)", date(2026, 12, 10)) in found


def test_an_outsiders_feed_never_shows_another_practice(cast, client):
    token = calendar_token_issue(cast.outsider)
    body = _feed(client, token).content.decode()
    assert "Acme" not in body and "Brightwave" not in body
    assert "BEGIN:VCALENDAR" in body


def test_unknown_rotated_and_revoked_tokens_are_not_found(cast, client):
    assert _feed(client, "not-a-token").status_code == 404
    old = calendar_token_issue(cast.owner)
    new = calendar_token_issue(cast.owner, rotate=True)
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200
    assert calendar_token_revoke(cast.owner) == 1
    assert _feed(client, new).status_code == 404


def test_only_the_tokens_hash_is_stored_and_a_second_url_needs_a_rotation(cast):
    token = calendar_token_issue(cast.owner)
    stored = CalendarToken.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    with pytest.raises(Conflict, match="shown only once"):
        calendar_token_issue(cast.owner)
    assert CalendarToken.objects.count() == 1


def test_a_viewer_may_have_a_read_only_feed_but_a_portal_user_may_not(cast, client):
    token = calendar_token_issue(cast.viewer)
    assert b"Acme Logistics" in _feed(client, token).content
    with pytest.raises(PermissionDenied):
        calendar_token_issue(cast.portal)
