"""A retainer's hours for a month: included, rolled in, carried in, used, remaining, overage.

The one place the overage policy is applied, so the figures people see and the
lines billing drafts can never disagree. Durations are integer seconds.

- included: the weekly commitment × 52/12 weeks
  (``engagements.selectors.included_seconds_per_month``), in every month the
  engagement runs; in a month it starts or ends in, cut to the days it runs by
  the rule that prorates its fee (``engagements.proration``), to the nearest
  quarter hour;
- ``rollover``: a month's unused included hours stay usable for the next
  ``rollover_periods`` months, then expire; hours used are taken from the
  oldest rolled hours first, then from the month's own;
- ``carry``: an overrun is owed back: it reduces the next month's allowance
  (an overrun larger than a month's hours keeps carrying);
- ``bill``: hours over the allowance are billed at ``overage_rate``;
- ``none``: hours over the allowance are reported, never billed.

"Used" is billable client time on the engagement, the time billing counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor, round_money, round_to
from fracos.core.playbook import PlaybookSettings
from fracos.engagements.choices import RECURRING, OveragePolicy
from fracos.engagements.proration import month_share, prorated_seconds
from fracos.engagements.selectors import included_seconds_per_month
from fracos.timesheets.models import TimeEntry

HOUR = Decimal(3600)


def hours_of(seconds: int) -> Decimal:
    """Seconds as hours to two places: how billing quantities and reports show hours."""
    return round_to(Decimal(seconds) / HOUR, 2)


@dataclass(frozen=True)
class RolledHours:
    """Unused hours of an earlier month still available (``month`` is where they came from)."""

    month: str
    seconds: int
    expires_after: str  # the last month they may be used in


@dataclass(frozen=True)
class RetainerMonth:
    """One retainer's month under its overage policy; every figure in seconds."""

    engagement_id: int
    client: str
    role: str
    month: clock.Period
    policy: str
    rollover_periods: int
    included: int
    rolled_in: int
    carried_in: int
    used: int
    warn_pct: int
    alert_pct: int
    currency: str
    overage_rate: Decimal
    rolled: tuple[RolledHours, ...] = ()

    @property
    def allowance(self) -> int:
        """What may be used this month: included + rolled in − overrun carried in (never < 0)."""
        return max(0, self.included + self.rolled_in - self.carried_in)

    @property
    def remaining(self) -> int:
        return max(0, self.allowance - self.used)

    @property
    def over(self) -> int:
        """Seconds beyond the allowance, plus any carried overrun the allowance could not absorb."""
        return max(0, self.used + self.carried_in - self.included - self.rolled_in)

    @property
    def percent(self) -> int | None:
        if not self.allowance:
            return None
        return round(100 * self.used / self.allowance)

    @property
    def level(self) -> str:
        """ok, warn (at ``warn_pct`` % or more), alert (past ``alert_pct`` %); exact, not rounded."""
        if not self.allowance:
            return "alert" if self.used or self.carried_in > self.included else "ok"
        if 100 * self.used > self.alert_pct * self.allowance:
            return "alert"
        if 100 * self.used >= self.warn_pct * self.allowance:
            return "warn"
        return "ok"

    @property
    def billable_seconds(self) -> int:
        if self.policy != OveragePolicy.BILL or self.overage_rate <= 0:
            return 0
        return self.over

    @property
    def billable_hours(self) -> Decimal:
        return hours_of(self.billable_seconds)

    @property
    def billable_amount(self) -> Decimal:
        """Overage hours (two places, as the invoice line has them) × the overage rate."""
        return round_money(self.billable_hours * self.overage_rate, self.currency)

    def as_json(self) -> dict[str, Any]:
        return {
            "engagement_id": self.engagement_id,
            "client": self.client,
            "role": self.role,
            "month": self.month.label,
            "policy": self.policy,
            "included_seconds": self.included,
            "rolled_in_seconds": self.rolled_in,
            "carried_in_seconds": self.carried_in,
            "allowance_seconds": self.allowance,
            "used_seconds": self.used,
            "remaining_seconds": self.remaining,
            "over_seconds": self.over,
            "included_hours": str(hours_of(self.included)),
            "rolled_in_hours": str(hours_of(self.rolled_in)),
            "carried_in_hours": str(hours_of(self.carried_in)),
            "allowance_hours": str(hours_of(self.allowance)),
            "used_hours": str(hours_of(self.used)),
            "remaining_hours": str(hours_of(self.remaining)),
            "over_hours": str(hours_of(self.over)),
            "percent": self.percent,
            "level": self.level,
            "rolled": [
                {"from": r.month, "seconds": r.seconds, "expires_after": r.expires_after}
                for r in self.rolled
            ],
            "billable_hours": str(self.billable_hours),
            "overage_rate": str(self.overage_rate),
            "billable_amount": str(self.billable_amount),
            "currency": self.currency,
        }


