"""Invoices: the filtered list, drafting, a draft's lines (htmx), issuing, documents,
payments, credit notes, sending, and the receivables by age."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fracos.billing import services
from fracos.billing.choices import InvoiceKind, InvoiceState, InvoiceStatus, PaymentMethod
from fracos.billing.models import Invoice
from fracos.billing.selectors import (
    AGE_BUCKETS,
    STATE_FILTERS,
    InvoiceBrief,
    draft_totals,
    invoice_audit,
    invoice_briefs,
    invoice_get,
    invoice_state,
    invoice_totals,
    invoices_in_order,
    open_minor,
    receivables,
)
from fracos.clients.selectors import client_get, client_list
from fracos.core import clock
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.money import from_minor
from fracos.engagements.selectors import engagement_get, engagement_list
from fracos.web.access import actor_of, practice_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.settlement import is_payable, settlement
from fracos.web.views.common import is_htmx, page, today_of

PER_PAGE = 50
FILTER_FIELDS = ("status", "client", "from", "to")
NEW_FIELDS = ("client", "engagement", "period")
LINE_FIELDS = ("description", "quantity", "unit_price", "vat_rate")
PAYMENT_FIELDS = ("amount", "date", "method", "reference")
CREDIT_FIELDS = ("credit_amount", "reason")
NOTES_FIELDS = ("notes",)
STATE_LABELS = dict(InvoiceState.choices)
# The services name the invoice or its lines when a draft cannot be issued; the form shows it.
ISSUE_ALIASES = {"invoice": "issue", "lines": "issue", "total": "issue", "vat_number": "issue"}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def amount(minor: int, currency: str) -> str:
    return f"{from_minor(minor, currency):,} {currency}"


def decimal_amount(value: Decimal, currency: str) -> str:
    return f"{value:,} {currency}"


# The list ------------------------------------------------------------------------------


def _month(form: Form, name: str, today: date) -> clock.Period | None:
    raw = form.get(name)
    if not raw:
        return None
    wrong = ValidationFailed(f"{name}: {raw[:20]!r} is not a month (YYYY-MM)", field=name)
    if not re.fullmatch(r"\d{4}-\d{2}", raw):
        raise wrong
    try:
        return clock.parse_period(raw, today)
    except ValidationFailed:
        raise wrong from None


def _period(form: Form, today: date) -> clock.Period | None:
    """A month (from alone) or a run of months (from and to)."""
    first = _month(form, "from", today)
    last = _month(form, "to", today)
    if first is None and last is None:
        return None
    first = first or last
    last = last or first
    assert first is not None and last is not None
    if last.start < first.start:
        raise ValidationFailed("to: the last month comes before the first", field="to")
    label = first.label if first == last else f"{first.label}..{last.label}"
    return clock.Period(first.start, last.end, label)


def _filters(request: HttpRequest, today: date) -> tuple[Form, dict[str, Any]]:
    form = Form.bound(FILTER_FIELDS, request.GET)
    wanted: dict[str, Any] = {}
    try:
        form.check_lengths()
        status = form.get("status")
        if status and status not in STATE_FILTERS:
            raise ValidationFailed(f"status: {status[:20]!r} is not a state", field="status")
        wanted["state"] = status or None
    except DomainError as error:
        form.fail(error)
    try:
        wanted["client_id"] = form.integer("client")
    except DomainError as error:
        form.fail(error)
    try:
        wanted["period"] = _period(form, today)
    except DomainError as error:
        form.fail(error)
    return form, wanted


def currency_totals(rows: Sequence[tuple[Invoice | InvoiceBrief, str]]) -> list[dict[str, Any]]:
    """Per currency: invoiced (incl. VAT), credited and still open, over every listed row."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for invoice, _state in rows:
        if invoice.status == InvoiceStatus.DRAFT:
            continue
        cell = sums[invoice.currency]
        if invoice.kind == InvoiceKind.CREDIT_NOTE:
            cell["credited"] += invoice.total_minor
        else:
            cell["invoiced"] += invoice.total_minor
            cell["open"] += max(0, open_minor(invoice))
    return [
        {
            "currency": cur,
            "invoiced": amount(cell["invoiced"], cur),
            "credited": amount(cell["credited"], cur),
            "open": amount(cell["open"], cur),
        }
        for cur, cell in sorted(sums.items())
    ]


