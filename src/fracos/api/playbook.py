"""The playbook over the API: the pricing quote, a full-time offer weighed, and the cadence.

The same core functions, selectors and services as `fracos rate`, `fracos offer compare`,
`fracos cadence`, `checkin`, `review` and `summary`, so every figure here is the CLI's figure;
for the practice's own members only (portal: 403).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.paging import page
from fracos.api.playbook_schemas import (
    CadenceItemOut,
    CadenceQuery,
    PlanOut,
    PlanSlotIn,
    ReviewOut,
    SummaryDetailOut,
    SummaryEditIn,
    SummaryFilters,
    SummaryIn,
    SummaryPage,
    TouchpointIn,
    TouchpointOut,
)
from fracos.api.schemas import Id, Money, Str20
from fracos.core.access import Actor
from fracos.core.money import parse_amount, round_money

router = Router()


# -- schemas ---------------------------------------------------------------------------------


class RateQuery(Schema):
    salary: Str20 = Field(description="Full-time-equivalent annual salary of the role.")
    premium: Str20 | None = Field(None, description="Premium over the day cost, e.g. 50 or 50%.")
    days: int | None = Field(None, description="Working days a year (default: the playbook's).")
    currency: Str20 | None = Field(None, description="ISO 4217 code (default: the practice's).")
    days_per_week: Str20 | None = Field(None, description="Committed days a week.")


class RateOut(Schema):
    currency: str
    salary: Money
    working_days: int
    premium_pct: str
    hours_per_day: str
    day_rate: Money
    day_rate_low: Money
    day_rate_high: Money
    premium_low_pct: int
    premium_high_pct: int
    hourly_rate: Money
    retainer_days_min: int
    retainer_days_max: int
    retainer_low: Money
    retainer_high: Money
    days_per_week: str | None
    committed_monthly: Money | None
    committed_annual: Money | None
    full_time_overhead_pct: int
    full_time_cost: Money
    client_saving: Money | None = Field(description="A year, against a full-time hire.")
    client_saving_pct: str | None


class OfferQuery(Schema):
    salary: Str20 = Field(description="The offer's annual base salary.")
    bonus: Str20 = Field("0", description="Annual bonus (expected).")
    benefits: Str20 = Field("0", description="Annual value of benefits.")


class OfferPartsOut(Schema):
    salary: Money
    bonus: Money
    benefits: Money
    total: Money


class ComparisonOut(Schema):
    what: str
    start: str | None = Field(description="First day of the period (ISO date).")
    end: str | None = Field(description="Last day of the period (ISO date).")
    amount: Money
    offer_minus_this: Money


class ClientIncomeOut(Schema):
    client: str
    amount: Money


class OfferCompareOut(Schema):
    currency: str
    offer: OfferPartsOut
    comparison: list[ComparisonOut]
    by_client_next_12_months: list[ClientIncomeOut]
    other_currencies_left_out: list[str]


# -- endpoints -------------------------------------------------------------------------------

RATE_MONEY = (
    "salary",
    "day_rate",
    "day_rate_low",
    "day_rate_high",
    "hourly_rate",
    "retainer_low",
    "retainer_high",
    "committed_monthly",
    "committed_annual",
    "full_time_cost",
    "client_saving",
)


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": str(round_money(amount, currency)), "currency": currency}


@router.get("/rate", response={200: RateOut, **ERRORS}, tags=["playbook"])
def rate(request: HttpRequest, query: Query[RateQuery]) -> Any:
    """Price a role from its full-time salary: day rate, range, retainers, hourly, saving."""
    from fracos.core.pricing import parse_percent, quote
    from fracos.practice.selectors import practice_for

    actor = actor_of(request)
    actor.require_staff()
    practice = practice_for(actor)
    q = quote(
        salary=parse_amount(query.salary, field="salary"),
        rules=practice.rules,
        currency=query.currency or practice.currency,
        premium_pct=parse_percent(query.premium) if query.premium is not None else None,
        working_days=query.days,
        days_per_week=(
            parse_amount(query.days_per_week, field="days_per_week")
            if query.days_per_week
            else None
        ),
    )
    out = q.as_json()
    for key in RATE_MONEY:
        value = getattr(q, key)
        out[key] = None if value is None else _money(value, q.currency)
    return out


@router.get("/offer-compare", response={200: OfferCompareOut, **ERRORS}, tags=["playbook"])
def offer_compare(request: HttpRequest, query: Query[OfferQuery]) -> Any:
    """A full-time offer beside the trailing and next 12 months, contracted, invoiced, forecast."""
    from fracos.insights.offer import offer_compare as compare
    from fracos.insights.offer import offer_parts

    actor = actor_of(request)
    actor.require_staff()
    parts = offer_parts({"salary": query.salary, "bonus": query.bonus, "benefits": query.benefits})
    found = compare(actor, parts)
    currency, offer = found.currency, found.offer
    return {
        "currency": currency,
        "offer": {k: _money(v, currency) for k, v in parts.items()}
        | {"total": _money(offer, currency)},
        "comparison": [
            {
                "what": row.what,
                "start": row.start.isoformat() if row.start else None,
                "end": row.last_day.isoformat() if row.last_day else None,
                "amount": _money(row.amount, currency),
                "offer_minus_this": _money(offer - row.amount, currency),
            }
            for row in found.rows
        ],
        "by_client_next_12_months": [
            {"client": client, "amount": _money(amount, currency)}
            for client, amount in found.by_client_next_12_months.items()
        ],
        "other_currencies_left_out": found.other_currencies_left_out,
    }


# -- cadence ---------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    actor.require_staff()
    return actor


@router.get("/cadence", response={200: list[CadenceItemOut], **ERRORS}, tags=["cadence"])
def cadence(request: HttpRequest, query: Query[CadenceQuery]) -> Any:
    """Each running engagement's check-in, summary, review and renewal item, most urgent first."""
    from fracos.cadence.schedule import LABELS
    from fracos.cadence.selectors import cadence_due

    items = cadence_due(_staff(request), engagement_id=query.engagement_id)
    return [
        i.as_json() | {"what": LABELS[i.kind]}
        for i in items
        if query.state is None or i.state == query.state
    ]