def _runs_in(start: date, end: date | None, month: clock.Period) -> bool:
    return start <= month.last_day and (end is None or end >= month.start)


def month_chain(
    *,
    included: int,
    used: Mapping[str, int],
    months: list[clock.Period],
    policy: str,
    rollover_periods: int,
    included_in: Mapping[str, int] | None = None,
) -> tuple[int, tuple[RolledHours, ...]]:
    """(overrun carried in, rolled hours available) in the last of ``months`` (plain arithmetic).

    ``months`` are the engagement's running months in order, ending with the month
    asked about; ``used`` holds the seconds used per month label; ``included_in``
    the included seconds of the months that differ from ``included`` (partial ones).
    """
    own = included_in or {}
    chunks: list[tuple[int, int]] = []  # (index of the month they came from, seconds left)
    carried = 0
    for index, month in enumerate(months[:-1]):
        spent = used.get(month.label, 0)
        month_included = own.get(month.label, included)
        if policy == OveragePolicy.ROLLOVER:
            kept: list[tuple[int, int]] = []
            for origin, left in chunks:  # oldest first: they expire first
                take = min(left, spent)
                spent -= take
                kept.append((origin, left - take))
            kept.append((index, max(0, month_included - spent)))
            # A month's hours may be used in the ``rollover_periods`` months after it.
            chunks = [(o, s) for o, s in kept if s > 0 and index + 1 - o <= rollover_periods]
        elif policy == OveragePolicy.CARRY:
            carried = max(0, spent + carried - month_included)
    rolled = tuple(
        RolledHours(
            months[origin].label,
            seconds,
            f"{clock.add_months(months[origin].start, rollover_periods):%Y-%m}",
        )
        for origin, seconds in chunks
    )
    return carried, rolled


