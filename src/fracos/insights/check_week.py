"""Health checks on the week: context switching and utilisation, from the last 4 weeks' entries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.money import round_to
from fracos.insights.checks import (
    ALERT,
    OK,
    WARN,
    Check,
    Context,
    hours_text,
    plural,
)


def window_entries(ctx: Context) -> list[Any]:
    from fracos.timesheets.selectors import entries_between

    window = ctx.window
    return entries_between(ctx.actor, window.start, window.end)


def check_context_switching(ctx: Context, entries: list[Any]) -> Check:
    rules = ctx.rules
    clients_on: dict[date, set[str]] = defaultdict(set)
    off_days: dict[date, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.kind != "client" or entry.engagement is None:
            continue
        name = entry.client.name if entry.client else entry.engagement.client.name
        clients_on[entry.work_date].add(name)
        weekdays = entry.engagement.weekdays
        if weekdays and clock.WEEKDAYS[entry.work_date.weekday()] not in weekdays:
            off_days[entry.work_date].add(name)
    details = []
    for day in sorted(clients_on):
        reasons = []
        if off_days.get(day):
            reasons.append(f"{', '.join(sorted(off_days[day]))} outside its days")
        if len(clients_on[day]) > rules.max_clients_per_day:
            reasons.append(f"{len(clients_on[day])} clients")
        if reasons:
            details.append(f"{day:%a %d %b}: {'; '.join(reasons)}")
    n = len(details)
    status = (
        ALERT
        if n >= rules.context_switch_alert_days
        else WARN
        if n >= rules.context_switch_warn_days
        else OK
    )
    return Check(
        "context_switching",
        "Context switching",
        status,
        f"{plural(n, 'day')} in the last 4 weeks",
        f"Client work belongs on the client's dedicated days, at most {rules.max_clients_per_day} "
        f"clients a day; {n} days in the last 4 weeks broke that (amber from "
        f"{rules.context_switch_warn_days}, red from {rules.context_switch_alert_days}).",
        "Protect the plan: move ad-hoc requests to the client's own day (fracos plan)."
        if status != OK
        else "Your week follows its plan.",
        tuple(details),
        {"days": n},
    )


def check_utilisation(ctx: Context, entries: list[Any]) -> Check:
    rules = ctx.rules
    seconds = sum(e.seconds for e in entries if e.kind == "client")
    per_week = round_to(Decimal(seconds) / 3600 / 4, 1)
    capacity = rules.capacity_hours_per_week
    if capacity <= 0:
        return Check(
            "utilisation",
            "Utilisation",
            WARN,
            f"{hours_text(per_week)} a week",
            "Client hours are measured against your weekly capacity; capacity_hours_per_week "
            "is 0, so there is nothing to measure against.",
            "Set it: fracos practice settings --set capacity_hours_per_week=40",
        )
    pct = round(100 * per_week / capacity)
    if pct > rules.utilisation_alert_pct:
        status, advice = (
            ALERT,
            "You are past capacity: renegotiate hours or let an engagement end.",
        )
    elif pct > rules.utilisation_warn_pct:
        status, advice = (
            WARN,
            "Little time is left for business development and admin: protect a free day.",
        )
    elif pct < rules.utilisation_low_pct:
        status, advice = WARN, "There is room for another client: work the pipeline."
    else:
        status, advice = OK, "A sustainable load, with room for business development."
    return Check(
        "utilisation",
        "Utilisation",
        status,
        f"{hours_text(per_week)} a week ({pct}%)",
        f"Client work should fill {rules.utilisation_low_pct}–{rules.utilisation_warn_pct}% of "
        f"your {hours_text(capacity)} week; over the last 4 weeks it averaged "
        f"{hours_text(per_week)} a week ({pct}%).",
        advice,
        data={"hours_per_week": str(per_week), "capacity": str(capacity), "percent": pct},
    )
