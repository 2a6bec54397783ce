"""The client portal: one client's engagements, their scope and hours — aggregates only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fracos.billing.choices import InvoiceKind
from fracos.billing.formats import formats_for
from fracos.billing.selectors import (
    invoice_by_number,
    invoice_get,
    invoice_list,
    invoice_state,
    open_minor,
)
from fracos.cadence.selectors import summaries_for_portal
from fracos.clients.selectors import client_get
from fracos.core import clock
from fracos.core.durations import format_duration
from fracos.core.errors import DomainError
from fracos.core.money import from_minor
from fracos.engagements.selectors import engagement_list, included_seconds_per_month
from fracos.practice.selectors import practice_for
from fracos.timesheets.retainer import RetainerMonth, retainer_history
from fracos.timesheets.selectors import client_work_by_month
from fracos.web.access import actor_of, portal_view, practice_of
from fracos.web.settlement import is_payable, settlement
from fracos.web.views.common import today_of

MONTHS = 6


@portal_view
def portal_home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    practice = practice_for(actor)
    client = client_get(actor, actor.client_id or 0)
    today = clock.today(practice.timezone)
    this_month = clock.month_of(today)
    months = [this_month]
    while len(months) < MONTHS:
        months.insert(0, clock.month_of(months[0].start - timedelta(days=1)))
    rules = practice.rules
    shown = [e for e in engagement_list(actor, client_id=client.pk) if e.status != "proposed"]
    retainers = retainer_history(actor, shown, months, rules)
    others = any(e.pk not in retainers for e in shown)
    used = client_work_by_month(actor, months[0].start, this_month.end) if others else {}
    engagements: list[dict[str, Any]] = []
    for engagement in shown:
        included = included_seconds_per_month(engagement, rules)
        by_retainer = retainers.get(engagement.pk)
        worked = used.get(engagement.pk, {})
        history = [
            _retainer_month(found, month, engagement)
            if by_retainer is not None
            else _worked_month(
                worked.get(month.label, 0), month, engagement, included, rules.retainer_alert_pct
            )
            for month, found in zip(months, by_retainer or [None] * len(months), strict=True)
        ]
        engagements.append(
            {
                "e": engagement,
                "included": included,
                "included_text": format_duration(included) if included else "—",
                "now": history[-1],
                "history": history,
            }
        )
    return render(
        request,
        "web/portal.html",
        {
            "portal": True,
            "practice": practice,
            "client": client,
            "engagements": engagements,
            "month": this_month,
            "invoices": portal_invoices(actor, today),
            "summaries": [
                {"summary": s, "html": summary_html(s.body)} for s in summaries_for_portal(actor)
            ],
        },
    )


def _started(month: clock.Period, engagement: Any) -> bool:
    return bool(month.end > engagement.start_date)


def _worked_month(
    seconds: int, month: clock.Period, engagement: Any, included: int, alert_pct: int
) -> dict[str, Any]:
    """A month of an engagement that is not a retainer (a day rate sells days, not hours
    under an overage policy): what was worked against the hours its days come to."""
    started = _started(month, engagement)
    percent = round(100 * seconds / included) if included and started else None
    return {
        "label": month.label,
        "start": month.start,
        "seconds": seconds,
        "text": format_duration(seconds) if started else "not started",
        "percent": percent,
        "width": min(100, percent or 0),
        "over": percent is not None and percent > alert_pct,
    }


def _retainer_month(
    found: RetainerMonth | None, month: clock.Period, engagement: Any
) -> dict[str, Any]:
    """A retainer's month as its invoices count it (retainer.py): billable hours against the
    month's allowance, prorated in a partial month, with hours rolled over or carried."""
    if found is None:  # a month it did not run in: no hours, no bar
        return _worked_month(0, month, engagement, 0, 0) | {
            "text": "not running" if _started(month, engagement) else "not started"
        }
    percent = found.percent
    return {
        "label": month.label,
        "start": month.start,
        "seconds": found.used,
        "text": format_duration(found.used),
        "allowance_text": format_duration(found.allowance),
        "percent": percent,
        "width": min(100, percent or 0),
        "over": found.level == "alert",
    }


def portal_invoices(actor: Any, today: Any) -> list[dict[str, Any]]:
    """The client's issued invoices and credit notes (never a draft: the selector hides them)."""
    from fracos.web.views.invoices import amount, state_label

    rows = []
    for invoice in invoice_list(actor):
        state = invoice_state(invoice, today)
        rows.append(
            {
                "invoice": invoice,
                "state_label": state_label(state),
                "state": state,
                "total": amount(invoice.total_minor, invoice.currency),
                "open": amount(open_minor(invoice), invoice.currency)
                if invoice.kind == InvoiceKind.INVOICE
                else "",
            }
        )
    return rows


@portal_view
def portal_invoice(request: HttpRequest, number: str) -> HttpResponse:
    """One issued invoice or credit note of the client's, as on paper, with what followed it.

    Another client's number, a draft (it has no number) or a typo are all simply not found.
    """
    from django.utils.safestring import mark_safe

    from fracos.billing.document import check_document
    from fracos.billing.render import payment_qr, pdf_context
    from fracos.web.views.invoices import state_label

    actor = actor_of(request)
    invoice = invoice_by_number(actor, number)
    state = invoice_state(invoice, today_of(request))
    formats = formats_for(invoice)
    payable = is_payable(invoice)
    qr = payment_qr(invoice, from_minor(open_minor(invoice), invoice.currency)) if payable else ""
    paper = pdf_context(invoice)
    try:
        check_document(paper["doc"])
        e_invoice_problem = ""
    except DomainError as error:
        # Offer no UBL or Factur-X link that could only fail; say why instead.
        e_invoice_problem = error.message
    return render(
        request,
        "web/portal_invoice.html",
        {
            "portal": True,
            "practice": practice_of(request),
            "invoice": invoice,
            "state": state,
            "state_label": state_label(state),
            # Lines, VAT and totals exactly as the PDF writes them, in the seller's locale.
            "paper": paper,
            "e_invoice_problem": e_invoice_problem,
            **settlement(actor, invoice, formats.minor),
            "payable": payable,
            "qr_svg": mark_safe(qr),  # segno's own SVG, no user text
        },
    )


DOCUMENT_NAMES = {"pdf": "The PDF", "ubl": "The UBL e-invoice", "facturx": "The Factur-X PDF"}


def _document(request: HttpRequest, invoice_id: int, kind: str) -> HttpResponse:
    """The file, or back to the invoice's page saying why it cannot be made (no Peppol
    address for an e-invoice, say): a refusal is a sentence, never a server error."""
    from fracos.web.views.invoices import document_response

    invoice = invoice_get(actor_of(request), invoice_id)
    try:
        return document_response(invoice, kind)
    except DomainError as error:
        messages.error(
            request, f"{DOCUMENT_NAMES[kind]} is not available: {error.message.rstrip('.')}."
        )
        return redirect("portal_invoice", invoice.number)


@portal_view
def portal_invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """The PDF of one of the client's own issued invoices; anyone else's is not found."""
    return _document(request, invoice_id, "pdf")


@portal_view
def portal_invoice_ubl(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _document(request, invoice_id, "ubl")


@portal_view
def portal_invoice_facturx(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _document(request, invoice_id, "facturx")


def summary_html(body: str) -> str:
    """A sent summary's Markdown as HTML; the leader's text is escaped first, never trusted."""
    import html

    import markdown

    return str(markdown.markdown(html.escape(body, quote=False), extensions=["sane_lists"]))
