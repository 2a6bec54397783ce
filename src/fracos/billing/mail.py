"""Emails about invoices, from Django templates, with the PDF attached."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from fracos.billing.models import Invoice
from fracos.billing.render import pdf_bytes
from fracos.billing.selectors import open_minor
from fracos.core.money import from_minor


def _message(
    invoice: Invoice, to: str, subject: str, body: str, pdf: bytes | None = None
) -> EmailMessage:
    seller = invoice.seller
    sender = seller.get("email") or settings.DEFAULT_FROM_EMAIL
    message = EmailMessage(subject, body, from_email=sender, to=[to], reply_to=[sender])
    attachment = pdf if pdf is not None else pdf_bytes(invoice)
    message.attach(f"{invoice.number}.pdf", attachment, "application/pdf")
    return message


def _amount(invoice: Invoice, minor: int) -> str:
    return f"{from_minor(minor, invoice.currency)} {invoice.currency}"


def invoice_message(invoice: Invoice, to: str, *, pdf: bytes | None = None) -> EmailMessage:
    """The invoice's email; ``pdf`` when it was rendered already (run-due renders in a pool)."""
    seller = invoice.seller
    context = {"invoice": invoice, "seller": seller, "total": _amount(invoice, invoice.total_minor)}
    body = render_to_string("billing/email/invoice.txt", context)
    what = "Credit note" if invoice.kind == "credit_note" else "Invoice"
    subject = f"{what} {invoice.number} from {seller.get('legal_name') or seller.get('name')}"
    return _message(invoice, to, subject, body, pdf)


def reminder_message(invoice: Invoice, step: int, to: str, *, days_late: int) -> EmailMessage:
    seller = invoice.seller
    context = {
        "invoice": invoice,
        "seller": seller,
        "step": step,
        "days_late": days_late,
        "part_settled": open_minor(invoice) != invoice.total_minor,
        "total": _amount(invoice, invoice.total_minor),
        "open": _amount(invoice, open_minor(invoice)),
    }
    body = render_to_string("billing/email/reminder.txt", context)
    if step < 0:
        subject = f"Invoice {invoice.number} falls due on {invoice.due_date}"
    else:
        subject = f"Reminder: invoice {invoice.number} is unpaid"
    return _message(invoice, to, subject, body)
