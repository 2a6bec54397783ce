"""Reads of invoices, payments and receivables, and the access helpers that authorise them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from fracos.billing.choices import InvoiceKind, InvoiceState, InvoiceStatus
from fracos.billing.document import Totals
from fracos.billing.models import Invoice, InvoiceLine, Payment
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.money import from_minor
from fracos.core.paging import KeyPart, Order
from fracos.practice.models import AuditEvent, Practice
from fracos.practice.paging import keyset

AGE_BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


def invoices_visible(actor: Actor) -> QuerySet[Invoice]:
    """The practice's invoices; a portal user sees only its client's issued ones."""
    qs = Invoice.objects.filter(practice_id=actor.practice_id)
    if not actor.is_staff:
        qs = qs.filter(client_id=actor.client_id or 0).exclude(status=InvoiceStatus.DRAFT)
    return qs


def with_amounts(qs: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate paid_minor and credited_minor (subqueries: no join multiplies the sums)."""
    paid = (
        Payment.objects.filter(invoice_id=OuterRef("pk"))
        .values("invoice_id")
        .annotate(s=Sum("amount_minor"))
        .values("s")
    )
    credited = (
        Invoice.objects.filter(credited_invoice_id=OuterRef("pk"))
        .exclude(status=InvoiceStatus.DRAFT)
        .values("credited_invoice_id")
        .annotate(s=Sum("total_minor"))
        .values("s")
    )
    zero = Value(0, output_field=IntegerField())
    return qs.annotate(
        paid_minor=Coalesce(Subquery(paid, output_field=IntegerField()), zero),
        credited_minor=Coalesce(Subquery(credited, output_field=IntegerField()), zero),
    )


def invoice_get(actor: Actor, invoice_id: int) -> Invoice:
    found = with_amounts(invoices_visible(actor)).filter(pk=invoice_id).first()
    if found is None:
        raise NotFound(f"invoice: no invoice #{invoice_id}", field="invoice")
    return found


def invoice_by_number(actor: Actor, number: str) -> Invoice:
    """An issued invoice or credit note by its exact number (a draft has none)."""
    found = (
        with_amounts(invoices_visible(actor))
        .select_related("credited_invoice")
        .filter(number=number)
        .first()
        if number
        else None
    )
    if found is None:
        raise NotFound(f"invoice: no invoice numbered {number[:40]!r}", field="invoice")
    return found


def invoice_find(actor: Actor, text: str) -> Invoice:
    """By number ("2026-0007"), then by draft id ("12" or "#12")."""
    wanted = (text or "").strip()
    qs = with_amounts(invoices_visible(actor))
    found = qs.filter(number__iexact=wanted).first() if wanted else None
    if found is None:
        bare = wanted.lstrip("#")
        if bare.isdigit():
            found = qs.filter(pk=int(bare)).first()
    if found is None:
        raise NotFound(
            f"invoice: no invoice numbered or with id {wanted!r}; see `fracos invoice list`",
            field="invoice",
        )
    return found


def open_minor(invoice: Invoice | InvoiceBrief) -> int:
    """What the client still owes (negative when they are owed a refund)."""
    if invoice.kind != InvoiceKind.INVOICE or invoice.status == InvoiceStatus.DRAFT:
        return 0
    paid = int(getattr(invoice, "paid_minor", 0) or 0)
    credited = int(getattr(invoice, "credited_minor", 0) or 0)
    return invoice.total_minor - paid - credited


def invoice_state(invoice: Invoice | InvoiceBrief, today: date) -> str:
    if invoice.status == InvoiceStatus.DRAFT:
        return InvoiceState.DRAFT
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return InvoiceState.CREDIT_NOTE
    if invoice.status == InvoiceStatus.CREDITED:
        return InvoiceState.CREDITED
    left = open_minor(invoice)
    if left <= 0:
        return InvoiceState.PAID
    if invoice.due_date and invoice.due_date < today:
        return InvoiceState.OVERDUE
    if int(getattr(invoice, "paid_minor", 0) or 0) > 0:
        return InvoiceState.PARTLY_PAID
    return InvoiceState.OPEN


