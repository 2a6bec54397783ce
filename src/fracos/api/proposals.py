"""Proposals, scope-of-work documents and the 90-day launch plan.

The practice's own business like the rest of the pipeline: portal tokens get 403,
viewers and read-only tokens read only.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router
from ninja.responses import Status
from pydantic import Field

from fracos.api import serialize
from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.paging import PageQuery, page
from fracos.api.proposal_schemas import (
    AcceptIn,
    FeedbackIn,
    FeedbackOut,
    LaunchIn,
    LaunchOut,
    ProposalIn,
    ProposalOptionIn,
    ProposalOut,
    ProposalPage,
)
from fracos.api.schemas import EngagementOut, Id, Str40
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.money import parse_amount, to_minor
from fracos.engagements.selectors import engagement_get
from fracos.pipeline import documents, launch
from fracos.pipeline import selectors as pipeline
from fracos.pipeline import services as pipeline_services

router = Router(tags=["proposals"])
PLAN_DAYS = 90
DEFAULT_LABELS = {
    "retainer": "Monthly retainer",
    "equity": "Retainer plus equity",
    "day_rate": "Day rate",
    "project": "Project",
}


# -- proposals ------------------------------------------------------------------------------


def _option(number: int, o: dict[str, Any], currency: str) -> dict[str, Any]:
    return {
        "number": number,
        "label": o["label"],
        "pricing_model": o["pricing_model"],
        "fee": serialize.money(to_minor(Decimal(o["fee"]), currency), currency),
        "price": documents.price_text(o, currency),
        "weeks": o.get("weeks"),
        "deliverable": o.get("deliverable", ""),
        "equity": o.get("equity"),
    }


def _proposal(p: Any) -> dict[str, Any]:
    currency = p.opportunity.currency
    return {
        "id": p.pk,
        "opportunity_id": p.opportunity_id,
        "title": p.title,
        "status": p.status,
        "options": [_option(n, o, currency) for n, o in enumerate(p.options, start=1)],
        "hours_per_week": None if p.hours_per_week is None else str(p.hours_per_week),
        "days_per_week": None if p.days_per_week is None else str(p.days_per_week),
        "responsibilities": p.responsibilities,
        "exclusions": p.exclusions,
        "change_policy": p.change_policy,
        "ending_terms": p.ending_terms,
        "terms": p.terms,
        "story_ids": [s.pk for s in p.opportunity.stories.all()],
        "accepted_option": p.accepted_option,
        "engagement_id": p.engagement_id,
        "created_at": p.created_at,
    }


def _pricing_option(o: ProposalOptionIn) -> pipeline_services.ProposalOption:
    fee = parse_amount(o.fee, field="fee")
    default = f"Pilot: {o.deliverable or 'one deliverable'}" if o.pricing_model == "pilot" else ""
    return pipeline_services.ProposalOption(
        label=o.label.strip() or DEFAULT_LABELS.get(o.pricing_model, default),
        pricing_model=o.pricing_model,
        fee=fee,
        weeks=o.weeks,
        deliverable=o.deliverable,
        equity=None if o.equity is None else parse_amount(o.equity, field="equity"),
    )


def _optional_amount(text: str | None, field: str) -> Decimal | None:
    return None if text is None else parse_amount(text, field=field)


class ProposalFilters(PageQuery):
    opportunity_id: Id | None = Field(None, description="Only this opportunity's proposals.")


@router.get("/proposals", response={200: ProposalPage, **ERRORS})
def proposal_list(request: HttpRequest, filters: Query[ProposalFilters]) -> Any:
    """Newest first, each with its pricing options and status."""
    found = pipeline.proposals_page(
        actor_of(request),
        opportunity_id=filters.opportunity_id,
        after=filters.after(pipeline.NEWEST_FIRST),
        limit=filters.limit + 1,
    )
    return page(found, filters, pipeline.NEWEST_FIRST, _proposal)


@router.post("/opportunities/{opportunity_id}/proposals", response={201: ProposalOut, **ERRORS})
def proposal_create(request: HttpRequest, opportunity_id: Path[Id], payload: ProposalIn) -> Any:
    """A proposal with one or more pricing options, the chosen proof stories and the scope."""
    actor = actor_of(request)
    created = pipeline_services.proposal_create(
        actor,
        opportunity_id,
        options=[_pricing_option(o) for o in payload.options],
        title=payload.title,
        hours_per_week=_optional_amount(payload.hours_per_week, "hours_per_week"),
        days_per_week=_optional_amount(payload.days_per_week, "days_per_week"),
        responsibilities=payload.responsibilities,
        exclusions=payload.exclusions,
        change_policy=payload.change_policy,
        ending_terms=payload.ending_terms,
        terms=payload.terms,
        story_ids=tuple(dict.fromkeys(payload.story_ids)),
    )
    return Status(201, _proposal(pipeline_services.proposal_get(actor, created.pk)))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS})
def proposal_get(request: HttpRequest, proposal_id: Path[Id]) -> Any:
    return _proposal(pipeline_services.proposal_get(actor_of(request), proposal_id))


def _file(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _binary(content_type: str, summary: str) -> dict[str, Any]:
    schema = {"type": "string", "format": "binary"}
    return {
        "responses": {200: {"description": summary, "content": {content_type: {"schema": schema}}}}
    }


MARKDOWN = "text/markdown; charset=utf-8"


@router.get(
    "/proposals/{proposal_id}/markdown",
    response=ERRORS,
    openapi_extra=_binary("text/markdown", "The proposal as Markdown"),
    summary="The proposal as Markdown",
)
def proposal_markdown(request: HttpRequest, proposal_id: Path[Id]) -> Any:
    """Rendered from the practice's proposal template (`fracos template edit proposal`)."""
    actor = actor_of(request)
    found = pipeline_services.proposal_get(actor, proposal_id)
    text = documents.proposal_markdown(actor, found)
    return _file(text.encode(), f"proposal-{found.pk}.md", MARKDOWN)


