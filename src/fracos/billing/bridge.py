"""The single bridge from a stored invoice to the e-invoice layer's ``InvoiceDocument``.

UBL, CII, Factur-X, the PDF and the stored totals all start here, so an
invoice says the same thing in every format.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fracos.billing.document import DocumentLine, InvoiceDocument, Payment, VatCategory
from fracos.billing.models import Invoice, InvoiceLine
from fracos.billing.parties import party_from
from fracos.core.money import from_minor


def document_line(line: InvoiceLine, currency: str) -> DocumentLine:
    category: VatCategory = line.vat_category  # type: ignore[assignment]
    return DocumentLine(
        description=line.description,
        quantity=line.quantity.normalize(),
        unit_price=from_minor(line.unit_price_minor, currency),
        vat_category=category,
        vat_rate=line.vat_rate.normalize(),
        unit_code=line.unit_code,
        period_start=line.period_start,
        period_end=line.period_end,
    )


def _period(invoice: Invoice, rows: list[InvoiceLine]) -> tuple[date | None, date | None]:
    """The period the document covers: its lines' periods when they have any.

    A retainer in arrears or last month's overage bills days outside the month
    the invoice was drafted for, and Peppol requires every line period to lie
    within the invoice period (PEPPOL-EN16931-R110/R111).
    """
    starts = [line.period_start for line in rows if line.period_start]
    ends = [line.period_end for line in rows if line.period_end]
    if starts and ends:
        return min(starts), max(ends)
    return invoice.period_start, invoice.period_end


def invoice_document(
    invoice: Invoice,
    *,
    lines: list[InvoiceLine] | None = None,
    seller: dict[str, Any] | None = None,
    buyer: dict[str, Any] | None = None,
    payment_terms_text: str = "",
) -> InvoiceDocument:
    """The document of ``invoice``: its snapshots once issued; a draft passes live ones."""
    currency = invoice.currency
    seller_snap = seller if seller is not None else invoice.seller
    buyer_snap = buyer if buyer is not None else invoice.buyer
    rows = lines if lines is not None else list(invoice.lines.all())
    payment = None
    if invoice.kind == "invoice" and seller_snap.get("iban"):
        payment = Payment(
            iban=seller_snap["iban"],
            bic=seller_snap.get("bic") or None,
            account_name=seller_snap.get("legal_name") or seller_snap.get("name", ""),
            reference=invoice.payment_reference,
            terms=payment_terms_text,
        )
    preceding = invoice.credited_invoice if invoice.credited_invoice_id else None
    period_start, period_end = _period(invoice, rows)
    return InvoiceDocument(
        kind="credit_note" if invoice.kind == "credit_note" else "invoice",
        number=invoice.number or f"DRAFT-{invoice.pk}",
        issue_date=invoice.issue_date or invoice.created_at.date(),
        currency=currency,
        seller=party_from(seller_snap),
        buyer=party_from(buyer_snap),
        lines=tuple(document_line(line, currency) for line in rows),
        due_date=invoice.due_date,
        note=invoice.notes,
        payment=payment,
        period_start=period_start,
        period_end=period_end,
        preceding_invoice_number=(preceding.number or "") if preceding else "",
        preceding_invoice_date=preceding.issue_date if preceding else None,
        exemption_reason=invoice.exemption_reason,
    )
