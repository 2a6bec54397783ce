"""Practice, clients, contacts and engagements."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.responses import Status

from fracos.api import serialize
from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.schemas import (
    ClientIn,
    ClientOut,
    ClientPatch,
    ContactIn,
    ContactOut,
    EngagementEnd,
    EngagementIn,
    EngagementOut,
    EngagementPatch,
    Id,
    PracticeOut,
)
from fracos.clients import selectors as clients
from fracos.clients import services as client_services
from fracos.core.clock import parse_weekdays
from fracos.engagements import selectors as engagements
from fracos.engagements import services as engagement_services
from fracos.practice.selectors import practice_for

router = Router()


@router.get("/practice", response={200: PracticeOut, **ERRORS}, tags=["practice"])
def practice_get(request: HttpRequest) -> Any:
    """The practice the token belongs to."""
    actor = actor_of(request)
    actor.require_staff()
    return practice_for(actor)


# -- clients --------------------------------------------------------------------------------


class ClientFilters(Schema):
    include_archived: bool = False


@router.get("/clients", response={200: list[ClientOut], **ERRORS}, tags=["clients"])
def client_list(request: HttpRequest, filters: Query[ClientFilters]) -> Any:
    """Active clients (or all with include_archived); a portal token sees its own client."""
    return clients.client_list(actor_of(request), include_archived=filters.include_archived)


@router.post("/clients", response={201: ClientOut, **ERRORS}, tags=["clients"])
def client_create(request: HttpRequest, payload: ClientIn) -> Any:
    created = client_services.client_add(
        actor_of(request), **payload.model_dump(exclude_unset=True)
    )
    return Status(201, created)


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS}, tags=["clients"])
def client_get(request: HttpRequest, client_id: Path[Id]) -> Any:
    return clients.client_get(actor_of(request), client_id)


@router.patch("/clients/{client_id}", response={200: ClientOut, **ERRORS}, tags=["clients"])
def client_update(request: HttpRequest, client_id: Path[Id], payload: ClientPatch) -> Any:
    return client_services.client_update(
        actor_of(request), client_id, **payload.model_dump(exclude_unset=True)
    )


@router.post("/clients/{client_id}/archive", response={200: ClientOut, **ERRORS}, tags=["clients"])
def client_archive(request: HttpRequest, client_id: Path[Id]) -> Any:
    return client_services.client_archive(actor_of(request), client_id)


@router.get(
    "/clients/{client_id}/contacts", response={200: list[ContactOut], **ERRORS}, tags=["clients"]
)
def contact_list(request: HttpRequest, client_id: Path[Id]) -> Any:
    return clients.contacts_of(actor_of(request), client_id)


@router.post(
    "/clients/{client_id}/contacts", response={201: ContactOut, **ERRORS}, tags=["clients"]
)
def contact_create(request: HttpRequest, client_id: Path[Id], payload: ContactIn) -> Any:
    return Status(
        201, client_services.contact_add(actor_of(request), client_id, **payload.model_dump())
    )


# -- engagements ----------------------------------------------------------------------------


class EngagementFilters(Schema):
    status: Literal["proposed", "active", "ended"] | None = None
    client: Id | None = None


def _values(payload: EngagementPatch) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True)
    if values.get("dedicated_days") is not None:
        # Through the one weekday parser: week order, each day once.
        values["dedicated_days"] = parse_weekdays(",".join(values["dedicated_days"]))
    return values


@router.get("/engagements", response={200: list[EngagementOut], **ERRORS}, tags=["engagements"])
def engagement_list(request: HttpRequest, filters: Query[EngagementFilters]) -> Any:
    found = engagements.engagement_list(
        actor_of(request), status=filters.status, client_id=filters.client
    )
    return [serialize.engagement(e) for e in found]


@router.post("/engagements", response={201: EngagementOut, **ERRORS}, tags=["engagements"])
def engagement_create(request: HttpRequest, payload: EngagementIn) -> Any:
    values = _values(payload)
    if values.get("currency") is None:
        values.pop("currency", None)
    created = engagement_services.engagement_add(actor_of(request), **values)
    return Status(201, serialize.engagement(created))


@router.get(
    "/engagements/{engagement_id}", response={200: EngagementOut, **ERRORS}, tags=["engagements"]
)
def engagement_get(request: HttpRequest, engagement_id: Path[Id]) -> Any:
    return serialize.engagement(engagements.engagement_get(actor_of(request), engagement_id))


@router.patch(
    "/engagements/{engagement_id}", response={200: EngagementOut, **ERRORS}, tags=["engagements"]
)
def engagement_update(
    request: HttpRequest, engagement_id: Path[Id], payload: EngagementPatch
) -> Any:
    updated = engagement_services.engagement_update(
        actor_of(request), engagement_id, **_values(payload)
    )
    return serialize.engagement(updated)


@router.post(
    "/engagements/{engagement_id}/end",
    response={200: EngagementOut, **ERRORS},
    tags=["engagements"],
)
def engagement_end(request: HttpRequest, engagement_id: Path[Id], payload: EngagementEnd) -> Any:
    ended = engagement_services.engagement_end(
        actor_of(request), engagement_id, on=payload.on, reason=payload.reason
    )
    return serialize.engagement(ended)
