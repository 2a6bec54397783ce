"""The 12-month forecast: contracted income plus the weighted pipeline, against a salary.

Today is 18 Nov 2026. The cast's engagements are open-ended with 30 days' notice,
so they are contracted until 18 Dec: Acme 8000 a month, Brightwave 1200 × 1 day a
week × 52/12 = 5200 a month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core.errors import PermissionDenied
from fracos.insights.forecast import forecast, pipeline_start

D = Decimal


def _opportunity(cast, **values):  # type: ignore[no-untyped-def]
    from fracos.pipeline.services import opportunity_add

    values.setdefault("title", "Fractional CTO")
    return opportunity_add(cast.owner, **values)


def test_contracted_income_respects_the_notice_period(cast) -> None:
    f = forecast(cast.owner)
    assert [m.label for m in f.months][:2] == ["2026-11", "2026-12"] and len(f.months) == 12
    rows = f.by_month("EUR")
    # December: 18 of 31 days. Acme 8000 × 18/31 = 4645.16; Brightwave 5200 × 18/31 = 3019.35
    assert rows[0] == {
        "month": "2026-11",
        "contracted": D("13200.00"),
        "pipeline": D("0"),
        "total": D("13200.00"),
    }
    assert rows[1]["contracted"] == D("7664.51")
    assert all(row["total"] == 0 for row in rows[2:])
    assert f.total("EUR", "contracted") == D("20864.51")


def test_the_pipeline_is_weighted_and_runs_from_its_expected_start(cast) -> None:
    _opportunity(
        cast,
        organisation="Foxtrot",
        monthly_value=D("6000"),
        stage="conversation",  # 25 %: 1500 a month
        expected_start=date(2027, 1, 15),
    )
    f = forecast(cast.owner)
    pipeline = {row["month"]: row["pipeline"] for row in f.by_month("EUR")}
    # From 15 Jan for 6 months (pipeline_engagement_months) to 14 Jul:
    # Jan 1500 × 17/31 = 822.58, Feb–Jun 1500 each, Jul 1500 × 14/31 = 677.42
    assert pipeline["2027-01"] == D("822.58")
    assert [pipeline[f"2027-0{m}"] for m in range(2, 7)] == [D("1500.00")] * 5
    assert pipeline["2027-07"] == D("677.42")
    assert pipeline["2027-08"] == 0
    assert f.total("EUR", "pipeline") == D("9000.00")


def test_an_opportunity_without_a_start_or_with_a_past_one_counts_from_next_month() -> None:
    this_month = date(2026, 11, 1)
    assert pipeline_start(None, this_month) == date(2026, 12, 1)
    assert pipeline_start(date(2026, 10, 3), this_month) == date(2026, 12, 1)
    assert pipeline_start(date(2026, 11, 20), this_month) == date(2026, 11, 20)


def test_the_engagement_length_of_the_pipeline_is_a_setting(cast) -> None:
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"pipeline_engagement_months": "2"})
    _opportunity(cast, organisation="Golf", monthly_value=D("4000"), stage="pilot_proposed")
    f = forecast(cast.owner)
    # 4000 × 40 % = 1600 in December and January only
    assert f.total("EUR", "pipeline") == D("3200.00")


def test_closed_opportunities_are_not_forecast(cast) -> None:
    from fracos.pipeline.services import opportunity_move

    lost = _opportunity(cast, organisation="Hotel", monthly_value=D("4000"), stage="conversation")
    opportunity_move(cast.owner, lost.pk, "lost", reason="went with an agency")
    assert forecast(cast.owner).total("EUR", "pipeline") == 0


def test_each_currency_stands_alone(cast) -> None:
    _opportunity(
        cast, organisation="India Inc", monthly_value=D("10000"), currency="USD", probability=50
    )
    f = forecast(cast.owner)
    assert f.currencies() == ["EUR", "USD"]
    assert f.total("USD") == D("30000.00")  # 5000 a month, December to May
    assert f.total("EUR") == D("20864.51")


def test_the_headline_compares_the_forecast_with_the_full_time_salary(cast) -> None:
    from fracos.practice.services import playbook_update

    f = forecast(cast.owner)
    assert f.headline == (
        "Over the next 12 months you are forecast to earn 20864.51 EUR (20864.51 contracted + "
        "0.00 weighted pipeline); set full_time_salary (fracos practice settings --set "
        "full_time_salary=150000) to compare it with a full-time job."
    )
    playbook_update(cast.owner, {"full_time_salary": "150000"})
    _opportunity(
        cast,
        organisation="Foxtrot",
        monthly_value=D("6000"),
        stage="conversation",
        expected_start=date(2027, 1, 15),
    )
    f = forecast(cast.owner)
    # 20864.51 + 9000.00 = 29864.51 against 150000.00: 120135.49 (80 %) less
    assert f.headline == (
        "Over the next 12 months you are forecast to earn 29864.51 EUR (20864.51 contracted + "
        "9000.00 weighted pipeline): 120135.49 EUR (80%) less than the full-time salary of "
        "150000.00 EUR for the same months."
    )
    assert f.monthly_salary == D("12500.00")


def test_a_portal_user_gets_no_forecast_and_another_practice_sees_none_of_it(cast) -> None:
    with pytest.raises(PermissionDenied):
        forecast(cast.portal)
    assert forecast(cast.outsider).rows == []


@pytest.mark.parametrize("months", [0, 37])
def test_a_forecast_beyond_three_years_or_of_no_months_is_refused(cast, months: int) -> None:
    from fracos.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        forecast(cast.owner, months=months)
    assert refused.value.field == "months"
