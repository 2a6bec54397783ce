"""The weekly plan's rules, in plain Python: slots, clashes, capacity and the free day.

A slot is a weekday, whole (``full``) or half (``am`` / ``pm``). Two
engagements clash when they share a weekday and either holds it whole or both
hold the same half. The week's load is, per engagement, the larger of its
committed hours and its planned hours (a full slot is ``hours_per_day``, a
half slot half of it); it must not exceed ``capacity_hours_per_week``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.errors import RuleViolation, ValidationFailed
from fracos.core.playbook import PlaybookSettings

PARTS = ("full", "am", "pm")
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
NO_FREE_DAY = (
    "No weekday or half-day is left for business development and administration; "
    "the playbook keeps one (e.g. Friday) free of client work so the practice keeps growing."
)
DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


@dataclass(frozen=True, order=True)
class Slot:
    weekday: str
    part: str = "full"

    @property
    def label(self) -> str:
        return self.weekday if self.part == "full" else f"{self.weekday}-{self.part}"

    @property
    def words(self) -> str:
        day = DAY_NAMES[self.weekday]
        return (
            day
            if self.part == "full"
            else f"{day} {'morning' if self.part == 'am' else 'afternoon'}"
        )

    def clashes(self, other: Slot) -> bool:
        return self.weekday == other.weekday and (
            "full" in (self.part, other.part) or self.part == other.part
        )

    def hours(self, hours_per_day: Decimal) -> Decimal:
        return hours_per_day if self.part == "full" else hours_per_day / 2


def sort_key(slot: Slot) -> tuple[int, int]:
    return clock.WEEKDAYS.index(slot.weekday), PARTS.index(slot.part)


def without(slots: Sequence[Slot], taken: Slot) -> tuple[Slot, ...]:
    """``slots`` less the part ``taken`` covers: a whole day losing one half keeps the other."""
    kept: list[Slot] = []
    for slot in slots:
        if not slot.clashes(taken):
            kept.append(slot)
        elif slot.part == "full" and taken.part != "full":
            kept.append(Slot(slot.weekday, "pm" if taken.part == "am" else "am"))
    return tuple(kept)


def with_slot(slots: Sequence[Slot], given: Slot) -> tuple[Slot, ...]:
    """``slots`` plus ``given``; whatever part of them it overlaps makes way, the rest stays."""
    return (*without(slots, given), given)


def parse_slots(text: str, *, field: str = "days") -> tuple[Slot, ...]:
    """'mon,tue,wed-am' into slots in week order; refuses unknown days and overlaps."""
    slots: list[Slot] = []
    for raw in re.split(r"[\s,;]+", (text or "").strip().lower()):
        if not raw:
            continue
        day, _, part = raw.partition("-")
        weekday = day[:3]
        part = part or "full"
        if weekday not in clock.WEEKDAYS or part not in PARTS:
            raise ValidationFailed(
                f"{field}: {raw!r} is not a day or half-day; use mon,tue or wed-am, thu-pm",
                field=field,
            )
        slot = Slot(weekday, part)
        for seen in slots:
            if seen.clashes(slot):
                raise ValidationFailed(
                    f"{field}: {seen.label} and {slot.label} overlap", field=field
                )
        slots.append(slot)
    if not slots:
        raise ValidationFailed(f"{field}: give at least one day, e.g. mon,tue", field=field)
    return tuple(sorted(slots, key=sort_key))


def from_dedicated_days(days: Sequence[str]) -> tuple[Slot, ...]:
    return tuple(Slot(d, "full") for d in clock.WEEKDAYS if d in days)


@dataclass(frozen=True)
class Booking:
    engagement_id: int
    client: str
    slots: tuple[Slot, ...]
    committed_hours: Decimal  # from hours or days per week; 0 when not committed

    def planned_hours(self, hours_per_day: Decimal) -> Decimal:
        return sum((s.hours(hours_per_day) for s in self.slots), Decimal(0))

    def load(self, hours_per_day: Decimal) -> Decimal:
        return max(self.committed_hours, self.planned_hours(hours_per_day))


def _num(value: Decimal) -> str:
    """16.0 -> '16', 7.50 -> '7.5' (hours as people write them)."""
    return format(value.normalize(), "f")


def check(bookings: Sequence[Booking], rules: PlaybookSettings) -> list[str]:
    """Refuse clashes and an overbooked week; return warnings (the free day)."""
    for i, first in enumerate(bookings):
        for second in bookings[i + 1 :]:
            for a in first.slots:
                for b in second.slots:
                    if a.clashes(b):
                        day = a.words if a.part != "full" else b.words
                        raise RuleViolation(
                            f"plan: {day} would belong to both {first.client} and "
                            f"{second.client}; a slot has one client",
                            field="days",
                        )
    load = sum((b.load(rules.hours_per_day) for b in bookings), Decimal(0))
    if load > rules.capacity_hours_per_week:
        raise RuleViolation(
            f"plan: the week would hold {_num(load)} h of client work against a capacity of "
            f"{_num(rules.capacity_hours_per_week)} h (capacity_hours_per_week)",
            field="days",
        )
    return [NO_FREE_DAY] if not free_slots(bookings) else []


def free_slots(bookings: Sequence[Booking]) -> list[Slot]:
    """The Monday–Friday halves no engagement holds."""
    taken = [s for b in bookings for s in b.slots]
    free: list[Slot] = []
    for day in WORKDAYS:
        for part in ("am", "pm"):
            half = Slot(day, part)
            if not any(half.clashes(t) for t in taken):
                free.append(half)
    return free


def overview(bookings: Sequence[Booking], rules: PlaybookSettings) -> dict[str, Any]:
    """The plan as data for `fracos plan`: who holds each slot, the load, what is free."""
    per_day = rules.hours_per_day
    load = sum((b.load(per_day) for b in bookings), Decimal(0))
    warnings = [NO_FREE_DAY] if not free_slots(bookings) else []
    return {
        "capacity_hours": _num(rules.capacity_hours_per_week),
        "hours_per_day": _num(per_day),
        "slots": [
            {
                "weekday": s.weekday,
                "part": s.part,
                "client": b.client,
                "engagement_id": b.engagement_id,
            }
            for b in bookings
            for s in b.slots
        ],
        "engagements": [
            {
                "engagement_id": b.engagement_id,
                "client": b.client,
                "days": ",".join(s.label for s in b.slots),
                "planned_hours": _num(b.planned_hours(per_day)),
                "committed_hours": _num(b.committed_hours),
            }
            for b in bookings
        ],
        "load_hours": _num(load),
        "free": [s.label for s in free_slots(bookings)],
        "warnings": warnings,
    }
