"""Contracted income: what the engagements' terms promise, month by month and client by client.

"Contracted" means computed from the engagements' terms, not from invoices
(invoiced income comes with billing). The rules:

- retainer and equity: the monthly fee for every month the engagement runs;
- day rate: day rate × committed days a week (or hours a week ÷ hours a day) × 52/12;
- pilot: the fee spread evenly over the pilot's days;
- project: each milestone in the month it is due, the rest of the fee spread
  over the engagement's span (or in its first month when it has no end).

A month the engagement only partly covers earns the share of its days. An
open-ended engagement is contracted only until the end of its notice period
counted from today — the earliest the client could end it — unless the caller
asks what the income would be if open-ended engagements simply continue.
Proposed engagements are not contracted yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.money import from_minor, round_money
from fracos.core.pricing import WEEKS_PER_MONTH

if TYPE_CHECKING:
    from fracos.practice.models import Practice

ZERO = Decimal(0)


@dataclass(frozen=True)
class Terms:
    """The parts of an engagement that decide its income (plain data, no Django)."""

    engagement_id: int
    client_id: int
    client: str
    pricing_model: str
    status: str
    currency: str
    fee: Decimal
    day_rate: Decimal
    hours_per_week: Decimal | None
    days_per_week: Decimal | None
    start: date
    end: date | None
    notice_days: int
    pilot_weeks: int | None = None
    milestones: tuple[tuple[Decimal, date | None], ...] = ()


@dataclass(frozen=True)
class IncomeRow:
    month: str
    client_id: int
    client: str
    engagement_id: int
    pricing_model: str
    currency: str
    amount: Decimal

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "client_id": self.client_id,
            "client": self.client,
            "engagement_id": self.engagement_id,
            "pricing_model": self.pricing_model,
            "currency": self.currency,
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class Income:
    """Contracted income over a run of calendar months."""

    months: list[clock.Period]
    rows: list[IncomeRow]
    basis: str  # "contracted" or "contracted, open-ended continuing"

    @property
    def start(self) -> date:
        return self.months[0].start

    @property
    def last_day(self) -> date:
        return self.months[-1].last_day

    def total(self, currency: str) -> Decimal:
        return sum((r.amount for r in self.rows if r.currency == currency), ZERO)

    def currencies(self) -> list[str]:
        return sorted({r.currency for r in self.rows})

    def by_month(self, currency: str) -> dict[str, Decimal]:
        totals = {m.label: ZERO for m in self.months}
        for row in self.rows:
            if row.currency == currency:
                totals[row.month] += row.amount
        return totals

    def by_client(self, currency: str) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            if row.currency == currency:
                totals[row.client] += row.amount
        return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))


def _overlap_days(period: clock.Period, first: date, last: date) -> int:
    start = max(period.start, first)
    end = min(period.last_day, last)
    return max(0, (end - start).days + 1)


def monthly_rate(terms: Terms, hours_per_day: Decimal) -> Decimal:
    """The full-month income of a recurring or day-rate engagement (unrounded)."""
    if terms.pricing_model in ("retainer", "equity"):
        return terms.fee
    if terms.pricing_model == "day_rate":
        if terms.days_per_week is not None:
            days = terms.days_per_week
        elif terms.hours_per_week is not None:
            days = terms.hours_per_week / hours_per_day
        else:
            days = ZERO
        return terms.day_rate * days * WEEKS_PER_MONTH
    return ZERO


def schedule(
    terms: Terms,
    months: list[clock.Period],
    *,
    hours_per_day: Decimal,
    open_ended_until: date | None,
) -> dict[str, Decimal]:
    """One engagement's contracted income per month label (rounded per month)."""
    if terms.status == "proposed" or not months:
        return {}
    window_last = months[-1].last_day
    last = terms.end or open_ended_until or window_last
    raw: dict[str, Decimal] = defaultdict(lambda: ZERO)
    if terms.pricing_model in ("retainer", "equity", "day_rate"):
        per_month = monthly_rate(terms, hours_per_day)
        for period in months:
            covered = _overlap_days(period, terms.start, last)
            if covered:
                raw[period.label] += per_month * covered / period.days
    elif terms.pricing_model == "pilot":
        pilot_last = terms.end or terms.start + timedelta(weeks=terms.pilot_weeks or 1, days=-1)
        span = (pilot_last - terms.start).days + 1
        for period in months:
            covered = _overlap_days(period, terms.start, pilot_last)
            if covered:
                raw[period.label] += terms.fee * covered / span
    elif terms.pricing_model == "project":
        dated = [(amount, due) for amount, due in terms.milestones if due is not None]
        spread = terms.fee - sum((amount for amount, _ in dated), ZERO)
        for amount, due in dated:
            for period in months:
                if period.contains(due):
                    raw[period.label] += amount
        if spread > 0:
            if terms.end is None:
                for period in months:
                    if period.contains(terms.start):
                        raw[period.label] += spread
            else:
                span = (terms.end - terms.start).days + 1
                for period in months:
                    covered = _overlap_days(period, terms.start, terms.end)
                    if covered:
                        raw[period.label] += spread * covered / span
    return {label: round_money(amount, terms.currency) for label, amount in raw.items() if amount}


