"""The dashboard: the week's plan, each engagement's month against its included hours, what is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse

from fracos.cadence.schedule import LABELS as CADENCE_LABELS
from fracos.cadence.selectors import cadence_due
from fracos.clients.models import Client
from fracos.clients.selectors import client_list
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.durations import format_duration
from fracos.core.money import Money, round_money
from fracos.core.playbook import PlaybookSettings
from fracos.engagements.choices import RECURRING, PricingModel
from fracos.engagements.models import Engagement
from fracos.engagements.selectors import engagement_list, included_seconds_per_month
from fracos.practice.models import Practice
from fracos.timesheets.selectors import client_work_by_week, report, week
from fracos.web.access import actor_of, staff_view
from fracos.web.charts import StackedBars, render_legend, render_svg, stacked_bars
from fracos.web.views.common import page
from fracos.web.views.launch import winning_clients_panel
from fracos.web.weektable import week_rows


@dataclass
class Usage:
    """One engagement's month: hours used against hours included, and what an hour earned."""

    engagement: Engagement
    used: int
    included: int
    warn_pct: int
    alert_pct: int

    @property
    def percent(self) -> int | None:
        if not self.included:
            return None
        return round(100 * self.used / self.included)

    @property
    def level(self) -> str:
        pct = self.percent
        if pct is None:
            return "none"
        if pct > self.alert_pct:
            return "alert"
        if pct >= self.warn_pct:
            return "warn"
        return "ok"

    @property
    def level_text(self) -> str:
        return {
            "none": "no hours included",
            "ok": "within the included hours",
            "warn": f"at {self.warn_pct}% or more of the included hours",
            "alert": f"past {self.alert_pct}%: over the included hours",
        }[self.level]

    @property
    def bar_width(self) -> int:
        return min(100, self.percent or 0)

    @property
    def used_text(self) -> str:
        return format_duration(self.used)

    @property
    def included_text(self) -> str:
        return format_duration(self.included) if self.included else "—"


def effective_rate(
    engagement: Engagement, used_seconds: int, rules: PlaybookSettings
) -> Money | None:
    """What an hour earned: the monthly fee over this month's hours, or the day rate per hour."""
    currency = engagement.currency
    if engagement.pricing_model in RECURRING:
        if used_seconds <= 0:
            return None
        return Money(round_money(engagement.fee * 3600 / Decimal(used_seconds), currency), currency)
    if engagement.pricing_model == PricingModel.DAY_RATE:
        return Money(round_money(engagement.day_rate / rules.hours_per_day, currency), currency)
    return None


def month_usage(
    actor: Actor, practice: Practice, active: list[Engagement], today: date
) -> list[dict[str, Any]]:
    rules = practice.rules
    month = clock.month_of(today)
    used = {
        row.key["engagement_id"]: row.seconds
        for row in report(actor, month, by="engagement", practice=practice).rows
        if row.key.get("engagement_id") is not None
    }
    out = []
    for engagement in active:
        usage = Usage(
            engagement,
            used.get(engagement.pk, 0),
            included_seconds_per_month(engagement, rules),
            rules.retainer_warn_pct,
            rules.retainer_alert_pct,
        )
        out.append({"usage": usage, "rate": effective_rate(engagement, usage.used, rules)})
    return out


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
    rules = practice.rules
    today = clock.today(practice.timezone)
    day = today
    if "date" in request.GET:
        try:
            day = clock.parse_date(request.GET["date"])
        except Exception:
            day = today
    view = week(actor, day, practice=practice)
    active = engagement_list(actor, status="active")
    horizon = today + timedelta(days=rules.renewal_warn_days)
    due = [
        {"engagement": e, "days_left": (e.end_date - today).days}
        for e in sorted(active, key=lambda e: (e.end_date or horizon, e.pk))
        if e.end_date is not None and today <= e.end_date <= horizon
    ]
    cadence = [item for item in cadence_due(actor) if item.state != "done"]
    clients = client_list(actor, include_archived=True)
    chart, chart_table = weekly_chart(actor, today, clients)
    return page(
        request,
        "web/dashboard.html",
        {
            **week_rows(view),
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
            "previous": view.period.start - timedelta(days=7),
            "next": view.period.end,
            **winning_clients_panel(actor, today, rules),
        },
        nav="dashboard",
        clients=[c for c in clients if c.status == "active"],
    )
