"""Winning clients: positioning, proof stories, the warm network, opportunities and pilots.

All of it is the practice's own business: portal tokens get 403, viewers and
read-only tokens read only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status
from pydantic import Field

from fracos.api import serialize
from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.paging import PageQuery, page
from fracos.api.pipeline_schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPage,
    BoardOut,
    NetworkContactDetail,
    NetworkContactIn,
    NetworkContactOut,
    NetworkContactPage,
    NetworkContactPatch,
    OpportunityIn,
    OpportunityOut,
    OpportunityPage,
    OpportunityPatch,
    OutreachIn,
    OutreachOut,
    PilotCloseIn,
    PilotConvertIn,
    PilotIn,
    PilotOut,
    PilotStatsOut,
    PositioningCheck,
    PositioningIn,
    PositioningOut,
    PositioningPage,
    StageIn,
    StageName,
    StoryCheck,
    StoryIn,
    StoryOut,
    StoryPage,
    StoryPatch,
)
from fracos.api.schemas import EngagementOut, Id
from fracos.core.access import Actor
from fracos.core.clock import parse_weekdays
from fracos.core.errors import NotFound
from fracos.core.money import parse_amount, to_minor
from fracos.core.positioning import Finding
from fracos.pipeline import selectors as pipeline
from fracos.pipeline import services as pipeline_services
from fracos.practice.selectors import practice_for

router = Router()
WARMTH_NAMES = {1: "cold", 2: "warm", 3: "hot"}


def _finding(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "ok": f.ok, "message": f.message, "advice": "" if f.ok else f.advice}


def _amount(text: str | None, field: str) -> Decimal | None:
    return None if text is None else parse_amount(text, field=field)


def _days(days: Sequence[str]) -> tuple[str, ...]:
    return parse_weekdays(",".join(days)) if days else ()


# -- positioning ----------------------------------------------------------------------------


def _current(actor: Actor) -> Any:
    current = pipeline.positioning_current(actor)
    if current is None:
        raise NotFound("positioning: none yet; POST /positioning to write one", field="positioning")
    return current


@router.get("/positioning", response={200: PositioningOut, **ERRORS}, tags=["positioning"])
def positioning_get(request: HttpRequest) -> Any:
    """The current four-part positioning statement (404 until one is written)."""
    return _current(actor_of(request))


@router.post("/positioning", response={201: PositioningOut, **ERRORS}, tags=["positioning"])
def positioning_save(request: HttpRequest, payload: PositioningIn) -> Any:
    """A new version of the statement; earlier versions stay as its history."""
    saved = pipeline_services.positioning_save(actor_of(request), **payload.model_dump())
    return Status(201, saved)


@router.get("/positioning/history", response={200: PositioningPage, **ERRORS}, tags=["positioning"])
def positioning_history(request: HttpRequest, query: Query[PageQuery]) -> Any:
    """Every version, newest first."""
    found = pipeline.positioning_page(
        actor_of(request), after=query.after(pipeline.NEWEST_FIRST), limit=query.limit + 1
    )
    return page(found, query, pipeline.NEWEST_FIRST, serialize.same)


@router.get("/positioning/check", response={200: PositioningCheck, **ERRORS}, tags=["positioning"])
def positioning_check(request: HttpRequest) -> Any:
    """What makes the current statement generic, and what to add (as `fracos positioning check`)."""
    current = _current(actor_of(request))
    findings = pipeline.positioning_findings(current)
    return {
        "positioning_id": current.pk,
        "passed": sum(f.ok for f in findings),
        "rules": len(findings),
        "findings": [_finding(f) for f in findings],
    }


# -- proof stories --------------------------------------------------------------------------


def _story(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "situation": s.situation,
        "actions": s.actions,
        "result": s.result,
        "client_tags": [t for t in s.client_tags.split(",") if t],
        "problem_tags": [t for t in s.problem_tags.split(",") if t],
        "measurable": pipeline.story_finding(s).ok,
        "used_in": [o.pk for o in s.opportunities.all()],
        "created_at": s.created_at,
    }


def _story_values(payload: StoryPatch) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True)
    for key in ("client_tags", "problem_tags"):
        if key in values:
            values[key] = ",".join(t.strip() for t in values[key] or [] if t.strip())
    return values


@router.get("/stories", response={200: StoryPage, **ERRORS}, tags=["proof"])
def story_list(request: HttpRequest, query: Query[PageQuery]) -> Any:
    found = pipeline.stories_page(
        actor_of(request), after=query.after(pipeline.STORY_ORDER), limit=query.limit + 1
    )
    return page(found, query, pipeline.STORY_ORDER, _story)


@router.post("/stories", response={201: StoryOut, **ERRORS}, tags=["proof"])
def story_create(request: HttpRequest, payload: StoryIn) -> Any:
    """A proof story: situation, actions and a measurable result."""
    actor = actor_of(request)
    created = pipeline_services.story_add(actor, **_story_values(payload))
    return Status(201, _story(pipeline.story_get(actor, created.pk)))


@router.get("/stories/check", response={200: StoryCheck, **ERRORS}, tags=["proof"])
def story_check(request: HttpRequest) -> Any:
    """Whether each story's result is measurable (the playbook asks for 3 to 5 stories)."""
    items = pipeline.stories(actor_of(request))
    findings = [(s, pipeline.story_finding(s)) for s in items]
    return {
        "stories": len(items),
        "measurable": sum(f.ok for _s, f in findings),
        "findings": [
            {"story_id": s.pk, "title": s.title, "finding": _finding(f)} for s, f in findings
        ],
    }


