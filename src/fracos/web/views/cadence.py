"""The cadence page: each running engagement's check-in, summary, review and renewal, and
the forms that record them (a check-in, a renewal conversation, drafting a summary)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fracos.cadence import services
from fracos.cadence.schedule import LABELS, DueItem
from fracos.cadence.selectors import cadence_board
from fracos.core import clock
from fracos.core.errors import DomainError, ValidationFailed
from fracos.engagements.models import Engagement
from fracos.web.access import actor_of, staff_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of

NOTE_FIELDS = ("engagement", "notes", "held_on")
NOTE_ALIASES = {"date": "held_on"}
DRAFT_FIELDS = ("engagement", "month")
STATES = {
    # Icon and words together: the state never rests on colour alone.
    "overdue": ("⚠", "Overdue"),
    "due": ("●", "Due"),
    "done": ("✓", "Done"),
}
MONTHS_OFFERED = 12


def state_badge(state: str) -> dict[str, str]:
    icon, text = STATES[state]
    return {"state": state, "icon": icon, "text": text}


def month_choices(engagement: Engagement, today: date) -> list[tuple[str, str]]:
    """The months a summary may be drafted for: this one back to the start, at most a year."""
    months: list[tuple[str, str]] = []
    month = clock.month_of(today)
    while len(months) < MONTHS_OFFERED and month.end > engagement.start_date:
        months.append((month.label, f"{month.start:%B %Y}"))
        month = clock.month_of(month.start - timedelta(days=1))
    return months


def parse_month(text: str) -> clock.Period:
    if not re.fullmatch(r"\d{4}-\d{2}", text or "") or not 1 <= int(text[5:]) <= 12:
        raise ValidationFailed(f"month: {text[:20]!r} is not a month; use YYYY-MM", field="month")
    return clock.month_of(date(int(text[:4]), int(text[5:]), 1))


def _item_row(item: DueItem, drafts: list[Any]) -> dict[str, Any]:
    # The schedule names a draft waiting to be sent by its id; link to it.
    waiting = next((d for d in drafts if f"draft #{d.pk} " in f"{item.detail} "), None)
    return {
        "item": item,
        "label": LABELS[item.kind],
        "draft": waiting if item.kind == "summary" else None,
        **state_badge(item.state),
    }


def _forms(engagement: Engagement, today: date, failed: dict[str, Form]) -> dict[str, Form]:
    last_month = clock.month_of(today.replace(day=1) - timedelta(days=1))
    default_month = last_month.label if last_month.end > engagement.start_date else ""
    defaults = {
        "checkin": Form.initial(NOTE_FIELDS, {"engagement": engagement.pk}),
        "renewal": Form.initial(NOTE_FIELDS, {"engagement": engagement.pk}),
        "draft": Form.initial(
            DRAFT_FIELDS,
            {"engagement": engagement.pk, "month": default_month or clock.month_of(today).label},
        ),
    }
    for name, form in failed.items():
        if form.values.get("engagement") == str(engagement.pk):
            defaults[name] = form
    return defaults


def cadence_context(request: HttpRequest, failed: dict[str, Form] | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    today = today_of(request)
    rows: list[dict[str, Any]] = []
    counts = {"overdue": 0, "due": 0}
    board = cadence_board(actor)
    for engagement, items in board:
        for item in items:
            if item.state in counts:
                counts[item.state] += 1
        summaries = sorted(engagement.summaries.all(), key=lambda s: s.period_start, reverse=True)
        rows.append(
            {
                "e": engagement,
                "prefix": f"e{engagement.pk}_",
                "items": [
                    _item_row(i, [s for s in summaries if s.status == "draft"]) for i in items
                ],
                "renewal": any(i.kind == "renewal" for i in items),
                "summaries": summaries[:3],
                "month_choices": month_choices(engagement, today),
                "forms": _forms(engagement, today, failed or {}),
            }
        )
    shown = {str(e.pk) for e, _ in board}
    # A refusal about an engagement not on the board (ended, foreign, unknown) goes on top.
    problems = [
        message
        for form in (failed or {}).values()
        if form.values.get("engagement") not in shown
        for message in [*form.errors.values(), *form.problems]
    ]
    return {"rows": rows, "counts": counts, "today": today, "problems": problems}


def _render(request: HttpRequest, failed: dict[str, Form] | None = None) -> HttpResponse:
    status = 422 if failed else 200
    context = cadence_context(request, failed)
    return page(request, "web/cadence.html", context, nav="cadence", status=status)


@staff_view
def cadence_page(request: HttpRequest) -> HttpResponse:
    return _render(request)


def _engagement_id(form: Form) -> int:
    found = form.integer("engagement")
    if found is None:
        raise ValidationFailed("engagement: choose an engagement", field="engagement")
    return found


def _touchpoint(request: HttpRequest, kind: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("cadence")
    actor = actor_of(request)
    form = Form.bound(NOTE_FIELDS, request.POST, NOTE_ALIASES)
    record = services.checkin_record if kind == "checkin" else services.renewal_log
    try:
        form.check_lengths()
        point = record(
            actor,
            engagement_id=_engagement_id(form),
            notes=form.values.get("notes", ""),
            held_on=form.day("held_on"),
        )
    except DomainError as error:
        form.fail(error)
        return _render(request, {kind: form})
    what = "Check-in" if kind == "checkin" else "Renewal conversation"
    messages.success(
        request, f"{what} with {point.engagement.client.name} on {point.held_on} recorded."
    )
    return redirect("cadence")


@staff_view
def checkin(request: HttpRequest) -> HttpResponse:
    return _touchpoint(request, "checkin")


@staff_view
def renewal(request: HttpRequest) -> HttpResponse:
    return _touchpoint(request, "renewal")


@staff_view
def summary_draft(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("cadence")
    actor = actor_of(request)
    form = Form.bound(DRAFT_FIELDS, request.POST)
    try:
        form.check_lengths()
        summary = services.summary_draft(
            actor, engagement_id=_engagement_id(form), month=parse_month(form.get("month"))
        )
    except DomainError as error:
        form.fail(error)
        return _render(request, {"draft": form})
    messages.success(request, f"Drafted “{summary.title}”: edit it, then mark it sent.")
    return redirect(reverse("summary", args=[summary.pk]))
