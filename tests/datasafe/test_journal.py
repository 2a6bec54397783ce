"""`fracos export journal`: the books as hledger and Beancount journals those tools accept."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fracos.core.errors import PermissionDenied
from tests.datasafe.books import write_books
from tests.datasafe.tools import run, tool

D = Decimal

# By hand from the books (see books.py): every account, every currency.
BALANCES = {
    ("Assets:Bank", "EUR"): D("12000.00"),  # 8000 + 4000
    ("Assets:Bank", "USD"): D("3999.99"),
    ("Assets:Receivable:Acme-Logistics", "EUR"): D("4470.00"),  # 8000-8000+9680-4000-1210
    ("Income:Fees:Acme-Logistics", "EUR"): D("-15000.00"),  # -8000-8000+1000
    ("Liabilities:VAT:Payable", "EUR"): D("-1470.00"),  # -1680+210
    ("Assets:Receivable:Brightwave-Health", "EUR"): D("2400.00"),
    ("Income:Fees:Brightwave-Health", "EUR"): D("-2400.00"),
    ("Assets:Receivable:Gadget-Corp", "USD"): D("0.00"),
    ("Income:Fees:Gadget-Corp", "USD"): D("-3999.99"),
    ("Assets:Receivable:Sakura-KK", "JPY"): D("250000"),
    ("Income:Fees:Sakura-KK", "JPY"): D("-250000"),
}


@pytest.fixture
def books(in_practice: Any) -> dict[str, Any]:
    return write_books(in_practice)


def _journal(fracos: Any, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"books.{fmt}"
    result = fracos("export", "journal", "--format", fmt, "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_balances_per_account_are_the_sums_by_hand(books: Any, in_practice: Any) -> None:
    from fracos.insights.journal import journal_of

    journal = journal_of(in_practice.owner)
    assert journal.balances() == BALANCES
    assert all(sum(p.amount for p in e.postings) == 0 for e in journal.entries)


def test_hledger_accepts_the_journal_strictly_and_agrees_on_every_balance(
    books: Any, fracos: Any, tmp_path: Path
) -> None:
    hledger = tool("hledger")
    path = _journal(fracos, tmp_path, "hledger")
    checked = run(hledger, "-f", str(path), "check", "--strict")
    assert checked.returncode == 0, checked.stderr
    balances = run(hledger, "-f", str(path), "balance", "--flat", "--no-total", "-O", "csv")
    assert balances.returncode == 0, balances.stderr
    found = {}
    for line in balances.stdout.splitlines()[1:]:
        account, amounts = (cell.strip('"') for cell in line.split('","'))
        for amount in amounts.split(", "):
            value, currency = amount.split(" ")
            found[(account, currency)] = D(value)
    assert found == {key: value for key, value in BALANCES.items() if value}


def test_bean_check_accepts_the_journal_and_the_balances_agree(
    books: Any, fracos: Any, tmp_path: Path
) -> None:
    bean_check = tool("bean-check")
    path = _journal(fracos, tmp_path, "beancount")
    checked = run(bean_check, str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    from beancount import loader
    from beancount.core import realization

    entries, errors, _options = loader.load_file(str(path))
    assert errors == []
    tree = realization.realize(entries)
    found = {}
    for account, _ in BALANCES:
        for position in realization.get(tree, account).balance:
            found[(account, position.units.currency)] = position.units.number
    assert found == {key: value for key, value in BALANCES.items() if value}


def test_one_commodity_per_currency_with_its_decimal_places_and_every_account_declared(
    books: Any, fracos: Any, tmp_path: Path
) -> None:
    text = _journal(fracos, tmp_path, "hledger").read_text()
    assert re.findall(r"^commodity (.+)$", text, re.M) == [
        "1000.00 EUR",
        "1000. JPY",
        "1000.00 USD",
    ]
    declared = set(re.findall(r"^account (\S+)$", text, re.M))
    assert declared == {account for account, _ in BALANCES}
    assert "    Assets:Receivable:Sakura-KK  250000 JPY" in text
    bean = _journal(fracos, tmp_path, "beancount").read_text()
    assert 'option "operating_currency" "EUR"' in bean
    assert set(re.findall(r"^\d{4}-\d\d-\d\d commodity (\S+)$", bean, re.M)) == {
        "EUR",
        "JPY",
        "USD",
    }
    assert set(re.findall(r"^\d{4}-\d\d-\d\d open (\S+)$", bean, re.M)) == declared


def test_untaxed_invoices_have_no_vat_posting_and_a_credit_note_reverses(
    books: Any, fracos: Any, tmp_path: Path
) -> None:
    text = _journal(fracos, tmp_path, "hledger").read_text()
    blocks = {b.splitlines()[0]: b for b in text.split("\n\n") if b[:4].isdigit()}
    assert blocks["2026-09-30 * Acme Logistics | Invoice 2026-0001"].splitlines()[1:] == [
        "    Assets:Receivable:Acme-Logistics  8000.00 EUR",
        "    Income:Fees:Acme-Logistics  -8000.00 EUR",
    ]
    assert "VAT" not in blocks["2026-11-02 * Brightwave Health | Invoice 2026-0003"]
    credit = "2026-11-18 * Acme Logistics | Credit note CN-2026-0001 (credits 2026-0002)"
    assert blocks[credit].splitlines()[1:] == [
        "    Assets:Receivable:Acme-Logistics  -1210.00 EUR",
        "    Income:Fees:Acme-Logistics  1000.00 EUR",
        "    Liabilities:VAT:Payable  210.00 EUR",
    ]


def test_a_period_keeps_only_its_documents_and_payments(
    books: Any, fracos: Any, tmp_path: Path
) -> None:
    text = _journal(fracos, tmp_path, "hledger", "--period", "2026-10").read_text()
    titles = [line for line in text.splitlines() if line[:4].isdigit()]
    assert titles == [
        "2026-10-15 * Acme Logistics | Payment for 2026-0001",
        "2026-10-31 * Acme Logistics | Invoice 2026-0002",
    ]


def test_drafts_and_the_outsiders_books_are_left_out(books: Any, in_practice: Any) -> None:
    from fracos.billing import services
    from fracos.insights.journal import journal_of

    services.invoice_draft(in_practice.owner, client_id=in_practice.acme.pk)
    numbers = [e.narration for e in journal_of(in_practice.owner).entries]
    assert len(numbers) == 9 and not any("draft" in n for n in numbers)
    assert journal_of(in_practice.outsider).entries == []


def test_a_portal_user_cannot_export_the_books(books: Any, in_practice: Any) -> None:
    from fracos.insights.journal import journal_of

    with pytest.raises(PermissionDenied):
        journal_of(in_practice.portal)


def test_an_unknown_format_is_one_red_line(books: Any, fracos: Any) -> None:
    result = fracos("export", "journal", "--format", "ledger")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "ledger" in result.stderr


def _descriptions(hledger: str, path: Path) -> list[str]:
    import json

    printed = run(hledger, "-f", str(path), "print", "-O", "json")
    assert printed.returncode == 0, printed.stderr
    return [t["tdescription"] for t in json.loads(printed.stdout)]


def test_hledger_reads_every_transaction_whatever_the_client_is_called(
    books: Any, in_practice: Any, fracos: Any, tmp_path: Path
) -> None:
    from fracos.clients.services import client_update

    hledger = tool("hledger")
    owner = in_practice.owner
    client_update(owner, in_practice.acme.pk, name='Acme; "Logistics" | Ŝpëd')
    client_update(owner, in_practice.brightwave.pk, name="(Bright) wave; health")
    path = _journal(fracos, tmp_path, "hledger")
    checked = run(hledger, "-f", str(path), "check", "--strict")
    assert checked.returncode == 0, checked.stderr
    found = _descriptions(hledger, path)
    # Nothing turned into a comment or a transaction code: every narration is still there.
    assert len(found) == 9
    assert all(("Invoice " in d or "Credit note " in d or "Payment for " in d) for d in found)
    assert 'Acme, "Logistics" / Ŝpëd | Invoice 2026-0001' in found
    assert "(Bright) wave, health | Invoice 2026-0003" in found


def test_names_stored_with_line_breaks_still_make_journals_both_tools_accept(
    tmp_path: Path,
) -> None:
    from fracos.insights.journal import (
        Entry,
        Journal,
        Posting,
        render_beancount,
        render_hledger,
    )

    # Rows written before such names were refused at the input must still export.
    entry = Entry(
        date(2026, 11, 2),
        "Newline\nCorp\x02 | x;y",
        "Payment for 2026-0001 (ref\r\n; 7)",
        (
            Posting("Assets:Bank", D("10.00"), "EUR"),
            Posting("Assets:Receivable:Newline-Corp", D("-10.00"), "EUR"),
        ),
    )
    journal = Journal('Title\nwith "quotes"', "EUR", [entry])
    hledger, bean_check = tool("hledger"), tool("bean-check")
    ledger_path = tmp_path / "j.journal"
    ledger_path.write_text(render_hledger(journal))
    checked = run(hledger, "-f", str(ledger_path), "check", "--strict")
    assert checked.returncode == 0, checked.stderr
    assert _descriptions(hledger, ledger_path) == [
        "Newline Corp / x,y | Payment for 2026-0001 (ref , 7)"
    ]
    bean_path = tmp_path / "j.beancount"
    bean_path.write_text(render_beancount(journal))
    bean = run(bean_check, str(bean_path))
    assert bean.returncode == 0, bean.stdout + bean.stderr
    assert '* "Newline Corp | x;y" "Payment for 2026-0001 (ref ; 7)"' in bean_path.read_text()
