"""Every write to invoices, credit notes, payments and reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum

from fracos.billing import numbering
from fracos.billing.bridge import invoice_document
from fracos.billing.choices import (
    SERIES_CREDIT_NOTE,
    SERIES_INVOICE,
    InvoiceKind,
    InvoiceStatus,
    LineKind,
    PaymentMethod,
)
from fracos.billing.crediting import CreditableLine, LineChoice, plan_credit
from fracos.billing.document import TaxCase, Totals, check_document, compute_totals, tax_case
from fracos.billing.drafting import PlannedLine, plan_for
from fracos.billing.models import (
    BillingClaim,
    Invoice,
    InvoiceLine,
    Payment,
    Reminder,
)
from fracos.billing.parties import buyer_snapshot, party_from, seller_snapshot
from fracos.billing.selectors import invoice_get, invoices_visible, open_minor, with_amounts
from fracos.clients.models import Client
from fracos.clients.selectors import client_get
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import DomainError, NotFound, RuleViolation, ValidationFailed
from fracos.core.money import from_minor, minor_units, parse_amount, to_minor
from fracos.core.text import check_line, check_text
from fracos.engagements.choices import RECURRING
from fracos.engagements.models import Engagement
from fracos.practice.models import Practice
from fracos.practice.services import audit_record

MAX_QUANTITY = Decimal("9999999999")
# A line beyond a billion is a typo, and its minor units would overflow the stored totals.
MAX_LINE_NET = Decimal("1000000000")
ISSUED_FIELDS = [
    "status", "series", "seq", "number", "issue_date", "due_date", "seller", "buyer",
    "payment_reference", "exemption_reason", "net_minor", "tax_minor", "total_minor", "issued_at",
]  # fmt: skip


def _practice(actor: Actor) -> Practice:
    return Practice.objects.get(pk=actor.practice_id)


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def tax_case_for(practice: Practice, client: Client) -> TaxCase:
    """The VAT treatment of the practice's services to this client, or an error saying how to fix it."""
    seller = party_from(seller_snapshot(practice))
    buyer = party_from(buyer_snapshot(client))
    rules = practice.rules
    try:
        return tax_case(
            seller=seller,
            buyer=buyer,
            seller_exempt=rules.vat_exempt,
            exemption_reason=rules.vat_exemption_reason,
        )
    except ValidationFailed as exc:
        if exc.field == "vat_number" and not buyer.vat_number and seller.vat_number:
            raise ValidationFailed(
                f"vat_number: {client.name} is in {client.country}, so this is an intra-EU "
                "reverse-charge invoice, which needs the client's VAT number; set it with "
                f"`fracos client set {_quoted(client.name)} --vat NUMBER`",
                field="vat_number",
            ) from None
        if exc.field == "vat_number":
            raise ValidationFailed(
                f"{exc.message}; set the practice's with `fracos practice set --vat NUMBER`",
                field="vat_number",
            ) from None
        raise


def _require_draft(invoice: Invoice) -> None:
    if invoice.status != InvoiceStatus.DRAFT:
        raise RuleViolation(
            f"invoice {invoice.number} is issued, and issued invoices never change; "
            f"correct it with a credit note (`fracos invoice credit {invoice.number}`)",
            field="invoice",
        )


def _locked(actor: Actor, invoice_id: int, *, amounts: bool = False) -> Invoice:
    """The invoice, authorised and row-locked (PostgreSQL) in one query, for a write."""
    qs = (
        invoices_visible(actor)
        .select_related("client", "practice")
        .select_for_update(of=("self",))
        .filter(pk=invoice_id)
    )
    # No ORDER BY (one row by its key): compiling the model's ordering cost more than the query.
    found = list((with_amounts(qs) if amounts else qs).order_by()[:1])
    if not found:
        raise NotFound(f"invoice: no invoice #{invoice_id}", field="invoice")
    return found[0]


# Drafting ------------------------------------------------------------------------------


def _month(period: clock.Period) -> clock.Period:
    month = clock.month_of(period.start)
    if month != period:
        raise ValidationFailed(
            f"period: invoices cover a calendar month (YYYY-MM), not {period.label}",
            field="period",
        )
    return month


def _claimed(engagement_ids: list[int]) -> set[tuple[int, str]]:
    return set(
        BillingClaim.objects.filter(engagement_id__in=engagement_ids).values_list(
            "engagement_id", "key"
        )
    )


