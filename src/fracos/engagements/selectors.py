"""Reads of engagements, and the access helpers that fetch *and* authorise them."""

from __future__ import annotations

from django.db.models import QuerySet

from fracos.core.access import Actor
from fracos.core.errors import NotFound
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
