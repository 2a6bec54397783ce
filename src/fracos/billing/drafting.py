"""What a client's engagements owe for a month: the lines a draft invoice starts from.

Each line carries a claim key ("fee:2026-11", "milestone:7", ...) that the
services store under a unique constraint, so nothing is ever billed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.money import from_minor, minor_units, round_money, round_to
from fracos.core.playbook import PlaybookSettings
from fracos.engagements.choices import RECURRING, PilotBilling, PricingModel
from fracos.engagements.proration import month_share, prorates
from fracos.timesheets.retainer import hours_of, retainer_month
from fracos.timesheets.selectors import engagement_daily_seconds

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
HOUR = Decimal(3600)


@dataclass(frozen=True)
class PlannedLine:
    kind: str
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    engagement_id: int
    key: str
    period_start: date | None = None
    period_end: date | None = None


@dataclass
class Plan:
    lines: list[PlannedLine]
    overage: list[dict[str, Any]]


def _active_in(engagement: Any, period: clock.Period) -> bool:
    return bool(
        engagement.start_date <= period.last_day
        and (engagement.end_date is None or engagement.end_date >= period.start)
    )


def _month_name(period: clock.Period, locale: str) -> str:
    try:
        return str(format_date(period.start, "MMMM y", locale=locale))
    except (ValueError, LookupError):
        return period.label


def plan_for(
    actor: Actor,
    *,
    engagements: list[Any],
    period: clock.Period,
    rules: PlaybookSettings,
    locale: str,
    claimed: set[tuple[int, str]],
    recurring_only: bool = False,
) -> Plan:
    lines: list[PlannedLine] = []
    overage: list[dict[str, Any]] = []
    previous = clock.month_of(period.start - timedelta(days=1))
    for e in engagements:
        model = e.pricing_model
        if recurring_only and model not in RECURRING:
            continue
        planned: list[PlannedLine] = []
        if model in RECURRING:
            covered = period if e.billing_timing == "advance" else previous
            if _active_in(e, covered):
                planned.append(_fee_line(e, covered, rules, locale))
            # Overage is measured on the last completed month, whichever way the fee runs.
            report = _overage(actor, e, previous, rules, locale)
            if report is not None:
                line = report.pop("line", None)
                if line is not None and (e.pk, line.key) not in claimed:
                    planned.append(line)
                    report["billed"] = True
                overage.append(report)
        elif model == PricingModel.DAY_RATE:
            days = _days_worked(actor, e, period, rules)
            if days > 0:
                planned.append(
                    PlannedLine(
                        "days",
                        f"{e.role_title} — days worked, {_month_name(period, locale)}",
                        days,
                        "DAY",
                        e.day_rate,
                        e.pk,
                        f"days:{period.label}",
                        # Days are only ever worked while it runs (BT-134/135).
                        *_running_dates(e, period),
                    )
                )
        elif model == PricingModel.PROJECT:
            for m in e.milestones.all():
                if m.done_on is not None and m.done_on <= period.last_day:
                    planned.append(
                        PlannedLine(
                            "milestone",
                            f"{e.role_title} — milestone: {m.title}",
                            Decimal(1),
                            "C62",
                            from_minor(m.amount_minor, e.currency),
                            e.pk,
                            f"milestone:{m.pk}",
                        )
                    )
        elif model == PricingModel.PILOT:
            planned.extend(_pilot_lines(e, period))
        lines.extend(p for p in planned if (p.engagement_id, p.key) not in claimed)
    return Plan(lines, overage)


def _fee_line(e: Any, month: clock.Period, rules: PlaybookSettings, locale: str) -> PlannedLine:
    """A retainer's (or equity's cash) fee for a month, prorated by the days it runs in it."""
    label = "monthly retainer" if e.pricing_model == PricingModel.RETAINER else "cash retainer"
    description = f"{e.role_title} — {label}, {_month_name(month, locale)}"
    span = month_share(e, month)
    if not prorates(span, rules):
        return PlannedLine(
            "fee",
            description,
            Decimal(1),
            "MON",
            e.fee,
            e.pk,
            f"fee:{month.label}",
            # A whole month's fee still covers only the days the engagement runs.
            span.first,
            span.last,
        )
    first, last, days, days_in_month = span.first, span.last, span.days, span.days_in_month
    share = round_money(e.fee * days / days_in_month, e.currency)
    return PlannedLine(
        "fee",
        f"{description}: {_amount(e.fee, e.currency, locale)} × {days}/{days_in_month} days, "
        f"{_running(first, last, month, locale)}",
        Decimal(1),
        "C62",
        share,
        e.pk,
        f"fee:{month.label}",
        first,
        last,
    )


def _running_dates(e: Any, month: clock.Period) -> tuple[date, date]:
    span = month_share(e, month)
    return span.first, span.last


def _amount(value: Decimal, currency: str, locale: str) -> str:
    places = minor_units(currency)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    try:
        return str(format_decimal(value, format=pattern, locale=locale))
    except (ValueError, LookupError):
        return f"{value:,.{places}f}"


def _running(first: date, last: date, month: clock.Period, locale: str) -> str:
    """ "from 19 Nov", "to 12 Nov" or "3 Nov to 20 Nov": the part of the month it runs."""

    def day(value: date) -> str:
        try:
            return str(format_date(value, "d MMM", locale=locale))
        except (ValueError, LookupError):
            return value.strftime("%d %b").lstrip("0")

    if last == month.last_day:
        return f"from {day(first)}"
    if first == month.start:
        return f"to {day(last)}"
    return f"{day(first)} to {day(last)}"


def _pilot_lines(e: Any, period: clock.Period) -> list[PlannedLine]:
    if e.start_date > period.last_day:
        return []
    what = e.pilot_deliverable or "pilot"
    if e.pilot_billing != PilotBilling.SPLIT:
        return [
            PlannedLine(
                "fee",
                f"{e.role_title} — pilot: {what}",
                Decimal(1),
                "C62",
                e.fee,
                e.pk,
                "pilot:full",
            )
        ]
    first = round_money(e.fee / 2, e.currency)
    end = e.end_date or (e.start_date + timedelta(weeks=e.pilot_weeks or 0) - timedelta(days=1))
    lines = [
        PlannedLine(
            "fee",
            f"{e.role_title} — pilot: {what} (first half, at the start)",
            Decimal(1),
            "C62",
            first,
            e.pk,
            "pilot:start",
        )
    ]
    if end <= period.last_day:
        lines.append(
            PlannedLine(
                "fee",
                f"{e.role_title} — pilot: {what} (second half, at the end)",
                Decimal(1),
                "C62",
                e.fee - first,  # the two halves always add up to the fee
                e.pk,
                "pilot:end",
            )
        )
    return lines


def _days_worked(actor: Actor, e: Any, period: clock.Period, rules: PlaybookSettings) -> Decimal:
    daily = engagement_daily_seconds(actor, e.pk, period)
    if rules.day_count_mode == "hours":
        hours = Decimal(sum(daily.values())) / HOUR
        return round_to(hours / rules.hours_per_day, 2)
    return Decimal(sum(1 for seconds in daily.values() if seconds > 0))


def _overage(
    actor: Actor, e: Any, month: clock.Period, rules: PlaybookSettings, locale: str
) -> dict[str, Any] | None:
    """The month's hours under the engagement's overage policy (timesheets/retainer.py)."""
    hours = retainer_month(actor, e, month, rules)
    if hours is None:
        return None
    report: dict[str, Any] = {
        "engagement_id": e.pk,
        "engagement": e.role_title,
        "month": month.label,
        "included_hours": str(hours_of(hours.included)),
        "rolled_in_hours": str(hours_of(hours.rolled_in)),
        "carried_in_hours": str(hours_of(hours.carried_in)),
        "allowance_hours": str(hours_of(hours.allowance)),
        "logged_hours": str(hours_of(hours.used)),
        "overage_hours": str(hours_of(hours.over)),
        "policy": e.overage_policy,
        "billed": False,
    }
    if hours.billable_seconds > 0:
        report["line"] = PlannedLine(
            "overage",
            f"{e.role_title} — hours over the retainer, {_month_name(month, locale)}",
            hours.billable_hours,
            "HUR",
            hours.overage_rate,
            e.pk,
            f"overage:{month.label}",
            *_running_dates(e, month),
        )
    return report