def _billable_engagements(actor: Actor, client: Client) -> list[Engagement]:
    engagements = list(
        Engagement.objects.filter(practice_id=actor.practice_id, client_id=client.pk)
        .exclude(status="proposed")
        .prefetch_related("milestones")
        .order_by("start_date", "id")
    )
    for engagement in engagements:
        engagement.client = client  # the client at hand: planning a retainer names it
    return engagements


def _create_draft(
    actor: Actor,
    practice: Practice,
    client: Client,
    period: clock.Period,
    *,
    recurring_only: bool,
    skip_empty: bool,
    source: str,
) -> Invoice | None:
    case = tax_case_for(practice, client)
    engagements = _billable_engagements(actor, client)
    for e in engagements:
        if e.currency != client.currency and (not recurring_only or e.pricing_model in RECURRING):
            raise ValidationFailed(
                f"currency: {e.role_title} at {client.name} is priced in {e.currency} but the "
                f"client is billed in {client.currency}; change one of them first",
                field="currency",
            )
    plan = plan_for(
        actor,
        engagements=engagements,
        period=period,
        rules=practice.rules,
        locale=practice.locale,
        claimed=_claimed([e.pk for e in engagements]),
        recurring_only=recurring_only,
    )
    if skip_empty and not plan.lines:
        return None
    invoice = Invoice.objects.create(
        practice_id=actor.practice_id,
        client=client,
        kind=InvoiceKind.INVOICE,
        status=InvoiceStatus.DRAFT,
        series=SERIES_INVOICE,
        currency=client.currency,
        period_start=period.start,
        period_end=period.last_day,
        exemption_reason=case.exemption_reason if case.category == "E" else "",
        overage=plan.overage,
        source=source,
        created_at=clock.now(),
    )
    added = 0
    for position, planned in enumerate(plan.lines):
        try:
            # A savepoint per line: another process may claim the same period meanwhile.
            with transaction.atomic():
                _add_planned(invoice, planned, case, position)
                added += 1
        except IntegrityError:
            continue
    if skip_empty and not added:
        invoice.delete()
        return None
    audit_record(actor, "invoice.drafted", "invoice", invoice.pk, {"period": period.label})
    return invoice


def _add_planned(invoice: Invoice, planned: PlannedLine, case: TaxCase, position: int) -> None:
    line = InvoiceLine.objects.create(
        invoice=invoice,
        position=position,
        kind=planned.kind,
        description=planned.description[:300],
        quantity=planned.quantity,
        unit_code=planned.unit_code,
        unit_price_minor=to_minor(planned.unit_price, invoice.currency),
        vat_category=case.category,
        vat_rate=case.rate,
        engagement_id=planned.engagement_id,
        period_start=planned.period_start,
        period_end=planned.period_end,
    )
    BillingClaim.objects.create(
        practice_id=invoice.practice_id,
        engagement_id=planned.engagement_id,
        key=planned.key,
        line=line,
    )


@transaction.atomic
def invoice_draft(actor: Actor, *, client_id: int, period: clock.Period | None = None) -> Invoice:
    """A draft for the client's month: fees, days, milestones and pilots not yet billed."""
    actor.require_write()
    client = client_get(actor, client_id)
    practice = _practice(actor)
    month = _month(period) if period else clock.month_of(clock.today(practice.timezone))
    invoice = _create_draft(
        actor, practice, client, month, recurring_only=False, skip_empty=False, source="manual"
    )
    assert invoice is not None  # skip_empty=False always creates one
    return invoice


@transaction.atomic
def invoice_delete(actor: Actor, *, invoice_id: int) -> None:
    """Throw a draft away (its claims go with it, so its periods can be drafted again)."""
    actor.require_write()
    invoice = _locked(actor, invoice_id)
    _require_draft(invoice)
    audit_record(actor, "invoice.deleted", "invoice", invoice.pk)
    invoice.delete()


def _quantity(raw: Any) -> Decimal:
    value = parse_amount(str(raw), field="quantity")
    if value == 0 or abs(value) > MAX_QUANTITY:
        raise ValidationFailed(f"quantity: {raw} must be non-zero and sensible", field="quantity")
    if value != value.quantize(Decimal("0.0001")):
        raise ValidationFailed(f"quantity: {raw} has more than 4 decimals", field="quantity")
    return value


