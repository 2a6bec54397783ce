"""Contracted income per month and client, from the engagements' terms (today: 2026-11-18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core import clock
from fracos.core.errors import PermissionDenied
from fracos.engagements.services import MilestoneSpec, engagement_add, engagement_end
from fracos.insights.income import Terms, contracted_income, schedule, trailing_and_next

D = Decimal


def _months(first: date, n: int) -> list[clock.Period]:
    return [clock.month_of(clock.add_months(first, i)) for i in range(n)]


def test_trailing_twelve_months_count_every_month_each_engagement_ran(cast):
    trailing, _, _ = trailing_and_next(cast.owner)
    assert (trailing.start, trailing.last_day) == (date(2025, 11, 1), date(2026, 10, 31))
    by_client = trailing.by_client("EUR")
    # Retainer Jan–Oct: 10 × 8,000; day rate 1 day a week (8 h ÷ 8 h) × 52/12 × 1,200 = 5,200 × 6
    assert by_client == {"Acme Logistics": D("80000.00"), "Brightwave Health": D("31200.00")}
    assert trailing.total("EUR") == D("111200.00")
    assert trailing.by_month("EUR")["2026-05"] == D("13200.00")
    assert trailing.by_month("EUR")["2025-12"] == D("0")


def test_open_ended_engagements_are_contracted_only_to_the_end_of_their_notice(cast):
    _, ahead, continuing = trailing_and_next(cast.owner)
    # Notice 30 days from 18 Nov: contracted to 18 Dec, i.e. 18 of December's 31 days.
    rows = {(r.month, r.client): r.amount for r in ahead.rows}
    assert rows == {
        ("2026-11", "Acme Logistics"): D("8000.00"),
        ("2026-11", "Brightwave Health"): D("5200.00"),
        ("2026-12", "Acme Logistics"): D("4645.16"),  # 8,000 × 18/31
        ("2026-12", "Brightwave Health"): D("3019.35"),  # 5,200 × 18/31
    }
    assert ahead.total("EUR") == D("20864.51")
    assert continuing.total("EUR") == D("158400.00")  # 12 × 8,000 + 12 × 5,200


def test_an_agreed_end_date_stops_the_income_and_notice_does_not_extend_it(cast):
    engagement_end(cast.owner, cast.retainer.pk, on=date(2026, 11, 15))
    income = contracted_income(cast.owner, first_month=date(2026, 11, 1), months=2)
    acme = [r for r in income.rows if r.client == "Acme Logistics"]
    assert [(r.month, r.amount) for r in acme] == [("2026-11", D("4000.00"))]  # 15 of 30 days


def test_a_pilot_fee_is_spread_over_its_weeks(cast):
    engagement_add(
        cast.owner,
        client_id=cast.acme.pk,
        role_title="Assessment",
        pricing_model="pilot",
        fee=D("6000"),
        pilot_weeks=6,
        start_date=date(2026, 11, 23),
    )
    income = contracted_income(cast.owner, first_month=date(2026, 11, 1), months=3)
    pilot = {r.month: r.amount for r in income.rows if r.pricing_model == "pilot"}
    # 42 days from 23 Nov to 3 Jan: 8 in November, 31 in December, 3 in January.
    assert pilot == {"2026-11": D("1142.86"), "2026-12": D("4428.57"), "2027-01": D("428.57")}


def test_project_milestones_fall_in_the_month_they_are_due(cast):
    engagement_add(
        cast.owner,
        client_id=cast.brightwave.pk,
        role_title="Platform audit",
        pricing_model="project",
        fee=D("15000"),
        start_date=date(2026, 11, 1),
        end_date=date(2027, 2, 28),
        milestones=[
            MilestoneSpec("Assessment", D("5000"), date(2026, 12, 15)),
            MilestoneSpec("Roadmap", D("10000"), date(2027, 2, 28)),
        ],
    )
    income = contracted_income(cast.owner, first_month=date(2026, 11, 1), months=4)
    project = {r.month: r.amount for r in income.rows if r.pricing_model == "project"}
    assert project == {"2026-12": D("5000.00"), "2027-02": D("10000.00")}


def test_a_project_without_milestones_spreads_its_fee_over_its_span():
    terms = Terms(
        engagement_id=1,
        client_id=1,
        client="X",
        pricing_model="project",
        status="active",
        currency="EUR",
        fee=D("9000"),
        day_rate=D(0),
        hours_per_week=None,
        days_per_week=None,
        start=date(2027, 1, 1),
        end=date(2027, 3, 31),
        notice_days=30,
    )
    months = _months(date(2027, 1, 1), 3)
    # 90 days: 31, 28 and 31 of them
    assert schedule(terms, months, hours_per_day=D(8), open_ended_until=None) == {
        "2027-01": D("3100.00"),
        "2027-02": D("2800.00"),
        "2027-03": D("3100.00"),
    }


def test_a_proposed_engagement_is_not_contracted():
    terms = Terms(
        engagement_id=1,
        client_id=1,
        client="X",
        pricing_model="retainer",
        status="proposed",
        currency="EUR",
        fee=D("5000"),
        day_rate=D(0),
        hours_per_week=None,
        days_per_week=None,
        start=date(2027, 1, 1),
        end=None,
        notice_days=30,
    )
    assert (
        schedule(terms, _months(date(2027, 1, 1), 2), hours_per_day=D(8), open_ended_until=None)
        == {}
    )


def test_an_outsider_sees_none_of_the_practices_income(cast):
    income = contracted_income(cast.outsider, first_month=date(2026, 1, 1))
    assert income.rows == []


def test_a_portal_user_cannot_read_the_practices_income(cast):
    with pytest.raises(PermissionDenied):
        contracted_income(cast.portal, first_month=date(2026, 1, 1))


def test_a_viewer_may_read_the_income(cast):
    assert contracted_income(cast.viewer, first_month=date(2026, 1, 1)).total("EUR") > 0
