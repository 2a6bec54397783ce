"""Invoices, credit notes, documents, payments and receivables, through billing's services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router
from ninja.responses import Status
from pydantic import Field

from fracos.api.auth import actor_of
from fracos.api.billing_schemas import (
    CreditIn,
    InvoiceDetail,
    InvoiceDraftIn,
    InvoicePage,
    InvoiceStatusName,
    IssueIn,
    LineIn,
    LineOut,
    LinePatch,
    PaymentIn,
    PaymentOut,
    PaymentPage,
    ReceivablesOut,
    ReceivedPage,
    SentOut,
)
from fracos.api.errors import ERRORS
from fracos.api.paging import PageQuery, page
from fracos.api.schemas import Id, check_range
from fracos.api.serialize import money
from fracos.billing import selectors as billing
from fracos.billing import services as billing_services
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.money import to_minor
from fracos.practice.selectors import practice_for

router = Router(tags=["invoices"])


def _today(actor: Actor) -> date:
    return clock.today(practice_for(actor).timezone)


def _invoice(invoice: Any, today: date) -> dict[str, Any]:
    cur = invoice.currency
    paid = int(getattr(invoice, "paid_minor", 0) or 0)
    credited = int(getattr(invoice, "credited_minor", 0) or 0)
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "kind": invoice.kind,
        "status": invoice.status,
        "state": billing.invoice_state(invoice, today),
        "client_id": invoice.client_id,
        "client": invoice.client.name,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "currency": cur,
        "net": money(invoice.net_minor, cur),
        "tax": money(invoice.tax_minor, cur),
        "total": money(invoice.total_minor, cur),
        "paid": money(paid, cur),
        "credited": money(credited, cur),
        "open": money(billing.open_minor(invoice), cur),
        "payment_reference": invoice.payment_reference,
        "credits_invoice_id": invoice.credited_invoice_id,
        "sent_at": invoice.sent_at,
    }


def _percent(rate: Decimal) -> str:
    # "21", "5.5", "20": never the exponent form ("2E+1") a normalized Decimal prints.
    return format(rate.normalize(), "f")


def _payment(p: Any, currency: str) -> dict[str, Any]:
    return {
        "id": p.pk,
        "invoice_id": p.invoice_id,
        "date": p.date,
        "amount": money(p.amount_minor, currency),
        "method": p.method,
        "reference": p.reference,
    }


def _detail(actor: Actor, invoice_id: int) -> dict[str, Any]:
    invoice = billing.invoice_get(actor, invoice_id)
    figures = billing.invoice_figures(actor, invoice)
    cur = invoice.currency
    record = _invoice(invoice, _today(actor))
    totals = figures.totals
    if invoice.is_draft:
        # A draft's stored totals are written only when it is issued: show the live ones.
        record.update(
            net=money(to_minor(totals.tax_exclusive, cur), cur),
            tax=money(to_minor(totals.tax_total, cur), cur),
            total=money(to_minor(totals.tax_inclusive, cur), cur),
        )
    record["notes"] = invoice.notes
    record["overage"] = list(invoice.overage or [])
    record["lines"] = [
        {
            "id": line.pk,
            "position": line.position,
            "kind": line.kind,
            "description": line.description,
            "quantity": str(line.quantity.normalize()),
            "unit_code": line.unit_code,
            "unit_price": money(line.unit_price_minor, cur),
            "net": {"amount": str(net), "currency": cur},
            "vat_category": line.vat_category,
            "vat_rate": _percent(line.vat_rate),
            "engagement_id": line.engagement_id,
            "period_start": line.period_start,
            "period_end": line.period_end,
        }
        for line, net in zip(figures.lines, totals.line_nets, strict=True)
    ]
    record["vat_breakdown"] = [
        {
            "category": group.category,
            "rate": _percent(group.rate),
            "taxable": {"amount": str(group.taxable), "currency": cur},
            "tax": {"amount": str(group.tax), "currency": cur},
            "exemption_reason": group.exemption_reason,
        }
        for group in totals.groups
    ]
    record["payments"] = [_payment(p, cur) for p in figures.payments]
    record["credit_notes"] = [
        {
            "id": note.pk,
            "number": note.number,
            "issue_date": note.issue_date,
            "net": money(note.net_minor, cur),
            "total": money(note.total_minor, cur),
        }
        for note in figures.credit_notes
    ]
    return record


# -- invoices -------------------------------------------------------------------------------


class InvoiceFilters(PageQuery):
    status: InvoiceStatusName | Literal["unpaid", "overdue"] | None = Field(
        None,
        description=(
            "draft, issued or credited; or unpaid (issued invoices with money open) or "
            "overdue (unpaid past their due date), as `fracos invoice list --unpaid/--overdue`."
        ),
    )
    kind: Literal["invoice", "credit_note"] | None = None
    client_id: Id | None = None
    issued_from: date | None = Field(None, description="Issued on or after (drafts drop out).")
    issued_to: date | None = Field(None, description="Issued on or before (drafts drop out).")


@router.get("/invoices", response={200: InvoicePage, **ERRORS})
def invoice_list(request: HttpRequest, filters: Query[InvoiceFilters]) -> Any:
    """Invoices and credit notes, newest first; a portal token sees its client's issued ones."""
    actor = actor_of(request)
    check_range(
        filters.issued_from, filters.issued_to, first_name="issued_from", last_name="issued_to"
    )
    found = billing.invoices_page(
        actor,
        status=filters.status,
        kind=filters.kind,
        client_id=filters.client_id,
        issued_from=filters.issued_from,
        issued_to=filters.issued_to,
        after=filters.after(billing.INVOICE_ORDER),
        limit=filters.limit + 1,
    )
    today = _today(actor)
    return page(found, filters, billing.INVOICE_ORDER, lambda i: _invoice(i, today))


