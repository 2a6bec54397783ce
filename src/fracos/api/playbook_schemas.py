"""Shapes of the cadence endpoints: due items, check-ins and reviews, monthly summaries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from fracos.api.paging import NEXT_CURSOR, PageQuery
from fracos.api.schemas import Id, Str10000, _text

# Longer than the service's own limit, so an over-long body gets the service's message.
SummaryBody = Annotated[str, StringConstraints(max_length=200_000), AfterValidator(_text)]
Month = Annotated[
    str,
    StringConstraints(pattern=r"^[12]\d{3}-(0[1-9]|1[0-2])$"),
    Field(description="YYYY-MM: the first month of the summary period."),
]


class CadenceQuery(Schema):
    engagement_id: Id | None = Field(None, description="Only this engagement's items.")
    state: Literal["overdue", "due", "done"] | None = Field(None, description="Only this state.")


class CadenceItemOut(Schema):
    kind: str = Field(description="checkin, summary, review or renewal.")
    what: str
    engagement_id: int
    client: str
    role: str
    due_on: date
    state: str = Field(description="overdue, due or done (not due yet).")
    last_on: date | None
    rule: str
    detail: str


class TouchpointIn(Schema):
    engagement_id: Id
    notes: Str10000 = ""
    held_on: date | None = Field(None, description="Default: today; never in the future.")


class TouchpointOut(Schema):
    id: int
    engagement_id: int
    kind: str
    held_on: date
    notes: str


class ReviewOut(TouchpointOut):
    body: str = Field(description="The period's sent summaries and outcomes, as Markdown.")


class SummaryFilters(PageQuery):
    engagement_id: Id | None = None


class SummaryIn(Schema):
    engagement_id: Id
    month: Month


class SummaryEditIn(Schema):
    body: SummaryBody


class SummaryOut(Schema):
    id: int
    engagement_id: int
    client: str
    period_start: date
    period_end: date = Field(description="The day after the period, as in the CLI.")
    title: str
    status: str = Field(description="draft or sent.")
    sent_at: datetime | None


class SummaryDetailOut(SummaryOut):
    body: str = Field(description="Markdown.")


class SummaryPage(Schema):
    items: list[SummaryOut]
    next_cursor: str | None = NEXT_CURSOR


class PlanSlotOut(Schema):
    weekday: str
    part: str = Field(description="full, am or pm.")
    client: str
    engagement_id: int


class PlanEngagementOut(Schema):
    engagement_id: int
    client: str
    days: str = Field(description="Its slots, e.g. mon,tue,wed-am.")
    planned_hours: str
    committed_hours: str


class PlanOut(Schema):
    capacity_hours: str
    hours_per_day: str
    slots: list[PlanSlotOut]
    engagements: list[PlanEngagementOut]
    load_hours: str = Field(description="Per engagement the larger of planned and committed.")
    free: list[str] = Field(description="The Monday–Friday halves no engagement holds.")
    warnings: list[str]


class PlanSlotIn(Schema):
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    part: Literal["full", "am", "pm"] = "full"
    engagement_id: Id | None = Field(None, description="Who gets the slot; null clears it.")
