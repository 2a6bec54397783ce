"""Shapes of proposals, scope documents and the 90-day launch plan in the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from fracos.api.pipeline_schemas import Str5000
from fracos.api.schemas import Amount, Id, Money, PricingModelName, Str200, Str2000

NEXT = "Pass as `cursor` for the next page; null at the end."


class ProposalOptionIn(Schema):
    pricing_model: PricingModelName
    fee: Amount = Field(
        description="Per month (retainer, equity), per day (day_rate), or the whole "
        "fee (project, pilot)."
    )
    label: Str200 = Field("", description="Shown in the proposal; a default per model if empty.")
    weeks: Annotated[int, Field(ge=1, le=52)] | None = Field(None, description="Pilot length.")
    deliverable: Str200 = Field("", description="A pilot's one deliverable.")
    equity: Amount | None = Field(None, description="Equity in percent (equity model).")


class ProposalIn(Schema):
    options: Annotated[list[ProposalOptionIn], Field(min_length=1, max_length=10)]
    title: Str200 = Field("", description="Default: the opportunity's title and organisation.")
    hours_per_week: Amount | None = None
    days_per_week: Amount | None = None
    responsibilities: Str5000 = ""
    exclusions: Str5000 = ""
    change_policy: Str5000 = Field("", description="What happens when the scope expands.")
    ending_terms: Str5000 = Field("", description="How the engagement ends.")
    terms: Str5000 = Field("", description="Payment and other terms.")
    story_ids: Annotated[list[Id], Field(max_length=20)] = Field(
        [], description="Proof stories to include (they are attached to the opportunity)."
    )


class ProposalOptionOut(Schema):
    number: int = Field(description="Pass as `option` to accept it.")
    label: str
    pricing_model: str
    fee: Money
    price: str = Field(description="As the proposal words it, e.g. '8000.00 EUR a month'.")
    weeks: int | None
    deliverable: str
    equity: str | None


class ProposalOut(Schema):
    id: int
    opportunity_id: int
    title: str
    status: str = Field(description="draft, sent or accepted.")
    options: list[ProposalOptionOut]
    hours_per_week: str | None
    days_per_week: str | None
    responsibilities: str
    exclusions: str
    change_policy: str
    ending_terms: str
    terms: str
    story_ids: list[int]
    accepted_option: int | None
    engagement_id: int | None
    created_at: datetime


class ProposalPage(Schema):
    items: list[ProposalOut]
    next_cursor: str | None = Field(description=NEXT)


class AcceptIn(Schema):
    option: Annotated[int, Field(ge=1, le=10)] = Field(1, description="The option's number.")
    start: date | None = Field(None, description="The engagement's first day (default today).")


class LaunchItemOut(Schema):
    key: str = Field(description="Pass to …/items/{key}/tick.")
    month: int
    title: str
    due: date
    done: bool
    by_hand: bool = Field(description="Ticked by hand.")
    auto: bool = Field(description="Ticks itself from the practice's data.")
    how: str = Field(description="How it ticks itself, or that it is ticked by hand.")


class LaunchOut(Schema):
    start_date: date
    ends_on: date = Field(description="90 days after the start.")
    done: int
    total: int
    percent: int
    items: list[LaunchItemOut]


class LaunchIn(Schema):
    start: date | None = Field(None, description="The plan's first day (default today).")


class FeedbackIn(Schema):
    client_id: Id
    what_they_get: Str5000 = Field(description="What they get from the engagement.")
    wish_different: Str5000 = Field(description="What they wish were different.")
    would_recommend: Str2000 = Field(description="Would they recommend you, and why.")


class FeedbackOut(Schema):
    id: int
    client_id: int
    what_they_get: str
    wish_different: str
    would_recommend: str
    on: date
