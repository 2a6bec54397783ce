"""The API lists' filters: unpaid/overdue invoices as the CLI lists them; a backwards range."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from fracos.core import clock
from tests.api.conftest import Api, ApiFor
from tests.datasafe.books import write_books


@pytest.fixture
def books(in_practice: Any) -> Any:
    write_books(in_practice)
    return in_practice


def _numbers(api: Api, **query: Any) -> list[str]:
    response = api.get("/invoices", **query)
    assert response.status_code == 200, response.content
    return [i["number"] for i in response.json()["items"]]


@pytest.mark.parametrize("which", ["unpaid", "overdue"])
def test_unpaid_and_overdue_are_what_the_command_line_lists(
    books: Any, fracos: Any, owner_api: Api, which: str
) -> None:
    # Early December, when two are past their due date and one is not yet.
    with clock.freeze(datetime(2026, 12, 3, 9, 0, tzinfo=UTC)):
        cli = fracos("invoice", "list", f"--{which}", "--format", "json")
        assert cli.exit_code == 0, cli.stderr
        expected = sorted(r["number"] for r in json.loads(cli.stdout))
        assert expected and sorted(_numbers(owner_api, status=which)) == expected
        if which == "overdue":
            assert "2026-0005" not in expected


def test_unpaid_leaves_out_the_paid_the_credit_notes_and_the_drafts(
    books: Any, owner_api: Api
) -> None:
    unpaid = _numbers(owner_api, status="unpaid")
    assert sorted(unpaid) == ["2026-0002", "2026-0003", "2026-0005"]
    states = {i["state"] for i in owner_api.get("/invoices", status="overdue").json()["items"]}
    assert states <= {"overdue"}


def test_the_stored_statuses_still_filter(books: Any, owner_api: Api) -> None:
    assert "CN-2026-0001" in _numbers(owner_api, status="issued")
    assert _numbers(owner_api, status="credited") == []


def test_an_outsider_sees_none_of_the_practices_unpaid_invoices(
    books: Any, api_for: ApiFor
) -> None:
    assert _numbers(api_for(books.outsider), status="unpaid") == []


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/time-entries", {"from": "2026-11-30", "to": "2026-11-01"}, "to"),
        ("/engagements", {"from": "2026-11-30", "to": "2026-11-01"}, "to"),
        ("/invoices", {"issued_from": "2026-11-30", "issued_to": "2026-11-01"}, "issued_to"),
    ],
)
def test_a_range_that_ends_before_it_starts_is_a_422_naming_the_field(
    owner_api: Api, path: str, query: dict[str, str], field: str
) -> None:
    response = owner_api.get(path, **query)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and "before" in error["message"]


@pytest.mark.parametrize("path", ["/time-entries", "/engagements"])
def test_a_one_day_range_is_fine(owner_api: Api, path: str) -> None:
    assert owner_api.get(path, **{"from": "2026-11-02", "to": "2026-11-02"}).status_code == 200