def _touchpoint(point: Any) -> dict[str, Any]:
    return {
        "id": point.pk,
        "engagement_id": point.engagement_id,
        "kind": point.kind,
        "held_on": point.held_on,
        "notes": point.notes,
    }


@router.post("/checkins", response={201: TouchpointOut, **ERRORS}, tags=["cadence"])
def checkin_create(request: HttpRequest, payload: TouchpointIn) -> Any:
    """Record a check-in and what was decided (notes required), like `fracos checkin`."""
    from fracos.cadence.services import checkin_record

    point = checkin_record(
        _staff(request),
        engagement_id=payload.engagement_id,
        notes=payload.notes,
        held_on=payload.held_on,
    )
    return Status(201, _touchpoint(point))


@router.post("/reviews", response={201: ReviewOut, **ERRORS}, tags=["cadence"])
def review_create(request: HttpRequest, payload: TouchpointIn) -> Any:
    """Record a quarterly review; its body gathers the period's summaries and outcomes."""
    from fracos.cadence.services import review_record

    point = review_record(
        _staff(request),
        engagement_id=payload.engagement_id,
        notes=payload.notes,
        held_on=payload.held_on,
    )
    return Status(201, _touchpoint(point) | {"body": point.body})


# -- monthly summaries -----------------------------------------------------------------------


def _summary(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "engagement_id": s.engagement_id,
        "client": s.engagement.client.name,
        "period_start": s.period_start,
        "period_end": s.period_end,
        "title": s.title,
        "status": s.status,
        "sent_at": s.sent_at,
    }


def _summary_detail(s: Any) -> dict[str, Any]:
    return _summary(s) | {"body": s.body}


@router.get("/summaries", response={200: SummaryPage, **ERRORS}, tags=["cadence"])
def summary_list(request: HttpRequest, filters: Query[SummaryFilters]) -> Any:
    """Progress summaries, newest period first."""
    from fracos.cadence.selectors import SUMMARY_ORDER, summary_page

    found = summary_page(
        _staff(request),
        engagement_id=filters.engagement_id,
        after=filters.after(SUMMARY_ORDER),
        limit=filters.limit + 1,
    )
    return page(found, filters, SUMMARY_ORDER, _summary)


