"""Health checks on money and the client rhythm: runway, receivables, the cadence and renewals."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fracos.core.money import from_minor, round_to
from fracos.insights.checks import (
    ALERT,
    OK,
    WARN,
    Check,
    Context,
    money_text,
    plural,
)


def check_runway(ctx: Context) -> Check:
    rules, c = ctx.rules, ctx.currency
    band = f"{rules.runway_min_months}–{rules.runway_max_months}"
    if rules.monthly_costs <= 0:
        return Check(
            "runway",
            "Runway",
            WARN,
            "not set",
            f"Keep {band} months of costs in reserve; cash_reserve and monthly_costs are not "
            "set, so runway cannot be measured.",
            "Set both: fracos practice settings --set cash_reserve=60000 --set monthly_costs=7500",
        )
    months = round_to(rules.cash_reserve / rules.monthly_costs, 1)
    if months < rules.runway_min_months:
        status, advice = ALERT, "Build the reserve before taking risks: cut costs or save income."
    elif months > rules.runway_max_months:
        status, advice = OK, "More than enough: the surplus could work harder elsewhere."
    else:
        status, advice = OK, "A healthy reserve; keep it as costs change."
    return Check(
        "runway",
        "Runway",
        status,
        f"{months} months",
        f"Keep {band} months of costs in reserve; {money_text(rules.cash_reserve, c)} ÷ "
        f"{money_text(rules.monthly_costs, c)} a month is {months} months.",
        advice,
        data={
            "months": str(months),
            "cash_reserve": str(rules.cash_reserve),
            "monthly_costs": str(rules.monthly_costs),
            "currency": c,
        },
    )


def check_receivables(ctx: Context) -> Check:
    from fracos.billing.selectors import open_minor, unpaid_invoices

    rules = ctx.rules
    unpaid = ctx.unpaid if ctx.unpaid is not None else unpaid_invoices(ctx.actor, ctx.today)
    overdue = [invoice for invoice, state in unpaid if state == "overdue"]
    if not overdue:
        return Check(
            "receivables",
            "Receivables",
            OK,
            "nothing overdue",
            f"Invoices are paid by their due date (terms {rules.payment_terms_days} days); none is "
            "overdue.",
            "Nothing to chase.",
        )
    totals: dict[str, int] = defaultdict(int)
    for invoice in overdue:
        totals[invoice.currency] += open_minor(invoice)
    oldest = min(overdue, key=lambda i: (i.due_date or ctx.today, i.pk))
    late = (ctx.today - (oldest.due_date or ctx.today)).days
    amounts = ", ".join(f"{from_minor(v, k)} {k}" for k, v in sorted(totals.items()))
    status = ALERT if late > rules.receivables_alert_days else WARN
    return Check(
        "receivables",
        "Receivables",
        status,
        f"{amounts} overdue",
        f"Invoices are paid by their due date (red once {rules.receivables_alert_days} days "
        f"late); {amounts} is overdue, the oldest {oldest.number} ({oldest.client.name}) "
        f"{plural(late, 'day')} late.",
        f"Chase {oldest.client.name} today (fracos invoice send {oldest.number} resends it; "
        "fracos run-due sends the scheduled reminders).",
        tuple(
            f"{i.number} {i.client.name}: {from_minor(open_minor(i), i.currency)} {i.currency}, "
            f"due {i.due_date}"
            for i in sorted(overdue, key=lambda i: (i.due_date or ctx.today, i.pk))
        ),
        {
            "overdue": {k: str(from_minor(v, k)) for k, v in totals.items()},
            "oldest": {
                "number": oldest.number,
                "client": oldest.client.name,
                "due_date": str(oldest.due_date),
                "days_late": late,
            },
        },
    )


def check_cadence(ctx: Context, items: list[Any] | None = None) -> Check:
    from fracos.cadence.schedule import LABELS
    from fracos.cadence.selectors import cadence_due

    rules = ctx.rules
    due = items if items is not None else cadence_due(ctx.actor)
    overdue = [i for i in due if i.kind != "renewal" and i.state == "overdue"]
    renewals = [i for i in due if i.kind == "renewal" and i.state != "done"]
    status = (
        ALERT
        if any(i.state == "overdue" for i in renewals)
        else WARN
        if overdue or renewals
        else OK
    )
    details = tuple(
        f"{i.client}: {LABELS[i.kind]} {'overdue since' if i.state == 'overdue' else 'due'} "
        f"{i.due_on}"
        for i in [*renewals, *overdue]
    )
    return Check(
        "cadence",
        "Cadence and renewals",
        status,
        f"{len(overdue)} overdue, {plural(len(renewals), 'renewal')} to discuss",
        f"A check-in every {rules.checkin_interval_days} days, a summary every "
        f"{rules.summary_interval_months} month(s), a review every {rules.review_interval_months}"
        f" months, and a renewal conversation within {rules.renewal_warn_days} days of an "
        f"engagement's end (red within {rules.renewal_alert_days}); "
        f"{plural(len(overdue), 'item is', 'items are')} overdue and "
        f"{plural(len(renewals), 'engagement needs', 'engagements need')} the renewal "
        "conversation.",
        "Record them: fracos checkin CLIENT NOTE, fracos summary draft, fracos review, "
        "fracos renewal log."
        if status != OK
        else "Your client rhythm is on schedule.",
        details,
        {"overdue": len(overdue), "renewals": len(renewals)},
    )
