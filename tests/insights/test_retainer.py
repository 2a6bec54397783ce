"""Retainer hours under each overage policy, against hand-computed figures (today: 18 Nov 2026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core import clock
from fracos.core.playbook import PlaybookSettings
from fracos.timesheets.retainer import month_chain, retainer_month
from tests.insights.helpers import log_hours

H = 3600
NOV = clock.month_of(date(2026, 11, 1))


def _months(*labels: str) -> list[clock.Period]:
    return [clock.month_of(date.fromisoformat(f"{label}-01")) for label in labels]


def _retainer(cast, **changes):  # type: ignore[no-untyped-def]
    from fracos.engagements.services import engagement_update

    # 12 h a week × 52/12 = 52 h a month: round figures to check by hand.
    return engagement_update(
        cast.owner, cast.retainer.pk, days_per_week=None, hours_per_week="12", **changes
    )


def test_unused_hours_roll_over_oldest_first_and_expire_after_the_periods() -> None:
    # 10 h a month. Aug uses 4 (6 left); Sep uses 12: the 6 from Aug first, then 6 of its
    # own (4 left); Oct uses nothing (10 left). November may use Sep's 4 and Oct's 10.
    used = {"2026-08": 4 * H, "2026-09": 12 * H, "2026-10": 0}
    months = _months("2026-08", "2026-09", "2026-10", "2026-11")
    carried, rolled = month_chain(
        included=10 * H, used=used, months=months, policy="rollover", rollover_periods=2
    )
    assert carried == 0
    assert [(r.month, r.seconds, r.expires_after) for r in rolled] == [
        ("2026-09", 4 * H, "2026-11"),
        ("2026-10", 10 * H, "2026-12"),
    ]
    # With one period, September's hours expire at the end of October.
    _, rolled = month_chain(
        included=10 * H, used=used, months=months, policy="rollover", rollover_periods=1
    )
    assert [(r.month, r.seconds) for r in rolled] == [("2026-10", 10 * H)]


def test_an_overrun_carries_into_the_next_months_allowance_until_it_is_absorbed() -> None:
    # 10 h a month. Aug 13 h → 3 over; Sep 15 h + 3 owed → 8 over; Oct 5 h + 8 → 3 over.
    used = {"2026-08": 13 * H, "2026-09": 15 * H, "2026-10": 5 * H}
    months = _months("2026-08", "2026-09", "2026-10", "2026-11")
    carried, rolled = month_chain(
        included=10 * H, used=used, months=months, policy="carry", rollover_periods=1
    )
    assert (carried, rolled) == (3 * H, ())


@pytest.mark.parametrize("policy", ["none", "bill"])
def test_other_policies_neither_roll_nor_carry(policy: str) -> None:
    used = {"2026-09": 1 * H, "2026-10": 30 * H}
    carried, rolled = month_chain(
        included=10 * H,
        used=used,
        months=_months("2026-09", "2026-10", "2026-11"),
        policy=policy,
        rollover_periods=3,
    )
    assert (carried, rolled) == (0, ())


def test_a_rollover_retainer_adds_last_months_unused_hours_to_this_month(cast) -> None:
    # Starting in October: no earlier unused months whose hours October would use first.
    engagement = _retainer(
        cast, overage_policy="rollover", rollover_periods="1", start_date=date(2026, 10, 1)
    )
    log_hours(cast.owner, engagement, date(2026, 10, 1), 40)  # 52 − 40 = 12 h unused
    log_hours(cast.owner, engagement, date(2026, 11, 2), 60)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None
    assert (hours.included, hours.rolled_in, hours.carried_in) == (52 * H, 12 * H, 0)
    assert (hours.allowance, hours.used, hours.remaining, hours.over) == (64 * H, 60 * H, 4 * H, 0)
    # 60 / 64 = 93.75 % → 94 %: amber from 80 %
    assert (hours.percent, hours.level) == (94, "warn")
    assert hours.billable_seconds == 0


def test_a_month_uses_hours_rolled_from_before_its_own(cast) -> None:
    # From January: September's 52 h roll into October, whose 40 h come out of them first;
    # September's other 12 h expire, and October's own 52 h roll into November.
    engagement = _retainer(cast, overage_policy="rollover", rollover_periods="1")
    log_hours(cast.owner, engagement, date(2026, 10, 1), 40)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None
    assert [(r.month, r.seconds) for r in hours.rolled] == [("2026-10", 52 * H)]


def test_a_carry_retainer_loses_last_months_overrun_from_this_month(cast) -> None:
    engagement = _retainer(cast, overage_policy="carry")
    log_hours(cast.owner, engagement, date(2026, 10, 1), 60)  # 8 h over 52
    log_hours(cast.owner, engagement, date(2026, 11, 2), 40)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None
    assert (hours.carried_in, hours.allowance, hours.remaining) == (8 * H, 44 * H, 4 * H)
    # 40 / 44 = 90.9 % → 91 %
    assert (hours.percent, hours.level) == (91, "warn")


def test_a_bill_retainer_bills_the_hours_over_at_the_overage_rate(cast) -> None:
    engagement = _retainer(cast, overage_policy="bill", overage_rate="150")
    log_hours(cast.owner, engagement, date(2026, 11, 2), 56)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None
    assert (hours.over, hours.level, hours.percent) == (4 * H, "alert", 108)  # 56/52 = 107.7 %
    assert hours.billable_hours == Decimal("4.00")
    assert hours.billable_amount == Decimal("600.00")  # 4 h × 150 EUR
    assert hours.as_json()["billable_amount"] == "600.00"


def test_a_none_retainer_reports_the_overrun_without_billing_it(cast) -> None:
    engagement = _retainer(cast)
    log_hours(cast.owner, engagement, date(2026, 11, 2), 56)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None
    assert (hours.over, hours.billable_seconds, hours.billable_amount) == (4 * H, 0, Decimal("0"))


def test_exactly_the_allowance_is_amber_and_one_minute_more_is_red(cast) -> None:
    from fracos.timesheets.services import time_log

    engagement = _retainer(cast)
    log_hours(cast.owner, engagement, date(2026, 11, 2), 52)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None and (hours.percent, hours.level) == (100, "warn")
    time_log(cast.owner, seconds=60, engagement_id=engagement.pk, work_date=date(2026, 11, 18))
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None and (hours.percent, hours.level) == (100, "alert")


def test_non_billable_time_does_not_use_the_allowance(cast) -> None:
    engagement = _retainer(cast)
    log_hours(cast.owner, engagement, date(2026, 11, 2), 10)
    log_hours(cast.owner, engagement, date(2026, 11, 9), 6, billable=False)
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None and hours.used == 10 * H


def test_days_per_week_count_at_the_practices_hours_per_day(cast) -> None:
    # 2 days × 7 h × 52/12 = 60 h 40 min = 218,400 s
    rules = PlaybookSettings().updated({"hours_per_day": "7"})
    hours = retainer_month(cast.owner, cast.retainer, NOV, rules)
    assert hours is not None and hours.included == 218_400


def test_a_day_rate_engagement_has_no_retainer_hours(cast) -> None:
    assert retainer_month(cast.owner, cast.day_rate, NOV, PlaybookSettings()) is None


def test_a_portal_user_reads_its_own_clients_hours_and_no_one_elses(cast) -> None:
    """The portal shows a retainer's month as billing counts it; aggregates only, and a
    portal user's reads are narrowed to its own client whatever engagement it names."""
    from fracos.practice.selectors import actor_for_member
    from fracos.practice.services import member_add

    log_hours(cast.owner, cast.retainer, date(2026, 11, 2), 12)
    own = retainer_month(cast.portal, cast.retainer, NOV, PlaybookSettings())
    assert own is not None and own.used == 12 * 3600
    assert own == retainer_month(cast.owner, cast.retainer, NOV, PlaybookSettings())
    bright = actor_for_member(
        member_add(
            cast.owner,
            email="portal@brightwave.example",
            role="portal",
            password="bright-pass-123",
            client_id=cast.brightwave.pk,
        )
    )
    assert retainer_month(bright, cast.retainer, NOV, PlaybookSettings()) is None
