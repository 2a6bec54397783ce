"""Payments received: the practice's payments, newest first, a page at a time."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from fracos.billing.selectors import RECEIVED_ORDER, payments_received
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor
from fracos.core.paging import cursor_after, next_cursor
from fracos.web.access import actor_of, staff_view
from fracos.web.views.common import page

PER_PAGE = 50


def _row(p: Any) -> dict[str, Any]:
    invoice = p.invoice
    return {
        "date": p.date,
        "invoice_id": invoice.pk,
        "invoice": invoice.number,
        "client_id": invoice.client_id,
        "client": invoice.client.name,
        "amount": f"{from_minor(p.amount_minor, invoice.currency):,} {invoice.currency}",
        "method": p.get_method_display(),
        "reference": p.reference,
    }


@staff_view
def payments_page(request: HttpRequest) -> HttpResponse:
    """?cursor= is the "Older" link's: a cursor keeps a page cheap however long the history."""
    actor = actor_of(request)
    problem = ""
    try:
        after = cursor_after(request.GET.get("cursor"), RECEIVED_ORDER)
    except ValidationFailed as exc:
        problem, after = exc.message, None
    found = payments_received(actor, after=after, limit=PER_PAGE + 1)
    context = {
        "rows": [_row(p) for p in found[:PER_PAGE]],
        "older": next_cursor(found, PER_PAGE, RECEIVED_ORDER),
        "newest": after is not None,
        "problem": problem,
    }
    return page(
        request, "web/payments.html", context, nav="invoices", status=400 if problem else 200
    )