def _unit_price(raw: Any, currency: str, *, field: str = "unit_price") -> Decimal:
    value = parse_amount(str(raw), field=field)
    if abs(value) > MAX_LINE_NET:
        # Checked before quantize, which cannot hold an amount like 1e999.
        raise ValidationFailed(f"{field}: {raw} is implausibly large", field=field)
    if value != value.quantize(Decimal(1).scaleb(-minor_units(currency))):
        raise ValidationFailed(
            f"{field}: {raw} has more decimals than {currency} allows", field=field
        )
    return value


def _check_line_size(quantity: Decimal, price: Decimal, currency: str) -> None:
    if abs(quantity * price) > MAX_LINE_NET:
        raise ValidationFailed(
            f"unit_price: {quantity} × {price} {currency} is more than {MAX_LINE_NET:,} "
            "on one line",
            field="unit_price",
        )


def _vat_rate(raw: Any, case: TaxCase) -> Decimal:
    if raw is None or raw == "":
        return case.rate
    rate = parse_amount(str(raw).rstrip("%"), field="vat_rate")
    if case.category != "S":
        if rate != 0:
            raise ValidationFailed(
                f"vat_rate: this client's invoices carry no VAT (category {case.category}: "
                f"{case.exemption_reason or 'exempt'})",
                field="vat_rate",
            )
        return Decimal(0)
    if not Decimal(0) <= rate <= Decimal(100) or rate != rate.quantize(Decimal("0.01")):
        raise ValidationFailed(f"vat_rate: {raw} is not a VAT rate in percent", field="vat_rate")
    return rate


@transaction.atomic
def invoice_line_add(
    actor: Actor,
    *,
    invoice_id: int,
    description: str,
    quantity: Decimal | str,
    unit_price: Decimal | str,
    vat_rate: Decimal | str | None = None,
    kind: str | None = None,
    unit_code: str = "C62",
) -> InvoiceLine:
    """An extra line on a draft: an expense, or a discount as a negative amount."""
    actor.require_write()
    invoice = _locked(actor, invoice_id)
    _require_draft(invoice)
    text = check_text((description or "").strip(), field="description")
    if not text or len(text) > 300:
        raise ValidationFailed("description: 1 to 300 characters", field="description")
    check_line(unit_code or "", field="unit_code")
    qty = _quantity(quantity)
    price = _unit_price(unit_price, invoice.currency)
    if price < 0:
        # EN 16931 forbids negative prices: a discount is a negative quantity instead.
        qty, price = -qty, -price
    _check_line_size(qty, price, invoice.currency)
    if kind is not None and kind not in LineKind.values:
        raise ValidationFailed(
            f"kind: {kind!r} is not one of {', '.join(LineKind.values)}", field="kind"
        )
    case = tax_case_for(_practice(actor), invoice.client)
    line = InvoiceLine.objects.create(
        invoice=invoice,
        position=(invoice.lines.count()),
        kind=kind or (LineKind.DISCOUNT if qty < 0 else LineKind.EXPENSE),
        description=text,
        quantity=qty,
        unit_code=(unit_code or "C62").strip().upper()[:3],
        unit_price_minor=to_minor(price, invoice.currency),
        vat_category=case.category,
        vat_rate=_vat_rate(vat_rate, case),
    )
    audit_record(actor, "invoice.line_added", "invoice", invoice.pk, {"line": line.pk})
    return line


def _line_of(actor: Actor, invoice: Invoice, line_id: int) -> InvoiceLine:
    line = invoice.lines.filter(pk=line_id).first()
    if line is None:
        raise NotFound(
            f"line: invoice #{invoice.pk} has no line #{line_id}; see `fracos invoice show "
            f"{invoice.pk}`",
            field="line",
        )
    return line


