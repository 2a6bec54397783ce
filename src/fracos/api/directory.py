"""Practice, clients, contacts and engagements."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status
from pydantic import Field

from fracos.api import serialize
from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.paging import PageQuery, page
from fracos.api.schemas import (
    ClientIn,
    ClientOut,
    ClientPage,
    ClientPatch,
    ContactIn,
    ContactOut,
    ContactPage,
    EngagementEnd,
    EngagementIn,
    EngagementOut,
    EngagementPage,
    EngagementPatch,
    Id,
    LogoOut,
    PracticeOut,
    check_range,
)
from fracos.clients import selectors as clients
from fracos.clients import services as client_services
from fracos.core.clock import parse_weekdays
from fracos.engagements import selectors as engagements
from fracos.engagements import services as engagement_services
from fracos.practice.selectors import practice_for, practice_logo

router = Router()


@router.get("/practice", response={200: PracticeOut, **ERRORS}, tags=["practice"])
def practice_get(request: HttpRequest) -> Any:
    """The practice the token belongs to."""
    actor = actor_of(request)
    actor.require_staff()
    out = PracticeOut.from_orm(practice_for(actor))
    logo = practice_logo(actor)
    if logo is not None:
        out.logo = LogoOut(media_type=logo.media_type, size=logo.size)
    return out


# -- clients --------------------------------------------------------------------------------


class ClientFilters(PageQuery):
    include_archived: bool = False


@router.get("/clients", response={200: ClientPage, **ERRORS}, tags=["clients"])
def client_list(request: HttpRequest, filters: Query[ClientFilters]) -> Any:
    """Active clients by name (or all with include_archived); a portal token sees its own."""
    found = clients.client_list(
        actor_of(request),
        include_archived=filters.include_archived,
        after=filters.after(clients.CLIENT_ORDER),
        limit=filters.limit + 1,
    )
    return page(found, filters, clients.CLIENT_ORDER, serialize.same)


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
    "/clients/{client_id}/contacts", response={200: ContactPage, **ERRORS}, tags=["clients"]
)
def contact_list(request: HttpRequest, client_id: Path[Id], query: Query[PageQuery]) -> Any:
    found = clients.contacts_of(
        actor_of(request),
        client_id,
        after=query.after(clients.CONTACT_ORDER),
        limit=query.limit + 1,
    )
    return page(found, query, clients.CONTACT_ORDER, serialize.same)


@router.post(
    "/clients/{client_id}/contacts", response={201: ContactOut, **ERRORS}, tags=["clients"]
)
def contact_create(request: HttpRequest, client_id: Path[Id], payload: ContactIn) -> Any:
    return Status(
        201, client_services.contact_add(actor_of(request), client_id, **payload.model_dump())
    )


# -- engagements ----------------------------------------------------------------------------


class EngagementFilters(PageQuery):
    status: Literal["proposed", "active", "ended"] | None = None
    client: Id | None = None
    from_: date | None = Field(
        None, alias="from", description="Only engagements running on or after this day."
    )
    to: date | None = Field(None, description="Only engagements started by this day.")


def _values(payload: EngagementPatch) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True)
    if values.get("dedicated_days") is not None:
        # Through the one weekday parser: week order, each day once.
        values["dedicated_days"] = parse_weekdays(",".join(values["dedicated_days"]))
    return values


@router.get("/engagements", response={200: EngagementPage, **ERRORS}, tags=["engagements"])
def engagement_list(request: HttpRequest, filters: Query[EngagementFilters]) -> Any:
    """By start date; `from`/`to` keep the engagements running at some time in that range."""
    check_range(filters.from_, filters.to)
    found = engagements.engagements_page(
        actor_of(request),
        status=filters.status,
        client_id=filters.client,
        start=filters.from_,
        end=filters.to,
        after=filters.after(engagements.ENGAGEMENT_ORDER),
        limit=filters.limit + 1,
    )
    return page(found, filters, engagements.ENGAGEMENT_ORDER, serialize.engagement)


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
