"""When check-ins, summaries, reviews and renewals fall due (today: Wednesday 2026-11-18)."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.cadence.schedule import EngagementFacts, Intervals, items_for, summary_period
from fracos.core.playbook import PlaybookSettings

TODAY = date(2026, 11, 18)
RULES = PlaybookSettings()
EVERY = Intervals.of(RULES)


def _items(**facts):
    base = {
        "engagement_id": 1,
        "client": "Acme",
        "role": "CTO",
        "start": date(2026, 1, 1),
        "end": None,
    }
    return {i.kind: i for i in items_for(EngagementFacts(**(base | facts)), EVERY, RULES, TODAY)}


def test_an_engagement_without_history_is_overdue_on_every_count():
    items = _items()
    assert (items["checkin"].due_on, items["checkin"].state) == (date(2026, 1, 8), "overdue")
    assert (items["summary"].due_on, items["summary"].detail) == (
        date(2026, 2, 1),
        "covers 2026-01",
    )
    assert (items["review"].due_on, items["review"].state) == (date(2026, 4, 1), "overdue")
    assert "renewal" not in items


@pytest.mark.parametrize(
    ("last", "due", "state"),
    [
        (date(2026, 11, 10), date(2026, 11, 17), "overdue"),
        (date(2026, 11, 11), date(2026, 11, 18), "due"),
        (date(2026, 11, 14), date(2026, 11, 21), "due"),  # within cadence_due_soon_days (3)
        (date(2026, 11, 15), date(2026, 11, 22), "done"),
    ],
)
def test_a_checkin_is_due_a_week_after_the_last(last, due, state):
    item = _items(last_checkin=last)["checkin"]
    assert (item.due_on, item.state) == (due, state)
    assert item.rule == "A check-in every 7 days keeps the client close."


def test_the_next_summary_follows_the_last_sent_one():
    assert _items(next_summary_start=date(2026, 11, 1))["summary"].due_on == date(2026, 12, 1)
    assert _items(next_summary_start=date(2026, 11, 1))["summary"].state == "done"
    october = _items(next_summary_start=date(2026, 10, 1), pending_draft_id=7)["summary"]
    assert (october.due_on, october.state) == (date(2026, 11, 1), "overdue")
    assert october.detail == "covers 2026-10; draft #7 is waiting to be sent"


def test_a_review_is_due_three_months_after_the_last():
    item = _items(last_review=date(2026, 8, 20))["review"]
    assert (item.due_on, item.state) == (date(2026, 11, 20), "due")


@pytest.mark.parametrize(
    ("end", "talked", "state"),
    [
        (date(2027, 1, 10), None, "due"),  # 53 days away: inside the 60-day window
        (date(2026, 12, 10), None, "overdue"),  # 22 days away: inside the 30-day alert
        (date(2026, 12, 10), date(2026, 11, 1), "done"),  # talked since the window opened
        (date(2026, 12, 10), date(2026, 10, 1), "overdue"),  # talked before it opened
    ],
)
def test_an_engagement_ending_soon_raises_a_renewal_task(end, talked, state):
    item = _items(end=end, last_renewal=talked)["renewal"]
    assert (item.due_on, item.state) == (end, state)
    assert f"this one ends on {end}" in item.rule


def test_an_engagement_ending_beyond_the_window_has_no_renewal_task():
    assert "renewal" not in _items(end=date(2027, 2, 1))  # 75 days away


def test_an_engagement_override_changes_its_intervals():
    class Override:
        checkin_interval_days = 14
        summary_interval_months = None
        review_interval_months = 6

    intervals = Intervals.of(RULES, Override())
    assert intervals == Intervals(14, 1, 6)
    facts = EngagementFacts(
        1, "Acme", "CTO", date(2026, 1, 1), None, last_checkin=date(2026, 11, 10)
    )
    items = {i.kind: i for i in items_for(facts, intervals, RULES, TODAY)}
    assert (items["checkin"].due_on, items["checkin"].state) == (date(2026, 11, 24), "done")
    assert items["review"].due_on == date(2026, 7, 1)


def test_a_quarterly_summary_period_covers_three_calendar_months():
    period = summary_period(date(2026, 1, 15), 3)
    assert (period.start, period.end, period.label) == (
        date(2026, 1, 1),
        date(2026, 4, 1),
        "2026-01..2026-03",
    )


def test_the_due_soon_window_is_a_practice_setting():
    assert PlaybookSettings().cadence_due_soon_days == 3
    rules = PlaybookSettings().updated({"cadence_due_soon_days": 0})
    facts = EngagementFacts(
        1, "Acme", "CTO", date(2026, 1, 1), None, last_checkin=date(2026, 11, 14)
    )
    items = {i.kind: i for i in items_for(facts, Intervals.of(rules), rules, TODAY)}
    assert items["checkin"].state == "done"


def test_a_cadence_interval_below_one_is_refused():
    from fracos.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="checkin_interval_days must be at least 1"):
        PlaybookSettings().updated({"checkin_interval_days": 0})
