"""GET /health, /forecast and /retainers: typed, amounts as strings, one practice's data only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import Api, ApiFor
from tests.insights.helpers import log_hours


@pytest.mark.parametrize("path", ["/health", "/forecast", "/retainers"])
def test_it_refuses_a_request_without_a_token(cast: Any, path: str) -> None:
    response = Client().get(f"/api/v1{path}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("path", ["/health", "/forecast", "/retainers"])
def test_a_portal_token_is_refused(api_for: ApiFor, cast: Any, path: str) -> None:
    response = api_for(cast.portal).get(path)
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/health", "/forecast", "/retainers"])
def test_a_viewer_and_a_read_only_token_may_read(api_for: ApiFor, cast: Any, path: str) -> None:
    assert api_for(cast.viewer).get(path).status_code == 200
    assert api_for(cast.owner, read_only=True, name="ro").get(path).status_code == 200


def test_health_gives_each_check_with_its_rule(owner_api: Api, cast: Any) -> None:
    data = owner_api.get("/health").json()
    assert data["status"] == "alert"
    clients = data["checks"][0]
    assert clients["key"] == "clients" and clients["status"] == "ok"
    assert clients["rule"] == "2–4 clients is the sustainable range; you have 2."
    assert clients["details"] == ["Acme Logistics", "Brightwave Health"]


def test_forecast_amounts_are_strings_with_a_currency(owner_api: Api) -> None:
    data = owner_api.get("/forecast", months=2).json()
    assert data["months"] == ["2026-11", "2026-12"]
    assert data["totals"] == [
        {
            "currency": "EUR",
            "contracted": {"amount": "20864.51", "currency": "EUR"},
            "pipeline": {"amount": "0.00", "currency": "EUR"},
            "total": {"amount": "20864.51", "currency": "EUR"},
        }
    ]
    assert data["by_month"][1]["contracted"] == {"amount": "7664.51", "currency": "EUR"}
    assert data["full_time_salary"] == {"amount": "0.00", "currency": "EUR"}


def test_forecast_refuses_months_out_of_range(owner_api: Api) -> None:
    response = owner_api.get("/forecast", months=40)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "months"


def test_retainers_give_the_months_hours_in_seconds(owner_api: Api, cast: Any) -> None:
    log_hours(cast.owner, cast.retainer, date(2026, 10, 1), 72)
    (row,) = owner_api.get("/retainers", period="2026-10").json()
    # 2 days × 8 h × 52/12 = 69h20m = 249,600 s; 72 h = 259,200 s; policy none: not billed
    assert (row["included_seconds"], row["used_seconds"], row["over_seconds"]) == (
        249_600,
        259_200,
        9_600,
    )
    assert (row["percent"], row["level"], row["policy"]) == (104, "alert", "none")
    assert row["billable_amount"] == {"amount": "0.00", "currency": "EUR"}


def test_retainers_refuse_a_period_that_is_not_a_month(owner_api: Api) -> None:
    response = owner_api.get("/retainers", period="2026")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "period"


def test_another_practices_data_never_appears(api_for: ApiFor, cast: Any) -> None:
    log_hours(cast.owner, cast.retainer, date(2026, 11, 2), 10)
    outsider = api_for(cast.outsider)
    assert outsider.get("/retainers").json() == []
    assert outsider.get("/forecast").json()["rows"] == []
    health = outsider.get("/health").json()
    assert "Acme" not in str(health) and "Brightwave" not in str(health)
    assert health["checks"][0]["figure"] == "0 active clients"


def test_retainers_show_where_rolled_hours_come_from(owner_api: Api, cast: Any) -> None:
    from fracos.engagements.services import engagement_update

    engagement = engagement_update(
        cast.owner,
        cast.retainer.pk,
        overage_policy="rollover",
        rollover_periods="2",
        start_date=date(2026, 10, 1),
    )
    log_hours(cast.owner, engagement, date(2026, 10, 1), 40)  # 29h20m of 69h20m unused
    (row,) = owner_api.get("/retainers", period="2026-11").json()
    assert row["rolled"] == [
        {"from_month": "2026-10", "seconds": 249_600 - 144_000, "expires_after": "2026-12"}
    ]
    assert row["allowance_seconds"] == 249_600 + 105_600
