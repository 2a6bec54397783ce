"""Reads of engagements, and the access helpers that fetch *and* authorise them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from fracos.clients.selectors import client_find
from fracos.core.access import Actor
from fracos.core.errors import Ambiguous, NotFound
from fracos.core.paging import KeyPart, Order
from fracos.core.playbook import PlaybookSettings
from fracos.engagements import plan
from fracos.engagements.models import Engagement
from fracos.practice.paging import keyset

ENGAGEMENT_ORDER = Order(("start_date", "id"), (date, int))


def engagements_visible(actor: Actor) -> QuerySet[Engagement]:
    qs = Engagement.objects.filter(practice_id=actor.practice_id).select_related("client")
    if not actor.is_staff:
        qs = qs.filter(client_id=actor.client_id or 0)
    return qs


def engagement_get(actor: Actor, engagement_id: int) -> Engagement:
    found = engagements_visible(actor).filter(pk=engagement_id).first()
    if found is None:
        raise NotFound(f"engagement: no engagement #{engagement_id}", field="engagement")
    return found


def engagement_list(
    actor: Actor, *, status: str | None = None, client_id: int | None = None
) -> list[Engagement]:
    qs = engagements_visible(actor)
    if status:
        qs = qs.filter(status=status)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    return list(qs.order_by("status", "client__name", "start_date"))


def engagements_page(
    actor: Actor,
    *,
    status: str | None = None,
    client_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Engagement]:
    """By start date; ``start``..``end`` keeps those running at some time in the range."""
    qs = engagements_visible(actor)
    if status:
        qs = qs.filter(status=status)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    if start is not None:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return keyset(qs, ENGAGEMENT_ORDER, after=after, limit=limit)


def plan_slots_of(engagement: Engagement) -> tuple[plan.Slot, ...]:
    """The engagement's slots; plain ``dedicated_days`` (set elsewhere) count as full days.

    Half-days live in WeekPlanSlot rows, kept in step with ``dedicated_days`` by
    ``plan_set``; if ``dedicated_days`` was changed without them, it wins.
    """
    stored = tuple(plan.Slot(s.weekday, s.part) for s in engagement.plan_slots.all())
    if stored and {s.weekday for s in stored} == set(engagement.weekdays):
        return tuple(sorted(stored, key=plan.sort_key))
    return plan.from_dedicated_days(engagement.weekdays)


def committed_hours(engagement: Engagement, hours_per_day: Decimal) -> Decimal:
    if engagement.hours_per_week is not None:
        return Decimal(engagement.hours_per_week)
    if engagement.days_per_week is not None:
        return Decimal(engagement.days_per_week) * hours_per_day
    return Decimal(0)


def week_plan(actor: Actor, on: date) -> list[tuple[Engagement, plan.Booking]]:
    """Every active engagement not ended before ``on``, with its booking in the weekly plan."""
    from fracos.practice.selectors import practice_for

    rules = practice_for(actor).rules
    qs = (
        engagements_visible(actor)
        .filter(status="active")
        .exclude(end_date__lt=on)
        .prefetch_related("plan_slots")
        .order_by("client__name", "start_date", "id")
    )
    return [
        (
            e,
            plan.Booking(
                e.pk, e.client.name, plan_slots_of(e), committed_hours(e, rules.hours_per_day)
            ),
        )
        for e in qs
    ]


def engagement_for(
    actor: Actor, client: str | None, *, engagement_id: int | None = None, on: date
) -> Engagement:
    """The engagement meant by a client name (its one engagement running on ``on``) or an id."""
    if engagement_id is not None:
        chosen = engagement_get(actor, engagement_id)
        if client and client_find(actor, client).pk != chosen.client_id:
            raise NotFound(
                f"engagement: #{engagement_id} is not an engagement of {client}",
                field="engagement",
            )
        return chosen
    if not client:
        raise NotFound("client: give a client or --engagement", field="client")
    found = client_find(actor, client)
    candidates = [e for e in engagement_list(actor, client_id=found.pk) if e.status != "proposed"]
    if not candidates:
        raise NotFound(f"engagement: {found.name} has no engagement", field="client")
    running = [
        e
        for e in candidates
        if e.status == "active" and e.start_date <= on and (e.end_date is None or on <= e.end_date)
    ]
    if len(running) > 1:
        listed = ", ".join(f"#{e.pk} {e.role_title}" for e in running)
        raise Ambiguous(
            f"engagement: {found.name} has several running engagements ({listed}); "
            "pick one with --engagement",
            field="engagement",
        )
    if running:
        return running[0]
    return max(candidates, key=lambda e: (e.start_date, e.pk))


# A month holds 52/12 weeks on average; the commitment is weekly, the bill monthly.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def included_seconds_per_month(engagement: Engagement, rules: PlaybookSettings) -> int:
    """The hours a month the engagement includes, in seconds (0 when it names none).

    From ``hours_per_week``, or ``days_per_week`` × the practice's hours per day,
    times 52/12 weeks a month.
    """
    if engagement.hours_per_week is not None:
        weekly = Decimal(engagement.hours_per_week)
    elif engagement.days_per_week is not None:
        weekly = Decimal(engagement.days_per_week) * rules.hours_per_day
    else:
        return 0
    return int(weekly * WEEKS_PER_MONTH * 3600)