@router.post("/summaries", response={201: SummaryDetailOut, **ERRORS}, tags=["cadence"])
def summary_create(request: HttpRequest, payload: SummaryIn) -> Any:
    """Draft the summary of the period beginning with `month` from the logged work and notes."""
    from fracos.cadence.selectors import today_for
    from fracos.cadence.services import summary_draft
    from fracos.core import clock

    actor = _staff(request)
    month = clock.parse_period(payload.month, today_for(actor))
    summary = summary_draft(actor, engagement_id=payload.engagement_id, month=month)
    return Status(201, _summary_detail(summary))


@router.get("/summaries/{summary_id}", response={200: SummaryDetailOut, **ERRORS}, tags=["cadence"])
def summary_show(request: HttpRequest, summary_id: Id) -> Any:
    """One summary with its Markdown."""
    from fracos.cadence.selectors import summary_get

    return _summary_detail(summary_get(_staff(request), summary_id))


@router.patch(
    "/summaries/{summary_id}", response={200: SummaryDetailOut, **ERRORS}, tags=["cadence"]
)
def summary_update(request: HttpRequest, summary_id: Id, payload: SummaryEditIn) -> Any:
    """Replace a draft's Markdown (its first line becomes the title); a sent one: 409."""
    from fracos.cadence.services import summary_edit

    return _summary_detail(summary_edit(_staff(request), summary_id, body=payload.body))


@router.post(
    "/summaries/{summary_id}/send", response={200: SummaryDetailOut, **ERRORS}, tags=["cadence"]
)
def summary_send(request: HttpRequest, summary_id: Id) -> Any:
    """Mark a draft sent: the client's portal shows it and it no longer changes; twice: 409."""
    from fracos.cadence.services import summary_send as send

    return _summary_detail(send(_staff(request), summary_id))


# -- the weekly plan -------------------------------------------------------------------------


def _plan(actor: Actor) -> dict[str, Any]:
    from fracos.cadence.selectors import today_for
    from fracos.engagements.plan import overview
    from fracos.engagements.selectors import week_plan
    from fracos.practice.selectors import practice_for

    bookings = [b for _, b in week_plan(actor, today_for(actor))]
    return overview(bookings, practice_for(actor).rules)


@router.get("/plan", response={200: PlanOut, **ERRORS}, tags=["plan"])
def plan_show(request: HttpRequest) -> Any:
    """The weekly plan: who holds each weekday or half-day, the load against capacity."""
    return _plan(_staff(request))


@router.put("/plan/slots", response={200: PlanOut, **ERRORS}, tags=["plan"])
def plan_slot_put(request: HttpRequest, payload: PlanSlotIn) -> Any:
    """Give one slot to an engagement (its other slots stay), or clear it (`engagement_id` null).

    A slot another engagement holds, or a week beyond capacity: 409 with the plan's message.
    """
    from fracos.cadence.selectors import today_for
    from fracos.engagements.plan import Slot, with_slot, without
    from fracos.engagements.selectors import week_plan
    from fracos.engagements.services import plan_clear, plan_set

    actor = _staff(request)
    actor.require_write()
    slot = Slot(payload.weekday, payload.part)
    warnings: list[str] = []
    # Clearing a full day can touch two engagements (one per half): both or neither.
    with transaction.atomic():
        booked = week_plan(actor, today_for(actor))
        if payload.engagement_id is None:
            for engagement, booking in booked:
                if any(s.clashes(slot) for s in booking.slots):
                    rest = without(booking.slots, slot)
                    if rest:
                        warnings = plan_set(actor, engagement_id=engagement.pk, slots=rest)
                    else:
                        plan_clear(actor, engagement_id=engagement.pk)
        else:
            mine = next((b.slots for e, b in booked if e.pk == payload.engagement_id), ())
            warnings = plan_set(
                actor, engagement_id=payload.engagement_id, slots=with_slot(mine, slot)
            )
    shown = _plan(actor)
    shown["warnings"] = sorted(set(shown["warnings"]) | set(warnings))
    return shown