@router.get("/stories/{story_id}", response={200: StoryOut, **ERRORS}, tags=["proof"])
def story_get(request: HttpRequest, story_id: Path[Id]) -> Any:
    return _story(pipeline.story_get(actor_of(request), story_id))


@router.patch("/stories/{story_id}", response={200: StoryOut, **ERRORS}, tags=["proof"])
def story_update(request: HttpRequest, story_id: Path[Id], payload: StoryPatch) -> Any:
    actor = actor_of(request)
    pipeline_services.story_update(actor, story_id, **_story_values(payload))
    return _story(pipeline.story_get(actor, story_id))


@router.delete("/stories/{story_id}", response={204: None, **ERRORS}, tags=["proof"])
def story_delete(request: HttpRequest, story_id: Path[Id]) -> Any:
    pipeline_services.story_delete(actor_of(request), story_id)
    return Status(204, None)


# -- the warm network -----------------------------------------------------------------------


def _contact(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "organisation": c.organisation,
        "role": c.role,
        "email": c.email,
        "how_known": c.how_known,
        "warmth": WARMTH_NAMES[c.warmth],
        "fits_profile": c.fits_profile,
        "top": c.top,
        "connected_on": c.connected_on,
        "created_at": c.created_at,
    }


def _outreach(o: Any) -> dict[str, Any]:
    return {
        "id": o.pk,
        "on": o.on,
        "channel": o.channel,
        "summary": o.summary,
        "next_step": o.next_step,
        "next_step_on": o.next_step_on,
    }


class ContactFilters(PageQuery):
    top: bool = Field(False, description="Only the top list (the playbook's 20 to reach first).")


@router.get("/network-contacts", response={200: NetworkContactPage, **ERRORS}, tags=["network"])
def network_list(request: HttpRequest, filters: Query[ContactFilters]) -> Any:
    """The warm network by name."""
    found = pipeline.contacts_page(
        actor_of(request),
        top_only=filters.top,
        after=filters.after(pipeline.CONTACT_ORDER),
        limit=filters.limit + 1,
    )
    return page(found, filters, pipeline.CONTACT_ORDER, _contact)


@router.post("/network-contacts", response={201: NetworkContactOut, **ERRORS}, tags=["network"])
def network_create(request: HttpRequest, payload: NetworkContactIn) -> Any:
    values = payload.model_dump(exclude_none=True)
    return Status(201, _contact(pipeline_services.contact_add(actor_of(request), **values)))


@router.get(
    "/network-contacts/{contact_id}",
    response={200: NetworkContactDetail, **ERRORS},
    tags=["network"],
)
def network_get(request: HttpRequest, contact_id: Path[Id]) -> Any:
    """A contact with every conversation logged, newest first."""
    actor = actor_of(request)
    record = _contact(pipeline.contact_get(actor, contact_id))
    record["outreach"] = [_outreach(o) for o in pipeline.outreach_of(actor, contact_id)]
    return record


@router.patch(
    "/network-contacts/{contact_id}", response={200: NetworkContactOut, **ERRORS}, tags=["network"]
)
def network_update(request: HttpRequest, contact_id: Path[Id], payload: NetworkContactPatch) -> Any:
    actor = actor_of(request)
    updated = pipeline_services.contact_update(
        actor, contact_id, **payload.model_dump(exclude_unset=True)
    )
    return _contact(updated)


