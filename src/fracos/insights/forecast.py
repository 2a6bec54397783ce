"""The next months' income: contracted engagements plus the weighted pipeline, against a salary.

- contracted: ``income.contracted_income`` (end dates and notice respected);
- pipeline: each open opportunity's monthly value × its probability
  (``pipeline.selectors.weighted_value``), from its expected start for
  ``pipeline_engagement_months`` months; an opportunity without an expected
  start, or one whose start has passed, is counted from next month;
- each currency on its own, never converted; the full-time salary
  equivalent (``full_time_salary``, in the practice's currency) is /12 a month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor, round_money
from fracos.insights.income import Terms, contracted_income, schedule

ZERO = Decimal(0)
CONTRACTED, PIPELINE = "contracted", "pipeline"
MAX_MONTHS = 36  # three years: beyond that nothing is contracted and the pipeline is a guess


@dataclass(frozen=True)
class ForecastRow:
    month: str
    source: str  # contracted | pipeline
    client: str
    currency: str
    amount: Decimal
    engagement_id: int | None = None
    opportunity_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "source": self.source,
            "client": self.client,
            "currency": self.currency,
            "amount": str(self.amount),
            "engagement_id": self.engagement_id,
            "opportunity_id": self.opportunity_id,
        }


@dataclass(frozen=True)
class Forecast:
    months: list[clock.Period]
    rows: list[ForecastRow]
    currency: str  # the practice's: the salary's currency
    salary: Decimal  # full_time_salary, a year; 0 when not set
    pipeline_months: int

    def currencies(self) -> list[str]:
        return sorted({r.currency for r in self.rows} | {self.currency})

    def total(self, currency: str, source: str | None = None) -> Decimal:
        zero = from_minor(0, currency)
        return sum(
            (
                r.amount
                for r in self.rows
                if r.currency == currency and (source is None or r.source == source)
            ),
            zero,
        )

    def by_month(self, currency: str) -> list[dict[str, Any]]:
        """Each month's contracted, pipeline and total income in ``currency``."""
        out = []
        zero = from_minor(0, currency)
        for month in self.months:
            contracted = sum(
                (
                    r.amount
                    for r in self.rows
                    if r.month == month.label and r.currency == currency and r.source == CONTRACTED
                ),
                zero,
            )
            pipeline = sum(
                (
                    r.amount
                    for r in self.rows
                    if r.month == month.label and r.currency == currency and r.source == PIPELINE
                ),
                zero,
            )
            out.append(
                {
                    "month": month.label,
                    "contracted": contracted,
                    "pipeline": pipeline,
                    "total": contracted + pipeline,
                }
            )
        return out

    def by_client(self, currency: str) -> dict[tuple[str, str], dict[str, Decimal]]:
        """(client, source) → month label → amount, largest total first."""
        grid: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
        for r in self.rows:
            if r.currency == currency:
                cell = grid[(r.client, r.source)]
                cell[r.month] = cell.get(r.month, ZERO) + r.amount
        return dict(
            sorted(grid.items(), key=lambda kv: (kv[0][1] != CONTRACTED, -sum(kv[1].values())))
        )

    def client_rows(self, currency: str) -> list[dict[str, Any]]:
        """One row per client and source: each month's amount (0 where none) and the total."""
        zero = from_minor(0, currency)
        out = []
        for (client, source), cells in self.by_client(currency).items():
            amounts = [cells.get(m.label, zero) for m in self.months]
            out.append(
                {
                    "client": client,
                    "source": source,
                    "amounts": amounts,
                    "total": sum(amounts, zero),
                }
            )
        return out

    @property
    def salary_for_period(self) -> Decimal:
        return round_money(self.salary * len(self.months) / 12, self.currency)

    @property
    def monthly_salary(self) -> Decimal:
        return round_money(self.salary / 12, self.currency)

    @property
    def headline(self) -> str:
        """The answer to "do I earn more than a full-time job?", in one sentence."""
        c = self.currency
        contracted, pipeline = self.total(c, CONTRACTED), self.total(c, PIPELINE)
        total = contracted + pipeline
        n = len(self.months)
        earn = (
            f"Over the next {n} months you are forecast to earn {total} {c} "
            f"({contracted} contracted + {pipeline} weighted pipeline)"
        )
        if self.salary <= 0:
            return (
                f"{earn}; set full_time_salary (fracos practice settings --set "
                "full_time_salary=150000) to compare it with a full-time job."
            )
        salary = self.salary_for_period
        difference = total - salary
        pct = round(100 * abs(difference) / salary) if salary else 0
        if difference >= 0:
            verdict = f"{difference} {c} ({pct}%) more than"
        else:
            verdict = f"{-difference} {c} ({pct}%) less than"
        return f"{earn}: {verdict} the full-time salary of {salary} {c} for the same months."

    def as_json(self) -> dict[str, Any]:
        return {
            "months": [m.label for m in self.months],
            "currency": self.currency,
            "full_time_salary": str(self.salary),
            "salary_for_period": str(self.salary_for_period),
            "monthly_salary": str(self.monthly_salary),
            "pipeline_engagement_months": self.pipeline_months,
            "headline": self.headline,
            "totals": {
                cur: {
                    "contracted": str(self.total(cur, CONTRACTED)),
                    "pipeline": str(self.total(cur, PIPELINE)),
                    "total": str(self.total(cur)),
                }
                for cur in self.currencies()
            },
            "by_month": {
                cur: [{k: str(v) for k, v in row.items()} for row in self.by_month(cur)]
                for cur in self.currencies()
            },
            "rows": [r.as_json() for r in self.rows],
        }


