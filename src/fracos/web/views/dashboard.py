"""The dashboard: the week's plan, each engagement's month against its included hours, what is due."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from fracos.billing.selectors import unpaid_invoices
from fracos.cadence.schedule import LABELS as CADENCE_LABELS
from fracos.cadence.selectors import cadence_due
from fracos.clients.models import Client
from fracos.clients.selectors import client_list
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed
from fracos.engagements.selectors import engagement_list
from fracos.insights.rates import month_usage
from fracos.pipeline.selectors import weighted_pipeline
from fracos.timesheets.selectors import client_work_by_week, week
from fracos.web.access import actor_of, staff_view
from fracos.web.cache import cached_figures
from fracos.web.charts import StackedBars, render_legend, render_svg, stacked_bars
from fracos.web.views.common import page
from fracos.web.views.health import health_context
from fracos.web.views.invoice_panel import invoice_panel, trailing_income
from fracos.web.views.launch import winning_clients_panel
from fracos.web.weektable import week_rows


def weekly_chart(
    actor: Actor, today: date, clients: list[Client], weeks: int = 12
) -> tuple[StackedBars, list[Any]]:
    first = clock.week_of(today).start - timedelta(weeks=weeks - 1)
    periods = [clock.week_of(first + timedelta(weeks=i)) for i in range(weeks)]
    by_client = client_work_by_week(actor, first, periods[-1].end)
    names = {c.pk: c.name for c in clients}
    series = sorted(
        ((names.get(cid, f"#{cid}"), values) for cid, values in by_client.items()),
        key=lambda item: item[0],
    )
    columns = [(p.label, f"{p.start:%d %b}") for p in periods]
    chart = stacked_bars(
        f"Client hours per week, last {weeks} weeks", columns, [(n, v) for n, v in series]
    )
    table = [
        {
            "label": p.label,
            "start": p.start,
            "cells": [values.get(p.label, 0) for _, values in series],
            "total": sum(values.get(p.label, 0) for _, values in series),
        }
        for p in periods
    ]
    return chart, table


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    practice = request.practice  # type: ignore[attr-defined]
    today = clock.today(practice.timezone)
    day = today
    if "date" in request.GET:
        try:
            day = clock.parse_date(request.GET["date"])
        except ValidationFailed:
            day = today
        if not clock.week_browsable(day):
            day = today
    key = f"dashboard:{practice.pk}:{actor.member_id}:{actor.role}:{today}:{day}"
    # A flash is shown once; a browser without a CSRF cookie yet gets a new secret, so its
    # page could never be served again.
    if len(get_messages(request)) or "CSRF_COOKIE" not in request.META:
        return _page(request, actor, practice, key, today, day)
    # The whole page is cached per CSRF secret too: the token it carries stays this browser's
    # (the secret is the browser's cookie, which this page then need not set again).
    secret = hashlib.sha256(request.META["CSRF_COOKIE"].encode()).hexdigest()[:16]
    html = cached_figures(
        f"{key}:page:{secret}",
        lambda: _page(request, actor, practice, key, today, day).content.decode(),
    )
    return HttpResponse(html)


def _page(
    request: HttpRequest, actor: Actor, practice: Any, key: str, today: date, day: date
) -> HttpResponse:
    # The panels are cached apart from the page: another browser of the same member
    # (another CSRF secret) renders only the header around them.
    body, clients = cached_figures(
        key, lambda: dashboard_body(request, actor, practice, today, day)
    )
    return page(
        request,
        "web/dashboard.html",
        {"body": mark_safe(body)},  # our own template's output, escaped when rendered
        nav="dashboard",
        clients=clients,
    )


def dashboard_body(
    request: HttpRequest, actor: Actor, practice: Any, today: date, day: date
) -> tuple[str, list[Client]]:
    """The dashboard's panels as HTML, and the active clients the header's timer offers."""
    rules = practice.rules
    view = week(actor, day, practice=practice)
    active = engagement_list(actor, status="active")
    horizon = today + timedelta(days=rules.renewal_warn_days)
    due = [
        {"engagement": e, "days_left": (e.end_date - today).days}
        for e in sorted(active, key=lambda e: (e.end_date or horizon, e.pk))
        if e.end_date is not None and today <= e.end_date <= horizon
    ]
    cadence = [item for item in cadence_due(actor, practice=practice) if item.state != "done"]
    clients = client_list(actor, include_archived=True)
    chart, chart_table = weekly_chart(actor, today, clients)
    # Read once, shown by two panels each (health and business development / invoices).
    invoiced = trailing_income(actor, today)
    unpaid = unpaid_invoices(actor, today)
    weighted = weighted_pipeline(actor, rules)
    context = {
        **week_rows(view),
        "practice": practice,
        "can_write": actor.can_write,
        "usages": month_usage(actor, practice, active, today),
        "month": clock.month_of(today),
        "rules": rules,
        "due": due,
        "cadence": cadence,
        "cadence_labels": CADENCE_LABELS,
        "chart": chart,
        "chart_svg": render_svg(chart, "weekly"),
        "chart_legend": render_legend(chart, "weekly"),
        "chart_table": chart_table,
        **health_context(
            actor, practice, active, cadence, invoiced=invoiced, unpaid=unpaid, weighted=weighted
        ),
        "previous": view.period.start - timedelta(days=7),
        "next": view.period.end,
        **winning_clients_panel(actor, today, rules, weighted),
        **invoice_panel(actor, today, invoiced=invoiced, unpaid=unpaid),
    }
    body = render_to_string("web/_partials/dashboard_body.html", context)
    return body, [c for c in clients if c.status == "active"]