def _today(actor: Actor) -> date:
    return clock.today(Practice.objects.get(pk=actor.practice_id).timezone)


def invoice_list(
    actor: Actor,
    *,
    unpaid: bool = False,
    overdue: bool = False,
    client_id: int | None = None,
    include_drafts: bool = True,
) -> list[Invoice]:
    qs = with_amounts(invoices_visible(actor)).select_related("client")
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if not include_drafts:
        qs = qs.exclude(status=InvoiceStatus.DRAFT)
    if unpaid or overdue:
        qs = owing(qs, _today(actor), overdue=overdue)
    return list(qs.order_by("-issue_date", "-seq", "-id"))


def owing(qs: QuerySet[Invoice], today: date, *, overdue: bool = False) -> QuerySet[Invoice]:
    """Issued invoices (not credit notes) with money open; ``overdue``: only those past due.

    ``qs`` carries ``with_amounts``. The CLI's --unpaid/--overdue and the API's status filter.
    """
    qs = qs.filter(
        kind=InvoiceKind.INVOICE,
        status=InvoiceStatus.ISSUED,
        total_minor__gt=F("paid_minor") + F("credited_minor"),
    )
    return qs.filter(due_date__lt=today) if overdue else qs


def invoice_record(invoice: Invoice, today: date) -> dict[str, Any]:
    cur = invoice.currency
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "kind": invoice.kind,
        "state": invoice_state(invoice, today),
        "client": invoice.client.name,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "period": f"{invoice.period_start}..{invoice.period_end}" if invoice.period_start else "",
        "currency": cur,
        "net": str(from_minor(invoice.net_minor, cur)),
        "tax": str(from_minor(invoice.tax_minor, cur)),
        "total": str(from_minor(invoice.total_minor, cur)),
        "paid": str(from_minor(int(getattr(invoice, "paid_minor", 0) or 0), cur)),
        "credited": str(from_minor(int(getattr(invoice, "credited_minor", 0) or 0), cur)),
        "open": str(from_minor(open_minor(invoice), cur)),
        "payment_reference": invoice.payment_reference,
        "credits": invoice.credited_invoice.number if invoice.credited_invoice else None,
    }


def age_bucket(due: date | None, today: date) -> str:
    late = (today - due).days if due else 0
    if late <= 0:
        return "current"
    if late <= 30:
        return "1-30"
    if late <= 60:
        return "31-60"
    if late <= 90:
        return "61-90"
    return "90+"


@dataclass
class ReceivableRow:
    client_id: int
    client: str
    currency: str
    buckets: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "currency": self.currency,
            **{k: str(v) for k, v in self.buckets.items()},
            "total": str(self.total),
        }


def receivables(actor: Actor, today: date | None = None) -> list[ReceivableRow]:
    """What each client owes, by how late it is (current, 1–30, 31–60, 61–90, 90+ days)."""
    actor.require_staff()
    today = today or _today(actor)
    rows: dict[tuple[int, str], ReceivableRow] = {}
    for invoice in invoice_list(actor, unpaid=True):
        key = (invoice.client_id, invoice.currency)
        row = rows.get(key)
        if row is None:
            row = rows[key] = ReceivableRow(
                invoice.client_id,
                invoice.client.name,
                invoice.currency,
                {bucket: from_minor(0, invoice.currency) for bucket in AGE_BUCKETS},
            )
        bucket = age_bucket(invoice.due_date, today)
        row.buckets[bucket] += from_minor(open_minor(invoice), invoice.currency)
    return sorted(rows.values(), key=lambda r: (r.client.lower(), r.currency))


def payments_of(actor: Actor, invoice_id: int) -> list[Payment]:
    invoice = invoice_get(actor, invoice_id)
    return list(invoice.payments.all())


