"""Model rows and ledger records into the API's output shapes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from fracos.core.money import from_minor
from fracos.timesheets import ledger


def money(minor: int, currency: str) -> dict[str, str]:
    return {"amount": str(from_minor(minor, currency)), "currency": currency}


def engagement(e: Any) -> dict[str, Any]:
    return {
        "id": e.pk,
        "client_id": e.client_id,
        "client": e.client.name,
        "role_title": e.role_title,
        "pricing_model": e.pricing_model,
        "status": e.status,
        "fee": money(e.fee_minor, e.currency),
        "day_rate": money(e.day_rate_minor, e.currency),
        "overage_rate": money(e.overage_rate_minor, e.currency),
        "hours_per_week": None if e.hours_per_week is None else str(e.hours_per_week),
        "days_per_week": None if e.days_per_week is None else str(e.days_per_week),
        "dedicated_days": list(e.weekdays),
        "start_date": e.start_date,
        "end_date": e.end_date,
        "notice_days": e.notice_days,
        "billing_timing": e.billing_timing,
        "overage_policy": e.overage_policy,
        "pilot_weeks": e.pilot_weeks,
        "ended_reason": e.ended_reason,
        "notes": e.notes,
    }


def entry(e: Any) -> dict[str, Any]:
    """A time entry model in the API's shape."""
    return _entry(e, e.client.name if e.client_id else None)


def instant(value: datetime | None) -> str | None:
    """A datetime written as every response writes one (DjangoJSONEncoder's form: to the
    millisecond, ``Z`` for UTC), without a call into the encoder per value."""
    if value is None:
        return None
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text


def entry_row(r: Any) -> dict[str, Any]:
    """An :class:`~fracos.timesheets.selectors.EntryRow`, its client's name already joined."""
    return _entry(r, r.client_name)


def _entry(r: Any, client_name: str | None) -> dict[str, Any]:
    """A time entry (a model or an EntryRow: the same attributes) as JSON-ready values only,
    for :func:`ready_json` or a schema alike."""
    return {
        "id": r.id,
        "member_id": r.member_id,
        "date": r.work_date.isoformat(),
        "seconds": r.seconds,
        "kind": r.kind,
        "client_id": r.client_id,
        "client": client_name,
        "engagement_id": r.engagement_id,
        "note": r.note,
        "tags": [t for t in r.tags.split(",") if t],
        "billable": bool(r.billable),
        "source": r.source,
        "started_at": instant(r.started_at),
        "created_at": instant(r.created_at),
    }


def ready_json(body: Any) -> HttpResponse:
    """A 200 whose body holds only JSON's own types, written as ninja's renderer would.

    Returning a response skips ninja's validation against the declared schema, which for a
    page of entries cost more than the query: the schema still documents the endpoint, and
    the schemathesis run checks the body against it. The encoder is there for safety only.
    """
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json; charset=utf-8"
    )


def timer(t: ledger.TimerRef | None) -> dict[str, Any]:
    if t is None:
        return {"running": False}
    return {
        "running": True,
        "started_at": t.started_at,
        "elapsed_seconds": t.elapsed(),
        "kind": t.kind,
        "engagement_id": t.engagement.id if t.engagement else None,
        "client": t.engagement.client_name if t.engagement else None,
        "note": t.note,
    }


def same(row: Any) -> Any:
    """A row whose fields already are its output shape."""
    return row
