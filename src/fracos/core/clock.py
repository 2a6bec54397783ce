"""The only place that reads the current time, and that builds periods.

Tests freeze time with :func:`freeze`; a subprocess (the CLI, the server under
browser tests) can be frozen with ``FRACOS_NOW`` set to an ISO 8601 instant.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fracos.core.errors import ValidationFailed

_frozen: datetime | None = None

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    if _frozen is not None:
        return _frozen
    pinned = os.environ.get("FRACOS_NOW")
    if pinned:
        moment = datetime.fromisoformat(pinned)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    return datetime.now(UTC)


@contextmanager
def freeze(moment: datetime) -> Iterator[None]:
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    previous, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise ValidationFailed(
            f"unknown timezone {name!r}: use an IANA name such as Europe/Brussels",
            field="timezone",
        ) from None


def today(tz: str) -> date:
    return now().astimezone(zone(tz)).date()


def local_date(moment: datetime, tz: str) -> date:
    return moment.astimezone(zone(tz)).date()


def start_of_day(day: date, tz: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone(tz))


def parse_date(text: str, *, field: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValidationFailed(
            f"{field}: {text!r} is not a date; use YYYY-MM-DD", field=field
        ) from None


def parse_weekdays(text: str, *, field: str = "days") -> tuple[str, ...]:
    """'mon,tue' or 'Mon Tue' into ('mon', 'tue'), in week order, each once."""
    picked: set[str] = set()
    for part in re.split(r"[\s,;]+", text.strip().lower()):
        if not part:
            continue
        key = part[:3]
        if key not in WEEKDAYS:
            raise ValidationFailed(
                f"{field}: {part!r} is not a weekday; use mon,tue,wed,thu,fri,sat,sun",
                field=field,
            )
        picked.add(key)
    return tuple(day for day in WEEKDAYS if day in picked)


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open range of local dates: ``start`` included, ``end`` excluded."""

    start: date
    end: date
    label: str

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def dates(self) -> Iterator[date]:
        day = self.start
        while day < self.end:
            yield day
            day += timedelta(days=1)


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    iso = start.isocalendar()
    return Period(start, start + timedelta(days=7), f"{iso.year}-W{iso.week:02d}")


# The days whose week, and the weeks either side of it, fit in the calendar (years 1-9999).
FIRST_BROWSABLE_DAY = date(1, 1, 8)
LAST_BROWSABLE_DAY = date(9999, 12, 24)


def week_browsable(day: date) -> bool:
    """Whether a page can show the week of `day` with links to the previous and next week."""
    return FIRST_BROWSABLE_DAY <= day <= LAST_BROWSABLE_DAY


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    return Period(start, add_months(start, 1), f"{start:%Y-%m}")


def quarter_of(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return Period(start, add_months(start, 3), f"{day.year}-Q{(first_month - 1) // 3 + 1}")


def year_of(day: date) -> Period:
    if day.year == 9999:
        raise ValidationFailed("date: the year 9999 has no end in this calendar")
    return Period(date(day.year, 1, 1), date(day.year + 1, 1, 1), str(day.year))


def add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValidationFailed(f"date: {months} months from {day} is beyond the calendar")
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(first: date, last: date) -> list[Period]:
    """Every calendar month touching ``first`` .. ``last`` inclusive."""
    periods: list[Period] = []
    current = month_of(first)
    while current.start <= last:
        periods.append(current)
        current = month_of(current.end)
    return periods


ALL_TIME = Period(date(1970, 1, 1), date(9999, 12, 31), "all")

_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str, today_: date) -> Period:
    """week|month|quarter|year|all|last-month|YYYY|YYYY-MM|YYYY-Qn|YYYY-MM-DD|A..B."""
    try:
        return _parse_period(text, today_)
    except ValidationFailed as exc:
        if exc.field == "period":
            raise
        # A month, quarter or year with no following one to end on (9999-12): out of range.
        raise ValidationFailed(f"period: {text!r} is out of range", field="period") from None
    except (ValueError, OverflowError):
        # Year 0, or a period ending after 9999-12-31: the calendar has no such days.
        raise ValidationFailed(f"period: {text!r} is out of range", field="period") from None


def _parse_period(text: str, today_: date) -> Period:
    value = (text or "week").strip().lower()
    named = {
        "week": lambda: week_of(today_),
        "month": lambda: month_of(today_),
        "quarter": lambda: quarter_of(today_),
        "year": lambda: year_of(today_),
        "all": lambda: ALL_TIME,
        "last-week": lambda: week_of(today_ - timedelta(days=7)),
        "last-month": lambda: month_of(month_of(today_).start - timedelta(days=1)),
        "today": lambda: Period(today_, today_ + timedelta(days=1), today_.isoformat()),
    }
    if value in named:
        return named[value]()
    if re.fullmatch(r"\d{4}", value):
        return year_of(date(int(value), 1, 1))
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        if 1 <= month <= 12:
            return month_of(date(year, month, 1))
    if re.fullmatch(r"\d{4}-q[1-4]", value):
        return quarter_of(date(int(value[:4]), 3 * int(value[-1]) - 2, 1))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = parse_date(value, field="period")
        return Period(day, day + timedelta(days=1), day.isoformat())
    match = _RANGE.match(value)
    if match:
        first = parse_date(match.group(1), field="period")
        last = parse_date(match.group(2), field="period")
        if last < first:
            raise ValidationFailed(f"period: {text!r} ends before it starts", field="period")
        return Period(first, last + timedelta(days=1), f"{first}..{last}")
    raise ValidationFailed(
        f"period: {text!r} is not a period; use week, month, quarter, year, all, "
        "YYYY-MM or YYYY-MM-DD..YYYY-MM-DD",
        field="period",
    )
