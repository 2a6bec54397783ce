"""Time entries, the timer, reports and the week: the ledger's rules through services."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from fracos.api import serialize
from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.paging import PageQuery, page
from fracos.api.schemas import (
    Id,
    ReportOut,
    Str40,
    TimeEntryIn,
    TimeEntryOut,
    TimeEntryPage,
    TimerOut,
    TimerStart,
    TimerStop,
    TimerStopped,
    WeekOut,
    check_range,
)
from fracos.core import clock
from fracos.core.durations import parse_duration
from fracos.core.errors import ValidationFailed
from fracos.practice.selectors import practice_for
from fracos.timesheets import selectors as time_selectors
from fracos.timesheets import services as time_services
from fracos.timesheets.ledger import REPORT_GROUPS

router = Router()


# -- entries --------------------------------------------------------------------------------


class EntryFilters(PageQuery):
    from_: date | None = Field(None, alias="from", description="First work date, inclusive.")
    to: date | None = Field(None, description="Last work date, inclusive.")
    client: Id | None = None
    engagement: Id | None = None


@router.get("/time-entries", response={200: TimeEntryPage, **ERRORS}, tags=["time"])
def entry_list(request: HttpRequest, filters: Query[EntryFilters]) -> Any:
    """Entries in work-date order, a page at a time (follow `next_cursor`)."""
    check_range(filters.from_, filters.to)
    found = time_selectors.entry_rows_page(
        actor_of(request),
        start=filters.from_,
        end=filters.to,
        client_id=filters.client,
        engagement_id=filters.engagement,
        after=filters.after(time_selectors.ENTRY_ORDER),
        limit=filters.limit + 1,
    )
    return serialize.ready_json(
        page(found, filters, time_selectors.ENTRY_ORDER, serialize.entry_row)
    )


@router.post("/time-entries", response={201: TimeEntryOut, **ERRORS}, tags=["time"])
def entry_create(request: HttpRequest, payload: TimeEntryIn) -> Any:
    """Log time through the ledger: the same rules as `fracos log`."""
    actor = actor_of(request)
    if payload.seconds is None and payload.duration is None:
        raise ValidationFailed("seconds: give seconds or a duration", field="seconds")
    if payload.seconds is not None and payload.duration is not None:
        raise ValidationFailed("seconds: give seconds or a duration, not both", field="seconds")
    seconds = payload.seconds or parse_duration(payload.duration or "")
    if seconds > 24 * 3600:
        raise ValidationFailed("duration: more than a day", field="duration")
    entry = time_services.time_log(
        actor,
        seconds=seconds,
        kind=payload.kind,
        client=payload.client,
        engagement_id=payload.engagement_id,
        work_date=payload.date,
        note=payload.note,
        billable=payload.billable,
        tags=",".join(t.strip() for t in payload.tags if t.strip()),
        source="api",
    )
    return Status(201, serialize.entry(time_selectors.entry_get(actor, entry.id)))


@router.get("/time-entries/{entry_id}", response={200: TimeEntryOut, **ERRORS}, tags=["time"])
def entry_read(request: HttpRequest, entry_id: Path[Id]) -> Any:
    """One entry, as the list shows it."""
    return serialize.entry(time_selectors.entry_get(actor_of(request), entry_id))


@router.delete("/time-entries/{entry_id}", response={204: None, **ERRORS}, tags=["time"])
def entry_delete(request: HttpRequest, entry_id: Path[Id]) -> Any:
    time_services.time_entry_delete(actor_of(request), entry_id)
    return Status(204, None)


# -- timer ----------------------------------------------------------------------------------


@router.get("/timer", response={200: TimerOut, **ERRORS}, tags=["time"])
def timer_get(request: HttpRequest) -> Any:
    return serialize.timer(time_selectors.timer_status(actor_of(request)))


@router.post("/timer/start", response={201: TimerOut, **ERRORS}, tags=["time"])
def timer_start(request: HttpRequest, payload: TimerStart) -> Any:
    started = time_services.timer_start(
        actor_of(request),
        kind=payload.kind,
        client=payload.client,
        engagement_id=payload.engagement_id,
        note=payload.note,
    )
    return Status(201, serialize.timer(started))


@router.post("/timer/stop", response={200: TimerStopped, **ERRORS}, tags=["time"])
def timer_stop(request: HttpRequest, payload: TimerStop) -> Any:
    actor = actor_of(request)
    entry = time_services.timer_stop(actor, note=payload.note, discard=payload.discard)
    if entry is None:
        return {"entry": None}
    return {"entry": serialize.entry(time_selectors.entry_get(actor, entry.id))}


# -- reports --------------------------------------------------------------------------------


class ReportQuery(Schema):
    period: Str40 = Field(
        "month", description="week|month|quarter|year|all|last-month|YYYY-MM|A..B"
    )
    by: str = Field("client", description="One of: " + ", ".join(REPORT_GROUPS))
    client: Id | None = None


def _period(actor: Any, text: str) -> clock.Period:
    return clock.parse_period(text, clock.today(practice_for(actor).timezone))


@router.get("/reports", response={200: ReportOut, **ERRORS}, tags=["reports"])
def report(request: HttpRequest, query: Query[ReportQuery]) -> Any:
    """The same JSON as `fracos report --format json`."""
    actor = actor_of(request)
    actor.require_staff()
    period = _period(actor, query.period)
    return time_selectors.report(actor, period, by=query.by, client_id=query.client).as_json()


class WeekQuery(Schema):
    date: dt.date | None = Field(None, description="Any day of the week (default: today).")


@router.get("/week", response={200: WeekOut, **ERRORS}, tags=["reports"])
def week(request: HttpRequest, query: Query[WeekQuery]) -> Any:
    """The week by dedicated day: the same JSON as `fracos week --format json`."""
    actor = actor_of(request)
    actor.require_staff()
    day = query.date or clock.today(practice_for(actor).timezone)
    if not clock.week_browsable(day):
        raise ValidationFailed(f"date: {day} is out of range", field="date")
    return time_selectors.week(actor, day).as_json()
