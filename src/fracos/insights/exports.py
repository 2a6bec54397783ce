"""Every list of the practice as flat records, for CSV and JSON exports.

One row-builder per list, shared by the command line (and, later, the API
and the web): amounts are decimal strings beside their currency, instants are
ISO 8601 with the practice's UTC offset, days are ISO dates. Rows are yielded
one at a time so a long history is never held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor, round_to
from fracos.timesheets.imports.formats import FRACOS_ID, FRACOS_TIMED
from fracos.timesheets.imports.pipeline import KIND_PROJECTS

KINDS = ("clients", "contacts", "engagements", "invoices", "payments", "opportunities", "time")

TOGGL_COLUMNS = (
    "User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date",
    "Start time", "End date", "End time", "Duration", "Tags", FRACOS_ID, FRACOS_TIMED,
)  # fmt: skip
"""Toggl's detailed CSV, and two columns of ours so that fracos reads its own export back:
which entry a row is (re-importing adds nothing) and whether it had a start time."""

# The column each list's --period filters on.
PERIOD_COLUMN = {
    "clients": "created_at",
    "contacts": "created_at",
    "engagements": "start_date",
    "invoices": "issue_date",
    "payments": "date",
    "opportunities": "created_at",
    "time": "work_date",
}


@dataclass(frozen=True)
class Export:
    kind: str
    columns: tuple[str, ...]
    rows: Iterator[dict[str, Any]]


def money(minor: int | None, currency: str) -> str | None:
    return None if minor is None else str(from_minor(minor, currency))


def instant(moment: datetime | None, tz: str) -> str | None:
    return moment.astimezone(clock.zone(tz)).isoformat() if moment else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _within(qs: QuerySet[Any], column: str, period: clock.Period, tz: str) -> QuerySet[Any]:
    if period == clock.ALL_TIME:
        return qs
    if column.endswith("_at"):
        return qs.filter(
            **{
                f"{column}__gte": clock.start_of_day(period.start, tz),
                f"{column}__lt": clock.start_of_day(period.end, tz),
            }
        )
    return qs.filter(**{f"{column}__gte": period.start, f"{column}__lt": period.end})


def _client_rows(qs: QuerySet[Any], tz: str) -> Iterator[dict[str, Any]]:
    for c in qs.order_by("pk").iterator(chunk_size=1000):
        yield {
            "id": c.pk,
            "name": c.name,
            "legal_name": c.legal_name,
            "status": c.status,
            "country": c.country,
            "currency": c.currency,
            "vat_number": c.vat_number,
            "enterprise_number": c.enterprise_number,
            "peppol_id": c.peppol_id,
            "street": c.street,
            "postcode": c.postcode,
            "city": c.city,
            "billing_email": c.billing_email,
            "payment_terms_days": c.payment_terms_days,
            "size": c.size,
            "stage": c.stage,
            "industry": c.industry,
            "revenue_band": c.revenue_band,
            "notes": c.notes,
            "created_at": instant(c.created_at, tz),
        }


def _contact_rows(qs: QuerySet[Any], tz: str) -> Iterator[dict[str, Any]]:
    for c in qs.select_related("client").order_by("pk").iterator(chunk_size=1000):
        yield {
            "id": c.pk,
            "client_id": c.client_id,
            "client": c.client.name,
            "name": c.name,
            "email": c.email,
            "phone": c.phone,
            "role": c.role,
            "is_billing": c.is_billing,
            "created_at": instant(c.created_at, tz),
        }


def _engagement_rows(qs: QuerySet[Any], tz: str) -> Iterator[dict[str, Any]]:
    for e in qs.select_related("client").order_by("pk").iterator(chunk_size=1000):
        cur = e.currency
        yield {
            "id": e.pk,
            "client_id": e.client_id,
            "client": e.client.name,
            "role_title": e.role_title,
            "pricing_model": e.pricing_model,
            "status": e.status,
            "currency": cur,
            "fee": money(e.fee_minor, cur),
            "day_rate": money(e.day_rate_minor, cur),
            "overage_rate": money(e.overage_rate_minor, cur),
            "hours_per_week": decimal(e.hours_per_week),
            "days_per_week": decimal(e.days_per_week),
            "dedicated_days": e.dedicated_days,
            "start_date": day(e.start_date),
            "end_date": day(e.end_date),
            "notice_days": e.notice_days,
            "billing_timing": e.billing_timing,
            "overage_policy": e.overage_policy,
            "rollover_periods": e.rollover_periods,
            "pilot_weeks": e.pilot_weeks,
            "converts_to_id": e.converts_to_id,
            "equity_percent": decimal(e.equity_percent),
            "equity_shares": e.equity_shares,
            "ended_reason": e.ended_reason,
            "created_at": instant(e.created_at, tz),
        }


def _invoice_rows(qs: QuerySet[Any], tz: str) -> Iterator[dict[str, Any]]:
    from fracos.billing.selectors import open_minor, with_amounts

    rows = with_amounts(qs).select_related("client", "credited_invoice")
    for i in rows.order_by("pk").iterator(chunk_size=1000):
        cur = i.currency
        yield {
            "id": i.pk,
            "number": i.number,
            "kind": i.kind,
            "status": i.status,
            "client_id": i.client_id,
            "client": i.client.name,
            "issue_date": day(i.issue_date),
            "due_date": day(i.due_date),
            "period_start": day(i.period_start),
            "period_end": day(i.period_end),
            "currency": cur,
            "net": money(i.net_minor, cur),
            "tax": money(i.tax_minor, cur),
            "total": money(i.total_minor, cur),
            "paid": money(getattr(i, "paid_minor", 0), cur),
            "credited": money(getattr(i, "credited_minor", 0), cur),
            "open": money(open_minor(i), cur),
            "credits": i.credited_invoice.number if i.credited_invoice else None,
            "payment_reference": i.payment_reference,
            "exemption_reason": i.exemption_reason,
            "issued_at": instant(i.issued_at, tz),
            "sent_at": instant(i.sent_at, tz),
            "created_at": instant(i.created_at, tz),
        }


def _payment_rows(qs: QuerySet[Any], tz: str) -> Iterator[dict[str, Any]]:
    rows = qs.select_related("invoice", "invoice__client")
    for p in rows.order_by("date", "pk").iterator(chunk_size=1000):
        cur = p.invoice.currency
        yield {
            "id": p.pk,
            "date": day(p.date),
            "invoice_id": p.invoice_id,
            "invoice": p.invoice.number,
            "client_id": p.invoice.client_id,
            "client": p.invoice.client.name,
            "currency": cur,
            "amount": money(p.amount_minor, cur),
            "method": p.method,
            "reference": p.reference,
            "created_at": instant(p.created_at, tz),
        }


def _opportunity_rows(qs: QuerySet[Any], tz: str) -> Iterator[dict[str, Any]]:
    for o in qs.order_by("pk").iterator(chunk_size=1000):
        yield {
            "id": o.pk,
            "title": o.title,
            "organisation": o.organisation,
            "contact": o.contact.name if o.contact_id else None,
            "client_id": o.client_id,
            "client": o.client.name if o.client_id else None,
            "stage": o.stage,
            "currency": o.currency,
            "monthly_value": money(o.monthly_value_minor, o.currency),
            "probability": o.probability,
            "expected_start": day(o.expected_start),
            "next_step": o.next_step,
            "next_step_on": day(o.next_step_on),
            "lost_reason": o.lost_reason,
            "pilot_engagement_id": o.pilot_engagement_id,
            "engagement_id": o.engagement_id,
            "created_at": instant(o.created_at, tz),
            "closed_on": day(o.closed_on),
        }


def time_entries(actor: Actor, period: clock.Period) -> Iterator[Any]:
    """The period's entries, oldest first, fetched a page at a time."""
    from fracos.timesheets.selectors import entries_page

    after = None
    while True:
        page = entries_page(actor, start=period.start, end=period.last_day, after=after, limit=1000)
        yield from page
        if len(page) < 1000:
            return
        after = (page[-1].work_date, page[-1].pk)


