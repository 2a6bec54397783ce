"""The month's hours bar: retainers measured as billing measures them, other models as before.

Today is Wed 18 Nov 2026. The retainers here include 12 h a week × 52/12 = 52 h a month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fracos.insights.rates import month_usage
from fracos.practice.selectors import practice_for
from tests.insights.helpers import log_hours

H = 3600


def _retainer(cast, **changes):  # type: ignore[no-untyped-def]
    from fracos.engagements.services import engagement_update

    return engagement_update(
        cast.owner, cast.retainer.pk, days_per_week=None, hours_per_week="12", **changes
    )


def _usage_of(cast, engagement):  # type: ignore[no-untyped-def]
    from fracos.engagements.selectors import engagement_list

    active = engagement_list(cast.owner, status="active")
    items = month_usage(cast.owner, practice_for(cast.owner), active, date(2026, 11, 18))
    return next(item for item in items if item["usage"].engagement.pk == engagement.pk)


def test_a_rollover_retainer_measures_billable_hours_against_its_allowance(cast) -> None:
    engagement = _retainer(
        cast, overage_policy="rollover", rollover_periods="1", start_date=date(2026, 10, 1)
    )
    log_hours(cast.owner, engagement, date(2026, 10, 1), 40)  # 52 − 40 = 12 h roll over
    log_hours(cast.owner, engagement, date(2026, 11, 2), 48)
    log_hours(cast.owner, engagement, date(2026, 11, 10), 8, billable=False)  # not counted
    item = _usage_of(cast, engagement)
    usage = item["usage"]
    # 48 billable h of 52 + 12 = 64 h: 75 %, below the 80 % warning.
    assert (usage.used, usage.included, usage.allowance) == (48 * H, 52 * H, 64 * H)
    assert (usage.percent, usage.level, usage.bar_width) == (75, "ok", 75)
    assert (usage.used_text, usage.allowance_text) == ("48h", "64h")
    assert usage.adjustment_text == "incl. 12h rolled over"
    assert usage.level_text == "within the allowance"
    # The rate divides the fee by the same 48 h: 8000 / 48 = 166.67
    assert item["rate"].amount == Decimal("166.67")


def test_a_carry_retainer_loses_last_months_overrun_from_its_bar(cast) -> None:
    engagement = _retainer(cast, overage_policy="carry", start_date=date(2026, 10, 1))
    log_hours(cast.owner, engagement, date(2026, 10, 1), 60)  # 8 h over 52
    log_hours(cast.owner, engagement, date(2026, 11, 2), 40)
    usage = _usage_of(cast, engagement)["usage"]
    # 40 h of 52 − 8 = 44 h: 90.9 % → 91 %, amber (the included hours alone would say 77 %).
    assert (usage.used, usage.allowance, usage.percent, usage.level) == (40 * H, 44 * H, 91, "warn")
    assert usage.adjustment_text == "8h carried over"
    assert usage.level_text == "at 80% or more of the allowance"


def test_the_bar_takes_the_retainers_level_not_a_second_rule(cast) -> None:
    from fracos.core import clock
    from fracos.practice.selectors import practice_for
    from fracos.timesheets.retainer import retainer_month

    engagement = _retainer(cast, overage_policy="none", start_date=date(2026, 10, 1))
    log_hours(cast.owner, engagement, date(2026, 11, 2), 52)
    log_hours(cast.owner, engagement, date(2026, 11, 12), 1)
    usage = _usage_of(cast, engagement)["usage"]
    hours = retainer_month(
        cast.owner, engagement, clock.month_of(date(2026, 11, 1)), practice_for(cast.owner).rules
    )
    assert hours is not None
    # 53 / 52 = 101.9 % → 102 %, red
    assert (usage.percent, usage.level) == (hours.percent, hours.level) == (102, "alert")
    assert usage.adjustment_text == ""


def test_a_day_rate_engagement_still_counts_all_client_hours_against_its_commitment(cast) -> None:
    log_hours(cast.owner, cast.day_rate, date(2026, 11, 2), 6)
    log_hours(cast.owner, cast.day_rate, date(2026, 11, 3), 2, billable=False)
    item = _usage_of(cast, cast.day_rate)
    usage = item["usage"]
    # 8 h a week × 52/12 = 34 h 40 min; all 8 h count: 8 / 34.67 = 23 %
    assert usage.retainer is None
    assert (usage.used, usage.included, usage.allowance) == (8 * H, 124_800, 124_800)
    assert (usage.percent, usage.level, usage.adjustment_text) == (23, "ok", "")
    assert usage.level_text == "within the included hours"
    # A day rate earns its rate per hour: 1200 / 8 h a day = 150.00
    assert item["rate"].amount == Decimal("150.00")