def invoice_detail(actor: Actor, invoice: Invoice) -> dict[str, Any]:
    """The invoice's record, its lines, the overage report and (for a draft) live totals."""
    from fracos.billing.bridge import invoice_document
    from fracos.billing.document import compute_totals
    from fracos.billing.parties import buyer_snapshot, seller_snapshot

    practice = Practice.objects.get(pk=actor.practice_id)
    record = invoice_record(invoice, clock.today(practice.timezone))
    lines = list(invoice.lines.all())
    cur = invoice.currency
    if invoice.status == InvoiceStatus.DRAFT:
        doc = invoice_document(
            invoice,
            lines=lines,
            seller=seller_snapshot(practice or Practice.objects.get(pk=invoice.practice_id)),
            buyer=buyer_snapshot(invoice.client),
        )
        totals = compute_totals(doc)
        record.update(net=str(totals.tax_exclusive), tax=str(totals.tax_total))
        record.update(total=str(totals.tax_inclusive))
    record["lines"] = [
        {
            "id": line.pk,
            "kind": line.kind,
            "description": line.description,
            "quantity": str(line.quantity.normalize()),
            "unit": line.unit_code,
            "unit_price": str(from_minor(line.unit_price_minor, cur)),
            "vat": f"{line.vat_category} {line.vat_rate.normalize()}%",
        }
        for line in lines
    ]
    record["overage"] = invoice.overage
    record["payments"] = [
        {"date": p.date, "amount": str(from_minor(p.amount_minor, cur)), "method": p.method}
        for p in invoice.payments.all()
    ]
    record["reminders"] = [
        {"step": r.step, "sent_at": r.sent_at.isoformat()} for r in invoice.reminders.all()
    ]
    return record


# Reads for the web's invoice pages ------------------------------------------------------

# The states a person filters the invoice list by (a credit note is none of them).
STATE_FILTERS = (
    InvoiceState.DRAFT,
    InvoiceState.OPEN,
    InvoiceState.PARTLY_PAID,
    InvoiceState.PAID,
    InvoiceState.OVERDUE,
    InvoiceState.CREDITED,
)


@dataclass(frozen=True)
class InvoiceBrief:
    """What a list's state filter, count and totals need of one document: no snapshots, no model."""

    pk: int
    kind: str
    status: str
    currency: str
    total_minor: int
    paid_minor: int
    credited_minor: int
    due_date: date | None


D = TypeVar("D", Invoice, InvoiceBrief)

BRIEF_FIELDS = (
    "pk",
    "kind",
    "status",
    "currency",
    "total_minor",
    "paid_minor",
    "credited_minor",
    "due_date",
)
NEWEST_FIRST = ("-issue_date", "-seq", "-id")


def _filtered(
    actor: Actor, *, state: str | None, client_id: int | None, period: clock.Period | None
) -> QuerySet[Invoice]:
    qs = with_amounts(invoices_visible(actor))
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if period is not None:
        qs = qs.filter(
            Q(issue_date__gte=period.start, issue_date__lt=period.end)
            | Q(
                issue_date__isnull=True, period_start__gte=period.start, period_start__lt=period.end
            )
        )
    if state == InvoiceState.DRAFT:
        qs = qs.filter(status=InvoiceStatus.DRAFT)
    elif state:
        qs = qs.exclude(status=InvoiceStatus.DRAFT).filter(kind=InvoiceKind.INVOICE)
    return qs.order_by(*NEWEST_FIRST)


def _with_state(documents: Iterable[D], today: date, state: str | None) -> list[tuple[D, str]]:
    """Each document with its state today; only those in ``state`` when one is asked for."""
    rows = [(d, invoice_state(d, today)) for d in documents]
    return [(d, s) for d, s in rows if s == state] if state else rows


def invoices_filtered(
    actor: Actor,
    *,
    today: date,
    state: str | None = None,
    client_id: int | None = None,
    period: clock.Period | None = None,
) -> list[tuple[Invoice, str]]:
    """Invoices and credit notes with their state today, newest first, in one query.

    ``period`` matches an issued document by its issue date and a draft (which
    has none yet) by the first day of the month it bills.
    """
    qs = _filtered(actor, state=state, client_id=client_id, period=period)
    return _with_state(qs.select_related("client"), today, state)