def _row(invoice: Invoice, state: str, totals: dict[int, Any]) -> dict[str, Any]:
    cur = invoice.currency
    live = totals.get(invoice.pk)
    total = decimal_amount(live.tax_inclusive, cur) if live else amount(invoice.total_minor, cur)
    return {
        "invoice": invoice,
        "state": state,
        "state_label": state_label(state),
        "total": total,
        "open": amount(open_minor(invoice), cur) if invoice.kind == InvoiceKind.INVOICE else "",
    }


def invoice_rows(invoices: list[tuple[Invoice, str]], practice: Any) -> list[dict[str, Any]]:
    totals = draft_totals([i for i, _ in invoices], practice)
    return [_row(i, s, totals) for i, s in invoices]


@staff_view
def invoice_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = today_of(request)
    form, wanted = _filters(request, today)
    clients = client_list(actor, include_archived=True)
    rows = invoice_briefs(actor, today=today, **wanted)
    paginator = Paginator(rows, PER_PAGE)
    current = paginator.get_page(request.GET.get("page"))
    shown = {brief.pk: state for brief, state in current.object_list}
    invoices = [(i, shown[i.pk]) for i in invoices_in_order(actor, list(shown))]
    query = request.GET.copy()
    query.pop("page", None)
    return page(
        request,
        "web/invoices.html",
        {
            "form": form,
            "rows": invoice_rows(invoices, practice_of(request)),
            "page_obj": current,
            "query": query.urlencode(),
            "count": len(rows),
            "totals": currency_totals(rows),
            "status_choices": [("", "Any state")] + [(s, state_label(s)) for s in STATE_FILTERS],
            "client_choices": [("", "Any client")] + [(str(c.pk), c.name) for c in clients],
        },
        nav="invoices",
        clients=[c for c in clients if c.status == "active"],
    )


# Drafting ------------------------------------------------------------------------------


@writer_view
def invoice_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = today_of(request)
    if request.method == "POST":
        form = Form.bound(NEW_FIELDS, request.POST)
        try:
            form.check_lengths()
            engagement_id = form.integer("engagement")
            client_id = form.integer("client")
            if engagement_id is not None:
                engagement = engagement_get(actor, engagement_id)
                if client_id is not None and client_id != engagement.client_id:
                    raise ValidationFailed(
                        "engagement: this engagement belongs to another client", field="engagement"
                    )
                client_id = engagement.client_id
            if client_id is None:
                raise ValidationFailed("client: choose a client or an engagement", field="client")
            client = client_get(actor, client_id)
            period = _month(form, "period", today)
            draft = services.invoice_draft(actor, client_id=client.pk, period=period)
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, f"Drafted invoice #{draft.pk} for {client.name}.")
            return redirect("invoice", draft.pk)
        status = 422
    else:
        initial = {"period": clock.month_of(today).label, **request.GET.dict()}
        form = Form.initial(NEW_FIELDS, initial)
        status = 200
    clients = client_list(actor)
    return page(
        request,
        "web/invoice_new.html",
        {
            "form": form,
            "client_choices": [("", "Choose a client…")] + [(str(c.pk), c.name) for c in clients],
            "engagement_choices": [("", "— or an engagement —")]
            + [
                (str(e.pk), f"{e.client.name} — {e.role_title}")
                for e in engagement_list(actor)
                if e.status != "proposed"
            ],
        },
        nav="invoices",
        status=status,
        clients=clients,
    )


# One invoice ---------------------------------------------------------------------------


def _tax_problem(request: HttpRequest, invoice: Invoice) -> tuple[Any, str]:
    """The draft's VAT case, or why it cannot be issued yet (a missing VAT number…)."""
    try:
        return services.tax_case_for(practice_of(request), invoice.client), ""
    except DomainError as error:
        return None, error.message


def _line_rows(invoice: Invoice, lines: list[Any], totals: Any) -> list[dict[str, Any]]:
    cur = invoice.currency
    rows = []
    for line, net in zip(lines, totals.line_nets, strict=True):
        negative = line.quantity < 0
        price = from_minor(line.unit_price_minor, cur)
        rows.append(
            {
                "line": line,
                "quantity": str(abs(line.quantity).normalize()),
                # A discount is stored as a negative quantity; people speak of a negative price.
                "unit_price": str(-price if negative else price),
                "vat": (
                    f"{line.vat_rate.normalize()} %"
                    if line.vat_category == "S"
                    else line.vat_category
                ),
                "vat_rate": str(line.vat_rate.normalize()),
                "net": decimal_amount(net, cur),
            }
        )
    return rows


