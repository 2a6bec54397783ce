"""Practice health, the forecast and retainer hours: read-only, for the practice's own members."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from fracos.api.auth import actor_of
from fracos.api.errors import ERRORS
from fracos.api.schemas import Money, Str20
from fracos.core.money import round_money
from fracos.insights.forecast import MAX_MONTHS

router = Router()


# -- schemas ---------------------------------------------------------------------------------


class CheckOut(Schema):
    key: str
    title: str
    status: str = Field(description="ok, warn or alert.")
    figure: str
    rule: str = Field(description="The rule in one sentence, with the practice's own setting.")
    advice: str
    details: list[str]
    data: dict[str, Any] = Field(description="The check's figures; amounts as strings.")


class HealthOut(Schema):
    status: str = Field(description="The worst status of the checks.")
    checks: list[CheckOut]


class ForecastTotalOut(Schema):
    currency: str
    contracted: Money
    pipeline: Money
    total: Money


class ForecastMonthOut(Schema):
    month: str
    currency: str
    contracted: Money
    pipeline: Money
    total: Money


class ForecastRowOut(Schema):
    month: str
    source: str = Field(description="contracted or pipeline.")
    client: str
    amount: Money
    engagement_id: int | None
    opportunity_id: int | None


class ForecastOut(Schema):
    months: list[str]
    full_time_salary: Money = Field(description="A year; 0 when not set.")
    salary_for_period: Money
    monthly_salary: Money
    pipeline_engagement_months: int
    headline: str
    totals: list[ForecastTotalOut]
    by_month: list[ForecastMonthOut]
    rows: list[ForecastRowOut]


class RolledOut(Schema):
    from_month: str = Field(description="The month the unused hours come from.")
    seconds: int
    expires_after: str = Field(description="The last month they may be used in.")


class RetainerOut(Schema):
    engagement_id: int
    client: str
    role: str
    month: str
    policy: str = Field(description="none, bill, rollover or carry.")
    included_seconds: int
    rolled_in_seconds: int
    carried_in_seconds: int
    allowance_seconds: int
    used_seconds: int
    remaining_seconds: int
    over_seconds: int
    percent: int | None
    level: str = Field(description="ok, warn or alert.")
    rolled: list[RolledOut]
    billable_hours: str
    overage_rate: Money
    billable_amount: Money


class ForecastQuery(Schema):
    months: int = Field(12, ge=1, le=MAX_MONTHS, description="How many months from this one.")


class RetainerQuery(Schema):
    period: Str20 | None = Field(None, description="YYYY-MM, month or last-month.")


# -- endpoints -------------------------------------------------------------------------------


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": str(round_money(amount, currency)), "currency": currency}


@router.get("/health", response={200: HealthOut, **ERRORS}, tags=["insights"])
def health(request: HttpRequest) -> Any:
    """Every practice health check: status, figure, the rule in one sentence, what to do."""
    from fracos.insights.health import overall, practice_health

    checks = practice_health(actor_of(request))
    return {"status": overall(checks), "checks": [c.as_json() for c in checks]}


@router.get("/forecast", response={200: ForecastOut, **ERRORS}, tags=["insights"])
def forecast(request: HttpRequest, query: Query[ForecastQuery]) -> Any:
    """Contracted income plus the weighted pipeline per month, per currency, against a salary."""
    from fracos.insights.forecast import forecast as build

    f = build(actor_of(request), months=query.months)
    c = f.currency
    return {
        "months": [m.label for m in f.months],
        "full_time_salary": _money(f.salary, c),
        "salary_for_period": _money(f.salary_for_period, c),
        "monthly_salary": _money(f.monthly_salary, c),
        "pipeline_engagement_months": f.pipeline_months,
        "headline": f.headline,
        "totals": [
            {
                "currency": cur,
                "contracted": _money(f.total(cur, "contracted"), cur),
                "pipeline": _money(f.total(cur, "pipeline"), cur),
                "total": _money(f.total(cur), cur),
            }
            for cur in f.currencies()
        ],
        "by_month": [
            {
                "month": row["month"],
                "currency": cur,
                **{k: _money(row[k], cur) for k in ("contracted", "pipeline", "total")},
            }
            for cur in f.currencies()
            for row in f.by_month(cur)
        ],
        "rows": [
            {
                "month": r.month,
                "source": r.source,
                "client": r.client,
                "amount": _money(r.amount, r.currency),
                "engagement_id": r.engagement_id,
                "opportunity_id": r.opportunity_id,
            }
            for r in f.rows
        ],
    }


@router.get("/retainers", response={200: list[RetainerOut], **ERRORS}, tags=["insights"])
def retainers(request: HttpRequest, query: Query[RetainerQuery]) -> Any:
    """Each retainer's hours for a month under its overage policy (what billing bills)."""
    from fracos.timesheets.retainer import retainer_report

    _month, found = retainer_report(actor_of(request), query.period)
    return [
        {
            **{k: v for k, v in m.as_json().items() if k.endswith("_seconds")},
            "engagement_id": m.engagement_id,
            "client": m.client,
            "role": m.role,
            "month": m.month.label,
            "policy": m.policy,
            "percent": m.percent,
            "level": m.level,
            "rolled": [
                {"from_month": r.month, "seconds": r.seconds, "expires_after": r.expires_after}
                for r in m.rolled
            ],
            "billable_hours": str(m.billable_hours),
            "overage_rate": _money(m.overage_rate, m.currency),
            "billable_amount": _money(m.billable_amount, m.currency),
        }
        for m in found
    ]