@router.post("/invoices", response={201: InvoiceDetail, **ERRORS})
def invoice_draft(request: HttpRequest, payload: InvoiceDraftIn) -> Any:
    """Draft the client's invoice for a month: fees, days and milestones not yet billed."""
    actor = actor_of(request)
    month = clock.parse_period(payload.period, _today(actor)) if payload.period else None
    drafted = billing_services.invoice_draft(actor, client_id=payload.client_id, period=month)
    return Status(201, _detail(actor, drafted.pk))


@router.get("/invoices/{invoice_id}", response={200: InvoiceDetail, **ERRORS})
def invoice_get(request: HttpRequest, invoice_id: Path[Id]) -> Any:
    """Lines, VAT breakdown, totals, state, payments and credit notes."""
    return _detail(actor_of(request), invoice_id)


@router.delete("/invoices/{invoice_id}", response={204: None, **ERRORS})
def invoice_delete(request: HttpRequest, invoice_id: Path[Id]) -> Any:
    """Throw a draft away; an issued invoice is never deleted (409: credit it instead)."""
    billing_services.invoice_delete(actor_of(request), invoice_id=invoice_id)
    return Status(204, None)


@router.post("/invoices/{invoice_id}/lines", response={201: LineOut, **ERRORS})
def line_add(request: HttpRequest, invoice_id: Path[Id], payload: LineIn) -> Any:
    """An extra line on a draft: an expense, or a discount as a negative unit price."""
    actor = actor_of(request)
    line = billing_services.invoice_line_add(
        actor, invoice_id=invoice_id, **payload.model_dump(exclude_none=True)
    )
    return Status(201, _line_of(actor, invoice_id, line.pk))


@router.patch("/invoices/{invoice_id}/lines/{line_id}", response={200: LineOut, **ERRORS})
def line_update(
    request: HttpRequest, invoice_id: Path[Id], line_id: Path[Id], payload: LinePatch
) -> Any:
    actor = actor_of(request)
    billing_services.invoice_line_update(
        actor, invoice_id=invoice_id, line_id=line_id, **payload.model_dump(exclude_unset=True)
    )
    return _line_of(actor, invoice_id, line_id)


@router.delete("/invoices/{invoice_id}/lines/{line_id}", response={204: None, **ERRORS})
def line_remove(request: HttpRequest, invoice_id: Path[Id], line_id: Path[Id]) -> Any:
    """Remove a draft's line; a fee or period it billed becomes billable again."""
    billing_services.invoice_line_remove(actor_of(request), invoice_id=invoice_id, line_id=line_id)
    return Status(204, None)


def _line_of(actor: Actor, invoice_id: int, line_id: int) -> dict[str, Any]:
    lines: list[dict[str, Any]] = _detail(actor, invoice_id)["lines"]
    return next(line for line in lines if line["id"] == line_id)


@router.post("/invoices/{invoice_id}/issue", response={200: InvoiceDetail, **ERRORS})
def invoice_issue(request: HttpRequest, invoice_id: Path[Id], payload: IssueIn) -> Any:
    """Number the draft (next in the practice's series) and freeze it."""
    actor = actor_of(request)
    billing_services.invoice_issue(actor, invoice_id=invoice_id, issue_date=payload.issue_date)
    return _detail(actor, invoice_id)


@router.post("/invoices/{invoice_id}/credit", response={201: InvoiceDetail, **ERRORS})
def invoice_credit(request: HttpRequest, invoice_id: Path[Id], payload: CreditIn) -> Any:
    """Issue a credit note for all that is left, or for `amount` excluding VAT."""
    actor = actor_of(request)
    note = billing_services.invoice_credit(
        actor, invoice_id=invoice_id, amount=payload.amount, reason=payload.reason
    )
    return Status(201, _detail(actor, note.pk))