def pipeline_start(expected: date | None, this_month: date) -> date:
    """When an opportunity is forecast to start paying: its expected start, or next month."""
    next_month = clock.add_months(this_month, 1)
    if expected is None or expected < this_month:
        return next_month
    return expected


def forecast(actor: Actor, *, months: int = 12) -> Forecast:
    """The next ``months`` calendar months from this one: contracted plus weighted pipeline."""
    from fracos.pipeline.selectors import opportunities, weighted_value
    from fracos.practice.selectors import practice_for

    actor.require_staff()
    if not 1 <= months <= MAX_MONTHS:
        raise ValidationFailed(f"months: {months} is outside 1–{MAX_MONTHS}", field="months")
    practice = practice_for(actor)
    rules = practice.rules
    this_month = clock.today(practice.timezone).replace(day=1)
    income = contracted_income(actor, first_month=this_month, months=months)
    rows = [
        ForecastRow(
            r.month, CONTRACTED, r.client, r.currency, r.amount, engagement_id=r.engagement_id
        )
        for r in income.rows
    ]
    for opportunity in opportunities(actor, open_only=True).order_by("expected_start", "id"):
        weighted = weighted_value(opportunity, rules.stage_probabilities)
        if weighted <= 0:
            continue
        start = pipeline_start(opportunity.expected_start, this_month)
        end = clock.add_months(start, rules.pipeline_engagement_months) - timedelta(days=1)
        name = opportunity.client.name if opportunity.client else opportunity.organisation
        terms = Terms(
            engagement_id=0,
            client_id=opportunity.client_id or 0,
            client=name,
            pricing_model="retainer",
            status="active",
            currency=opportunity.currency,
            fee=weighted,
            day_rate=ZERO,
            hours_per_week=None,
            days_per_week=None,
            start=start,
            end=end,
            notice_days=0,
        )
        amounts = schedule(
            terms, income.months, hours_per_day=rules.hours_per_day, open_ended_until=end
        )
        for period in income.months:
            if period.label in amounts:
                rows.append(
                    ForecastRow(
                        period.label,
                        PIPELINE,
                        name,
                        opportunity.currency,
                        amounts[period.label],
                        opportunity_id=opportunity.pk,
                    )
                )
    rows.sort(key=lambda r: (r.month, r.source, r.client))
    return Forecast(
        months=income.months,
        rows=rows,
        currency=practice.currency,
        salary=rules.full_time_salary,
        pipeline_months=rules.pipeline_engagement_months,
    )
