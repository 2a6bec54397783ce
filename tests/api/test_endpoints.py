"""The API's endpoints do what the command line does, through the same services."""

from __future__ import annotations

import json
from typing import Any

from tests.api.conftest import Api


def test_it_shows_the_practice_of_the_token(owner_api: Api) -> None:
    response = owner_api.get("/practice")
    assert response.status_code == 200
    assert response.json()["name"] == "Peeters Tech Leadership"
    assert response.json()["currency"] == "EUR"
    assert response.json()["logo"] is None


def test_the_practice_names_its_logo_to_any_staff_token(
    owner_api: Api, api_for: Any, cast: Any
) -> None:
    from fracos.practice.services import practice_logo_set
    from tests.core.logos import SVG

    practice_logo_set(cast.owner, SVG)
    expected = {"media_type": "image/svg+xml", "size": len(SVG)}
    assert owner_api.get("/practice").json()["logo"] == expected
    assert api_for(cast.viewer, read_only=True).get("/practice").json()["logo"] == expected
    assert api_for(cast.outsider).get("/practice").json()["logo"] is None


def test_it_lists_creates_updates_and_archives_clients(owner_api: Api, cast: Any) -> None:
    names = [c["name"] for c in owner_api.get("/clients").json()["items"]]
    assert names == ["Acme Logistics", "Brightwave Health"]
    created = owner_api.post("/clients", {"name": "Cobalt Bank", "country": "LU"})
    assert created.status_code == 201
    client_id = created.json()["id"]
    assert created.json()["currency"] == "EUR"
    updated = owner_api.patch(f"/clients/{client_id}", {"industry": "banking"})
    assert updated.json()["industry"] == "banking"
    assert updated.json()["country"] == "LU"
    archived = owner_api.post(f"/clients/{client_id}/archive")
    assert archived.json()["status"] == "archived"
    assert "Cobalt Bank" not in [c["name"] for c in owner_api.get("/clients").json()["items"]]
    everyone = owner_api.get("/clients", include_archived="true").json()["items"]
    assert "Cobalt Bank" in [c["name"] for c in everyone]


