"""A retainer that starts or ends mid-month includes that month's share of its hours.

The share is the fee's (days it runs / days in the month, engagements/proration.py),
rounded to the nearest quarter hour. 12 h a week × 52/12 = 52 h a month throughout.
"""

from __future__ import annotations

from datetime import date

import pytest

from fracos.core import clock
from fracos.core.playbook import PlaybookSettings
from fracos.engagements.proration import month_share, prorated_seconds
from fracos.timesheets.retainer import retainer_month
from tests.insights.helpers import log_hours

H = 3600
OCT = clock.month_of(date(2026, 10, 1))
NOV = clock.month_of(date(2026, 11, 1))


def _retainer(cast, **changes):  # type: ignore[no-untyped-def]
    from fracos.engagements.services import engagement_update

    return engagement_update(
        cast.owner, cast.retainer.pk, days_per_week=None, hours_per_week="12", **changes
    )


def _included(cast, month: clock.Period, rules: PlaybookSettings | None = None) -> int:  # type: ignore[no-untyped-def]
    from fracos.engagements.models import Engagement

    engagement = Engagement.objects.get(pk=cast.retainer.pk)
    hours = retainer_month(cast.owner, engagement, month, rules or PlaybookSettings())
    assert hours is not None
    return hours.included


def test_a_retainer_starting_on_the_first_includes_the_whole_month(cast) -> None:
    _retainer(cast, start_date=date(2026, 11, 1))
    assert _included(cast, NOV) == 52 * H


def test_a_retainer_ending_on_the_last_day_includes_the_whole_month(cast) -> None:
    _retainer(cast, end_date=date(2026, 11, 30))
    assert _included(cast, NOV) == 52 * H


def test_a_retainer_starting_mid_month_includes_its_share_to_the_quarter_hour(cast) -> None:
    _retainer(cast, start_date=date(2026, 11, 19))
    # 19–30 November: 52 h × 12/30 = 20.8 h → 20.75 h
    assert _included(cast, NOV) == 20 * H + 45 * 60


def test_a_retainer_ending_mid_month_includes_the_days_up_to_its_end(cast) -> None:
    _retainer(cast, end_date=date(2026, 10, 12))
    # 1–12 October: 52 h × 12/31 = 20.129 h → 20.25 h, the nearest quarter
    assert _included(cast, OCT) == 20 * H + 15 * 60


def test_a_retainer_starting_and_ending_in_one_month_includes_those_days_only(cast) -> None:
    _retainer(cast, start_date=date(2026, 10, 5), end_date=date(2026, 10, 20))
    # 5–20 October: 52 h × 16/31 = 26.839 h → 26.75 h
    assert _included(cast, OCT) == 26 * H + 45 * 60


def test_without_fee_proration_a_partial_month_includes_every_hour(cast) -> None:
    _retainer(cast, start_date=date(2026, 11, 19))
    rules = PlaybookSettings().updated({"prorate_retainers": False})
    assert _included(cast, NOV, rules) == 52 * H


def test_half_a_quarter_hour_rounds_up() -> None:
    class Running:
        start_date = date(2026, 11, 1)
        end_date = date(2026, 11, 15)

    share = month_share(Running, NOV)  # 15 of 30 days: exactly half
    assert prorated_seconds(450 * 2, share, PlaybookSettings()) == 900  # 450 s → 900 s
    assert prorated_seconds(449 * 2, share, PlaybookSettings()) == 0


def test_a_partial_first_month_rolls_only_its_own_share(cast) -> None:
    engagement = _retainer(
        cast, overage_policy="rollover", rollover_periods="1", start_date=date(2026, 10, 19)
    )
    # 19–31 October: 52 h × 13/31 = 21.806 h → 21.75 h, none of it used
    hours = retainer_month(cast.owner, engagement, NOV, PlaybookSettings())
    assert hours is not None
    assert (hours.included, hours.rolled_in) == (52 * H, 21 * H + 45 * 60)


def test_the_overrun_of_a_partial_month_is_measured_against_its_share(cast) -> None:
    engagement = _retainer(
        cast, overage_policy="bill", overage_rate="150", start_date=date(2026, 10, 19)
    )
    log_hours(cast.owner, engagement, date(2026, 10, 19), 24)
    hours = retainer_month(cast.owner, engagement, OCT, PlaybookSettings())
    assert hours is not None
    # 19–31 October includes 21.75 h (see above): 24 h is 2.25 h over, billed at 150
    assert (hours.allowance, hours.used, hours.over) == (21 * H + 45 * 60, 24 * H, 2 * H + 15 * 60)
    assert (hours.level, hours.as_json()["included_hours"]) == ("alert", "21.75")
    assert str(hours.billable_amount) == "337.50"


@pytest.mark.parametrize("role", ["viewer", "leader"])
def test_staff_and_the_clients_portal_user_read_the_prorated_hours(cast, role: str) -> None:
    engagement = _retainer(cast, start_date=date(2026, 11, 19))
    hours = retainer_month(getattr(cast, role), engagement, NOV, PlaybookSettings())
    assert hours is not None and hours.included == 20 * H + 45 * 60
    assert retainer_month(cast.portal, engagement, NOV, PlaybookSettings()) == hours