@transaction.atomic
def invoice_line_update(
    actor: Actor, *, invoice_id: int, line_id: int, **changes: Any
) -> InvoiceLine:
    actor.require_write()
    invoice = _locked(actor, invoice_id)
    _require_draft(invoice)
    line = _line_of(actor, invoice, line_id)
    unknown = set(changes) - {"description", "quantity", "unit_price", "vat_rate"}
    if unknown:
        raise ValidationFailed(f"unknown line field(s): {', '.join(sorted(unknown))}")
    fields: list[str] = []
    if "description" in changes:
        text = check_text(str(changes["description"] or "").strip(), field="description")
        if not text or len(text) > 300:
            raise ValidationFailed("description: 1 to 300 characters", field="description")
        line.description = text
        fields.append("description")
    if "quantity" in changes or "unit_price" in changes:
        # The stored sign sits on the quantity; the user speaks of a negative price.
        sign = -1 if line.quantity < 0 else 1
        qty = _quantity(changes.get("quantity", abs(line.quantity)))
        price = (
            _unit_price(changes["unit_price"], invoice.currency)
            if "unit_price" in changes
            else sign * from_minor(line.unit_price_minor, invoice.currency)
        )
        if price < 0:
            qty, price = -qty, -price
        _check_line_size(qty, price, invoice.currency)
        line.quantity, line.unit_price_minor = qty, to_minor(price, invoice.currency)
        fields += ["quantity", "unit_price_minor"]
    if "vat_rate" in changes:
        line.vat_rate = _vat_rate(
            changes["vat_rate"], tax_case_for(_practice(actor), invoice.client)
        )
        fields.append("vat_rate")
    line.save(update_fields=fields or None)
    audit_record(actor, "invoice.line_updated", "invoice", invoice.pk, {"line": line.pk})
    return line


@transaction.atomic
def invoice_line_remove(actor: Actor, *, invoice_id: int, line_id: int) -> None:
    """Remove a draft's line; a fee or period it billed becomes billable again."""
    actor.require_write()
    invoice = _locked(actor, invoice_id)
    _require_draft(invoice)
    line = _line_of(actor, invoice, line_id)
    audit_record(actor, "invoice.line_removed", "invoice", invoice.pk, {"line": line.pk})
    line.delete()


@transaction.atomic
def invoice_notes_set(actor: Actor, *, invoice_id: int, notes: str) -> Invoice:
    actor.require_write()
    invoice = _locked(actor, invoice_id)
    _require_draft(invoice)
    invoice.notes = check_text((notes or "").strip(), field="notes")[:2000]
    invoice.save(update_fields=["notes"])
    return invoice


# Issuing -------------------------------------------------------------------------------


def _check_for_issue(invoice: Invoice, lines: list[InvoiceLine]) -> Totals:
    doc = invoice_document(invoice, lines=lines)
    try:
        check_document(doc)
    except ValidationFailed as exc:
        # Why: a Peppol address is only needed to send the e-invoice, not to issue one;
        # `invoice ubl` reports it then. check_document tests it last.
        if exc.field != "endpoint":
            raise
    totals = compute_totals(doc)  # the number is not in the totals: computed once, here
    if totals.payable <= 0 and invoice.kind == InvoiceKind.INVOICE:
        raise ValidationFailed(
            "total: an invoice must come to more than zero; to give money back, issue a "
            "credit note",
            field="total",
        )
    return totals