def _lines_context(
    request: HttpRequest,
    invoice: Invoice,
    *,
    line_form: Form | None = None,
    edit_form: Form | None = None,
    editing: int | None = None,
    problem: str = "",
) -> dict[str, Any]:
    practice = practice_of(request)
    lines = list(invoice.lines.all())
    totals = invoice_totals(invoice, practice, lines)
    cur = invoice.currency
    case, tax_problem = (None, "")
    if invoice.is_draft:
        case, tax_problem = _tax_problem(request, invoice)
    if editing is not None and edit_form is None:
        line = next((x for x in lines if x.pk == editing), None)
        if line is None:
            raise Http404("no such line")
        row = _line_rows(invoice, [line], invoice_totals(invoice, practice, [line]))[0]
        edit_form = Form.initial(
            LINE_FIELDS,
            {
                "description": line.description,
                "quantity": row["quantity"],
                "unit_price": row["unit_price"],
                "vat_rate": row["vat_rate"],
            },
        )
    return {
        "invoice": invoice,
        "is_draft": invoice.is_draft,
        "line_rows": _line_rows(invoice, lines, totals),
        "groups": [
            {
                "label": (
                    f"VAT {g.rate.normalize()} %"
                    if g.category == "S"
                    else {"K": "Reverse charge", "O": "Not subject to VAT", "E": "Exempt"}.get(
                        g.category, g.category
                    )
                ),
                "taxable": decimal_amount(g.taxable, cur),
                "tax": decimal_amount(g.tax, cur),
                "reason": g.exemption_reason,
            }
            for g in totals.groups
        ],
        "net": decimal_amount(totals.tax_exclusive, cur),
        "tax": decimal_amount(totals.tax_total, cur),
        "total": decimal_amount(totals.tax_inclusive, cur),
        "vat_editable": case is not None and case.category == "S",
        "tax_case": case,
        "tax_problem": tax_problem,
        "line_form": line_form or Form.initial(LINE_FIELDS, {"quantity": "1"}),
        "edit_form": edit_form,
        "editing": editing,
        # A refusal about the invoice or a line as a whole (issued meanwhile, no such line).
        "lines_problem": problem,
    }


