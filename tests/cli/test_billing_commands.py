"""`fracos invoice …`, `payment add`, `receivables` and `run-due`, through the real entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from fracos.billing.models import Invoice, InvoiceLine, NumberSeries, Payment
from tests.billing.helpers import ready_practice
from tests.cli.test_bad_input import _refused


@pytest.fixture
def billing(in_practice):  # type: ignore[no-untyped-def]
    ready_practice(in_practice)
    return in_practice


def _draft(fracos, *args: str) -> int:  # type: ignore[no-untyped-def]
    result = fracos("invoice", "draft", *args)
    assert result.exit_code == 0, result.stderr
    return int(result.stdout.strip())


def test_a_month_is_drafted_extended_issued_exported_and_paid(fracos, billing, tmp_path: Path):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    added = fracos(
        "invoice", "line", "add", str(draft), "--description", "Train", "--unit-price", "42.80"
    )
    assert added.exit_code == 0, added.stderr
    shown = json.loads(fracos("invoice", "show", str(draft), "--format", "json").stdout)
    assert shown["state"] == "draft" and shown["total"] == "9731.79"  # 8042.80 × 1.21
    assert [line["kind"] for line in shown["lines"]] == ["fee", "expense"]
    issued = fracos("invoice", "issue", str(draft))
    assert (issued.exit_code, issued.stdout.strip()) == (0, "2026-0001")
    for kind in ("pdf", "ubl", "facturx"):
        out = tmp_path / f"out.{kind}"
        result = fracos("invoice", kind, "2026-0001", "-o", str(out))
        assert result.exit_code == 0, result.stderr
    assert b"<cbc:ID>2026-0001</cbc:ID>" in (tmp_path / "out.ubl").read_bytes()
    text = PdfReader(io.BytesIO((tmp_path / "out.pdf").read_bytes())).pages[0].extract_text()
    assert "2026-0001" in text
    paid = fracos("payment", "add", "2026-0001", "5000", "--date", "2026-11-18")
    assert paid.exit_code == 0, paid.stderr
    listed = json.loads(fracos("invoice", "list", "--unpaid", "--format", "json").stdout)
    assert [(i["number"], i["state"], i["open"]) for i in listed] == [
        ("2026-0001", "partly_paid", "4731.79")
    ]
    owed = json.loads(fracos("receivables", "--format", "json").stdout)
    assert owed == [
        {
            "client": "Acme Logistics",
            "currency": "EUR",
            "current": "4731.79",
            "1-30": "0.00",
            "31-60": "0.00",
            "61-90": "0.00",
            "90+": "0.00",
            "total": "4731.79",
        }
    ]
    credited = fracos("invoice", "credit", "2026-0001", "--amount", "100")
    assert (credited.exit_code, credited.stdout.strip()) == (0, "CN-2026-0001")
    sent = fracos("invoice", "send", "2026-0001")
    assert sent.exit_code == 0 and "finance@acme.example" in sent.stdout


def test_a_line_can_be_removed_from_a_draft(fracos, billing):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    line = InvoiceLine.objects.get(invoice_id=draft)
    assert fracos("invoice", "line", "remove", str(draft), str(line.pk)).exit_code == 0
    assert not InvoiceLine.objects.exists()


def test_overdue_lists_only_invoices_past_due(fracos, billing, monkeypatch):
    from datetime import date

    from fracos.billing.services import invoice_draft, invoice_issue
    from tests.billing.helpers import month

    old = invoice_draft(billing.owner, client_id=billing.acme.pk, period=month("2026-09"))
    invoice_issue(billing.owner, invoice_id=old.pk, issue_date=date(2026, 9, 1))
    fresh = invoice_draft(billing.owner, client_id=billing.acme.pk, period=month("2026-11"))
    invoice_issue(billing.owner, invoice_id=fresh.pk)
    rows = json.loads(fracos("invoice", "list", "--overdue", "--format", "json").stdout)
    assert [r["number"] for r in rows] == ["2026-0001"]
    everything = json.loads(
        fracos("invoice", "list", "--client", "acme", "--format", "json").stdout
    )
    assert [r["number"] for r in everything] == ["2026-0002", "2026-0001"]


def test_a_credit_note_by_lines_and_units_on_an_invoice_with_two_vat_rates(fracos, billing):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    fracos(
        "invoice", "line", "add", str(draft), "--description", "Books", "--quantity", "3",
        "--unit-price", "19.99", "--vat-rate", "6",
    )  # fmt: skip
    fracos("invoice", "issue", str(draft))
    fee, books = InvoiceLine.objects.filter(invoice_id=draft).order_by("position")
    credited = fracos("invoice", "credit", "2026-0001", "--line", f"{books.pk}:2")
    assert (credited.exit_code, credited.stdout.strip()) == (0, "CN-2026-0001")
    spread = fracos("invoice", "credit", "2026-0001", "--amount", "100")
    assert spread.exit_code == 0, spread.stderr
    note = Invoice.objects.get(number="CN-2026-0002")
    # 100.00 over what is left: 8000.00 and 19.99, so 99.75 at 21 % and 0.25 at 6 %
    assert [(ln.credited_line_id, ln.unit_price_minor) for ln in note.lines.all()] == [
        (fee.pk, 9975),
        (books.pk, 25),
    ]
    _refused(
        fracos("invoice", "credit", "2026-0001", "--line", f"{books.pk}:1"),
        "more than the 19.74 EUR left",
    )
    _refused(fracos("invoice", "credit", "2026-0001", "--line", "x"), "not a line id")
    assert Invoice.objects.filter(kind="credit_note").count() == 2


def test_run_due_prints_what_it_did(fracos, billing):
    first = json.loads(fracos("run-due", "--today", "2026-12-01", "--format", "json").stdout)
    assert len(first["drafted"]) == 1 and first["problems"] == []
    second = json.loads(fracos("run-due", "--today", "2026-12-01", "--format", "json").stdout)
    assert second["drafted"] == []


# Bad input: one red line, exit 1, nothing written ---------------------------------------


def test_issuing_an_empty_draft_is_refused(fracos, billing):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    InvoiceLine.objects.filter(invoice_id=draft).delete()
    _refused(fracos("invoice", "issue", str(draft)), "has no lines")
    assert Invoice.objects.get(pk=draft).number is None and not NumberSeries.objects.exists()


def test_a_client_without_the_vat_number_reverse_charge_needs_is_refused(fracos, billing):
    fracos("client", "set", "bright", "--vat", "")
    _refused(
        fracos("invoice", "draft", "bright", "--period", "2026-11"),
        "reverse-charge",
        'fracos client set "Brightwave Health" --vat',
    )
    assert not Invoice.objects.exists()


def test_a_payment_larger_than_what_is_open_is_refused(fracos, billing):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    fracos("invoice", "issue", str(draft))
    _refused(fracos("payment", "add", "2026-0001", "9680.01"), "more than the 9680.00 EUR open")
    _refused(fracos("payment", "add", "2026-0001", "lots"), "is not an amount")
    _refused(fracos("payment", "add", "2026-0001", "10", "--date", "2027-01-01"), "future")
    assert not Payment.objects.exists()


def test_a_credit_note_larger_than_the_invoice_is_refused(fracos, billing):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    fracos("invoice", "issue", str(draft))
    _refused(fracos("invoice", "credit", "2026-0001", "--amount", "8000.01"), "left to credit")
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize(
    "args",
    [
        ("invoice", "show", "2026-9999"),
        ("invoice", "pdf", "2099-0001", "-o", "/tmp/never.pdf"),
        ("invoice", "issue", "424242"),
        ("payment", "add", "NOPE", "10"),
        ("invoice", "credit", "2026-0042"),
    ],
)
def test_a_number_that_does_not_exist_is_refused(fracos, billing, args):
    _refused(fracos(*args), "no invoice numbered or with id")
    assert not Invoice.objects.exists() and not Path("/tmp/never.pdf").exists()


def test_changing_an_issued_invoice_is_refused(fracos, billing):
    draft = _draft(fracos, "acme", "--period", "2026-11")
    fracos("invoice", "issue", str(draft))
    line = InvoiceLine.objects.get(invoice_id=draft)
    for args in (
        ("invoice", "line", "add", "2026-0001", "--description", "x", "--unit-price", "1"),
        ("invoice", "line", "remove", "2026-0001", str(line.pk)),
        ("invoice", "delete", "2026-0001"),
    ):
        _refused(fracos(*args), "never change", "fracos invoice credit 2026-0001")
    _refused(fracos("invoice", "issue", "2026-0001"), "already issued as 2026-0001")
    assert InvoiceLine.objects.count() == 1 and Invoice.objects.get().total_minor == 968000


def test_a_period_that_is_not_a_month_is_refused(fracos, billing):
    _refused(fracos("invoice", "draft", "acme", "--period", "2026-Q4"), "calendar month")
    assert not Invoice.objects.exists()


def test_a_viewer_cannot_bill_from_the_command_line(fracos, billing, monkeypatch):
    monkeypatch.setenv("FRACOS_USER", "viewer@example.com")
    _refused(fracos("invoice", "draft", "acme"), "a viewer cannot change anything")
    _refused(fracos("run-due"), "a viewer cannot change anything")
    assert not Invoice.objects.exists()


def test_billing_commands_have_help_with_an_example(fracos, billing):
    for args in (
        ("invoice", "draft"),
        ("invoice", "line", "add"),
        ("invoice", "issue"),
        ("invoice", "list"),
        ("invoice", "credit"),
        ("payment", "add"),
        ("receivables",),
        ("run-due",),
    ):
        helped = fracos(*args, "--help")
        assert helped.exit_code == 0, args
        assert "Example" in helped.stdout, args
