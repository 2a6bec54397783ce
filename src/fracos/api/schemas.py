"""Pydantic shapes of the API: amounts are decimal strings with a currency, times carry offsets."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

# The largest id a database column holds; bigger numbers are refused before any query.
MAX_ID = 2**63 - 1


def _text(value: str) -> str:
    # NUL and lone surrogates cannot be stored in PostgreSQL or encoded for SQLite.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text") from None
    return value


def check_range(
    first: date | None, last: date | None, *, first_name: str = "from", last_name: str = "to"
) -> None:
    """A list's date range that ends before it starts is a mistake to name, not an empty page."""
    if first is not None and last is not None and last < first:
        from fracos.core.errors import ValidationFailed

        raise ValidationFailed(
            f"{last_name}: {last} is before {first_name} ({first})", field=last_name
        )


Str2 = Annotated[str, StringConstraints(max_length=2), AfterValidator(_text)]
Str3 = Annotated[str, StringConstraints(max_length=3), AfterValidator(_text)]
Str20 = Annotated[str, StringConstraints(max_length=20), AfterValidator(_text)]
Str40 = Annotated[str, StringConstraints(max_length=40), AfterValidator(_text)]
Str60 = Annotated[str, StringConstraints(max_length=60), AfterValidator(_text)]
Str100 = Annotated[str, StringConstraints(max_length=100), AfterValidator(_text)]
Str200 = Annotated[str, StringConstraints(max_length=200), AfterValidator(_text)]
Str2000 = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_text)]
Str10000 = Annotated[str, StringConstraints(max_length=10000), AfterValidator(_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Amount = Annotated[
    str,
    StringConstraints(max_length=30),
    AfterValidator(_text),
    Field(description='A decimal amount as a string, e.g. "8000.00".'),
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Kind = Literal["client", "bd", "admin"]
PricingModelName = Literal["retainer", "day_rate", "project", "equity", "pilot"]


class Money(Schema):
    amount: str = Field(description='Decimal string in the currency\'s minor unit, e.g. "8000.00".')
    currency: str


# -- practice -------------------------------------------------------------------------------


class LogoOut(Schema):
    media_type: str
    size: int


class PracticeOut(Schema):
    id: int
    slug: str
    name: str
    legal_name: str
    currency: str
    timezone: str
    locale: str
    country: str
    vat_number: str
    email: str
    logo: LogoOut | None = None  # the logo invoices are issued with now


# -- clients --------------------------------------------------------------------------------


class ClientOut(Schema):
    id: int
    name: str
    legal_name: str
    status: str
    country: str
    currency: str
    vat_number: str
    enterprise_number: str
    peppol_id: str
    street: str
    postcode: str
    city: str
    billing_email: str
    payment_terms_days: int | None
    size: str
    stage: str
    industry: str
    notes: str
    created_at: datetime


class ClientPatch(Schema):
    name: Str200 | None = None
    legal_name: Str200 | None = None
    country: Str2 | None = None
    currency: Str3 | None = None
    vat_number: Str20 | None = None
    enterprise_number: Str20 | None = None
    peppol_id: Str60 | None = None
    street: Str200 | None = None
    postcode: Str20 | None = None
    city: Str100 | None = None
    billing_email: Str200 | None = None
    payment_terms_days: Annotated[int, Field(ge=0, le=365)] | None = None
    size: Literal["", "1-10", "11-50", "51-200", "201-1000", "1000+"] | None = None
    stage: (
        Literal["", "pre-seed", "seed", "series-a", "series-b", "scaleup", "sme", "corporate"]
        | None
    ) = None
    industry: Str100 | None = None
    notes: Str10000 | None = None


class ClientIn(ClientPatch):
    name: Str200


class ContactOut(Schema):
    id: int
    client_id: int
    name: str
    email: str
    phone: str
    role: str
    is_billing: bool


class ContactIn(Schema):
    name: Str200
    email: Str200 = ""
    phone: Str40 = ""
    role: Str100 = ""
    is_billing: bool = False


# -- engagements ----------------------------------------------------------------------------


class EngagementOut(Schema):
    id: int
    client_id: int
    client: str
    role_title: str
    pricing_model: str
    status: str
    fee: Money
    day_rate: Money
    overage_rate: Money
    hours_per_week: str | None
    days_per_week: str | None
    dedicated_days: list[str]
    start_date: date
    end_date: date | None
    notice_days: int
    billing_timing: str
    overage_policy: str
    pilot_weeks: int | None
    ended_reason: str
    notes: str


class EngagementPatch(Schema):
    role_title: Str100 | None = None
    fee: Amount | None = None
    day_rate: Amount | None = None
    overage_rate: Amount | None = None
    hours_per_week: Amount | None = None
    days_per_week: Amount | None = None
    dedicated_days: Annotated[list[Weekday], Field(max_length=7)] | None = None
    start_date: date | None = None
    end_date: date | None = None
    notice_days: Annotated[int, Field(ge=0, le=365)] | None = None
    billing_timing: Literal["advance", "arrears"] | None = None
    overage_policy: Literal["none", "bill", "rollover", "carry"] | None = None
    pilot_weeks: Annotated[int, Field(ge=1, le=52)] | None = None
    pilot_deliverable: Str200 | None = None
    equity_percent: Amount | None = None
    notes: Str10000 | None = None


class EngagementIn(EngagementPatch):
    client_id: Id
    pricing_model: PricingModelName
    role_title: Str100
    currency: Str3 | None = None


class EngagementEnd(Schema):
    on: date | None = None
    reason: Str200 = ""


# -- time -----------------------------------------------------------------------------------


class TimeEntryOut(BaseModel):
    """Plain pydantic rather than ninja's Schema: a page validates a hundred of these from
    dicts, and Schema's per-attribute wrapper cost more than the query that fetched them."""

    id: int
    member_id: int
    date: dt.date
    seconds: int
    kind: str
    client_id: int | None
    client: str | None
    engagement_id: int | None
    note: str
    tags: list[str]
    billable: bool
    source: str
    started_at: datetime | None
    created_at: datetime


class TimeEntryIn(Schema):
    seconds: Annotated[int, Field(ge=1, le=24 * 3600)] | None = None
    duration: Str20 | None = Field(
        None, description="Instead of seconds: 2h30m, 2.5h, 90m or 1:30."
    )
    kind: Kind = "client"
    client: Str200 | None = Field(None, description="Client name or unique prefix (client work).")
    engagement_id: Id | None = None
    date: dt.date | None = None
    note: Str2000 = ""
    tags: Annotated[list[Str40], Field(max_length=10)] = []
    billable: bool | None = None


class TimeEntryPage(BaseModel):
    items: list[TimeEntryOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class ClientPage(Schema):
    items: list[ClientOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class ContactPage(Schema):
    items: list[ContactOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class EngagementPage(Schema):
    items: list[EngagementOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class TimerOut(Schema):
    running: bool
    started_at: datetime | None = None
    elapsed_seconds: int | None = None
    kind: str | None = None
    engagement_id: int | None = None
    client: str | None = None
    note: str | None = None


class TimerStart(Schema):
    kind: Kind = "client"
    client: Str200 | None = None
    engagement_id: Id | None = None
    note: Str2000 = ""


class TimerStop(Schema):
    note: Str2000 | None = None
    discard: bool = False


class TimerStopped(Schema):
    entry: TimeEntryOut | None


# -- reports --------------------------------------------------------------------------------


class PeriodOut(Schema):
    start: date
    end: date


class ReportOut(Schema):
    period: PeriodOut
    by: str
    rows: list[dict[str, Any]]
    total_seconds: int


class WeekLineOut(Schema):
    engagement_id: int
    client: str
    role: str
    dedicated_days: list[str]
    plan_slots: list[str]
    committed_seconds: int
    logged_seconds: int
    by_day: dict[str, int]


class WeekOut(Schema):
    week: str
    start: date
    end: date
    plan: dict[str, list[str]]
    engagements: list[WeekLineOut]
    internal: dict[str, dict[str, int]]
    total_seconds: int
