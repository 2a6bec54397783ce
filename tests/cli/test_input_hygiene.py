"""Text and paths that would break invoices, exports or the books: one red line, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fracos.billing.models import Invoice, InvoiceLine
from fracos.clients.models import Client
from fracos.timesheets.models import TimeEntry
from tests.billing.helpers import ready_practice
from tests.cli.test_bad_input import _refused


@pytest.fixture
def billing(in_practice: Any) -> Any:
    ready_practice(in_practice)
    return in_practice


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("client", "add", "Zed", "--currency", ""), "currency: required"),
        (("client", "add", "Zed", "--currency", "  "), "currency: required"),
        (("client", "add", "Zed", "--country", ""), "country: required"),
        (("client", "add", "Newline\nCorp"), "name: contains a line break"),
        (("client", "add", "Bell\u0007Corp"), "U+0007"),
    ],
)
def test_a_client_that_would_break_invoices_later_is_refused(
    fracos: Any, in_practice: Any, args: tuple[str, ...], needle: str
) -> None:
    before = Client.objects.count()
    _refused(fracos(*args), needle)
    assert Client.objects.count() == before


def test_after_a_refused_blank_currency_invoices_still_list_and_export(
    fracos: Any, billing: Any, tmp_path: Path
) -> None:
    fracos("client", "add", "Zed", "--currency", "")
    assert fracos("invoice", "draft", "acme").exit_code == 0
    listed = fracos("invoice", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 1


@pytest.mark.parametrize("note", ["Board\u0002prep", "nul\u0000here", "esc\u001b[31m"])
def test_a_time_note_with_a_control_character_is_refused(
    fracos: Any, in_practice: Any, note: str
) -> None:
    _refused(fracos("log", "acme", "1h", note), "note: contains a control character")
    assert not TimeEntry.objects.exists()


def test_a_line_description_and_a_credit_reason_with_control_characters_are_refused(
    fracos: Any, billing: Any
) -> None:
    draft = int(fracos("invoice", "draft", "acme").stdout.strip())
    added = fracos(
        "invoice", "line", "add", str(draft), "--description", "Line\u0002", "--unit-price", "1"
    )
    _refused(added, "description: contains a control character")
    assert InvoiceLine.objects.filter(invoice_id=draft).count() == 1
    assert fracos("invoice", "issue", str(draft)).exit_code == 0
    credited = fracos("invoice", "credit", "2026-0001", "--reason", "bad\u0010")
    _refused(credited, "reason: contains a control character")
    assert not Invoice.objects.filter(kind="credit_note").exists()


@pytest.fixture
def issued(fracos: Any, billing: Any) -> str:
    draft = int(fracos("invoice", "draft", "acme").stdout.strip())
    # Text an older version let through, written past the services as such rows were.
    InvoiceLine.objects.filter(invoice_id=draft).update(description="Fee\u0002ctrl")
    number = fracos("invoice", "issue", str(draft)).stdout.strip()
    assert number == "2026-0001"
    return number


@pytest.mark.parametrize("kind", ["pdf", "ubl", "facturx"])
def test_writing_a_document_into_a_missing_folder_or_onto_a_folder_is_one_red_line(
    fracos: Any, issued: str, tmp_path: Path, kind: str
) -> None:
    missing = tmp_path / "nonexistent" / "x.pdf"
    _refused(fracos("invoice", kind, issued, "-o", str(missing)), "does not exist")
    _refused(fracos("invoice", kind, issued, "-o", str(tmp_path)), "is a folder")
    assert list(tmp_path.iterdir()) == []


def test_an_issued_invoice_holding_a_control_character_still_writes_its_ubl(
    fracos: Any, issued: str, tmp_path: Path
) -> None:
    out = tmp_path / "x.xml"
    result = fracos("invoice", "ubl", issued, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Fee\ufffdctrl" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["x.xml"]  # no .partial left behind


def test_the_other_practice_cannot_write_this_practices_invoice(
    fracos: Any, issued: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cast: Any
) -> None:
    from fracos.practice.models import Practice

    other = Practice.objects.exclude(pk=cast.practice.pk).get()
    monkeypatch.setenv("FRACOS_PRACTICE", other.slug)
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    _refused(fracos("invoice", "ubl", issued, "-o", str(tmp_path / "x.xml")))
    assert list(tmp_path.iterdir()) == []
