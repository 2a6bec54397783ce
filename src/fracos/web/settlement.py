"""What followed an issued invoice: its payments, its credit notes and what is still open.

The staff invoice page and the client portal's invoice page show the same
facts; each passes its own way of writing an amount (minor units in, text out).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fracos.billing.choices import InvoiceKind, InvoiceStatus
from fracos.billing.models import Invoice
from fracos.billing.selectors import credit_notes_of, open_minor
from fracos.core.access import Actor

MinorText = Callable[[int], str]


def settlement(actor: Actor, invoice: Invoice, money: MinorText) -> dict[str, Any]:
    """``invoice`` must come from an access helper: its paid and credited sums are annotated."""
    return {
        "open": money(open_minor(invoice)),
        "payments": [{"p": p, "amount": money(p.amount_minor)} for p in invoice.payments.all()],
        "credit_notes": [
            {"note": note, "total": money(note.total_minor)}
            for note in credit_notes_of(actor, invoice.pk)
        ],
    }


def is_payable(invoice: Invoice) -> bool:
    """An issued invoice (not credited in full) with money still owed on it."""
    return (
        invoice.kind == InvoiceKind.INVOICE
        and invoice.status == InvoiceStatus.ISSUED
        and open_minor(invoice) > 0
    )
