"""The playbook's pricing arithmetic: day rate, retainers, hourly equivalent, client saving.

Day rate = full-time-equivalent salary ÷ working days × (1 + premium). Every
figure is rounded once, by :mod:`fracos.core.money`, at the point it is shown;
the figures derived from the day rate start from the rounded day rate, so a
client can redo the sums on the quote and get the same cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fracos.core.errors import ValidationFailed
from fracos.core.money import parse_amount, round_money, round_to, validate_currency
from fracos.core.playbook import PlaybookSettings

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
# Sanity bounds on typed input, not playbook rules: a premium beyond 200 % or a
# salary beyond 100 million is a typo, and quoting it would mislead.
MAX_PREMIUM_PCT = Decimal(200)
MAX_SALARY = Decimal(100_000_000)


def parse_percent(text: str | int | Decimal, *, field: str = "premium") -> Decimal:
    """'50%', '50' or 50 -> Decimal('50') (percent points, never a fraction)."""
    raw = str(text).strip().rstrip("%").strip()
    return parse_amount(raw, field=field)


def check_salary(salary: Decimal) -> Decimal:
    if salary <= 0:
        raise ValidationFailed(
            f"salary: {salary} must be a positive full-time annual salary", field="salary"
        )
    if salary > MAX_SALARY:
        raise ValidationFailed(f"salary: {salary} is implausibly large", field="salary")
    return salary


def check_premium(premium_pct: Decimal) -> Decimal:
    if not Decimal(0) <= premium_pct <= MAX_PREMIUM_PCT:
        raise ValidationFailed(
            f"premium: {premium_pct}% is outside 0–{MAX_PREMIUM_PCT}% "
            "(the playbook's band is 40–60%)",
            field="premium",
        )
    return premium_pct


def check_working_days(days: int) -> int:
    if not 1 <= days <= 366:
        raise ValidationFailed(
            f"days: {days} working days a year is not possible; use 1–366 (the playbook uses 250)",
            field="days",
        )
    return days


def check_days_per_week(days: Decimal) -> Decimal:
    if not Decimal(0) < days <= Decimal(7):
        raise ValidationFailed(
            f"days_per_week: {days} is outside 0–7 (a fractional role is usually 1–3)",
            field="days_per_week",
        )
    return days


def day_rate(salary: Decimal, working_days: int, premium_pct: Decimal, currency: str) -> Decimal:
    """Salary ÷ working days × (1 + premium), rounded to the currency."""
    check_salary(salary)
    check_working_days(working_days)
    check_premium(premium_pct)
    return round_money(salary / working_days * (1 + premium_pct / 100), currency)


def monthly_at_days_per_week(rate: Decimal, days_per_week: Decimal, currency: str) -> Decimal:
    """A monthly fee for ``days_per_week`` committed days: days/week × 52/12 × day rate."""
    return round_money(check_days_per_week(days_per_week) * WEEKS_PER_MONTH * rate, currency)


@dataclass(frozen=True)
class Quote:
    """Every figure of a pricing conversation, from one salary and one premium."""

    currency: str
    salary: Decimal
    working_days: int
    premium_pct: Decimal
    hours_per_day: Decimal
    day_rate: Decimal
    day_rate_low: Decimal
    day_rate_high: Decimal
    premium_low_pct: int
    premium_high_pct: int
    hourly_rate: Decimal
    retainer_days_min: int
    retainer_days_max: int
    retainer_low: Decimal
    retainer_high: Decimal
    days_per_week: Decimal | None
    committed_monthly: Decimal | None
    committed_annual: Decimal | None
    full_time_overhead_pct: int
    full_time_cost: Decimal
    client_saving: Decimal | None
    client_saving_pct: Decimal | None

    def as_json(self) -> dict[str, Any]:
        """Every figure as a decimal string (never a float)."""
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            out[key] = str(value) if isinstance(value, Decimal) else value
        return out


def quote(
    *,
    salary: Decimal,
    rules: PlaybookSettings,
    currency: str,
    premium_pct: Decimal | None = None,
    working_days: int | None = None,
    days_per_week: Decimal | None = None,
) -> Quote:
    """Price a role from its full-time salary under the practice's playbook settings."""
    code = validate_currency(currency)
    premium = check_premium(
        premium_pct if premium_pct is not None else Decimal(rules.premium_default_pct)
    )
    days = check_working_days(
        working_days if working_days is not None else rules.working_days_per_year
    )
    rate = day_rate(salary, days, premium, code)
    low = day_rate(salary, days, Decimal(rules.premium_min_pct), code)
    high = day_rate(salary, days, Decimal(rules.premium_max_pct), code)
    full_time_cost = round_money(salary * (1 + Decimal(rules.full_time_overhead_pct) / 100), code)
    monthly = annual = saving = saving_pct = None
    if days_per_week is not None:
        monthly = monthly_at_days_per_week(rate, days_per_week, code)
        annual = round_money(days_per_week * 52 * rate, code)
        saving = full_time_cost - annual
        saving_pct = round_to(saving / full_time_cost * 100, 1)
    return Quote(
        currency=code,
        salary=round_money(salary, code),
        working_days=days,
        premium_pct=premium,
        hours_per_day=rules.hours_per_day,
        day_rate=rate,
        day_rate_low=low,
        day_rate_high=high,
        premium_low_pct=rules.premium_min_pct,
        premium_high_pct=rules.premium_max_pct,
        hourly_rate=round_money(rate / rules.hours_per_day, code),
        retainer_days_min=rules.retainer_days_min,
        retainer_days_max=rules.retainer_days_max,
        retainer_low=round_money(rate * rules.retainer_days_min, code),
        retainer_high=round_money(rate * rules.retainer_days_max, code),
        days_per_week=days_per_week,
        committed_monthly=monthly,
        committed_annual=annual,
        full_time_overhead_pct=rules.full_time_overhead_pct,
        full_time_cost=full_time_cost,
        client_saving=saving,
        client_saving_pct=saving_pct,
    )