def terms_of(engagement: Any) -> Terms:
    """An engagement model instance (milestones prefetched) as :class:`Terms`."""
    currency = engagement.currency
    return Terms(
        engagement_id=engagement.pk,
        client_id=engagement.client_id,
        client=engagement.client.name,
        pricing_model=engagement.pricing_model,
        status=engagement.status,
        currency=currency,
        fee=from_minor(engagement.fee_minor, currency),
        day_rate=from_minor(engagement.day_rate_minor, currency),
        hours_per_week=engagement.hours_per_week,
        days_per_week=engagement.days_per_week,
        start=engagement.start_date,
        end=engagement.end_date,
        notice_days=engagement.notice_days,
        pilot_weeks=engagement.pilot_weeks,
        milestones=tuple(
            (from_minor(m.amount_minor, currency), m.due_date) for m in engagement.milestones.all()
        ),
    )


def contracted_income(
    actor: Actor,
    *,
    first_month: date,
    months: int = 12,
    assume_continuing: bool = False,
    practice: Practice | None = None,
) -> Income:
    """Contracted income of the practice's engagements over ``months`` calendar months;
    pass ``practice`` when the caller holds it (saves a query)."""
    from fracos.engagements.selectors import engagements_visible
    from fracos.practice.selectors import practice_for

    actor.require_staff()
    if practice is None or practice.pk != actor.practice_id:
        practice = practice_for(actor)
    rules = practice.rules
    today = clock.today(practice.timezone)
    periods = [
        clock.month_of(clock.add_months(first_month.replace(day=1), i)) for i in range(months)
    ]
    rows: list[IncomeRow] = []
    engagements = (
        engagements_visible(actor).prefetch_related("milestones").order_by("start_date", "id")
    )
    for engagement in engagements:
        terms = terms_of(engagement)
        cutoff = None if assume_continuing else today + timedelta(days=terms.notice_days)
        amounts = schedule(
            terms, periods, hours_per_day=rules.hours_per_day, open_ended_until=cutoff
        )
        for period in periods:
            if period.label in amounts:
                rows.append(
                    IncomeRow(
                        month=period.label,
                        client_id=terms.client_id,
                        client=terms.client,
                        engagement_id=terms.engagement_id,
                        pricing_model=terms.pricing_model,
                        currency=terms.currency,
                        amount=amounts[period.label],
                    )
                )
    rows.sort(key=lambda r: (r.month, r.client, r.engagement_id))
    return Income(
        months=periods,
        rows=rows,
        basis="contracted, open-ended continuing" if assume_continuing else "contracted",
    )


def trailing_and_next(actor: Actor) -> tuple[Income, Income, Income]:
    """The 12 full months before this one; this month and the 11 after (contracted, then continuing)."""
    from fracos.practice.selectors import practice_for

    today = clock.today(practice_for(actor).timezone)
    this_month = today.replace(day=1)
    trailing = contracted_income(actor, first_month=clock.add_months(this_month, -12))
    ahead = contracted_income(actor, first_month=this_month)
    continuing = contracted_income(actor, first_month=this_month, assume_continuing=True)
    return trailing, ahead, continuing
