"""`fracos export clients|contacts|engagements|invoices|payments|opportunities|time`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fracos.core.errors import PermissionDenied
from fracos.insights.exports import COLUMNS, KINDS, export_rows
from tests.datasafe.books import write_every_list

OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


@pytest.fixture
def books(in_practice: Any) -> dict[str, Any]:
    return write_every_list(in_practice)


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_exports_as_csv_and_json_with_the_same_records(
    books: Any, fracos: Any, kind: str
) -> None:
    as_csv = fracos("export", kind, "--format", "csv")
    as_json = fracos("export", kind, "--format", "json")
    assert as_csv.exit_code == as_json.exit_code == 0, as_csv.stderr + as_json.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    records = json.loads(as_json.stdout)
    assert rows and len(rows) == len(records)
    assert tuple(rows[0]) == COLUMNS[kind] == tuple(records[0])
    for row, record in zip(rows, records, strict=True):
        assert row["id"] == str(record["id"])


def test_invoice_amounts_are_decimal_strings_beside_their_currency(books: Any, fracos: Any) -> None:
    records = json.loads(fracos("export", "invoices", "--format", "json").stdout)
    figures = {
        r["number"]: (r["currency"], r["net"], r["tax"], r["total"], r["paid"], r["open"])
        for r in records
    }
    assert figures == {
        "2026-0001": ("EUR", "8000.00", "0.00", "8000.00", "8000.00", "0.00"),
        "2026-0002": ("EUR", "8000.00", "1680.00", "9680.00", "4000.00", "4470.00"),
        "2026-0003": ("EUR", "2400.00", "0.00", "2400.00", "0.00", "2400.00"),
        "2026-0004": ("USD", "3999.99", "0.00", "3999.99", "3999.99", "0.00"),
        "2026-0005": ("JPY", "250000", "0", "250000", "0", "250000"),
        "CN-2026-0001": ("EUR", "1000.00", "210.00", "1210.00", "0.00", "0.00"),
    }
    credit = next(r for r in records if r["number"] == "CN-2026-0001")
    assert credit["credits"] == "2026-0002" and credit["kind"] == "credit_note"
    assert OFFSET.match(credit["issued_at"]) and credit["issued_at"].endswith("+01:00")


def test_payments_export_with_their_invoice_client_and_currency(books: Any, fracos: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(fracos("export", "payments").stdout)))
    assert [(r["date"], r["invoice"], r["client"], r["amount"], r["currency"]) for r in rows] == [
        ("2026-10-15", "2026-0001", "Acme Logistics", "8000.00", "EUR"),
        ("2026-11-10", "2026-0002", "Acme Logistics", "4000.00", "EUR"),
        ("2026-11-12", "2026-0004", "Gadget Corp", "3999.99", "USD"),
    ]
    assert all(OFFSET.match(r["created_at"]) for r in rows)


def test_a_period_filters_on_the_lists_own_date(books: Any, fracos: Any) -> None:
    payments = json.loads(
        fracos("export", "payments", "--format", "json", "--period", "2026-11").stdout
    )
    assert [p["amount"] for p in payments] == ["4000.00", "3999.99"]
    invoices = json.loads(
        fracos(
            "export", "invoices", "--format", "json", "--period", "2026-09-01..2026-10-31"
        ).stdout
    )
    assert [i["number"] for i in invoices] == ["2026-0001", "2026-0002"]
    clients = json.loads(fracos("export", "clients", "--format", "json", "--period", "2025").stdout)
    assert clients == []


def test_an_empty_list_still_has_its_header(in_practice: Any, fracos: Any) -> None:
    out = fracos("export", "payments").stdout
    assert out == ",".join(COLUMNS["payments"]) + "\n"
    assert json.loads(fracos("export", "payments", "--format", "json").stdout) == []


def test_engagement_and_opportunity_money_is_a_string_with_currency(
    books: Any, fracos: Any
) -> None:
    engagements = json.loads(fracos("export", "engagements", "--format", "json").stdout)
    retainer = next(e for e in engagements if e["pricing_model"] == "retainer")
    assert (retainer["currency"], retainer["fee"], retainer["days_per_week"]) == (
        "EUR",
        "8000.00",
        "2.0",
    )
    opportunities = json.loads(fracos("export", "opportunities", "--format", "json").stdout)
    assert [(o["monthly_value"], o["currency"]) for o in opportunities] == [("6500.00", "EUR")]
    contacts = json.loads(fracos("export", "contacts", "--format", "json").stdout)
    assert [(c["name"], c["client"], c["role"]) for c in contacts] == [
        ("Ann Peeters", "Acme Logistics", "CFO")
    ]


def test_the_output_file_is_written_whole(books: Any, fracos: Any, tmp_path: Path) -> None:
    target = tmp_path / "clients.json"
    result = fracos("export", "clients", "--format", "json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    names = [c["name"] for c in json.loads(target.read_text())]
    assert names == ["Acme Logistics", "Brightwave Health", "Gadget Corp", "Sakura KK"]
    assert not (tmp_path / "clients.json.partial").exists()


def test_the_outsiders_rows_never_appear(books: Any, in_practice: Any) -> None:
    for kind in KINDS:
        names = {r.get("client") for r in export_rows(in_practice.outsider, kind).rows}
        assert not names & {"Acme Logistics", "Brightwave Health"}, kind
    clients = [r["name"] for r in export_rows(in_practice.outsider, "clients").rows]
    assert clients == ["Foreign Client"]


def test_a_viewer_may_export_and_a_portal_user_may_not(books: Any, in_practice: Any) -> None:
    assert len(list(export_rows(in_practice.viewer, "invoices").rows)) == 6
    with pytest.raises(PermissionDenied):
        export_rows(in_practice.portal, "invoices")


def test_a_bad_period_is_one_red_line_naming_it(books: Any, fracos: Any) -> None:
    result = fracos("export", "invoices", "--period", "someday")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Error: period: 'someday' is not a period; use week, month, quarter, year, all, "
        "YYYY-MM or YYYY-MM-DD..YYYY-MM-DD"
    ]


@pytest.mark.parametrize(
    "args",
    [("export", kind) for kind in KINDS] + [("export", "journal"), ("backup",), ("restore",)],
)
def test_every_data_command_has_help_with_an_example(fracos: Any, args: tuple[str, ...]) -> None:
    helped = fracos(*args, "--help")
    assert helped.exit_code == 0 and "Example: fracos" in helped.stdout, args


def test_an_output_in_a_missing_folder_is_one_red_line(
    in_practice: Any, fracos: Any, tmp_path: Path
) -> None:
    result = fracos("export", "clients", "-o", str(tmp_path / "nowhere" / "c.csv"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: output: the folder {tmp_path / 'nowhere'} does not exist"
    ]