def _detail(
    request: HttpRequest,
    invoice: Invoice,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    actor = actor_of(request)
    cur = invoice.currency
    line_forms = {
        k: forms.pop(k) for k in ("line_form", "edit_form", "editing", "problem") if k in forms
    }
    context = _lines_context(request, invoice, **line_forms)
    today = today_of(request)
    state = invoice_state(invoice, today)
    context.update(
        {
            "state": state,
            "state_label": state_label(state),
            **settlement(actor, invoice, lambda minor: amount(minor, cur)),
            "open_help": f"Open: {amount(open_minor(invoice), cur)}",
            "can_pay": is_payable(invoice),
            "can_credit": invoice.kind == InvoiceKind.INVOICE
            and invoice.status == InvoiceStatus.ISSUED,
            "audit": invoice_audit(actor, invoice.pk),
            "overage": invoice.overage,
            "notes_form": forms.pop("notes_form", None)
            or Form.initial(NOTES_FIELDS, {"notes": invoice.notes}),
            "payment_form": forms.pop("payment_form", None)
            or Form.initial(
                PAYMENT_FIELDS,
                {"date": today.isoformat(), "method": PaymentMethod.TRANSFER},
            ),
            "credit_form": forms.pop("credit_form", None) or Form.initial(CREDIT_FIELDS, {}),
            "send_error": forms.pop("send_error", ""),
            "method_choices": PaymentMethod.choices,
            **forms,
        }
    )
    return page(request, "web/invoice.html", context, nav="invoices", status=status)


def _lines_response(request: HttpRequest, invoice: Invoice, status: int, **kw: Any) -> HttpResponse:
    if is_htmx(request):
        # 200 even for a refusal, as the week's quick entry does: htmx swaps in only a
        # 2xx answer, and the errors beside the fields are the point of this one.
        context = {**_lines_context(request, invoice, **kw), "can_write": True}
        return render(request, "web/_partials/invoice_lines.html", context)
    if status >= 400:
        return _detail(request, invoice, status=status, **kw)
    return redirect("invoice", invoice.pk)


@staff_view
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = invoice_get(actor_of(request), invoice_id)
    editing = None
    raw = request.GET.get("edit", "")
    if invoice.is_draft and actor_of(request).can_write and raw.isdigit() and len(raw) < 12:
        editing = int(raw)
    if is_htmx(request):
        context = _lines_context(request, invoice, editing=editing)
        context["can_write"] = actor_of(request).can_write
        return render(request, "web/_partials/invoice_lines.html", context)
    return _detail(request, invoice, editing=editing)


def _post_only(request: HttpRequest, invoice_id: int) -> HttpResponse | None:
    if request.method != "POST":
        return redirect("invoice", invoice_id)
    return None


@staff_view
def line_add(request: HttpRequest, invoice_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    form = Form.bound(LINE_FIELDS, request.POST)
    try:
        form.check_lengths()
        services.invoice_line_add(
            actor,
            invoice_id=invoice.pk,
            description=form.text("description", 300),
            quantity=form.get("quantity") or "1",
            unit_price=form.get("unit_price"),
            vat_rate=form.get("vat_rate") or None,
        )
    except DomainError as error:
        if error.field not in LINE_FIELDS:
            return _lines_response(request, invoice, 422, problem=error.message)
        form.fail(error)
        return _lines_response(request, invoice, 422, line_form=form)
    return _lines_response(request, invoice, 200)


@staff_view
def line_update(request: HttpRequest, invoice_id: int, line_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    form = Form.bound(LINE_FIELDS, request.POST)
    try:
        form.check_lengths()
        changes: dict[str, Any] = {
            "description": form.text("description", 300),
            "quantity": form.get("quantity"),
            "unit_price": form.get("unit_price"),
        }
        if "vat_rate" in request.POST:
            changes["vat_rate"] = form.get("vat_rate")
        services.invoice_line_update(actor, invoice_id=invoice.pk, line_id=line_id, **changes)
    except DomainError as error:
        if error.field not in LINE_FIELDS:
            return _lines_response(request, invoice, 422, problem=error.message)
        form.fail(error)
        return _lines_response(request, invoice, 422, edit_form=form, editing=line_id)
    return _lines_response(request, invoice, 200)


@staff_view
def line_remove(request: HttpRequest, invoice_id: int, line_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    try:
        services.invoice_line_remove(actor, invoice_id=invoice.pk, line_id=line_id)
    except DomainError as error:
        return _lines_response(request, invoice, 422, problem=error.message)
    return _lines_response(request, invoice, 200)


@staff_view
def notes_save(request: HttpRequest, invoice_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    form = Form.bound(NOTES_FIELDS, request.POST)
    try:
        form.check_lengths()
        services.invoice_notes_set(actor, invoice_id=invoice.pk, notes=form.text("notes", 2000))
    except DomainError as error:
        form.fail(error)
        return _detail(request, invoice, status=422, notes_form=form)
    messages.success(request, "Notes saved.")
    return redirect("invoice", invoice.pk)


@staff_view
def invoice_delete(request: HttpRequest, invoice_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    try:
        services.invoice_delete(actor, invoice_id=invoice.pk)
    except DomainError as error:
        return _detail(request, invoice, status=422, delete_error=error.message)
    messages.success(request, f"Deleted draft #{invoice_id}.")
    return redirect("invoices")


@writer_view
def invoice_issue(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """A confirmation page: issuing numbers the invoice for good."""
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    form = Form.bound(("issue",), request.POST, ISSUE_ALIASES)
    status = 200
    if request.method == "POST":
        try:
            issued = services.invoice_issue(actor, invoice_id=invoice.pk)
        except DomainError as error:
            form.fail(error)
            status = 422
            invoice = invoice_get(actor, invoice_id)
        else:
            messages.success(request, f"Issued invoice {issued.number}.")
            return redirect("invoice", issued.pk)
    context = _lines_context(request, invoice)
    context.update({"form": form, "can_write": True})
    return page(request, "web/invoice_issue.html", context, nav="invoices", status=status)


@staff_view
def payment_add(request: HttpRequest, invoice_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    form = Form.bound(PAYMENT_FIELDS, request.POST, {"invoice": "amount", "unit_price": "amount"})
    try:
        form.check_lengths()
        if not form.get("amount"):
            raise ValidationFailed("amount: how much was received?", field="amount")
        services.payment_add(
            actor,
            invoice_id=invoice.pk,
            amount=form.get("amount"),
            on=form.day("date"),
            method=form.get("method") or PaymentMethod.TRANSFER,
            reference=form.text("reference", 100),
        )
    except DomainError as error:
        form.fail(error)
        return _detail(request, invoice, status=422, payment_form=form)
    messages.success(request, f"Payment of {form.get('amount')} {invoice.currency} recorded.")
    return redirect("invoice", invoice.pk)


@staff_view
def invoice_credit(request: HttpRequest, invoice_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    form = Form.bound(
        CREDIT_FIELDS,
        request.POST,
        {"amount": "credit_amount", "unit_price": "credit_amount", "invoice": "credit_amount"},
    )
    try:
        form.check_lengths()
        note = services.invoice_credit(
            actor,
            invoice_id=invoice.pk,
            amount=form.get("credit_amount") or None,
            reason=form.text("reason", 200),
        )
    except DomainError as error:
        form.fail(error)
        return _detail(request, invoice, status=422, credit_form=form)
    messages.success(request, f"Issued credit note {note.number}.")
    return redirect("invoice", invoice.pk)


@staff_view
def invoice_send(request: HttpRequest, invoice_id: int) -> HttpResponse:
    if (back := _post_only(request, invoice_id)) is not None:
        return back
    actor = actor_of(request)
    invoice = invoice_get(actor, invoice_id)
    try:
        to = services.invoice_send(actor, invoice_id=invoice.pk)
    except DomainError as error:
        return _detail(request, invoice, status=422, send_error=error.message)
    messages.success(request, f"Sent {invoice.number} to {to}.")
    return redirect("invoice", invoice.pk)


# Documents -----------------------------------------------------------------------------


def filename(invoice: Invoice, suffix: str) -> str:
    """A safe file name from the number (a pattern may put slashes in it)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", invoice.number or f"draft-{invoice.pk}") + suffix


def document_response(invoice: Invoice, kind: str) -> HttpResponse:
    """The PDF, UBL or Factur-X of an issued invoice; a draft has none (404)."""
    from fracos.billing.render import facturx_pdf, pdf_bytes, ubl_xml

    if invoice.is_draft:
        raise Http404("a draft has no documents yet")
    makers: dict[str, tuple[Callable[[Invoice], bytes], str, str]] = {
        "pdf": (pdf_bytes, "application/pdf", ".pdf"),
        "ubl": (ubl_xml, "application/xml", ".xml"),
        "facturx": (facturx_pdf, "application/pdf", "-facturx.pdf"),
    }
    make, content_type, suffix = makers[kind]
    response = HttpResponse(make(invoice), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(invoice, suffix)}"'
    return response


def _document(request: HttpRequest, invoice_id: int, kind: str) -> HttpResponse:
    invoice = invoice_get(actor_of(request), invoice_id)
    try:
        return document_response(invoice, kind)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("invoice", invoice.pk)


@staff_view
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _document(request, invoice_id, "pdf")


@staff_view
def invoice_ubl(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _document(request, invoice_id, "ubl")


@staff_view
def invoice_facturx(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _document(request, invoice_id, "facturx")


# Receivables ---------------------------------------------------------------------------


def receivable_tables(actor: Any, today: date) -> list[dict[str, Any]]:
    """One table per currency: each client's open amounts by age, and the column totals."""
    by_currency: dict[str, list[Any]] = defaultdict(list)
    for row in receivables(actor, today):
        by_currency[row.currency].append(row)
    tables = []
    for cur, rows in sorted(by_currency.items()):
        sums = {b: sum((r.buckets[b] for r in rows), Decimal(0)) for b in AGE_BUCKETS}
        tables.append(
            {
                "currency": cur,
                "rows": [
                    {
                        "client_id": r.client_id,
                        "client": r.client,
                        "cells": [decimal_amount(r.buckets[b], cur) for b in AGE_BUCKETS],
                        "total": decimal_amount(r.total, cur),
                    }
                    for r in rows
                ],
                "sums": [decimal_amount(sums[b], cur) for b in AGE_BUCKETS],
                "total": decimal_amount(sum(sums.values(), Decimal(0)), cur),
            }
        )
    return tables


@staff_view
def receivables_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return page(
        request,
        "web/receivables.html",
        {
            "tables": receivable_tables(actor, today_of(request)),
            "buckets": ["Current", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"],
            "invoices_url": reverse("invoices"),
        },
        nav="receivables",
    )