def invoice_briefs(
    actor: Actor,
    *,
    today: date,
    state: str | None = None,
    client_id: int | None = None,
    period: clock.Period | None = None,
) -> list[tuple[InvoiceBrief, str]]:
    """As ``invoices_filtered`` but as plain rows: a list page counts and totals every match
    while showing only one page, and building hundreds of models with their JSON snapshots
    for that cost more than the query."""
    qs = _filtered(actor, state=state, client_id=client_id, period=period)
    briefs = (InvoiceBrief(*values) for values in qs.values_list(*BRIEF_FIELDS))
    return _with_state(briefs, today, state)


def invoices_in_order(actor: Actor, pks: list[int]) -> list[Invoice]:
    """The documents with these ids, with their amounts and client, in the order given."""
    found = {
        i.pk: i
        for i in with_amounts(invoices_visible(actor)).select_related("client").filter(pk__in=pks)
    }
    return [found[pk] for pk in pks if pk in found]


def draft_totals(invoices: list[Invoice], practice: Practice) -> dict[int, Totals]:
    """Live totals of drafts (issued ones carry theirs), their lines read in one query."""
    from fracos.billing.bridge import invoice_document
    from fracos.billing.document import compute_totals
    from fracos.billing.parties import buyer_snapshot, seller_snapshot

    drafts = [i for i in invoices if i.status == InvoiceStatus.DRAFT]
    if not drafts:
        return {}
    lines: dict[int, list[InvoiceLine]] = {i.pk: [] for i in drafts}
    for line in InvoiceLine.objects.filter(invoice_id__in=list(lines)).order_by("position", "id"):
        lines[line.invoice_id].append(line)
    seller = seller_snapshot(practice)
    return {
        i.pk: compute_totals(
            invoice_document(i, lines=lines[i.pk], seller=seller, buyer=buyer_snapshot(i.client))
        )
        for i in drafts
    }


def invoice_totals(invoice: Invoice, practice: Practice | None, lines: list[InvoiceLine]) -> Totals:
    """Lines, VAT groups and totals as the document states them (a draft: as it would).

    Only a draft needs the practice (its live seller details); an issued invoice
    carries its snapshots.
    """
    from fracos.billing.bridge import invoice_document
    from fracos.billing.document import compute_totals
    from fracos.billing.parties import buyer_snapshot, seller_snapshot

    if invoice.status == InvoiceStatus.DRAFT:
        doc = invoice_document(
            invoice,
            lines=lines,
            seller=seller_snapshot(practice or Practice.objects.get(pk=invoice.practice_id)),
            buyer=buyer_snapshot(invoice.client),
        )
    else:
        doc = invoice_document(invoice, lines=lines)
    return compute_totals(doc)


def credit_notes_of(actor: Actor, invoice_id: int) -> list[Invoice]:
    return list(
        invoices_visible(actor)
        .filter(credited_invoice_id=invoice_id)
        .exclude(status=InvoiceStatus.DRAFT)
        .order_by("issue_date", "seq")
    )


def invoice_audit(actor: Actor, invoice_id: int) -> list[AuditEvent]:
    """What happened to one invoice and who did it, oldest first (staff only)."""
    actor.require_staff()
    return list(
        AuditEvent.objects.filter(
            practice_id=actor.practice_id, subject_type="invoice", subject_id=invoice_id
        )
        .select_related("actor__user")
        .order_by("at", "id")
    )


def invoices_of_engagement(actor: Actor, engagement_id: int) -> list[Invoice]:
    """The invoices with at least one line billing this engagement, newest first."""
    ids = InvoiceLine.objects.filter(engagement_id=engagement_id).values("invoice_id")
    return list(
        with_amounts(invoices_visible(actor).filter(pk__in=Subquery(ids)))
        .select_related("client")
        .order_by("-issue_date", "-seq", "-id")
    )


def unpaid_invoices(actor: Actor, today: date) -> list[tuple[Invoice, str]]:
    """Issued invoices with money open, the longest overdue first."""
    # Paid invoices stay in the database (a decade's ledger is mostly them): the database
    # leaves them out.
    qs = owing(with_amounts(invoices_visible(actor)), today).select_related("client")
    return [(i, invoice_state(i, today)) for i in qs.order_by("due_date", "seq")]


