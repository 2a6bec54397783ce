"""Money rounds once, half-up, per currency; the playbook's defaults are settings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fracos.core.errors import Ambiguous, NotFound, ValidationFailed
from fracos.core.matching import pick_by_prefix
from fracos.core.money import Money, from_minor, parse_amount, round_money, to_minor
from fracos.core.playbook import PlaybookSettings


def test_it_rounds_half_up_to_the_currency_minor_unit():
    assert round_money(Decimal("0.005"), "EUR") == Decimal("0.01")
    assert round_money(Decimal("2.675"), "EUR") == Decimal("2.68")
    assert round_money(Decimal("100.5"), "JPY") == Decimal("101")
    assert round_money(Decimal("1.0005"), "BHD") == Decimal("1.001")


def test_minor_units_round_trip_exactly():
    assert to_minor(Decimal("8000"), "EUR") == 800000
    assert from_minor(123456, "EUR") == Decimal("1234.56")
    assert to_minor(Decimal("1500"), "JPY") == 1500


@pytest.mark.parametrize(
    ("text", "value"),
    [("8000", "8000"), ("8,000.50", "8000.50"), ("1 200", "1200"), ("12,5", "12.5")],
)
def test_it_parses_amounts_as_people_type_them(text, value):
    assert parse_amount(text) == Decimal(value)


def test_it_refuses_non_amounts_and_unknown_currencies():
    with pytest.raises(ValidationFailed, match="not an amount"):
        parse_amount("lots")
    with pytest.raises(ValidationFailed, match="unknown currency"):
        Money.of("10", "EURO")


def test_money_of_different_currencies_does_not_mix():
    with pytest.raises(ValidationFailed, match="EUR and USD"):
        _ = Money.of("1", "EUR") + Money.of("1", "USD")


def test_the_playbook_defaults_are_the_operating_model():
    rules = PlaybookSettings()
    assert (rules.min_clients, rules.max_clients) == (2, 4)
    assert rules.working_days_per_year == 250
    assert (rules.premium_min_pct, rules.premium_max_pct) == (40, 60)
    assert (rules.retainer_days_min, rules.retainer_days_max) == (15, 20)
    assert (rules.pilot_weeks_min, rules.pilot_weeks_max) == (4, 8)
    assert (rules.runway_min_months, rules.runway_max_months) == (6, 12)
    assert rules.reminder_days == [-3, 0, 7, 14, 30]


def test_only_changed_settings_are_stored_and_they_are_checked():
    rules = PlaybookSettings().updated({"max_clients": "5", "hours_per_day": "7.5"})
    assert rules.to_stored() == {"max_clients": 5, "hours_per_day": "7.5"}
    assert PlaybookSettings.from_stored(rules.to_stored()) == rules
    with pytest.raises(ValidationFailed, match="min_clients must not exceed max_clients"):
        PlaybookSettings().updated({"min_clients": 6})
    with pytest.raises(ValidationFailed, match="unknown playbook setting"):
        PlaybookSettings().updated({"colour": "blue"})
    with pytest.raises(ValidationFailed, match="not a valid value"):
        PlaybookSettings().updated({"max_clients": "many"})


def test_prefix_matching_prefers_exact_then_unique_then_active():
    items = [(1, "Acme", True), (2, "Acme Labs", True), (3, "Acorn", False)]
    assert pick_by_prefix(items, "acme") == 1
    assert pick_by_prefix(items, "acme l") == 2
    assert pick_by_prefix(items, "aco") == 3
    with pytest.raises(Ambiguous, match="Acme, Acme Labs"):
        pick_by_prefix(items, "ac")
    with pytest.raises(NotFound):
        pick_by_prefix(items, "zeta")