def _write_issued(invoice: Invoice) -> None:
    """``save(update_fields=ISSUED_FIELDS)`` as one prepared UPDATE.

    Why: on the month-end path the ORM's save compiled more SQL per invoice than
    the database took to run it; each field still prepares its own value.
    """
    fields = [f for f in Invoice._meta.concrete_fields if f.name in ISSUED_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    values = [f.get_db_prep_save(getattr(invoice, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Invoice._meta.db_table)} SET {assignments} WHERE id = %s",
            [*values, invoice.pk],
        )


_LINES_SQL: dict[str, str] = {}


def _lines_to_issue(invoice: Invoice) -> list[InvoiceLine]:
    """``list(invoice.lines.all())`` through SQL compiled once per process and database.

    Why: on the month-end path Django took three times longer to compile this
    query than to run it and build the lines; the SQL never changes but the key.
    """
    sql = _LINES_SQL.get(connection.vendor)
    if sql is None:
        sql, params = InvoiceLine.objects.filter(invoice_id=0).query.sql_with_params()
        assert params == (0,), params  # the key is the query's only parameter
        _LINES_SQL[connection.vendor] = sql
    return list(InvoiceLine.objects.raw(sql, [invoice.pk]))


def _issue(
    actor: Actor, invoice: Invoice, *, issue_date: date | None = None, check_tax: bool = True
) -> Invoice:
    practice = invoice.practice
    rules = practice.rules
    lines = _lines_to_issue(invoice)
    if not lines:
        raise ValidationFailed(
            f"lines: draft #{invoice.pk} has no lines, and an empty invoice cannot be issued; "
            f"add one with `fracos invoice line add {invoice.pk} --description … --quantity 1 "
            "--unit-price …`",
            field="lines",
        )
    client = invoice.client
    if invoice.kind == InvoiceKind.INVOICE:
        if check_tax:
            case = tax_case_for(practice, client)
            for line in lines:
                if line.vat_category != case.category:
                    # The client's situation changed since drafting: follow it.
                    line.vat_category = case.category
                    line.vat_rate = case.rate if case.category == "S" else Decimal(0)
                    line.save(update_fields=["vat_category", "vat_rate"])
            invoice.exemption_reason = case.exemption_reason if case.category == "E" else ""
        invoice.seller = seller_snapshot(practice)
        invoice.buyer = buyer_snapshot(client)
    else:
        original = invoice.credited_invoice
        assert original is not None
        invoice.seller, invoice.buyer = original.seller, original.buyer
        invoice.exemption_reason = original.exemption_reason
    day = issue_date or clock.today(practice.timezone)
    invoice.issue_date = day
    if invoice.kind == InvoiceKind.INVOICE:
        terms = client.payment_terms_days
        invoice.due_date = day + timedelta(
            days=rules.payment_terms_days if terms is None else terms
        )
    totals = _check_for_issue(invoice, lines)
    is_credit = invoice.kind == InvoiceKind.CREDIT_NOTE
    pattern = numbering.pattern_for(rules, credit_note=is_credit)
    series = numbering.series_name(pattern, credit_note=is_credit, day=day)
    seq = numbering.allocate(practice.pk, series, day)
    invoice.series, invoice.seq = series, seq
    invoice.number = pattern.format(year=day.year, seq=seq)
    invoice.payment_reference = (
        ""
        if is_credit
        else numbering.payment_reference(rules, practice.country, day, seq, invoice.number)
    )
    invoice.net_minor = to_minor(totals.tax_exclusive, invoice.currency)
    invoice.tax_minor = to_minor(totals.tax_total, invoice.currency)
    invoice.total_minor = to_minor(totals.tax_inclusive, invoice.currency)
    invoice.status = InvoiceStatus.ISSUED
    invoice.issued_at = clock.now()
    try:
        with transaction.atomic():
            _write_issued(invoice)
    except IntegrityError:
        raise RuleViolation(
            f"number: {invoice.number} is already taken in this practice; check "
            "invoice_number_pattern (`fracos practice settings`)",
            field="number",
        ) from None
    audit_record(
        actor,
        "credit_note.issued" if is_credit else "invoice.issued",
        "invoice",
        invoice.pk,
        {"number": invoice.number, "total_minor": invoice.total_minor},
    )
    return invoice


@transaction.atomic
def invoice_issue(actor: Actor, *, invoice_id: int, issue_date: date | None = None) -> Invoice:
    """Number the draft (next in the practice's series), freeze it, and make it payable."""
    actor.require_write()
    invoice = _locked(actor, invoice_id)
    if invoice.status != InvoiceStatus.DRAFT:
        raise RuleViolation(
            f"invoice: #{invoice.pk} is already issued as {invoice.number}", field="invoice"
        )
    return _issue(actor, invoice, issue_date=issue_date)


# Credit notes --------------------------------------------------------------------------


def _creditable(original: Invoice) -> list[CreditableLine]:
    """The invoice's lines, each with what issued credit notes already reversed of it."""
    cur = original.currency
    credits: dict[int, int] = {}
    for credit in InvoiceLine.objects.filter(
        credited_line__invoice=original, invoice__status=InvoiceStatus.ISSUED
    ):
        assert credit.credited_line_id is not None
        credits[credit.credited_line_id] = credits.get(credit.credited_line_id, 0) + to_minor(
            credit.quantity * from_minor(credit.unit_price_minor, cur), cur
        )
    return [
        CreditableLine(
            id=line.pk,
            description=line.description,
            quantity=line.quantity,
            unit_price_minor=line.unit_price_minor,
            unit_code=line.unit_code,
            vat_category=line.vat_category,
            vat_rate=line.vat_rate,
            period_start=line.period_start,
            period_end=line.period_end,
            net_minor=to_minor(line.quantity * from_minor(line.unit_price_minor, cur), cur),
            credited_minor=credits.get(line.pk, 0),
        )
        for line in original.lines.all()
    ]


@transaction.atomic
def invoice_credit(
    actor: Actor,
    *,
    invoice_id: int,
    amount: Decimal | str | None = None,
    lines: list[LineChoice] | None = None,
    reason: str = "",
    issue_date: date | None = None,
) -> Invoice:
    """Issue a credit note for what is left of the invoice, chosen lines or units, or an amount.

    ``lines`` are (line id, quantity or None for what is left of it); ``amount``
    excludes VAT and is spread over the chosen lines (all, if none are chosen)
    in proportion to what each has left, so an invoice mixing VAT rates is
    credited at each rate in its share.
    """
    actor.require_write()
    reason = check_text((reason or "").strip(), field="reason")
    original = _locked(actor, invoice_id, amounts=True)
    if original.kind != InvoiceKind.INVOICE or original.status == InvoiceStatus.DRAFT:
        raise RuleViolation(
            "invoice: only an issued invoice can be credited (a draft can be edited or deleted)",
            field="invoice",
        )
    if original.status == InvoiceStatus.CREDITED:
        raise RuleViolation(
            f"invoice: {original.number} is already credited in full", field="invoice"
        )
    if issue_date is not None and original.issue_date and issue_date < original.issue_date:
        raise ValidationFailed(
            f"issue_date: a credit note cannot be dated before {original.issue_date}, the "
            f"date of {original.number}",
            field="issue_date",
        )
    cur = original.currency
    credited_net = int(
        Invoice.objects.filter(credited_invoice=original)
        .exclude(status=InvoiceStatus.DRAFT)
        .aggregate(s=Sum("net_minor"))["s"]
        or 0
    )
    left = original.net_minor - credited_net
    creditable = _creditable(original)
    planned = plan_credit(
        creditable,
        currency=cur,
        choices=lines,
        amount_minor=None
        if amount is None
        else to_minor(_unit_price(amount, cur, field="amount"), cur),
    )
    credit_net = sum(line.net_minor(cur) for line in planned)
    if credit_net <= 0:
        raise ValidationFailed(
            "line: a credit note must come to more than zero; a discount line is credited "
            "together with the lines it reduced",
            field="line",
        )
    if credit_net > left:
        raise ValidationFailed(
            f"amount: {from_minor(credit_net, cur)} {cur} is more than the "
            f"{from_minor(left, cur)} {cur} (excluding VAT) left to credit on {original.number}",
            field="amount",
        )
    note = Invoice.objects.create(
        practice_id=original.practice_id,
        client_id=original.client_id,
        kind=InvoiceKind.CREDIT_NOTE,
        status=InvoiceStatus.DRAFT,
        series=SERIES_CREDIT_NOTE,
        currency=cur,
        period_start=original.period_start,
        period_end=original.period_end,
        credited_invoice=original,
        notes=reason[:2000],
        created_at=clock.now(),
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=note,
            position=position,
            kind=LineKind.CREDIT,
            description=line.description,
            quantity=line.quantity,
            unit_code=line.unit_code,
            unit_price_minor=line.unit_price_minor,
            vat_category=line.vat_category,
            vat_rate=line.vat_rate,
            period_start=line.period_start,
            period_end=line.period_end,
            credited_line_id=line.credited_line_id,
        )
        for position, line in enumerate(planned)
    )
    _issue(actor, note, issue_date=issue_date, check_tax=False)
    if credited_net + credit_net >= original.net_minor:
        original.status = InvoiceStatus.CREDITED
        original.save(update_fields=["status"])
        # Fully reversed: what it billed (a month's fee, a milestone) may be billed again.
        BillingClaim.objects.filter(line__invoice=original).delete()
    audit_record(
        actor,
        "invoice.credited",
        "invoice",
        original.pk,
        {"credit_note": note.number, "net_minor": credit_net},
    )
    return note