# -- pages and figures for the API ------------------------------------------------------

INVOICE_ORDER = Order(("-id",), (int,))
# Beside the stored statuses, the API's list filters by what is owed, as `fracos invoice list`.
OWING_STATUSES = ("unpaid", "overdue")
PAYMENT_ORDER = Order(("id",), (int,))


def invoices_page(
    actor: Actor,
    *,
    status: str | None = None,
    kind: str | None = None,
    client_id: int | None = None,
    issued_from: date | None = None,
    issued_to: date | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Invoice]:
    """Newest first; an issue-date range leaves drafts out (they have no issue date)."""
    qs = with_amounts(invoices_visible(actor)).select_related("client", "credited_invoice")
    if status in OWING_STATUSES:
        qs = owing(qs, _today(actor), overdue=status == "overdue")
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if issued_from is not None:
        qs = qs.filter(issue_date__gte=issued_from)
    if issued_to is not None:
        qs = qs.filter(issue_date__lte=issued_to)
    return keyset(qs, INVOICE_ORDER, after=after, limit=limit)


def payments_page(
    actor: Actor, invoice_id: int, *, after: tuple[KeyPart, ...] | None, limit: int | None
) -> list[Payment]:
    invoice = invoice_get(actor, invoice_id)
    return keyset(invoice.payments.all(), PAYMENT_ORDER, after=after, limit=limit)


# The practice's payments, newest first.
RECEIVED_ORDER = Order(("-date", "-id"), (date, int))


def payments_received(
    actor: Actor,
    *,
    since: date | None = None,
    until: date | None = None,
    client_id: int | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Payment]:
    """Payments against the invoices the actor may see (a portal user: its client's), by date
    received, ``since`` and ``until`` included, with their invoice and client."""
    qs = Payment.objects.filter(invoice__in=invoices_visible(actor)).select_related(
        "invoice", "invoice__client"
    )
    if since is not None:
        qs = qs.filter(date__gte=since)
    if until is not None:
        qs = qs.filter(date__lte=until)
    if client_id is not None:
        qs = qs.filter(invoice__client_id=client_id)
    return keyset(qs, RECEIVED_ORDER, after=after, limit=limit)


@dataclass(frozen=True)
class InvoiceFigures:
    """An invoice's lines with their nets, its VAT groups and totals, and what followed it."""

    lines: list[InvoiceLine]
    totals: Totals
    payments: list[Payment]
    credit_notes: list[Invoice]


def invoice_figures(actor: Actor, invoice: Invoice) -> InvoiceFigures:
    """The EN 16931 arithmetic of ``invoice`` (live parties for a draft, its snapshots once issued)."""
    lines = list(invoice.lines.all())
    credit_notes = invoices_visible(actor).filter(credited_invoice_id=invoice.pk)
    return InvoiceFigures(
        lines=lines,
        totals=invoice_totals(invoice, None, lines),
        payments=list(invoice.payments.all()),
        credit_notes=list(credit_notes.exclude(status=InvoiceStatus.DRAFT).order_by("id")),
    )


@dataclass(frozen=True)
class InvoiceFile:
    content: bytes
    content_type: str
    filename: str


FILE_FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "ubl": ("application/xml", "xml"),
    "facturx": ("application/pdf", "pdf"),
}


def invoice_file(actor: Actor, invoice_id: int, fmt: str) -> InvoiceFile:
    """An issued invoice as a PDF, a Peppol UBL e-invoice or a Factur-X PDF."""
    from fracos.billing import render

    invoice = invoice_get(actor, invoice_id)
    if fmt == "ubl":
        content = render.ubl_xml(invoice)
    elif fmt == "facturx":
        content = render.facturx_pdf(invoice)
    else:
        content = render.pdf_bytes(invoice)
    content_type, extension = FILE_FORMATS[fmt]
    stem = (invoice.number or f"draft-{invoice.pk}").replace("/", "-")
    suffix = "-facturx" if fmt == "facturx" else ""
    return InvoiceFile(content, content_type, f"{stem}{suffix}.{extension}")
