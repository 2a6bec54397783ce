"""The practice's payments: GET /api/v1/payments and `fracos payment list`."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.api.conftest import Api, ApiFor
from tests.datasafe.books import write_books

# write_books's payments, newest first.
ALL = [
    ("2026-11-12", "2026-0004", "Gadget Corp", {"amount": "3999.99", "currency": "USD"}),
    ("2026-11-10", "2026-0002", "Acme Logistics", {"amount": "4000.00", "currency": "EUR"}),
    ("2026-10-15", "2026-0001", "Acme Logistics", {"amount": "8000.00", "currency": "EUR"}),
]


@pytest.fixture
def books(in_practice: Any) -> Any:
    write_books(in_practice)
    return in_practice


def _items(api: Api, **query: Any) -> list[Any]:
    response = api.get("/payments", **query)
    assert response.status_code == 200, response.content
    items: list[Any] = response.json()["items"]
    return items


def _seen(items: list[Any]) -> list[tuple[Any, ...]]:
    return [(i["date"], i["invoice"], i["client"], i["amount"]) for i in items]


def test_it_lists_every_payment_newest_first_with_invoice_and_client(
    books: Any, owner_api: Api
) -> None:
    items = _items(owner_api)
    assert _seen(items) == ALL
    assert {i["client_id"] for i in items} >= {books.acme.pk}
    assert all(i["method"] == "transfer" and i["invoice_id"] for i in items)


def test_it_pages_with_a_cursor(books: Any, owner_api: Api) -> None:
    first = owner_api.get("/payments", limit=2).json()
    assert _seen(first["items"]) == ALL[:2] and first["next_cursor"]
    rest = owner_api.get("/payments", limit=2, cursor=first["next_cursor"]).json()
    assert _seen(rest["items"]) == ALL[2:] and rest["next_cursor"] is None


def test_it_filters_by_date_received_and_client(books: Any, owner_api: Api) -> None:
    assert _seen(_items(owner_api, **{"from": "2026-11-01", "to": "2026-11-10"})) == [ALL[1]]
    assert _seen(_items(owner_api, **{"from": "2026-11-11"})) == [ALL[0]]
    assert _seen(_items(owner_api, client_id=books.acme.pk)) == ALL[1:]


def test_a_backwards_range_is_a_422_naming_to(books: Any, owner_api: Api) -> None:
    response = owner_api.get("/payments", **{"from": "2026-11-30", "to": "2026-11-01"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "to"


def test_a_portal_token_sees_its_clients_payments_only(books: Any, api_for: ApiFor) -> None:
    assert _seen(_items(api_for(books.portal))) == ALL[1:]


def test_an_outsider_sees_none(books: Any, api_for: ApiFor) -> None:
    outsider = api_for(books.outsider)
    assert _items(outsider) == []
    assert _items(outsider, client_id=books.acme.pk) == []


def test_the_command_line_lists_the_same_payments(books: Any, fracos: Any) -> None:
    result = fracos("payment", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["date"], r["invoice"], r["client"], r["amount"], r["currency"]) for r in rows] == [
        (d, n, c, a["amount"], a["currency"]) for d, n, c, a in ALL
    ]
    november = fracos(
        "payment", "list", "--period", "2026-11", "--client", "acme", "--format", "csv"
    )
    assert [r["invoice"] for r in csv.DictReader(io.StringIO(november.stdout))] == ["2026-0002"]
    table = fracos("payment", "list")
    assert table.exit_code == 0 and "2026-0004" in table.stdout


@pytest.mark.parametrize("period", ["someday", "9999-12", "9999-12-31"])
def test_the_command_line_refuses_a_bad_period_in_one_line(
    books: Any, fracos: Any, period: str
) -> None:
    result = fracos("payment", "list", "--period", period)
    assert result.exit_code == 1
    assert "period" in result.stderr and "Traceback" not in result.stderr