@router.post("/invoices/{invoice_id}/send", response={200: SentOut, **ERRORS})
def invoice_send(request: HttpRequest, invoice_id: Path[Id]) -> Any:
    """Email the issued invoice with its PDF to the client's billing address."""
    return {"sent_to": billing_services.invoice_send(actor_of(request), invoice_id=invoice_id)}


def _file_route(fmt: str, content_type: str, summary: str) -> Any:
    responses = {
        200: {
            "description": summary,
            "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }

    @router.get(
        f"/invoices/{{invoice_id}}/{fmt}",
        response=ERRORS,
        openapi_extra={"responses": responses},
        summary=summary,
        operation_id=f"invoice_{fmt}",
    )
    def download(request: HttpRequest, invoice_id: Path[Id]) -> Any:
        found = billing.invoice_file(actor_of(request), invoice_id, fmt)
        response = HttpResponse(found.content, content_type=found.content_type)
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response

    return download


invoice_pdf = _file_route("pdf", "application/pdf", "The issued invoice as a PDF")
invoice_ubl = _file_route("ubl", "application/xml", "The issued invoice as Peppol BIS 3.0 UBL")
invoice_facturx = _file_route(
    "facturx", "application/pdf", "The issued invoice as Factur-X (PDF/A-3 with CII inside)"
)


# -- payments and receivables ---------------------------------------------------------------


@router.get("/invoices/{invoice_id}/payments", response={200: PaymentPage, **ERRORS})
def payment_list(request: HttpRequest, invoice_id: Path[Id], query: Query[PageQuery]) -> Any:
    actor = actor_of(request)
    invoice = billing.invoice_get(actor, invoice_id)
    found = billing.payments_page(
        actor, invoice_id, after=query.after(billing.PAYMENT_ORDER), limit=query.limit + 1
    )
    return page(found, query, billing.PAYMENT_ORDER, lambda p: _payment(p, invoice.currency))


@router.post("/invoices/{invoice_id}/payments", response={201: PaymentOut, **ERRORS})
def payment_add(request: HttpRequest, invoice_id: Path[Id], payload: PaymentIn) -> Any:
    """Money received against an issued invoice (never more than is open)."""
    actor = actor_of(request)
    paid = billing_services.payment_add(
        actor,
        invoice_id=invoice_id,
        amount=payload.amount,
        on=payload.date,
        method=payload.method,
        reference=payload.reference,
    )
    return Status(201, _payment(paid, billing.invoice_get(actor, invoice_id).currency))


class ReceivedFilters(PageQuery):
    from_: date | None = Field(None, alias="from", description="Received on or after.")
    to: date | None = Field(None, description="Received on or before.")
    client_id: Id | None = None


@router.get("/payments", response={200: ReceivedPage, **ERRORS})
def payments_received(request: HttpRequest, filters: Query[ReceivedFilters]) -> Any:
    """Every payment received, newest first; a portal token sees its client's."""
    actor = actor_of(request)
    check_range(filters.from_, filters.to)
    found = billing.payments_received(
        actor,
        since=filters.from_,
        until=filters.to,
        client_id=filters.client_id,
        after=filters.after(billing.RECEIVED_ORDER),
        limit=filters.limit + 1,
    )
    return page(found, filters, billing.RECEIVED_ORDER, _received)


def _received(p: Any) -> dict[str, Any]:
    invoice = p.invoice
    return {
        **_payment(p, invoice.currency),
        "invoice": invoice.number,
        "client_id": invoice.client_id,
        "client": invoice.client.name,
    }


BUCKET_FIELDS = {
    "current": "current",
    "1-30": "late_1_30",
    "31-60": "late_31_60",
    "61-90": "late_61_90",
    "90+": "late_90_plus",
}


@router.get("/receivables", response={200: ReceivablesOut, **ERRORS})
def receivables(request: HttpRequest) -> Any:
    """What each client owes, by how many days late (the same figures as `fracos receivables`)."""
    actor = actor_of(request)
    today = _today(actor)
    items = []
    for row in billing.receivables(actor, today):
        cur = row.currency
        item: dict[str, Any] = {"client_id": row.client_id, "client": row.client, "currency": cur}
        for bucket, field in BUCKET_FIELDS.items():
            item[field] = {"amount": str(row.buckets[bucket]), "currency": cur}
        item["total"] = {"amount": str(row.total), "currency": cur}
        items.append(item)
    return {"as_of": today, "items": items}