def time_record(e: Any, tz: str) -> dict[str, Any]:
    return {
        "id": e.pk,
        "date": e.work_date.isoformat(),
        "seconds": e.seconds,
        "hours": str(round_to(Decimal(e.seconds) / 3600, 2)),
        "kind": e.kind,
        "client": e.client.name if e.client_id else "",
        "engagement_id": e.engagement_id,
        "note": e.note,
        "tags": e.tags,
        "billable": e.billable,
        "source": e.source,
        "started_at": instant(e.started_at, tz),
    }


TIME_COLUMNS = (
    "id", "date", "seconds", "hours", "kind", "client", "engagement_id", "note", "tags",
    "billable", "source", "started_at",
)  # fmt: skip


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def toggl_rows(actor: Actor, period: clock.Period) -> Iterator[list[str]]:
    """Time entries as the rows of Toggl's detailed CSV export (without its header)."""
    from fracos.practice.selectors import members, practice_for

    practice = practice_for(actor)
    tz = practice.timezone
    email = {m.pk: m.user.email for m in members(actor)}
    for e in time_entries(actor, period):
        start = (
            e.started_at.astimezone(clock.zone(tz))
            if e.started_at
            # An entry logged without a clock time starts at 09:00 local, as Toggl needs one.
            else clock.start_of_day(e.work_date, tz) + timedelta(hours=9)
        )
        end = start + timedelta(seconds=e.seconds)
        yield [
            email.get(e.member_id, ""),
            email.get(e.member_id, ""),
            e.client.name if e.client_id else "",
            e.engagement.role_title if e.engagement_id else KIND_PROJECTS.get(e.kind, e.kind),
            "",
            e.note,
            "Yes" if e.billable else "No",
            f"{start:%Y-%m-%d}",
            f"{start:%H:%M:%S}",
            f"{end:%Y-%m-%d}",
            f"{end:%H:%M:%S}",
            _hms(e.seconds),
            e.tags,
            f"{practice.slug}:{e.pk}",
            "Yes" if e.started_at else "No",
        ]


