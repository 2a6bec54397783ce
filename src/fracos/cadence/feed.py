"""The calendar feed behind a secret token: find the member, gather their practice's dates."""

from __future__ import annotations

from fracos.cadence import schedule
from fracos.cadence.calendar import FeedEvent, PlanSlot, build_calendar
from fracos.cadence.models import CalendarToken
from fracos.cadence.selectors import cadence_due, touchpoint_list
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.engagements.selectors import week_plan
from fracos.practice.selectors import actor_for_member, practice_for

HELD = {"checkin": "Check-in held", "review": "Review held", "renewal": "Renewal conversation"}


def actor_for_token(token: str) -> Actor:
    """The member a live token belongs to; unknown and revoked tokens are simply not found."""
    from fracos.cadence.services import token_hash

    found = (
        CalendarToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("member")
        .first()
    )
    if found is None or found.member.practice_id != found.practice_id:
        raise NotFound("calendar: no such feed")
    return actor_for_member(found.member)


def feed_events(actor: Actor) -> list[FeedEvent]:
    events: list[FeedEvent] = []
    for item in cadence_due(actor):
        if item.kind == "renewal":
            continue  # the end date itself is on the calendar below
        events.append(
            FeedEvent(
                f"{item.kind}-due-{item.engagement_id}",
                f"{schedule.LABELS[item.kind]} due: {item.client}",
                item.due_on,
                item.rule + (f" ({item.detail})" if item.detail else ""),
            )
        )
    for point in touchpoint_list(actor):
        events.append(
            FeedEvent(
                f"touchpoint-{point.pk}",
                f"{HELD[point.kind]}: {point.engagement.client.name}",
                point.held_on,
                point.notes,
            )
        )
    today = clock.today(practice_for(actor).timezone)
    for engagement, _ in week_plan(actor, today):
        if engagement.end_date is not None:
            events.append(
                FeedEvent(
                    f"end-{engagement.pk}",
                    f"Last day: {engagement.client.name} ({engagement.role_title})",
                    engagement.end_date,
                    "Renew, hand over or close: see `fracos cadence`.",
                )
            )
    return events


def calendar_for(actor: Actor) -> bytes:
    practice = practice_for(actor)
    today = clock.today(practice.timezone)
    slots = [
        PlanSlot(e.pk, e.client.name, s.weekday, s.part, e.start_date, e.end_date)
        for e, booking in week_plan(actor, today)
        for s in booking.slots
    ]
    return build_calendar(
        name=f"{practice.name} — Fractional OS",
        timezone=practice.timezone,
        slots=slots,
        events=feed_events(actor),
        stamp=clock.now(),
    )


def calendar_for_token(token: str) -> bytes:
    return calendar_for(actor_for_token(token))
