"""Thin views: fetch through selectors, render templates."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fracos.core import clock
from fracos.core.durations import format_duration
from fracos.timesheets.ledger import KIND_LABELS
from fracos.timesheets.selectors import timer_status, week
from fracos.web.access import actor_of, staff_view


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    practice = request.practice  # type: ignore[attr-defined]
    day = clock.today(practice.timezone)
    if "date" in request.GET:
        try:
            day = clock.parse_date(request.GET["date"])
        except Exception:
            day = clock.today(practice.timezone)
    view = week(actor, day)
    rows = []
    for line in view.lines:
        committed = line.committed_seconds
        logged = line.logged_seconds
        rows.append(
            {
                "label": line.engagement.client_name,
                "role": line.engagement.role_title,
                "cells": [
                    {
                        "text": format_duration(s) if s else "",
                        "dedicated": clock.WEEKDAYS[i] in line.engagement.dedicated_days,
                    }
                    for i, s in enumerate(line.by_day)
                ],
                "logged": format_duration(logged),
                "committed": format_duration(committed) if committed else "—",
                "percent": min(150, round(100 * logged / committed)) if committed else None,
            }
        )
    for kind, by_day in sorted(view.internal_by_day.items()):
        rows.append(
            {
                "label": KIND_LABELS[kind],
                "role": "",
                "internal": True,
                "cells": [
                    {"text": format_duration(s) if s else "", "dedicated": False} for s in by_day
                ],
                "logged": format_duration(sum(by_day)),
                "committed": "",
                "percent": None,
            }
        )
    return render(
        request,
        "web/home.html",
        {
            "practice": practice,
            "week": view,
            "rows": rows,
            "days": view.days,
            "totals": [format_duration(s) for s in view.total_by_day()],
            "grand_total": format_duration(sum(view.total_by_day())),
            "plan": [(d.capitalize(), names) for d, names in view.plan.items() if names],
            "no_bd": view.bd_seconds == 0,
            "timer": timer_status(actor),
            "previous": view.period.start - timedelta(days=7),
            "next": view.period.end,
        },
    )