def export_rows(actor: Actor, kind: str, period: clock.Period = clock.ALL_TIME) -> Export:
    """The records of one list of the actor's practice, within the period."""
    actor.require_staff()
    from fracos.practice.selectors import practice_for

    tz = practice_for(actor).timezone
    if kind == "time":
        records = (time_record(e, tz) for e in time_entries(actor, period))
        return Export(kind, COLUMNS[kind], records)
    if kind not in KINDS:
        raise ValidationFailed(f"what: {kind!r} is not one of {', '.join(KINDS)}", field="what")
    qs, build = _source(actor, kind)
    return Export(kind, COLUMNS[kind], build(_within(qs, PERIOD_COLUMN[kind], period, tz), tz))


def _source(actor: Actor, kind: str) -> tuple[QuerySet[Any], Any]:
    from fracos.billing.models import Payment
    from fracos.billing.selectors import invoices_visible
    from fracos.clients.models import Contact
    from fracos.clients.selectors import clients_visible
    from fracos.engagements.selectors import engagements_visible
    from fracos.pipeline.selectors import opportunities

    if kind == "clients":
        return clients_visible(actor), _client_rows
    if kind == "contacts":
        return Contact.objects.filter(client__in=clients_visible(actor)), _contact_rows
    if kind == "engagements":
        return engagements_visible(actor), _engagement_rows
    if kind == "invoices":
        return invoices_visible(actor), _invoice_rows
    if kind == "payments":
        return Payment.objects.filter(invoice__in=invoices_visible(actor)), _payment_rows
    return opportunities(actor), _opportunity_rows


# The header of each list: the keys of its rows, in order (a test holds the two together).
COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": (
        "id", "name", "legal_name", "status", "country", "currency", "vat_number",
        "enterprise_number", "peppol_id", "street", "postcode", "city", "billing_email",
        "payment_terms_days", "size", "stage", "industry", "revenue_band", "notes", "created_at",
    ),
    "contacts": (
        "id", "client_id", "client", "name", "email", "phone", "role", "is_billing", "created_at",
    ),
    "engagements": (
        "id", "client_id", "client", "role_title", "pricing_model", "status", "currency", "fee",
        "day_rate", "overage_rate", "hours_per_week", "days_per_week", "dedicated_days",
        "start_date", "end_date", "notice_days", "billing_timing", "overage_policy",
        "rollover_periods", "pilot_weeks", "converts_to_id", "equity_percent", "equity_shares",
        "ended_reason", "created_at",
    ),
    "invoices": (
        "id", "number", "kind", "status", "client_id", "client", "issue_date", "due_date",
        "period_start", "period_end", "currency", "net", "tax", "total", "paid", "credited",
        "open", "credits", "payment_reference", "exemption_reason", "issued_at", "sent_at",
        "created_at",
    ),
    "payments": (
        "id", "date", "invoice_id", "invoice", "client_id", "client", "currency", "amount",
        "method", "reference", "created_at",
    ),
    "opportunities": (
        "id", "title", "organisation", "contact", "client_id", "client", "stage", "currency",
        "monthly_value", "probability", "expected_start", "next_step", "next_step_on",
        "lost_reason", "pilot_engagement_id", "engagement_id", "created_at", "closed_on",
    ),
    "time": TIME_COLUMNS,
}  # fmt: skip