# Payments ------------------------------------------------------------------------------


@transaction.atomic
def payment_add(
    actor: Actor,
    *,
    invoice_id: int,
    amount: Decimal | str,
    on: date | None = None,
    method: str = PaymentMethod.TRANSFER,
    reference: str = "",
) -> Payment:
    """Record money received against an issued invoice (never more than is open)."""
    actor.require_write()
    reference = check_line((reference or "").strip(), field="reference")
    invoice = _locked(actor, invoice_id, amounts=True)
    if invoice.kind != InvoiceKind.INVOICE or invoice.status == InvoiceStatus.DRAFT:
        raise RuleViolation(
            "invoice: payments go against an issued invoice, not a draft or a credit note",
            field="invoice",
        )
    cur = invoice.currency
    value = _unit_price(amount, cur, field="amount")
    minor = to_minor(value, cur)
    still_open = open_minor(invoice)
    if minor <= 0:
        raise ValidationFailed("amount: a payment must be more than zero", field="amount")
    if minor > still_open:
        raise ValidationFailed(
            f"amount: {value} {cur} is more than the {from_minor(max(still_open, 0), cur)} {cur} "
            f"open on {invoice.number}",
            field="amount",
        )
    practice = _practice(actor)
    day = on or clock.today(practice.timezone)
    if day > clock.today(practice.timezone):
        raise ValidationFailed(f"date: {day} is in the future", field="date")
    if method not in PaymentMethod.values:
        raise ValidationFailed(
            f"method: {method!r} is not one of {', '.join(PaymentMethod.values)}", field="method"
        )
    payment = Payment.objects.create(
        practice_id=actor.practice_id,
        invoice=invoice,
        date=day,
        amount_minor=minor,
        method=method,
        reference=reference[:100],
        created_at=clock.now(),
    )
    audit_record(
        actor,
        "payment.added",
        "invoice",
        invoice.pk,
        {"payment": payment.pk, "amount_minor": minor, "date": day.isoformat()},
    )
    return payment