@router.get(
    "/proposals/{proposal_id}/pdf",
    response=ERRORS,
    openapi_extra=_binary("application/pdf", "The proposal as a PDF"),
    summary="The proposal as a PDF",
)
def proposal_pdf(request: HttpRequest, proposal_id: Path[Id]) -> Any:
    actor = actor_of(request)
    found = pipeline_services.proposal_get(actor, proposal_id)
    markdown = documents.proposal_markdown(actor, found, for_html=True)
    pdf = documents.markdown_pdf(markdown, found.title)
    return _file(pdf, f"proposal-{found.pk}.pdf", "application/pdf")


@router.post("/proposals/{proposal_id}/send", response={200: ProposalOut, **ERRORS})
def proposal_send(request: HttpRequest, proposal_id: Path[Id]) -> Any:
    """Mark a draft sent; an early opportunity moves to pilot or retainer proposed."""
    actor = actor_of(request)
    pipeline_services.proposal_send(actor, proposal_id)
    return _proposal(pipeline_services.proposal_get(actor, proposal_id))


@router.post("/proposals/{proposal_id}/accept", response={201: EngagementOut, **ERRORS})
def proposal_accept(request: HttpRequest, proposal_id: Path[Id], payload: AcceptIn) -> Any:
    """The client said yes: the chosen option becomes an engagement with the proposal's scope."""
    engagement = pipeline_services.proposal_accept(
        actor_of(request), proposal_id, option=payload.option, start=payload.start
    )
    return Status(201, serialize.engagement(engagement))


@router.get(
    "/engagements/{engagement_id}/scope",
    response=ERRORS,
    openapi_extra=_binary("text/markdown", "The engagement's scope of work as Markdown"),
    summary="The engagement's scope of work as Markdown",
)
def engagement_scope(request: HttpRequest, engagement_id: Path[Id]) -> Any:
    """Rendered from the practice's scope template (`fracos template edit scope`)."""
    actor = actor_of(request)
    # The client's portal sees its engagement, but the scope document is the practice's draft.
    actor.require_staff()
    found = engagement_get(actor, engagement_id)
    text = documents.scope_markdown(actor, found)
    return _file(text.encode(), f"scope-of-work-{found.pk}.md", MARKDOWN)


# -- the 90-day launch plan -----------------------------------------------------------------


def _launch(actor: Actor) -> dict[str, Any]:
    current = launch.progress(actor)
    if current is None:
        raise NotFound("launch: no launch plan; POST /launch to start one", field="launch")
    return {
        "start_date": current.plan.start_date,
        "ends_on": current.plan.start_date + timedelta(days=PLAN_DAYS),
        "done": current.done,
        "total": len(current.items),
        "percent": current.percent,
        "items": [
            {
                "key": s.item.key,
                "month": s.item.month,
                "title": s.item.title,
                "due": s.due,
                "done": s.done,
                "by_hand": s.by_hand,
                "auto": s.item.check is not None,
                "how": s.item.rule or f"Tick it by hand: POST /launch/items/{s.item.key}/tick",
            }
            for s in current.items
        ],
    }


@router.get("/launch", response={200: LaunchOut, **ERRORS}, tags=["launch"])
def launch_get(request: HttpRequest) -> Any:
    """The plan's items by month, done or not, and how each ticks itself (404 until started)."""
    return _launch(actor_of(request))


@router.post("/launch", response={201: LaunchOut, **ERRORS}, tags=["launch"])
def launch_start(request: HttpRequest, payload: LaunchIn) -> Any:
    """Start the plan; a practice has one (409 for a second)."""
    actor = actor_of(request)
    pipeline_services.launch_start(actor, start=payload.start)
    return Status(201, _launch(actor))


@router.post("/launch/items/{key}/tick", response={200: LaunchOut, **ERRORS}, tags=["launch"])
def launch_tick(request: HttpRequest, key: Path[Str40]) -> Any:
    """Tick an item by hand (the ones that tick themselves may be ticked early too)."""
    actor = actor_of(request)
    pipeline_services.launch_tick(actor, key)
    return _launch(actor)


@router.post("/launch/items/{key}/untick", response={200: LaunchOut, **ERRORS}, tags=["launch"])
def launch_untick(request: HttpRequest, key: Path[Str40]) -> Any:
    """Take back a tick by hand (an item the data shows done stays done)."""
    actor = actor_of(request)
    pipeline_services.launch_tick(actor, key, undo=True)
    return _launch(actor)


@router.post("/launch/feedback", response={201: FeedbackOut, **ERRORS}, tags=["launch"])
def launch_feedback(request: HttpRequest, payload: FeedbackIn) -> Any:
    """A client's answers to the playbook's three questions."""
    recorded = pipeline_services.feedback_record(
        actor_of(request),
        payload.client_id,
        what_they_get=payload.what_they_get,
        wish_different=payload.wish_different,
        would_recommend=payload.would_recommend,
    )
    return Status(201, serialize.same(recorded))
