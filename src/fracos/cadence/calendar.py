"""Build a member's iCalendar feed from plain data (no Django): the week plan and the cadence.

Dedicated days are weekly recurring events within the engagement's dates —
all-day for a full day, 09:00–13:00 / 13:00–17:00 in the practice's timezone
for a half-day (with its VTIMEZONE). Check-ins, summaries, reviews, renewals
and ends are all-day events on their dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from fracos.core import clock

HALF_DAYS = {"am": (time(9), time(13)), "pm": (time(13), time(17))}
PRODID = "-//Fractional OS//fracos//EN"


@dataclass(frozen=True)
class PlanSlot:
    engagement_id: int
    client: str
    weekday: str  # mon … sun
    part: str  # full | am | pm
    start: date
    end: date | None


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    title: str
    on: date
    description: str = ""


def first_on_or_after(day: date, weekday: str) -> date:
    target = clock.WEEKDAYS.index(weekday)
    return day + timedelta(days=(target - day.weekday()) % 7)


def _slot_event(slot: PlanSlot, tz: str, stamp: datetime) -> Event | None:
    first = first_on_or_after(slot.start, slot.weekday)
    if slot.end is not None and first > slot.end:
        return None
    event = Event()
    event.add("uid", f"plan-{slot.engagement_id}-{slot.weekday}-{slot.part}@fracos")
    event.add("dtstamp", stamp)
    suffix = "" if slot.part == "full" else f" ({'morning' if slot.part == 'am' else 'afternoon'})"
    event.add("summary", f"{slot.client}{suffix}")
    event.add("description", f"Dedicated day for {slot.client} (engagement #{slot.engagement_id}).")
    event.add("transp", "OPAQUE")
    rule: dict[str, object] = {"freq": "weekly"}
    if slot.part == "full":
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
        if slot.end is not None:
            rule["until"] = slot.end
    else:
        zone = clock.zone(tz)
        begins, ends = HALF_DAYS[slot.part]
        event.add("dtstart", datetime.combine(first, begins, tzinfo=zone))
        event.add("dtend", datetime.combine(first, ends, tzinfo=zone))
        if slot.end is not None:
            # RFC 5545: with a zoned start, UNTIL is given in UTC.
            last = datetime.combine(slot.end, time(23, 59, 59), tzinfo=zone)
            rule["until"] = last.astimezone(UTC)
    event.add("rrule", rule)
    return event


def _day_event(item: FeedEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{item.uid}@fracos")
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    if item.description:
        event.add("description", item.description)
    event.add("dtstart", item.on)
    event.add("dtend", item.on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(
    *,
    name: str,
    timezone: str,
    slots: Iterable[PlanSlot],
    events: Iterable[FeedEvent],
    stamp: datetime,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone)
    for slot in slots:
        built = _slot_event(slot, timezone, stamp)
        if built is not None:
            cal.add_component(built)
    for item in events:
        cal.add_component(_day_event(item, stamp))
    cal.add_missing_timezones()
    if not any(c.name == "VTIMEZONE" for c in cal.subcomponents):
        # All-day events carry no zone; still publish the practice's so clients agree on "today".
        from icalendar import Timezone

        cal.subcomponents.insert(0, Timezone.from_tzid(timezone))
    return bytes(cal.to_ical())
