"""Issued invoices, credit notes and payments as a double-entry journal (hledger, Beancount).

The chart of accounts, per client and currency as each document states it:

    invoice      Assets:Receivable:<Client>   +total
                 Income:Fees:<Client>         -net
                 Liabilities:VAT:Payable      -VAT   (no posting when there is none:
                                                      reverse charge, exempt, not subject)
    credit note  the same postings, reversed
    payment      Assets:Bank                  +amount
                 Assets:Receivable:<Client>   -amount

Nothing is converted between currencies; each is its own commodity, written
with its ISO 4217 decimal places. Drafts are not in the books.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor, minor_units

BANK = "Assets:Bank"
VAT_PAYABLE = "Liabilities:VAT:Payable"
FORMATS = ("hledger", "beancount")


@dataclass(frozen=True)
class Posting:
    account: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Entry:
    on: date
    payee: str
    narration: str
    postings: tuple[Posting, ...]


@dataclass(frozen=True)
class Journal:
    title: str
    operating_currency: str
    entries: list[Entry]

    @property
    def accounts(self) -> list[str]:
        return sorted({p.account for e in self.entries for p in e.postings})

    @property
    def currencies(self) -> list[str]:
        return sorted({p.currency for e in self.entries for p in e.postings})

    def balances(self) -> dict[tuple[str, str], Decimal]:
        """(account, currency) → sum of its postings."""
        totals: dict[tuple[str, str], Decimal] = {}
        for entry in self.entries:
            for p in entry.postings:
                key = (p.account, p.currency)
                totals[key] = totals.get(key, Decimal(0)) + p.amount
        return totals


def account_part(name: str) -> str:
    """A client's name as one account component both tools accept: 'Café Nord' → 'Cafe-Nord'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    part = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")
    if not part or not part[0].isalpha():
        part = "C-" + part if part else "Client"
    return part[0].upper() + part[1:]


def _client_accounts(clients: dict[int, str]) -> dict[int, str]:
    """One distinct component per client, even when two names fold to the same letters."""
    parts: dict[int, str] = {}
    used: set[str] = set()
    for pk, name in sorted(clients.items()):
        part = account_part(name)
        if part in used:
            part = f"{part}-{pk}"
        used.add(part)
        parts[pk] = part
    return parts


def _document_entry(invoice: Any, client: str) -> Entry:
    cur = invoice.currency
    sign = 1 if invoice.kind == "invoice" else -1
    postings = [
        Posting(f"Assets:Receivable:{client}", sign * from_minor(invoice.total_minor, cur), cur),
        Posting(f"Income:Fees:{client}", -sign * from_minor(invoice.net_minor, cur), cur),
    ]
    if invoice.tax_minor:
        postings.append(Posting(VAT_PAYABLE, -sign * from_minor(invoice.tax_minor, cur), cur))
    what = "Invoice" if invoice.kind == "invoice" else "Credit note"
    credits = f" (credits {invoice.credited_invoice.number})" if invoice.credited_invoice_id else ""
    return Entry(
        invoice.issue_date,
        invoice.client.name,
        f"{what} {invoice.number}{credits}",
        tuple(postings),
    )


def _payment_entry(payment: Any, client: str) -> Entry:
    cur = payment.invoice.currency
    amount = from_minor(payment.amount_minor, cur)
    return Entry(
        payment.date,
        payment.invoice.client.name,
        f"Payment for {payment.invoice.number}"
        + (f" ({payment.reference})" if payment.reference else ""),
        (
            Posting(BANK, amount, cur),
            Posting(f"Assets:Receivable:{client}", -amount, cur),
        ),
    )


def journal_of(actor: Actor, period: clock.Period = clock.ALL_TIME) -> Journal:
    """The period's issued documents and payments, by date then number."""
    actor.require_staff()
    from fracos.billing.models import Payment
    from fracos.billing.selectors import invoices_visible
    from fracos.practice.selectors import practice_for

    practice = practice_for(actor)
    issued = (
        invoices_visible(actor)
        .exclude(status="draft")
        .filter(issue_date__gte=period.start, issue_date__lt=period.end)
        .select_related("client", "credited_invoice")
        .order_by("issue_date", "series", "seq")
    )
    payments = (
        Payment.objects.filter(invoice__in=invoices_visible(actor))
        .filter(date__gte=period.start, date__lt=period.end)
        .select_related("invoice", "invoice__client")
        .order_by("date", "pk")
    )
    invoices = list(issued)
    paid = list(payments)
    names = {i.client_id: i.client.name for i in invoices}
    names |= {p.invoice.client_id: p.invoice.client.name for p in paid}
    parts = _client_accounts(names)
    entries = [_document_entry(i, parts[i.client_id]) for i in invoices]
    entries += [_payment_entry(p, parts[p.invoice.client_id]) for p in paid]
    # A stable order: by day, documents before the payments that settle them.
    entries.sort(key=lambda e: (e.on, not e.narration.startswith(("Invoice", "Credit"))))
    return Journal(practice.legal_name or practice.name, practice.currency, entries)


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:.{minor_units(currency)}f} {currency}"


def _sample(currency: str) -> str:
    places = minor_units(currency)
    # The decimal point stays even with no decimals: hledger reads "1000." as "no thousands mark".
    return f"1000.{'0' * places} {currency}"


def _one_line(text: str) -> str:
    """`text` on one line: line breaks and other control characters become single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


# Control characters, and the line and paragraph separators some readers break lines at.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _hledger_text(text: str, *, payee: bool = False) -> str:
    # hledger has no escapes: ";" starts a comment anywhere in the description, and the
    # first "|" ends the payee, so neither may come from a name or a reference.
    text = _one_line(text).replace(";", ",")
    return text.replace("|", "/") if payee else text


def render_hledger(journal: Journal) -> str:
    title = _one_line(journal.title)
    out = [f"; {title}: invoices, credit notes and payments, exported by fracos", ""]
    out += [f"commodity {_sample(c)}" for c in journal.currencies]
    out.append("")
    out += [f"account {a}" for a in journal.accounts]
    for e in journal.entries:
        payee, narration = _hledger_text(e.payee, payee=True), _hledger_text(e.narration)
        # A description opening with "(" would be read as a transaction code: "()" is an empty one.
        code = "() " if payee.startswith("(") else ""
        out += ["", f"{e.on.isoformat()} * {code}{payee} | {narration}"]
        out += [f"    {p.account}  {_amount(p.amount, p.currency)}" for p in e.postings]
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_beancount(journal: Journal) -> str:
    opened = min((e.on for e in journal.entries), default=date(1970, 1, 1))
    out = [
        f"; {_one_line(journal.title)}: invoices, credit notes and payments, exported by fracos",
        f'option "title" {_quoted(journal.title)}',
        f'option "operating_currency" {_quoted(journal.operating_currency)}',
        "",
    ]
    out += [f"{opened.isoformat()} commodity {c}" for c in journal.currencies]
    out.append("")
    out += [f"{opened.isoformat()} open {a}" for a in journal.accounts]
    for e in journal.entries:
        out += ["", f"{e.on.isoformat()} * {_quoted(e.payee)} {_quoted(e.narration)}"]
        out += [f"  {p.account}  {_amount(p.amount, p.currency)}" for p in e.postings]
    return "\n".join(out) + "\n"


def journal_text(actor: Actor, fmt: str, period: clock.Period = clock.ALL_TIME) -> str:
    if fmt not in FORMATS:
        raise ValidationFailed(f"format: {fmt!r} is not hledger or beancount", field="format")
    journal = journal_of(actor, period)
    return render_hledger(journal) if fmt == "hledger" else render_beancount(journal)
