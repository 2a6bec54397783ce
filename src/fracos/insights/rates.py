"""Effective hourly rates: what an hour of work actually earned, against the playbook's target.

Effective rate = the fee for the period ÷ the hours actually worked (a day rate
earns its rate ÷ the practice's hours per day). The target hourly rate is the
playbook's day rate for the leader's own full-time salary — ``full_time_salary``
÷ ``working_days_per_year`` × (1 + ``premium_default_pct``) — ÷ ``hours_per_day``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.durations import format_duration
from fracos.core.errors import ValidationFailed
from fracos.core.money import Money, round_money
from fracos.core.playbook import PlaybookSettings
from fracos.core.pricing import day_rate
from fracos.engagements.choices import RECURRING, PricingModel
from fracos.engagements.models import Engagement
from fracos.engagements.selectors import included_seconds_per_month
from fracos.practice.models import Practice
from fracos.timesheets.retainer import MonthWork, RetainerMonth, month_work


@dataclass
class Usage:
    """One engagement's month: hours used against hours included, and what an hour earned.

    For a retainer or equity engagement that includes hours, ``retainer`` holds its
    month under the overage policy (``timesheets.retainer``): the bar then counts
    billable hours against the allowance (included + rolled in − carried in), and
    the level is the retainer's own, so the bar and billing never disagree.
    """

    engagement: Engagement
    used: int
    included: int
    warn_pct: int
    alert_pct: int
    retainer: RetainerMonth | None = None

    @property
    def allowance(self) -> int:
        return self.retainer.allowance if self.retainer is not None else self.included

    @property
    def basis(self) -> str:
        """What the hours are measured against, as the page words it."""
        return "allowance" if self.retainer is not None else "included hours"

    @property
    def percent(self) -> int | None:
        if self.retainer is not None:
            return self.retainer.percent
        if not self.included:
            return None
        return round(100 * self.used / self.included)

    @property
    def level(self) -> str:
        if self.retainer is not None:
            return self.retainer.level
        pct = self.percent
        if pct is None:
            return "none"
        if pct > self.alert_pct:
            return "alert"
        if pct >= self.warn_pct:
            return "warn"
        return "ok"

    @property
    def level_text(self) -> str:
        return {
            "none": "no hours included",
            "ok": f"within the {self.basis}",
            "warn": f"at {self.warn_pct}% or more of the {self.basis}",
            "alert": f"past {self.alert_pct}%: over the {self.basis}",
        }[self.level]

    @property
    def bar_width(self) -> int:
        return min(100, self.percent or 0)

    @property
    def used_text(self) -> str:
        return format_duration(self.used)

    @property
    def included_text(self) -> str:
        return format_duration(self.included) if self.included else "—"

    @property
    def allowance_text(self) -> str:
        if self.retainer is not None:
            return format_duration(self.allowance)
        return self.included_text

    @property
    def adjustment_text(self) -> str:
        """'incl. 3h rolled over', '2h carried over', both, or '' when neither applies."""
        if self.retainer is None:
            return ""
        parts = []
        if self.retainer.rolled_in:
            parts.append(f"incl. {format_duration(self.retainer.rolled_in)} rolled over")
        if self.retainer.carried_in:
            parts.append(f"{format_duration(self.retainer.carried_in)} carried over")
        return ", ".join(parts)


def usage_of(engagement: Engagement, work: MonthWork, rules: PlaybookSettings) -> Usage:
    """The engagement's :class:`Usage` from the month's work read by ``month_work``."""
    retainer = work.retainers.get(engagement.pk)
    return Usage(
        engagement,
        retainer.used if retainer is not None else work.client_seconds.get(engagement.pk, 0),
        # A retainer's own figure: prorated in a month it starts or ends in.
        retainer.included
        if retainer is not None
        else included_seconds_per_month(engagement, rules),
        rules.retainer_warn_pct,
        rules.retainer_alert_pct,
        retainer,
    )


def effective_rate(
    engagement: Engagement, used_seconds: int, rules: PlaybookSettings
) -> Money | None:
    """What an hour earned: the monthly fee over the month's hours, or the day rate per hour."""
    currency = engagement.currency
    if engagement.pricing_model in RECURRING:
        if used_seconds <= 0:
            return None
        return Money(round_money(engagement.fee * 3600 / Decimal(used_seconds), currency), currency)
    if engagement.pricing_model == PricingModel.DAY_RATE:
        return Money(round_money(engagement.day_rate / rules.hours_per_day, currency), currency)
    return None


