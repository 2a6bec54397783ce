"""`fracos rate` and `fracos offer compare` through the real entry point."""

from __future__ import annotations

import json

import pytest

from fracos.practice.services import playbook_update


def test_rate_works_before_any_practice_exists_with_the_playbook_defaults(fracos, db):
    result = fracos("rate", "--salary", "150000", "--days-per-week", "2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["day_rate"] == "900.00"
    assert data["day_rate_low"] == "840.00" and data["day_rate_high"] == "960.00"
    assert data["retainer_low"] == "13500.00" and data["retainer_high"] == "18000.00"
    assert data["hourly_rate"] == "112.50"
    assert data["committed_monthly"] == "7800.00"
    assert data["client_saving"] == "101400.00"
    assert data["currency"] == "EUR"


def test_rate_uses_the_practices_own_settings(fracos, in_practice):
    playbook_update(in_practice.owner, {"premium_default_pct": 60, "hours_per_day": "7.5"})
    data = json.loads(fracos("rate", "--salary", "150000", "--format", "json").stdout)
    assert data["day_rate"] == "960.00"  # 600 × 1.6
    assert data["hourly_rate"] == "128.00"  # 960 / 7.5


def test_rate_accepts_a_premium_working_days_and_a_currency(fracos, db):
    result = fracos(
        "rate",
        "--salary",
        "120000",
        "--premium",
        "40%",
        "--days",
        "240",
        "--currency",
        "gbp",
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert (data["day_rate"], data["currency"]) == ("700.00", "GBP")  # 500 × 1.4


def test_rate_shows_a_readable_table_with_the_rule(fracos, db):
    result = fracos("rate", "--salary", "150000", "--days-per-week", "2")
    assert result.exit_code == 0
    assert "900.00 EUR" in result.stdout
    assert "840.00 – 960.00 EUR" in result.stdout
    assert "Day rate = salary ÷ working days × (1 + premium)" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--salary", "-150000"), "salary: -150000 must be a positive"),
        (("--salary", "150000", "--premium", "500%"), "premium: 500% is outside 0–200%"),
        (("--salary", "150000", "--days", "0"), "days: 0 working days a year is not possible"),
        (("--salary", "lots"), "salary: 'lots' is not an amount"),
        (("--salary", "150000", "--currency", "XYZ"), "unknown currency 'XYZ'"),
    ],
)
def test_rate_refuses_bad_input_with_one_clear_line(fracos, db, args, needle):
    result = fracos("rate", *args)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_offer_compare_sets_the_offer_beside_contracted_income(fracos, in_practice):
    result = fracos(
        "offer",
        "compare",
        "--salary",
        "140000",
        "--bonus",
        "15000",
        "--benefits",
        "12000",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["offer"]["total"] == "167000"
    rows = {row["what"]: row for row in data["comparison"]}
    trailing = rows["Trailing 12 months, contracted"]
    assert (trailing["from"], trailing["to"]) == ("2025-11-01", "2026-10-31")
    assert trailing["amount"] == "111200.00"
    assert trailing["offer_minus_this"] == "55800.00"
    assert rows["Next 12 months, contracted (open-ended to notice)"]["amount"] == "20864.51"
    assert rows["Next 12 months, contracted, open-ended continuing"]["amount"] == "158400.00"
    assert data["by_client_next_12_months"] == {
        "Acme Logistics": "12645.16",
        "Brightwave Health": "8219.35",
    }


def test_offer_compare_table_says_the_income_is_contracted(fracos, in_practice):
    result = fracos("offer", "compare", "--salary", "140000")
    assert result.exit_code == 0
    assert "contracted" in result.stdout.lower()
    assert "111200.00" in result.stdout


def test_offer_compare_refuses_a_negative_bonus(fracos, in_practice):
    result = fracos("offer", "compare", "--salary", "140000", "--bonus", "-1")
    assert result.exit_code == 1
    assert "bonus: -1 is negative" in result.stderr


def test_offer_compare_is_refused_to_a_portal_user(fracos, in_practice, monkeypatch):
    monkeypatch.setenv("FRACOS_USER", "portal@acme.example")
    result = fracos("offer", "compare", "--salary", "140000")
    assert result.exit_code == 1
    assert "practice's own members" in result.stderr
