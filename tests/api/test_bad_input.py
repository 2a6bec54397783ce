"""No input gives a 500: unknown ids, huge numbers, bad dates, wrong types, odd text."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api

HUGE = "9" * 30


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/clients/999999", None),
        ("get", f"/clients/{HUGE}", None),
        ("get", "/clients/-1", None),
        ("get", "/clients/abc", None),
        ("get", "/engagements/9223372036854775807", None),
        ("patch", f"/engagements/{HUGE}", {}),
        ("delete", "/time-entries/0", None),
        ("post", "/clients", {"name": 12}),
        ("post", "/clients", {"name": "a\x00b"}),
        ("post", "/clients", {"name": "x" * 201}),
        ("post", "/clients", {"name": "Ok", "payment_terms_days": 10**20}),
        ("post", "/clients", {"name": "Ok", "country": "ZZ"}),
        ("post", "/clients", []),
        ("post", "/engagements", {"client_id": HUGE, "pricing_model": "retainer"}),
        (
            "post",
            "/engagements",
            {"client_id": 1, "pricing_model": "retainer", "role_title": "CTO", "fee": "1e999"},
        ),
        (
            "post",
            "/engagements",
            {"client_id": 1, "pricing_model": "retainer", "role_title": "CTO", "fee": "NaN"},
        ),
        ("post", "/engagements/1/end", {"on": "2026-13-40"}),
        ("post", "/engagements/1/end", {"on": "1900-01-01"}),
        ("post", "/time-entries", {"client": "acme", "seconds": 10**12}),
        ("post", "/time-entries", {"client": "acme", "duration": "forever"}),
        ("post", "/time-entries", {"client": "zzz", "seconds": 60}),
        ("post", "/time-entries", {"client": "acme", "seconds": 60, "date": "0001-01-01"}),
        ("post", "/time-entries", {"engagement_id": HUGE, "seconds": 60}),
        ("post", "/time-entries", {"kind": "holiday", "seconds": 60}),
        ("post", "/timer/start", {"engagement_id": 424242}),
        ("get", "/time-entries?from=yesterday", None),
        ("get", "/time-entries?cursor=%%%", None),
        ("get", "/time-entries?cursor=OTk5OS0xMi0zMXw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", None),
        ("get", "/time-entries?limit=100000", None),
        ("get", f"/time-entries?client={HUGE}", None),
        ("get", "/reports?period=9999-12", None),
        ("get", "/reports?period=9999", None),
        ("get", "/reports?period=someday", None),
        ("get", "/reports?by=colour", None),
        ("get", "/week?date=9999-12-31", None),
        ("get", "/week?date=0001-01-01", None),
    ],
)
def test_it_answers_bad_input_with_a_4xx_and_a_json_error(
    owner_api: Api, method: str, path: str, body: Any
) -> None:
    if method in ("get", "delete"):
        response = getattr(owner_api.http, method)(
            f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {owner_api.token}"
        )
    else:
        response = owner_api.call(method, path, body)
    assert 400 <= response.status_code < 500, (response.status_code, response.content)
    error = response.json()["error"]
    assert error["code"]
    assert error["message"]


def test_another_practices_ids_are_not_found(owner_api: Api, cast: Any) -> None:
    foreign = cast.foreign_client.pk
    assert owner_api.get(f"/clients/{foreign}").status_code == 404
    assert owner_api.get(f"/clients/{foreign}/contacts").status_code == 404
    body = owner_api.post(
        "/engagements",
        {"client_id": foreign, "pricing_model": "day_rate", "role_title": "CTO", "day_rate": "1"},
    )
    assert body.status_code == 404
    assert body.json()["error"]["field"] == "client"


def test_nobody_can_revoke_someone_elses_token(owner_api: Api, cast: Any) -> None:
    from fracos.core.errors import NotFound
    from fracos.practice.services import token_revoke

    with pytest.raises(NotFound):
        token_revoke(cast.outsider, "test")
    with pytest.raises(NotFound):
        token_revoke(cast.leader, "1")
    assert owner_api.get("/clients").status_code == 200