def month_usage(
    actor: Actor, practice: Practice, active: list[Engagement], today: date
) -> list[dict[str, Any]]:
    """Each engagement's month so far: its :class:`Usage` and its effective rate (one query)."""
    rules = practice.rules
    work = month_work(actor, active, clock.month_of(today), rules)
    out = []
    for engagement in active:
        usage = usage_of(engagement, work, rules)
        # The rate divides the fee by the hours the bar counts, so the two always agree.
        out.append({"usage": usage, "rate": effective_rate(engagement, usage.used, rules)})
    return out


@dataclass(frozen=True)
class Target:
    """The practice's target day rate and its hourly equivalent, in the practice's currency."""

    day_rate: Decimal
    hourly: Decimal
    currency: str
    salary: Decimal
    working_days: int
    premium_pct: int
    hours_per_day: Decimal

    @property
    def sentence(self) -> str:
        return (
            f"the target rate of {self.hourly} {self.currency} an hour: a full-time salary of "
            f"{self.salary} {self.currency} ÷ {self.working_days} days × "
            f"(1 + {self.premium_pct}%) = {self.day_rate} {self.currency} a day, "
            f"÷ {self.hours_per_day} h"
        )


def target_rate(rules: PlaybookSettings, currency: str) -> Target | None:
    """The playbook's day rate for ``full_time_salary``, or None while no salary is set."""
    if rules.full_time_salary <= 0:
        return None
    try:
        daily = day_rate(
            rules.full_time_salary,
            rules.working_days_per_year,
            Decimal(rules.premium_default_pct),
            currency,
        )
    except ValidationFailed:  # a salary or premium the calculator refuses: no target to hold to
        return None
    return Target(
        day_rate=daily,
        hourly=round_money(daily / rules.hours_per_day, currency),
        currency=currency,
        salary=rules.full_time_salary,
        working_days=rules.working_days_per_year,
        premium_pct=rules.premium_default_pct,
        hours_per_day=rules.hours_per_day,
    )


@dataclass(frozen=True)
class EngagementRate:
    """One engagement's effective rate over a period, against the target."""

    engagement: Engagement
    period: clock.Period
    seconds: int
    rate: Money | None
    target: Target | None

    @property
    def comparable(self) -> bool:
        return (
            self.rate is not None
            and self.target is not None
            and self.rate.currency == self.target.currency
        )

    @property
    def shortfall_pct(self) -> int | None:
        """How far below the target the rate is, in whole percent (0 when at or above it)."""
        if not self.comparable or self.rate is None or self.target is None:
            return None
        if self.rate.amount >= self.target.hourly:
            return 0
        return round(100 * (self.target.hourly - self.rate.amount) / self.target.hourly)


def engagement_rates(
    actor: Actor, practice: Practice, engagements: list[Engagement], month: clock.Period
) -> list[EngagementRate]:
    """Effective rates of recurring and day-rate engagements over ``month`` (one query).

    The hours are the dashboard's (``usage_of`` over ``month_work``): a retainer's fee is
    divided by its billable hours, so non-billable time never makes a rate look lower here
    than on the dashboard.
    """
    rules = practice.rules
    target = target_rate(rules, practice.currency)
    priced = [e for e in engagements if e.pricing_model in (*RECURRING, PricingModel.DAY_RATE)]
    work = month_work(actor, priced, month, rules)
    out = []
    for engagement in priced:
        seconds = usage_of(engagement, work, rules).used
        out.append(
            EngagementRate(
                engagement, month, seconds, effective_rate(engagement, seconds, rules), target
            )
        )
    return out
