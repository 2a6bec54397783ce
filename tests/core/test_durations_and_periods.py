"""Durations people type, and the periods reports are built on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core import clock
from fracos.core.durations import format_duration, hours, parse_duration
from fracos.core.errors import ValidationFailed


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2h30m", 9000),
        ("2.5h", 9000),
        ("2,5h", 9000),
        ("90m", 5400),
        ("1:30", 5400),
        ("45", 2700),
        ("1h 15m", 4500),
        ("0:45:30", 2730),
        ("3 hours", 10800),
        ("20min", 1200),
    ],
)
def test_it_parses_the_duration_formats_people_use(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "required"),
        ("0m", "zero"),
        ("-1h", "negative"),
        ("2x", "not a duration"),
        ("25h", "longer than a day"),
        ("1:75", "not a duration"),
        ("h", "not a duration"),
    ],
)
def test_it_rejects_durations_that_make_no_sense(text, reason):
    with pytest.raises(ValidationFailed, match=reason):
        parse_duration(text)


def test_it_formats_durations_in_hours_and_minutes():
    assert [format_duration(s) for s in (0, 59, 60, 3600, 5400, 9000, 36000)] == [
        "0m",
        "1m",
        "1m",
        "1h",
        "1h30m",
        "2h30m",
        "10h",
    ]
    assert hours(5400) == Decimal("1.50")


def test_weeks_start_on_monday_and_are_iso_labelled():
    week = clock.week_of(date(2026, 11, 18))
    assert (week.start, week.last_day, week.label) == (
        date(2026, 11, 16),
        date(2026, 11, 22),
        "2026-W47",
    )


def test_months_and_quarters_are_half_open():
    month = clock.month_of(date(2026, 2, 14))
    assert (month.start, month.end, month.days) == (date(2026, 2, 1), date(2026, 3, 1), 28)
    quarter = clock.quarter_of(date(2026, 11, 18))
    assert (quarter.start, quarter.end, quarter.label) == (
        date(2026, 10, 1),
        date(2027, 1, 1),
        "2026-Q4",
    )


def test_add_months_clamps_to_the_end_of_short_months():
    assert clock.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert clock.add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("month", date(2026, 11, 1), date(2026, 12, 1)),
        ("last-month", date(2026, 10, 1), date(2026, 11, 1)),
        ("2026-02", date(2026, 2, 1), date(2026, 3, 1)),
        ("2026-q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026", date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-11-02..2026-11-04", date(2026, 11, 2), date(2026, 11, 5)),
        ("week", date(2026, 11, 16), date(2026, 11, 23)),
    ],
)
def test_it_parses_report_periods(text, start, end):
    period = clock.parse_period(text, date(2026, 11, 18))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["someday", "2026-13", "2026-11-05..2026-11-01", "2026-1"])
def test_it_rejects_unknown_periods(text):
    with pytest.raises(ValidationFailed):
        clock.parse_period(text, date(2026, 11, 18))


def test_weekdays_are_parsed_in_week_order_once_each():
    assert clock.parse_weekdays("Tue, mon tuesday") == ("mon", "tue")
    with pytest.raises(ValidationFailed, match="funday"):
        clock.parse_weekdays("mon,funday")


def test_an_unknown_timezone_is_refused():
    with pytest.raises(ValidationFailed, match="timezone"):
        clock.zone("Mars/Olympus_Mons")


def test_an_absurdly_long_timezone_name_is_refused_not_a_crash():
    with pytest.raises(ValidationFailed, match="timezone"):
        clock.zone("Europe/" + "x" * 400)
