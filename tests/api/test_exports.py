"""GET /api/v1/exports/{what}: the files `fracos export` writes, through the API."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, ApiFor
from tests.datasafe.books import write_every_list

LISTS = ("clients", "contacts", "engagements", "invoices", "payments", "opportunities", "time")
EVERY_FILE = (
    *((what, fmt) for what in LISTS for fmt in ("csv", "json")),
    ("time", "toggl-csv"),
    ("journal", "hledger"),
    ("journal", "beancount"),
)


@pytest.fixture
def books(in_practice: Any) -> Any:
    write_every_list(in_practice)
    return in_practice


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("what", "fmt"), EVERY_FILE)
def test_every_file_is_the_bytes_the_command_line_writes(
    books: Any, fracos: Any, owner_api: Api, what: str, fmt: str
) -> None:
    cli = fracos("export", what, "--format", fmt)
    assert cli.exit_code == 0, cli.stderr
    assert _body(owner_api.get(f"/exports/{what}", format=fmt)) == cli.stdout.encode()


def test_it_names_the_file_and_its_media_type(books: Any, owner_api: Api) -> None:
    response = owner_api.get("/exports/invoices", format="json", period="2026-10")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="invoices-2026-10.json"'
    assert b'"2026-0002"' in _body(response) and b"2026-0001" not in _body(
        owner_api.get("/exports/invoices", period="2026-10")
    )
    journal = owner_api.get("/exports/journal", format="beancount", period="2026")
    assert journal["Content-Type"] == "text/plain; charset=utf-8"
    assert journal["Content-Disposition"] == 'attachment; filename="journal-2026.beancount"'
    toggl = owner_api.get("/exports/time", format="toggl-csv")
    assert toggl["Content-Type"] == "text/csv; charset=utf-8"
    assert _body(toggl).startswith(b"User,Email,Client,Project")


def test_a_list_defaults_to_csv_and_the_journal_to_hledger(
    books: Any, fracos: Any, owner_api: Api
) -> None:
    assert _body(owner_api.get("/exports/payments")) == fracos("export", "payments").stdout.encode()
    assert _body(owner_api.get("/exports/journal")) == fracos("export", "journal").stdout.encode()


def test_the_period_filters_as_the_command_line_does(
    books: Any, fracos: Any, owner_api: Api
) -> None:
    cli = fracos("export", "payments", "--period", "2026-11-01..2026-11-11")
    api = _body(owner_api.get("/exports/payments", period="2026-11-01..2026-11-11"))
    assert api == cli.stdout.encode() and api.count(b"\n") == 2


@pytest.mark.parametrize(
    ("path", "query", "status", "field"),
    [
        ("/exports/invoices", {"format": "toggl-csv"}, 422, "format"),
        ("/exports/journal", {"format": "csv"}, 422, "format"),
        ("/exports/time", {"format": "xlsx"}, 422, "format"),
        ("/exports/invoices", {"period": "someday"}, 422, "period"),
        ("/exports/invoices", {"period": "2026-12-01..2026-11-01"}, 422, "period"),
        ("/exports/invoices", {"period": "9999-12"}, 422, "period"),
        ("/exports/time", {"period": "9999-12-31"}, 422, "period"),
        ("/exports/secrets", {}, 404, None),
    ],
)
def test_bad_input_is_a_json_error(
    owner_api: Api, path: str, query: dict[str, str], status: int, field: str | None
) -> None:
    response = owner_api.get(path, **query)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["field"] == field and error["message"]


def test_a_viewer_and_a_read_only_token_may_download(
    books: Any, api_for: ApiFor, owner_api: Api
) -> None:
    owners = _body(owner_api.get("/exports/clients"))
    assert _body(api_for(books.viewer).get("/exports/clients")) == owners
    assert _body(api_for(books.owner, read_only=True, name="ro").get("/exports/clients")) == owners


def test_a_portal_token_is_refused(books: Any, api_for: ApiFor) -> None:
    response = api_for(books.portal).get("/exports/invoices")
    assert response.status_code == 403
    assert response.json()["error"]["code"]


def test_an_outsider_gets_only_its_own_practice(books: Any, api_for: ApiFor) -> None:
    outsider = api_for(books.outsider)
    body = _body(outsider.get("/exports/clients", format="json")).decode()
    assert "Foreign Client" in body and "Acme" not in body
    invoices = _body(outsider.get("/exports/invoices")).decode()
    assert invoices.strip().count("\n") == 0  # the header only


def test_it_needs_a_token(client: Any) -> None:
    assert client.get("/api/v1/exports/clients").status_code == 401


def test_the_command_line_names_a_period_at_the_calendars_edge(
    in_practice: Any, fracos: Any
) -> None:
    result = fracos("export", "invoices", "--period", "9999-12")
    assert result.exit_code == 1
    assert "period" in result.stderr and "Traceback" not in result.stderr
