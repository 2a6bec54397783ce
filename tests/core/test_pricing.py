"""The pricing arithmetic, checked against figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fracos.core.errors import ValidationFailed
from fracos.core.playbook import PlaybookSettings
from fracos.core.pricing import day_rate, monthly_at_days_per_week, parse_percent, quote

D = Decimal


def test_the_day_rate_is_salary_over_working_days_times_one_plus_premium():
    # 150,000 / 250 = 600; × 1.5 = 900
    assert day_rate(D("150000"), 250, D("50"), "EUR") == D("900.00")


def test_a_day_rate_that_does_not_divide_evenly_is_rounded_half_up_to_the_cent():
    # 100,000 / 220 = 454.5454…; × 1.45 = 659.0909… -> 659.09
    assert day_rate(D("100000"), 220, D("45"), "EUR") == D("659.09")
    # 1,000 / 3 × 1 = 333.333… -> 333 yen (no minor unit)
    assert day_rate(D("1000"), 3, D("0"), "JPY") == D("333")


def test_the_quote_uses_the_playbook_defaults():
    q = quote(salary=D("150000"), rules=PlaybookSettings(), currency="EUR", days_per_week=D("2"))
    assert q.day_rate == D("900.00")
    assert (q.day_rate_low, q.day_rate_high) == (D("840.00"), D("960.00"))  # 40 % and 60 %
    assert (q.retainer_low, q.retainer_high) == (D("13500.00"), D("18000.00"))  # 15 and 20 days
    assert q.hourly_rate == D("112.50")  # 900 / 8
    assert q.committed_monthly == D("7800.00")  # 2 × 52/12 × 900
    assert q.committed_annual == D("93600.00")  # 2 × 52 × 900
    assert q.full_time_cost == D("195000.00")  # 150,000 × 1.3
    assert q.client_saving == D("101400.00")
    assert q.client_saving_pct == D("52.0")


def test_the_quote_follows_the_practice_settings():
    rules = PlaybookSettings().updated(
        {
            "premium_min_pct": 30,
            "premium_max_pct": 70,
            "hours_per_day": "7.5",
            "working_days_per_year": 220,
            "retainer_days_min": 10,
        }
    )
    q = quote(salary=D("132000"), rules=rules, currency="GBP", premium_pct=D("50"))
    assert q.day_rate == D("900.00")  # 132,000 / 220 = 600 × 1.5
    assert (q.day_rate_low, q.day_rate_high) == (D("780.00"), D("1020.00"))
    assert q.hourly_rate == D("120.00")  # 900 / 7.5
    assert q.retainer_low == D("9000.00")
    assert q.committed_monthly is None and q.client_saving is None


def test_a_monthly_fee_at_one_and_a_half_days_a_week_is_rounded_once():
    # 1.5 × 52 / 12 × 1,000 = 6,500
    assert monthly_at_days_per_week(D("1000"), D("1.5"), "EUR") == D("6500.00")
    # 1 × 52 / 12 × 1,111 = 4,814.333… -> 4,814.33
    assert monthly_at_days_per_week(D("1111"), D("1"), "EUR") == D("4814.33")


def test_every_figure_of_the_quote_is_a_decimal_string_in_json():
    data = quote(salary=D("150000"), rules=PlaybookSettings(), currency="EUR").as_json()
    assert data["day_rate"] == "900.00"
    assert not any(isinstance(v, float) for v in data.values())


@pytest.mark.parametrize(
    ("kwargs", "field", "needle"),
    [
        ({"salary": D("-150000")}, "salary", "must be a positive"),
        ({"salary": D("0")}, "salary", "must be a positive"),
        ({"premium_pct": D("500")}, "premium", "outside 0–200%"),
        ({"premium_pct": D("-5")}, "premium", "outside"),
        ({"working_days": 0}, "days", "not possible"),
        ({"working_days": 400}, "days", "not possible"),
        ({"days_per_week": D("0")}, "days_per_week", "outside 0–7"),
        ({"days_per_week": D("8")}, "days_per_week", "outside 0–7"),
    ],
)
def test_it_refuses_impossible_pricing_input(kwargs, field, needle):
    values = {"salary": D("150000"), "rules": PlaybookSettings(), "currency": "EUR", **kwargs}
    with pytest.raises(ValidationFailed) as caught:
        quote(**values)
    assert caught.value.field == field
    assert needle in caught.value.message


def test_a_premium_is_read_as_percentage_points():
    assert parse_percent("50%") == D("50")
    assert parse_percent(" 45 ") == D("45")
    with pytest.raises(ValidationFailed):
        parse_percent("lots")
