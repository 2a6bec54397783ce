"""The part of a month an engagement runs, and the one rule that prorates by it.

Billing prorates a retainer's fee by it and timesheets prorate the hours the
retainer includes by it, so a partial month's fee and allowance always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fracos.core import clock
from fracos.core.playbook import PlaybookSettings

QUARTER_HOUR = 900


@dataclass(frozen=True)
class MonthShare:
    """The engagement's first and last active day inside ``month`` (clipped to the month)."""

    month: clock.Period
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days_in_month(self) -> int:
        return self.month.days

    @property
    def whole(self) -> bool:
        return self.first == self.month.start and self.last == self.month.last_day


def month_share(engagement: Any, month: clock.Period) -> MonthShare:
    """Where ``engagement`` runs inside ``month``; the caller knows it runs in it at all."""
    first = max(month.start, engagement.start_date)
    end = engagement.end_date
    last = month.last_day if end is None else min(month.last_day, end)
    return MonthShare(month, first, last)


def prorates(share: MonthShare, rules: PlaybookSettings) -> bool:
    """Whether a recurring amount is cut to ``share``: a partial month, and the practice says so."""
    return rules.prorate_retainers and not share.whole


def prorated_seconds(seconds: int, share: MonthShare, rules: PlaybookSettings) -> int:
    """A month's included seconds for the days of ``share``, to the nearest quarter hour.

    The same days/days-in-month share as the fee; a quarter hour is the finest
    step people plan retainer hours in, and half a quarter rounds up.
    """
    if not prorates(share, rules):
        return seconds
    if share.days <= 0:
        return 0
    numerator = 2 * seconds * share.days + QUARTER_HOUR * share.days_in_month
    return numerator // (2 * QUARTER_HOUR * share.days_in_month) * QUARTER_HOUR
