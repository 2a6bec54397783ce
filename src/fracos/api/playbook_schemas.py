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