# Sending and chasing -------------------------------------------------------------------


def _recipient(invoice: Invoice) -> str:
    email = str(invoice.buyer.get("email") or "") or invoice.client.billing_email
    if not email:
        contact = invoice.client.contacts.filter(is_billing=True).exclude(email="").first()
        email = contact.email if contact else ""
    if not email:
        raise ValidationFailed(
            f"billing_email: {invoice.client.name} has no billing email; set one with "
            f"`fracos client set {_quoted(invoice.client.name)} --billing-email ADDRESS`",
            field="billing_email",
        )
    return email


def invoice_send(actor: Actor, *, invoice_id: int, pdf: bytes | None = None) -> str:
    """Email the issued invoice with its PDF to the client's billing address.

    The PDF is rendered and the email sent outside any transaction, so a slow
    render or mail server never holds the database's write lock; only the
    'sent' mark and its audit event are written, atomically, afterwards.
    """
    from fracos.billing.mail import invoice_message

    actor.require_write()
    invoice = invoice_get(actor, invoice_id)
    if invoice.status == InvoiceStatus.DRAFT:
        raise RuleViolation(
            f"invoice: #{invoice.pk} is a draft; issue it first (`fracos invoice issue "
            f"{invoice.pk}`)",
            field="invoice",
        )
    to = _recipient(invoice)
    invoice_message(invoice, to, pdf=pdf).send()
    with transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(sent_at=clock.now())
        audit_record(actor, "invoice.sent", "invoice", invoice.pk, {"to": to})
    return to


def due_step(due: date, steps: list[int], today: date) -> int | None:
    """The latest reminder step that has come (due + step ≤ today), if any."""
    reached = [step for step in sorted(steps) if due + timedelta(days=step) <= today]
    return reached[-1] if reached else None


@dataclass
class ReminderOutcome:
    sent: list[Reminder] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def reminders_send_due(actor: Actor, *, today: date | None = None) -> ReminderOutcome:
    """Send each unpaid invoice's latest due reminder once; earlier missed steps are skipped.

    Not one transaction on purpose: each reminder commits with its email, so a
    failure halfway keeps what was sent recorded and never sends it twice.
    """
    actor.require_write()
    practice = _practice(actor)
    today = today or clock.today(practice.timezone)
    steps = practice.rules.reminder_days
    outcome = ReminderOutcome()
    candidates = with_amounts(
        Invoice.objects.filter(
            practice_id=actor.practice_id,
            kind=InvoiceKind.INVOICE,
            status=InvoiceStatus.ISSUED,
            due_date__isnull=False,
        )
    ).select_related("client")
    for invoice in candidates:
        if open_minor(invoice) <= 0 or invoice.due_date is None:
            continue
        step = due_step(invoice.due_date, steps, today)
        if step is None or Reminder.objects.filter(invoice=invoice, step__gte=step).exists():
            continue
        try:
            reminder = reminder_send(actor, invoice_id=invoice.pk, step=step, today=today)
        except (DomainError, IntegrityError) as exc:
            if isinstance(exc, DomainError):
                outcome.problems.append(f"{invoice.number}: {exc}")
            continue
        if reminder is not None:
            outcome.sent.append(reminder)
    return outcome