@router.post(
    "/network-contacts/{contact_id}/outreach",
    response={201: OutreachOut, **ERRORS},
    tags=["network"],
)
def network_outreach(request: HttpRequest, contact_id: Path[Id], payload: OutreachIn) -> Any:
    """Log a conversation and the next step."""
    logged = pipeline_services.outreach_log(actor_of(request), contact_id, **payload.model_dump())
    return Status(201, _outreach(logged))


# -- opportunities --------------------------------------------------------------------------


def _opportunity(o: Any, probabilities: dict[str, int]) -> dict[str, Any]:
    cur = o.currency
    weighted = pipeline.weighted_value(o, probabilities)
    return {
        "id": o.pk,
        "title": o.title,
        "organisation": o.organisation,
        "stage": o.stage,
        "contact_id": o.contact_id,
        "client_id": o.client_id,
        "monthly_value": serialize.money(o.monthly_value_minor, cur),
        "probability": pipeline.probability(o, probabilities),
        "weighted_value": serialize.money(to_minor(weighted, cur), cur),
        "expected_start": o.expected_start,
        "next_step": o.next_step,
        "next_step_on": o.next_step_on,
        "lost_reason": o.lost_reason,
        "pilot_engagement_id": o.pilot_engagement_id,
        "engagement_id": o.engagement_id,
        "story_ids": [s.pk for s in o.stories.all()],
        "created_at": o.created_at,
        "closed_on": o.closed_on,
    }


def _opportunity_out(actor: Actor, opportunity_id: int) -> dict[str, Any]:
    probabilities = practice_for(actor).rules.stage_probabilities
    return _opportunity(pipeline.opportunity_get(actor, opportunity_id), probabilities)


def _per_currency(amounts: dict[str, Decimal]) -> list[dict[str, str]]:
    return [{"amount": str(amounts[cur]), "currency": cur} for cur in sorted(amounts)]


@router.get("/pipeline", response={200: BoardOut, **ERRORS}, tags=["opportunities"])
def pipeline_board(request: HttpRequest) -> Any:
    """The board by stage, as `fracos pipeline` and the web's pipeline page show it."""
    actor = actor_of(request)
    rules = practice_for(actor).rules
    stages = [
        {
            "stage": column.stage.value,
            "label": str(column.stage.label),
            "count": len(column.cards),
            "weighted": _per_currency(column.weighted),
            "opportunity_ids": [o.pk for o in column.cards],
        }
        for column in pipeline.board(actor, rules)
    ]
    return {
        "stages": stages,
        "open_weighted": _per_currency(pipeline.weighted_pipeline(actor, rules)),
    }


class OpportunityFilters(PageQuery):
    stage: StageName | None = None
    client_id: Id | None = None


@router.get("/opportunities", response={200: OpportunityPage, **ERRORS}, tags=["opportunities"])
def opportunity_list(request: HttpRequest, filters: Query[OpportunityFilters]) -> Any:
    """Newest first, with each one's probability and weighted monthly value."""
    actor = actor_of(request)
    found = pipeline.opportunities_page(
        actor,
        stage=filters.stage,
        client_id=filters.client_id,
        after=filters.after(pipeline.NEWEST_FIRST),
        limit=filters.limit + 1,
    )
    probabilities = practice_for(actor).rules.stage_probabilities
    return page(found, filters, pipeline.NEWEST_FIRST, lambda o: _opportunity(o, probabilities))


@router.post("/opportunities", response={201: OpportunityOut, **ERRORS}, tags=["opportunities"])
def opportunity_create(request: HttpRequest, payload: OpportunityIn) -> Any:
    actor = actor_of(request)
    values = payload.model_dump()
    values["monthly_value"] = parse_amount(payload.monthly_value, field="monthly_value")
    created = pipeline_services.opportunity_add(actor, **values)
    return Status(201, _opportunity_out(actor, created.pk))


@router.get(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    tags=["opportunities"],
)
def opportunity_get(request: HttpRequest, opportunity_id: Path[Id]) -> Any:
    return _opportunity_out(actor_of(request), opportunity_id)


@router.patch(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **ERRORS},
    tags=["opportunities"],
)
def opportunity_update(
    request: HttpRequest, opportunity_id: Path[Id], payload: OpportunityPatch
) -> Any:
    """Edit what it says; the stage moves through POST …/stage."""
    actor = actor_of(request)
    pipeline_services.opportunity_update(
        actor, opportunity_id, **payload.model_dump(exclude_unset=True)
    )
    return _opportunity_out(actor, opportunity_id)