def _used_by_month(
    actor: Actor, engagement_ids: list[int], first: date, end: date
) -> dict[int, dict[str, int]]:
    """Billable client seconds per engagement and month label in [first, end); aggregates
    only, so the client portal may show them, narrowed to the portal actor's own client."""
    entries = TimeEntry.objects.filter(
        practice_id=actor.practice_id,
        engagement_id__in=engagement_ids,
        kind="client",
        billable=True,
        work_date__gte=first,
        work_date__lt=end,
    )
    if not actor.is_staff:
        entries = entries.filter(client_id=actor.client_id or 0)
    rows = (
        entries.values_list("engagement_id", "work_date").annotate(total=Sum("seconds")).order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for engagement_id, work_date, total in rows:
        months = out.setdefault(engagement_id, {})
        label = f"{work_date:%Y-%m}"
        months[label] = months.get(label, 0) + int(total)
    return out


def is_retainer(engagement: Any) -> bool:
    return engagement.pricing_model in RECURRING


def _month_of(
    engagement: Any, month: clock.Period, rules: PlaybookSettings, used: Mapping[str, int]
) -> RetainerMonth:
    included = included_seconds_per_month(engagement, rules)
    months = clock.months_between(min(engagement.start_date, month.start), month.last_day)
    months = [m for m in months if _runs_in(engagement.start_date, engagement.end_date, m)]
    if not months or months[-1].label != month.label:
        months.append(month)
    included_in = {
        m.label: prorated_seconds(included, month_share(engagement, m), rules) for m in months
    }
    carried_in, rolled = month_chain(
        included=included,
        used=used,
        months=months,
        policy=engagement.overage_policy,
        rollover_periods=engagement.rollover_periods,
        included_in=included_in,
    )
    return RetainerMonth(
        engagement_id=engagement.pk,
        client=engagement.client.name,
        role=engagement.role_title,
        month=month,
        policy=engagement.overage_policy,
        rollover_periods=engagement.rollover_periods,
        included=included_in[month.label],
        rolled_in=sum(r.seconds for r in rolled),
        carried_in=carried_in,
        used=used.get(month.label, 0),
        warn_pct=rules.retainer_warn_pct,
        alert_pct=rules.retainer_alert_pct,
        currency=engagement.currency,
        overage_rate=from_minor(engagement.overage_rate_minor, engagement.currency),
        rolled=rolled,
    )


def retainer_months(
    actor: Actor, engagements: list[Any], month: clock.Period, rules: PlaybookSettings
) -> list[RetainerMonth]:
    """Each retainer or equity engagement that runs in ``month`` and includes hours (one query)."""
    history = retainer_history(actor, engagements, [month], rules)
    return [found[0] for found in history.values() if found[0] is not None]


def retainer_history(
    actor: Actor, engagements: list[Any], months: list[clock.Period], rules: PlaybookSettings
) -> dict[int, list[RetainerMonth | None]]:
    """Engagement id → its :class:`RetainerMonth` for each of ``months`` (None where it did
    not run), for every retainer among ``engagements`` that includes hours; one query.
    A portal user gets only its own client's engagements."""
    if not actor.is_staff:
        engagements = [e for e in engagements if e.client_id == actor.client_id]
    chosen = _retainers_in(engagements, months, rules)
    if not chosen:
        return {}
    first = min(e.start_date for e in chosen).replace(day=1)
    last = max(m.end for m in months)
    used = _used_by_month(actor, [e.pk for e in chosen], first, last)
    return {
        e.pk: [
            _month_of(e, m, rules, used.get(e.pk, {}))
            if _runs_in(e.start_date, e.end_date, m)
            else None
            for m in months
        ]
        for e in chosen
    }


def _retainers_in(
    engagements: list[Any], months: list[clock.Period], rules: PlaybookSettings
) -> list[Any]:
    """The retainers among ``engagements`` that include hours and run in one of ``months``."""
    return [
        e
        for e in engagements
        if is_retainer(e)
        and included_seconds_per_month(e, rules) > 0
        and any(_runs_in(e.start_date, e.end_date, m) for m in months)
    ]


@dataclass(frozen=True)
class MonthWork:
    """A month's hours for a set of engagements, read once: the retainers' figures under their
    overage policy, and every engagement's client seconds in the month (billable or not)."""

    retainers: dict[int, RetainerMonth]
    client_seconds: dict[int, int]


def month_work(
    actor: Actor, engagements: list[Any], month: clock.Period, rules: PlaybookSettings
) -> MonthWork:
    """:class:`MonthWork` for ``engagements`` in ``month``, in one query.

    The retainers' earlier months are read too (from their first month), since
    rolled hours and carried overruns come from them.
    """
    actor.require_staff()
    if not engagements:
        return MonthWork({}, {})
    chosen = _retainers_in(engagements, [month], rules)
    first = min([month.start, *(e.start_date.replace(day=1) for e in chosen)])
    rows = (
        TimeEntry.objects.filter(
            practice_id=actor.practice_id,
            engagement_id__in=[e.pk for e in engagements],
            kind="client",
            work_date__gte=first,
            work_date__lt=month.end,
        )
        .filter(Q(work_date__gte=month.start) | Q(engagement_id__in=[e.pk for e in chosen]))
        .values_list("engagement_id", "work_date", "billable")
        .annotate(total=Sum("seconds"))
        .order_by()
    )
    billable: dict[int, dict[str, int]] = {}
    client_seconds: dict[int, int] = {}
    for engagement_id, work_date, is_billable, total in rows:
        if is_billable:
            months = billable.setdefault(engagement_id, {})
            label = f"{work_date:%Y-%m}"
            months[label] = months.get(label, 0) + int(total)
        if work_date >= month.start:
            client_seconds[engagement_id] = client_seconds.get(engagement_id, 0) + int(total)
    retainers = {e.pk: _month_of(e, month, rules, billable.get(e.pk, {})) for e in chosen}
    return MonthWork(retainers, client_seconds)


def retainer_month(
    actor: Actor, engagement: Any, month: clock.Period, rules: PlaybookSettings
) -> RetainerMonth | None:
    """One engagement's month, or None when it is no retainer, includes no hours or is not running."""
    found = retainer_months(actor, [engagement], month, rules)
    return found[0] if found else None


def month_period(text: str | None, today: date) -> clock.Period:
    """A calendar month from 'YYYY-MM', 'month' or 'last-month'; anything else names the field."""
    chosen = clock.parse_period(text or "month", today)
    if chosen != clock.month_of(chosen.start):
        raise ValidationFailed(
            f"period: {text!r} is not a month; use YYYY-MM, month or last-month", field="period"
        )
    return chosen


def retainer_report(actor: Actor, period: str | None) -> tuple[clock.Period, list[RetainerMonth]]:
    """Every retainer running in the month ``period`` names (default: this month)."""
    from fracos.engagements.selectors import engagement_list
    from fracos.practice.selectors import practice_for

    actor.require_staff()
    practice = practice_for(actor)
    month = month_period(period, clock.today(practice.timezone))
    engagements = [e for e in engagement_list(actor) if e.status != "proposed"]
    return month, retainer_months(actor, engagements, month, practice.rules)
