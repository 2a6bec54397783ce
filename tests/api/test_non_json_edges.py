"""What Django or gunicorn would refuse in HTML is refused in JSON under /api/v1/."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from fracos.api.paging import MAX_CURSOR
from fracos.cli.serve import gunicorn_options
from tests.api.conftest import Api


def error_of(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/json", response.content[:200]
    error: dict[str, Any] = json.loads(response.content)["error"]
    return error


@pytest.mark.parametrize(
    "cursor",
    ["é" * 40, "WyJ€IiwgMV0=", "abc def", "a" * (MAX_CURSOR + 1), "%00"],
    ids=["multibyte", "one-multibyte", "space", "too-long", "nul"],
)
def test_a_cursor_outside_base64s_url_alphabet_is_a_422(owner_api: Api, cursor: str) -> None:
    response = owner_api.get("/clients", cursor=cursor)
    assert response.status_code == 422
    assert error_of(response)["field"] == "cursor"


def test_the_longest_cursor_a_list_hands_out_is_accepted(owner_api: Api) -> None:
    # Names at their longest, of characters JSON escapes as two \\uXXXX each.
    longest = ["\U0001f600" * 199 + end for end in "ab"]
    for name in longest:
        assert owner_api.post("/clients", {"name": name}).status_code == 201
    first = owner_api.get("/clients", limit=3).json()  # Acme, Brightwave, the first of these
    assert first["items"][-1]["name"] == longest[0]
    assert 3000 < len(first["next_cursor"]) <= MAX_CURSOR
    second = owner_api.get("/clients", limit=1, cursor=first["next_cursor"])
    assert second.status_code == 200
    assert second.json()["items"][0]["name"] == longest[1]


def test_the_longest_cursor_fits_gunicorns_request_line(owner_api: Api) -> None:
    options = gunicorn_options(host="127.0.0.1", port=8000, workers=2, threads=2)
    path = f"/api/v1/network-contacts?cursor={'A' * MAX_CURSOR}&limit=500&top=false"
    assert len(f"GET {path} HTTP/1.1") <= options["limit_request_line"] == 8190
    refused = owner_api.http.get(path, HTTP_AUTHORIZATION=f"Bearer {owner_api.token}")
    assert refused.status_code == 422 and error_of(refused)["field"] == "cursor"
    schema = owner_api.http.get("/api/v1/openapi.json").json()
    cursor = next(
        p for p in schema["paths"]["/api/v1/clients"]["get"]["parameters"] if p["name"] == "cursor"
    )
    text = cursor["schema"]["anyOf"][0]
    assert text["pattern"] == "^[A-Za-z0-9_=-]+$" and text["maxLength"] == MAX_CURSOR


def test_a_body_over_the_upload_limit_is_a_json_413(owner_api: Api, settings: Any) -> None:
    from fracos.clients.models import Client as ClientRow

    before = ClientRow.objects.count()
    body = {"name": "Big", "notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = owner_api.http.post(
        "/api/v1/clients",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {owner_api.token}",
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
    assert ClientRow.objects.count() == before


def test_an_unknown_docs_asset_is_a_json_404(owner_api: Api) -> None:
    response = owner_api.http.get("/api/v1/docs/assets/nonexist.js")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert owner_api.http.get("/api/v1/docs/assets/swagger-ui.css").status_code == 200


def test_a_host_this_server_does_not_answer_to_is_a_json_400_under_the_api(
    owner_api: Api,
) -> None:
    stranger = Client(HTTP_HOST="evil.example")
    response = stranger.get("/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {owner_api.token}")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_host" and "evil.example" not in error["message"]
    page = stranger.get("/login/")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_a_path_under_api_outside_v1_is_a_json_404_and_a_web_one_html(cast: Any) -> None:
    response = Client().get("/api/v2/clients")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json_too() -> None:
    from django.test import RequestFactory

    from fracos.urls import server_error

    response = server_error(RequestFactory().get("/api/v1/clients"))
    assert response.status_code == 500 and error_of(response)["code"] == "server_error"