@router.post(
    "/opportunities/{opportunity_id}/stage",
    response={200: OpportunityOut, **ERRORS},
    tags=["opportunities"],
)
def opportunity_stage(request: HttpRequest, opportunity_id: Path[Id], payload: StageIn) -> Any:
    """Move to a stage: lost needs a reason, won a monthly value; closed ones stay closed."""
    actor = actor_of(request)
    pipeline_services.opportunity_move(
        actor,
        opportunity_id,
        payload.stage,
        reason=payload.reason,
        monthly_value=_amount(payload.monthly_value, "monthly_value"),
    )
    return _opportunity_out(actor, opportunity_id)


# -- pilots ---------------------------------------------------------------------------------


@router.post("/pilots", response={201: PilotOut, **ERRORS}, tags=["pilots"])
def pilot_start(request: HttpRequest, payload: PilotIn) -> Any:
    """Start the opportunity's pilot: it becomes a pilot engagement (and the client, if new)."""
    offer = pipeline_services.pilot_start(
        actor_of(request),
        payload.opportunity_id,
        fee=parse_amount(payload.fee, field="fee"),
        weeks=payload.weeks,
        deliverable=payload.deliverable,
        start=payload.start,
        role_title=payload.role_title,
        hours_per_week=_amount(payload.hours_per_week, "hours_per_week"),
        dedicated_days=_days(payload.dedicated_days),
    )
    currency = offer.engagement.currency
    return Status(
        201,
        {
            "engagement": serialize.engagement(offer.engagement),
            "monthly_equivalent": {"amount": str(offer.monthly_equivalent), "currency": currency},
            "discount_pct": None if offer.discount_pct is None else str(offer.discount_pct),
            "warnings": offer.warnings,
        },
    )


@router.post(
    "/pilots/{engagement_id}/convert", response={201: EngagementOut, **ERRORS}, tags=["pilots"]
)
def pilot_convert(request: HttpRequest, engagement_id: Path[Id], payload: PilotConvertIn) -> Any:
    """The pilot becomes a retainer engagement carrying its client and scope; returns it."""
    retainer = pipeline_services.pilot_convert(
        actor_of(request),
        engagement_id,
        fee=parse_amount(payload.fee, field="fee"),
        start=payload.start,
        days_per_week=_amount(payload.days_per_week, "days_per_week"),
        hours_per_week=_amount(payload.hours_per_week, "hours_per_week"),
        dedicated_days=_days(payload.dedicated_days),
        role_title=payload.role_title,
    )
    return Status(201, serialize.engagement(retainer))


@router.post(
    "/pilots/{engagement_id}/close", response={200: EngagementOut, **ERRORS}, tags=["pilots"]
)
def pilot_close(request: HttpRequest, engagement_id: Path[Id], payload: PilotCloseIn) -> Any:
    """Close a pilot that does not convert (its opportunity is lost for that reason)."""
    closed = pipeline_services.pilot_close(actor_of(request), engagement_id, reason=payload.reason)
    return serialize.engagement(closed)


@router.get("/pilots/stats", response={200: PilotStatsOut, **ERRORS}, tags=["pilots"])
def pilot_stats(request: HttpRequest) -> Any:
    """How many pilots converted, and how fast (as `fracos pilot stats`)."""
    stats = pipeline.pilot_stats(actor_of(request))
    rate, days = stats.conversion_rate, stats.average_days_to_convert
    return {
        "pilots": stats.pilots,
        "converted": stats.converted,
        "closed": stats.closed,
        "running": stats.running,
        "conversion_rate_pct": None if rate is None else f"{rate:.0f}",
        "average_days_to_convert": None if days is None else f"{days:.0f}",
    }


# -- thought leadership ---------------------------------------------------------------------


class ActivityFilters(PageQuery):
    from_: date | None = Field(None, alias="from", description="On or after this day.")
    to: date | None = Field(None, description="On or before this day.")


@router.get(
    "/thought-leadership", response={200: ActivityPage, **ERRORS}, tags=["thought leadership"]
)
def activity_list(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    """Posts, articles, talks and panels, newest first."""
    found = pipeline.thought_leadership_page(
        actor_of(request),
        start=filters.from_,
        end=filters.to,
        after=filters.after(pipeline.ACTIVITY_ORDER),
        limit=filters.limit + 1,
    )
    return page(found, filters, pipeline.ACTIVITY_ORDER, serialize.same)


@router.post(
    "/thought-leadership", response={201: ActivityOut, **ERRORS}, tags=["thought leadership"]
)
def activity_create(request: HttpRequest, payload: ActivityIn) -> Any:
    return Status(201, pipeline_services.thought_add(actor_of(request), **payload.model_dump()))
