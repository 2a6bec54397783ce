"""Durations typed by people: '2h30m', '2.5h', '90m', '1:30', '45' (minutes)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from fracos.core.errors import ValidationFailed
from fracos.core.money import round_to

_UNITS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(hours?|hrs|hr|h|minutes?|mins|min|m|secs|sec|s)")
MAX_SECONDS = 24 * 3600


def parse_duration(text: str, *, field: str = "duration") -> int:
    """Return whole seconds; refuse zero, negative and more than a day."""
    raw = (text or "").strip().lower()
    if not raw:
        raise ValidationFailed(f"{field}: a duration is required (e.g. 2h30m)", field=field)
    if raw.startswith("-"):
        raise ValidationFailed(
            f"{field}: {text!r} is negative; durations must be positive", field=field
        )
    seconds = _parse(raw)
    if seconds is None:
        raise ValidationFailed(
            f"{field}: {text!r} is not a duration; use 2h30m, 2.5h, 90m or 1:30", field=field
        )
    if seconds <= 0:
        raise ValidationFailed(
            f"{field}: {text!r} is zero; durations must be positive", field=field
        )
    if seconds > MAX_SECONDS:
        raise ValidationFailed(f"{field}: {text!r} is longer than a day", field=field)
    return seconds


def _parse(raw: str) -> int | None:
    clock = re.fullmatch(r"(\d+):([0-5]\d)(?::([0-5]\d))?", raw)
    if clock:
        hours, minutes, secs = clock.group(1), clock.group(2), clock.group(3) or "0"
        return int(hours) * 3600 + int(minutes) * 60 + int(secs)
    if re.fullmatch(r"\d+", raw):
        return int(raw) * 60
    compact = raw.replace(" ", "")
    pos = 0
    total = Decimal(0)
    for match in _UNITS.finditer(compact):
        if match.start() != pos:
            return None
        pos = match.end()
        try:
            number = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation:
            return None
        unit = match.group(2)[0]
        total += number * {"h": 3600, "m": 60, "s": 1}[unit]
    if pos != len(compact) or pos == 0:
        return None
    return int(total.to_integral_value())


def format_duration(seconds: int) -> str:
    """'2h30m', '45m', '0m'; always hours and minutes, as people log them."""
    sign = "-" if seconds < 0 else ""
    minutes = (abs(seconds) + 30) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{sign}{hours}h{minutes:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{minutes}m"


def hours(seconds: int) -> Decimal:
    """Seconds as decimal hours with two places (for reports and rates)."""
    return round_to(Decimal(seconds) / 3600, 2)
