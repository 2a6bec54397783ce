"""Shapes of the pipeline in the API: positioning, proof, the warm network, opportunities."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from fracos.api.schemas import (
    Amount,
    EngagementOut,
    Id,
    Money,
    Str200,
    Str2000,
    Weekday,
    _text,
)

Str5000 = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_text)]

NEXT = "Pass as `cursor` for the next page; null at the end."
StageName = Literal[
    "identified",
    "contacted",
    "conversation",
    "pilot_proposed",
    "pilot_running",
    "retainer_proposed",
    "won",
    "lost",
]
WarmthName = Literal["cold", "warm", "hot"]


class FindingOut(Schema):
    rule: str
    ok: bool
    message: str
    advice: str


class PositioningOut(Schema):
    id: int
    who: str
    what: str
    different: str
    outcome: str
    created_at: datetime


class PositioningPage(Schema):
    items: list[PositioningOut]
    next_cursor: str | None = Field(description=NEXT)


class PositioningIn(Schema):
    who: Str2000 = Field(description="Who you serve: size, stage, industry, situation.")
    what: Str2000
    different: Str2000
    outcome: Str2000


class PositioningCheck(Schema):
    positioning_id: int
    passed: int
    rules: int
    findings: list[FindingOut]


class StoryOut(Schema):
    id: int
    title: str
    situation: str
    actions: str
    result: str
    client_tags: list[str]
    problem_tags: list[str]
    measurable: bool
    used_in: list[int] = Field(description="Opportunities whose proposals use this story.")
    created_at: datetime


class StoryPage(Schema):
    items: list[StoryOut]
    next_cursor: str | None = Field(description=NEXT)


class StoryPatch(Schema):
    title: Str200 | None = None
    situation: Str5000 | None = None
    actions: Str5000 | None = None
    result: Str2000 | None = None
    client_tags: Annotated[list[Str200], Field(max_length=20)] | None = None
    problem_tags: Annotated[list[Str200], Field(max_length=20)] | None = None


class StoryIn(StoryPatch):
    title: Str200
    situation: Str5000
    actions: Str5000
    result: Str2000


class StoryFinding(Schema):
    story_id: int
    title: str
    finding: FindingOut


class StoryCheck(Schema):
    stories: int
    measurable: int
    findings: list[StoryFinding]


class OutreachOut(Schema):
    id: int
    on: date
    channel: str
    summary: str
    next_step: str
    next_step_on: date | None


class NetworkContactOut(Schema):
    id: int
    name: str
    organisation: str
    role: str
    email: str
    how_known: str
    warmth: WarmthName
    fits_profile: bool
    top: bool
    connected_on: date | None
    created_at: datetime


class NetworkContactDetail(NetworkContactOut):
    outreach: list[OutreachOut]


class NetworkContactPage(Schema):
    items: list[NetworkContactOut]
    next_cursor: str | None = Field(description=NEXT)


class NetworkContactPatch(Schema):
    name: Str200 | None = None
    organisation: Str200 | None = None
    role: Str200 | None = None
    email: Str200 | None = None
    how_known: Str200 | None = None
    warmth: WarmthName | None = None
    fits_profile: bool | None = None
    top: bool | None = Field(None, description="On the top list (at most the playbook's 20).")
    connected_on: date | None = None


class NetworkContactIn(NetworkContactPatch):
    name: Str200
    warmth: WarmthName = "warm"


class OutreachIn(Schema):
    summary: Str5000
    channel: Literal["email", "call", "meeting", "linkedin", "event", "other"] = "email"
    on: date | None = Field(None, description="Day of the conversation (default: today).")
    next_step: Str200 = ""
    next_step_on: date | None = None


class OpportunityOut(Schema):
    id: int
    title: str
    organisation: str
    stage: StageName
    contact_id: int | None
    client_id: int | None
    monthly_value: Money
    probability: int = Field(description="Percent: its own, or the stage's from the playbook.")
    weighted_value: Money
    expected_start: date | None
    next_step: str
    next_step_on: date | None
    lost_reason: str
    pilot_engagement_id: int | None
    engagement_id: int | None
    story_ids: list[int]
    created_at: datetime
    closed_on: date | None


class OpportunityPage(Schema):
    items: list[OpportunityOut]
    next_cursor: str | None = Field(description=NEXT)


Percent = Annotated[int, Field(ge=0, le=100)]


class BoardStageOut(Schema):
    stage: StageName
    label: str
    count: int
    weighted: list[Money] = Field(
        description="Weighted monthly value per currency (never summed across currencies)."
    )
    opportunity_ids: list[int] = Field(description="Expected start first, as the board shows.")


class BoardOut(Schema):
    stages: list[BoardStageOut]
    open_weighted: list[Money] = Field(
        description="The open stages' weighted monthly value per currency (won and lost left out)."
    )


class OpportunityPatch(Schema):
    title: Str200 | None = None
    organisation: Str200 | None = None
    contact_id: Id | None = None
    monthly_value: Amount | None = None
    probability: Percent | None = None
    expected_start: date | None = None
    next_step: Str200 | None = None
    next_step_on: date | None = None


class OpportunityIn(Schema):
    title: Str200
    organisation: Str200 = ""
    contact_id: Id | None = None
    client_id: Id | None = None
    monthly_value: Amount = "0"
    currency: Annotated[str, Field(pattern="^[A-Z]{3}$")] | None = None
    stage: Literal[
        "identified", "contacted", "conversation", "pilot_proposed", "retainer_proposed"
    ] = "identified"
    probability: Percent | None = None
    expected_start: date | None = None
    next_step: Str200 = ""
    next_step_on: date | None = None


class StageIn(Schema):
    stage: StageName
    reason: Str200 = Field("", description="Why it was lost (required for lost).")
    monthly_value: Amount | None = Field(None, description="Required to win if not set yet.")


class PilotIn(Schema):
    opportunity_id: Id
    fee: Amount = Field(description="The pilot's fixed fee.")
    weeks: Annotated[int, Field(ge=1, le=52)]
    deliverable: Str200
    start: date | None = None
    role_title: Str200 = ""
    hours_per_week: Amount | None = None
    dedicated_days: Annotated[list[Weekday], Field(max_length=7)] = []


class PilotOut(Schema):
    engagement: EngagementOut
    monthly_equivalent: Money
    discount_pct: str | None = Field(description="Below the eventual retainer, in percent.")
    warnings: list[str]


class PilotConvertIn(Schema):
    fee: Amount = Field(description="The monthly retainer.")
    start: date | None = None
    days_per_week: Amount | None = None
    hours_per_week: Amount | None = None
    dedicated_days: Annotated[list[Weekday], Field(max_length=7)] = []
    role_title: Str200 = ""


class PilotCloseIn(Schema):
    reason: Str200


class PilotStatsOut(Schema):
    pilots: int
    converted: int
    closed: int
    running: int
    conversion_rate_pct: str | None
    average_days_to_convert: str | None


ActivityKindName = Literal["post", "article", "talk", "panel", "podcast", "newsletter"]


class ActivityOut(Schema):
    id: int
    kind: ActivityKindName
    title: str
    on: date
    url: str


class ActivityPage(Schema):
    items: list[ActivityOut]
    next_cursor: str | None = Field(description=NEXT)


class ActivityIn(Schema):
    kind: ActivityKindName
    title: Str200
    on: date | None = Field(None, description="Default: today.")
    url: Str200 = ""