def reminder_send(
    actor: Actor, *, invoice_id: int, step: int, today: date | None = None
) -> Reminder | None:
    """Record and send one reminder; the unique (invoice, step) row makes it once only.

    The email (with its PDF) is built before the transaction; inside it the row
    is inserted first, so a concurrent run blocks on it and then skips, and the
    message is sent before commit, so a failed send leaves nothing recorded.
    """
    from fracos.billing.mail import reminder_message

    actor.require_write()
    invoice = invoice_get(actor, invoice_id)
    if open_minor(invoice) <= 0 or invoice.status != InvoiceStatus.ISSUED:
        return None
    if Reminder.objects.filter(invoice=invoice, step=step).exists():
        return None
    to = _recipient(invoice)
    # The step says which reminder this is; the email says how late the invoice really
    # is, which is more than the step when a run was missed.
    day = today or clock.today(_practice(actor).timezone)
    late = (day - invoice.due_date).days if invoice.due_date else 0
    message = reminder_message(invoice, step, to, days_late=late)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                practice_id=invoice.practice_id,
                invoice=invoice,
                step=step,
                sent_at=clock.now(),
                to_email=to,
            )
            message.send()
            audit_record(actor, "reminder.sent", "invoice", invoice.pk, {"step": step, "to": to})
    except IntegrityError:
        return None  # another run sent this step a moment ago
    return reminder


# run-due -------------------------------------------------------------------------------


@dataclass
class RunDueOutcome:
    drafted: list[Invoice] = field(default_factory=list)
    issued: list[Invoice] = field(default_factory=list)
    sent: list[Invoice] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@transaction.atomic
def _recurring_for(
    actor: Actor, practice: Practice, client: Client, period: clock.Period, issue: bool
) -> Invoice | None:
    invoice = _create_draft(
        actor, practice, client, period, recurring_only=True, skip_empty=True, source="run-due"
    )
    if invoice is not None and issue:
        invoice.practice = practice  # at hand: spares a query per client
        _issue(actor, invoice)
    return invoice


def _send_issued(actor: Actor, outcome: RunDueOutcome) -> None:
    """Email the run's issued invoices, their PDFs rendered on every core meanwhile."""
    from fracos.billing.pdfpool import render_pdfs

    by_id = {invoice.pk: invoice for invoice in outcome.issued}
    for invoice_id, pdf in render_pdfs(list(by_id)):
        invoice = by_id[invoice_id]
        try:
            invoice_send(actor, invoice_id=invoice_id, pdf=pdf)
            outcome.sent.append(invoice)
        except DomainError as exc:
            outcome.problems.append(f"{invoice.number}: not sent: {exc}")


def run_due(actor: Actor, *, today: date | None = None) -> RunDueOutcome:
    """The month's retainer and equity invoices, then due reminders; safe to run twice at once."""
    outcome = bill_due(actor, today=today)
    _send_issued(actor, outcome)
    reminders = reminders_send_due(actor, today=today)
    outcome.reminders = reminders.sent
    outcome.problems.extend(reminders.problems)
    return outcome


def bill_due(actor: Actor, *, today: date | None = None) -> RunDueOutcome:
    """run-due's billing: the month's recurring invoices, drafted, and issued if the practice says so.

    Each client commits on its own so one client's problem (a missing VAT
    number) neither blocks the others nor undoes them; the claims' unique key
    makes a second run, or a concurrent one, find nothing left to bill.
    """
    actor.require_write()
    practice = _practice(actor)
    today = today or clock.today(practice.timezone)
    period = clock.month_of(today)
    issue = practice.rules.run_due_issue
    outcome = RunDueOutcome()
    # Ended engagements too, while their last month may still be unbilled: one billed in
    # arrears that ended on 12 November is invoiced in December for 1–12 November.
    previous_start = clock.month_of(period.start - timedelta(days=1)).start
    clients = Client.objects.filter(
        Q(engagements__status="active") | Q(engagements__end_date__gte=previous_start),
        practice_id=actor.practice_id,
        engagements__pricing_model__in=list(RECURRING),
    ).distinct()
    for client in clients.order_by("name"):
        try:
            # The practice read once for the run: a query less per client, and every
            # invoice of one run numbered and addressed alike.
            invoice = _recurring_for(actor, practice, client, period, issue)
        except DomainError as exc:
            outcome.problems.append(f"{client.name}: {exc}")
            continue
        if invoice is not None:
            (outcome.issued if issue else outcome.drafted).append(invoice)
    return outcome
