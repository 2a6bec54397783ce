"""Reads of engagements, and the access helpers that fetch *and* authorise them."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.playbook import PlaybookSettings
from fracos.engagements.models import Engagement


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
