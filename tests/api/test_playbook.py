"""The playbook's calculators and routines over the API: the same figures as the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import Api, ApiFor

READS = ("/rate?salary=150000", "/offer-compare?salary=140000")


def _eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


def test_rate_prices_a_role_from_its_salary(owner_api: Api) -> None:
    response = owner_api.get("/rate", salary="150000", premium="50%", days=250, days_per_week="2")
    assert response.status_code == 200, response.content
    data = response.json()
    # 150000 ÷ 250 = 600 a day; × 1.5 = 900; the 40–60 % band gives 840–960.
    assert data["day_rate"] == _eur("900.00")
    assert (data["day_rate_low"], data["day_rate_high"]) == (_eur("840.00"), _eur("960.00"))
    assert data["hourly_rate"] == _eur("112.50")  # 900 ÷ 8 hours
    # 15–20 days a month at 900.
    assert (data["retainer_low"], data["retainer_high"]) == (_eur("13500.00"), _eur("18000.00"))
    assert data["committed_monthly"] == _eur("7800.00")  # 2 × 52/12 × 900
    assert data["committed_annual"] == _eur("93600.00")  # 2 × 52 × 900
    assert data["full_time_cost"] == _eur("195000.00")  # 150000 + 30 % overhead
    assert data["client_saving"] == _eur("101400.00")  # 195000 − 93600
    assert data["client_saving_pct"] == "52.0"
    assert (data["premium_pct"], data["working_days"], data["currency"]) == ("50", 250, "EUR")


def test_rate_leaves_the_commitment_out_without_days_a_week(owner_api: Api) -> None:
    data = owner_api.get("/rate", salary="120000", premium="40", days=240, currency="gbp").json()
    assert data["day_rate"] == {"amount": "700.00", "currency": "GBP"}  # 500 × 1.4
    assert data["days_per_week"] is None
    assert data["committed_monthly"] is None and data["client_saving"] is None


def test_rate_uses_the_practices_own_settings(owner_api: Api, cast: Any) -> None:
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"premium_default_pct": 60, "hours_per_day": "7.5"})
    data = owner_api.get("/rate", salary="150000").json()
    assert data["day_rate"] == _eur("960.00")  # 600 × 1.6
    assert data["hourly_rate"] == _eur("128.00")  # 960 ÷ 7.5


def test_rate_gives_the_same_figures_as_the_command_line(
    owner_api: Api, fracos: Any, in_practice: Any
) -> None:
    args = ("--salary", "150000", "--premium", "50%", "--days-per-week", "2.5")
    cli = json.loads(fracos("rate", *args, "--format", "json").stdout)
    api = owner_api.get("/rate", salary="150000", premium="50%", days_per_week="2.5").json()
    flat = {k: v["amount"] if isinstance(v, dict) else v for k, v in api.items()}
    assert flat == cli


@pytest.mark.parametrize(
    ("query", "field", "needle"),
    [
        ({"salary": "-150000"}, "salary", "salary: -150000 must be a positive"),
        ({"salary": "lots"}, "salary", "salary: 'lots' is not an amount"),
        ({"salary": "150000", "premium": "500%"}, "premium", "premium: 500% is outside 0–200%"),
        ({"salary": "150000", "days": 0}, "days", "days: 0 working days a year"),
        ({"salary": "150000", "days": "many"}, "days", "days"),
        ({"salary": "150000", "days_per_week": "9"}, "days_per_week", "days_per_week: 9"),
        ({"salary": "150000", "currency": "XYZ"}, "currency", "unknown currency 'XYZ'"),
        ({}, "salary", "salary"),
    ],
)
def test_rate_refuses_bad_input_naming_the_field(
    owner_api: Api, query: dict[str, Any], field: str, needle: str
) -> None:
    response = owner_api.get("/rate", **query)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and needle in error["message"]


def test_offer_compare_sets_the_offer_beside_contracted_income(owner_api: Api) -> None:
    response = owner_api.get("/offer-compare", salary="140000", bonus="15000", benefits="12000")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["offer"]["total"] == _eur("167000.00")
    rows = {row["what"]: row for row in data["comparison"]}
    trailing = rows["Trailing 12 months, contracted"]
    assert (trailing["start"], trailing["end"]) == ("2025-11-01", "2026-10-31")
    assert trailing["amount"] == _eur("111200.00")
    assert trailing["offer_minus_this"] == _eur("55800.00")  # 167000 − 111200
    ahead = rows["Next 12 months, contracted (open-ended to notice)"]
    assert ahead["amount"] == _eur("20864.51")
    assert rows["Next 12 months, contracted, open-ended continuing"]["amount"] == _eur("158400.00")
    assert data["by_client_next_12_months"] == [
        {"client": "Acme Logistics", "amount": _eur("12645.16")},
        {"client": "Brightwave Health", "amount": _eur("8219.35")},
    ]
    assert data["other_currencies_left_out"] == []


def test_offer_compare_gives_the_same_figures_as_the_command_line(
    owner_api: Api, fracos: Any, in_practice: Any
) -> None:
    args = ("--salary", "140000", "--bonus", "15000", "--format", "json")
    cli = json.loads(fracos("offer", "compare", *args).stdout)
    api = owner_api.get("/offer-compare", salary="140000", bonus="15000").json()
    assert [r["what"] for r in api["comparison"]] == [r["what"] for r in cli["comparison"]]
    for ours, theirs in zip(api["comparison"], cli["comparison"], strict=True):
        assert (ours["start"], ours["end"]) == (theirs["from"], theirs["to"])
        assert Decimal(ours["amount"]["amount"]) == Decimal(theirs["amount"])
        assert Decimal(ours["offer_minus_this"]["amount"]) == Decimal(theirs["offer_minus_this"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"salary": "140000", "bonus": "-1"}, "bonus"),
        ({"salary": "0"}, "salary"),
        ({"salary": "140000", "benefits": "plenty"}, "benefits"),
    ],
)
def test_offer_compare_refuses_bad_input_naming_the_field(
    owner_api: Api, query: dict[str, Any], field: str
) -> None:
    response = owner_api.get("/offer-compare", **query)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize("path", READS)
def test_the_calculators_need_a_token_and_refuse_a_portal_user(
    api_for: ApiFor, cast: Any, path: str
) -> None:
    assert Client().get(f"/api/v1{path}").status_code == 401
    response = api_for(cast.portal).get(path)
    assert response.status_code == 403
    assert "practice's own members" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", READS)
def test_a_viewer_and_a_read_only_token_may_use_the_calculators(
    api_for: ApiFor, cast: Any, path: str
) -> None:
    assert api_for(cast.viewer).get(path).status_code == 200
    assert api_for(cast.owner, read_only=True).get(path).status_code == 200


def test_an_outsider_compares_against_its_own_practice_only(api_for: ApiFor, cast: Any) -> None:
    data = api_for(cast.outsider).get("/offer-compare", salary="140000").json()
    rows = {row["what"]: row for row in data["comparison"]}
    assert rows["Trailing 12 months, contracted"]["amount"]["amount"] != "111200.00"
    assert data["by_client_next_12_months"] == [] or all(
        r["client"] not in ("Acme Logistics", "Brightwave Health")
        for r in data["by_client_next_12_months"]
    )