def test_it_refuses_a_second_client_with_the_same_name_as_a_conflict(owner_api: Api) -> None:
    response = owner_api.post("/clients", {"name": "acme logistics"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert response.json()["error"]["field"] == "name"


def test_it_adds_and_lists_contacts(owner_api: Api, cast: Any) -> None:
    url = f"/clients/{cast.acme.pk}/contacts"
    created = owner_api.post(url, {"name": "Ann Smet", "email": "ann@acme.example"})
    assert created.status_code == 201
    assert [c["name"] for c in owner_api.get(url).json()["items"]] == ["Ann Smet"]


def test_it_creates_updates_and_ends_an_engagement(owner_api: Api, cast: Any) -> None:
    created = owner_api.post(
        "/engagements",
        {
            "client_id": cast.brightwave.pk,
            "pricing_model": "retainer",
            "role_title": "Fractional CPO",
            "fee": "4500.50",
            "days_per_week": "1",
            "dedicated_days": ["fri", "mon"],
            "start_date": "2026-11-02",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["fee"] == {"amount": "4500.50", "currency": "EUR"}
    assert body["dedicated_days"] == ["mon", "fri"]
    url = f"/engagements/{body['id']}"
    assert owner_api.patch(url, {"fee": "5000"}).json()["fee"]["amount"] == "5000.00"
    ended = owner_api.post(f"{url}/end", {"on": "2026-11-30", "reason": "budget"})
    assert ended.json()["status"] == "ended"
    assert ended.json()["end_date"] == "2026-11-30"
    again = owner_api.post(f"{url}/end", {})
    assert again.status_code == 409


def test_it_logs_time_through_the_ledger_and_pages_through_entries(
    owner_api: Api, cast: Any
) -> None:
    for day in ("2026-11-02", "2026-11-03", "2026-11-09", "2026-11-10"):
        response = owner_api.post(
            "/time-entries",
            {"client": "acme", "duration": "1h30m", "date": day, "tags": ["arch"]},
        )
        assert response.status_code == 201, response.content
    response = owner_api.post(
        "/time-entries", {"kind": "bd", "seconds": 1800, "date": "2026-11-05"}
    )
    assert response.json()["client_id"] is None
    first = owner_api.get("/time-entries", limit=2, **{"from": "2026-11-03"}).json()
    assert [e["date"] for e in first["items"]] == ["2026-11-03", "2026-11-05"]
    second = owner_api.get(
        "/time-entries", limit=2, cursor=first["next_cursor"], **{"from": "2026-11-03"}
    ).json()
    assert [e["date"] for e in second["items"]] == ["2026-11-09", "2026-11-10"]
    assert second["next_cursor"] is None
    assert second["items"][0]["seconds"] == 5400
    assert second["items"][0]["tags"] == ["arch"]
    only_acme = owner_api.get("/time-entries", client=cast.acme.pk, to="2026-11-03").json()
    assert [e["date"] for e in only_acme["items"]] == ["2026-11-02", "2026-11-03"]
    by_engagement = owner_api.get("/time-entries", engagement=cast.day_rate.pk).json()
    assert by_engagement["items"] == []


def test_it_applies_the_ledger_rules_to_time_from_the_api(owner_api: Api) -> None:
    future = owner_api.post(
        "/time-entries", {"client": "acme", "seconds": 60, "date": "2026-11-19"}
    )
    assert future.status_code == 422
    assert future.json()["error"]["field"] == "date"
    before = owner_api.post(
        "/time-entries", {"client": "bright", "seconds": 60, "date": "2026-04-30"}
    )
    assert before.status_code == 409
    both = owner_api.post("/time-entries", {"client": "acme", "seconds": 60, "duration": "1h"})
    assert both.status_code == 422


def test_it_deletes_an_entry_once(owner_api: Api) -> None:
    entry = owner_api.post("/time-entries", {"client": "acme", "duration": "1h"}).json()
    assert owner_api.delete(f"/time-entries/{entry['id']}").status_code == 204
    assert owner_api.delete(f"/time-entries/{entry['id']}").status_code == 404


def test_it_starts_shows_and_stops_the_timer(owner_api: Api, frozen_clock: Any) -> None:
    from datetime import timedelta

    from fracos.core import clock

    assert owner_api.get("/timer").json() == {
        "running": False,
        "started_at": None,
        "elapsed_seconds": None,
        "kind": None,
        "engagement_id": None,
        "client": None,
        "note": None,
    }
    started = owner_api.post("/timer/start", {"client": "acme", "note": "hiring"})
    assert started.status_code == 201
    assert owner_api.post("/timer/start", {"client": "acme"}).status_code == 409
    with clock.freeze(frozen_clock + timedelta(minutes=45)):
        running = owner_api.get("/timer").json()
        assert running["elapsed_seconds"] == 2700
        assert running["started_at"] == "2026-11-18T09:00:00Z"
        stopped = owner_api.post("/timer/stop", {}).json()
    assert stopped["entry"]["seconds"] == 2700
    assert stopped["entry"]["note"] == "hiring"
    assert owner_api.post("/timer/stop", {}).status_code == 404


def test_the_report_is_the_same_json_as_the_command_line(
    owner_api: Api, fracos: Any, in_practice: Any
) -> None:
    owner_api.post("/time-entries", {"client": "acme", "duration": "2h", "date": "2026-11-02"})
    owner_api.post("/time-entries", {"client": "bright", "duration": "3h", "date": "2026-11-12"})
    owner_api.post("/time-entries", {"kind": "admin", "duration": "30m", "date": "2026-11-12"})
    api = owner_api.get("/reports", period="2026-11", by="client").json()
    cli = json.loads(
        fracos("report", "--period", "2026-11", "--by", "client", "--format", "json").stdout
    )
    assert api == cli
    assert api["total_seconds"] == 2 * 3600 + 3 * 3600 + 1800
    assert [row["label"] for row in api["rows"]] == [
        "Brightwave Health",
        "Acme Logistics",
        "Administration",
    ]
    week = owner_api.get("/week", date="2026-11-12").json()
    cli_week = json.loads(fracos("week", "--date", "2026-11-12", "--format", "json").stdout)
    assert week == cli_week


def test_the_docs_page_loads_nothing_from_elsewhere(owner_api: Api) -> None:
    page = owner_api.http.get("/api/v1/docs").content.decode()
    assert "http" not in page
    assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page
    asset = owner_api.http.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert owner_api.http.get("/api/v1/docs/assets/redoc.standalone.js.map").status_code == 404
    schema = owner_api.http.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/time-entries" in schema["paths"]
