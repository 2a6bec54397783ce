"""Health checks on the engagements: how many clients, how concentrated, how priced, how delivered."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.insights.checks import (
    ALERT,
    OK,
    ORDER,
    WARN,
    Check,
    Context,
    money_text,
    plural,
    worst,
)


def check_clients(ctx: Context) -> Check:
    rules = ctx.rules
    clients = sorted({e.client.name for e in ctx.running(ctx.today)})
    n = len(clients)
    figure = f"{plural(n, 'active client')}"
    if n < rules.min_clients:
        status = ALERT
        rule = f"{rules.min_clients} clients is the safe minimum; you have {n}."
        advice = (
            "With so few clients one loss takes most of your income: work the pipeline "
            "(fracos pipeline) and offer pilots to your warmest contacts."
        )
    elif n > rules.max_clients:
        status = WARN
        rule = f"{rules.max_clients} clients is the sustainable maximum; you have {n}."
        advice = (
            "Context switching degrades every client's work: let the next engagement that ends "
            "go, or raise your rates so fewer clients pay the same."
        )
    else:
        status = OK
        rule = (
            f"{rules.min_clients}–{rules.max_clients} clients is the sustainable range; "
            f"you have {n}."
        )
        advice = "Keep it there: renew the engagements that matter and keep the pipeline warm."
    return Check(
        "clients",
        "Active clients",
        status,
        figure,
        rule,
        advice,
        tuple(clients),
        {"active_clients": n, "min": rules.min_clients, "max": rules.max_clients},
    )


def check_concentration(ctx: Context, invoiced: Any) -> Check:
    """Share of the trailing 12 months' invoiced income per client, per currency."""
    rules = ctx.rules
    limit = (
        f"No client should bring more than {rules.concentration_warn_pct}% of your invoiced "
        f"income (red above {rules.concentration_alert_pct}%)"
    )
    per_currency = []
    for currency in invoiced.currencies():
        largest = invoiced.largest_share(currency)
        if largest is None:
            continue
        client, amount, share = largest
        pct = round(100 * share)
        status = (
            ALERT
            if 100 * share > rules.concentration_alert_pct
            else WARN
            if 100 * share > rules.concentration_warn_pct
            else OK
        )
        per_currency.append(
            {
                "currency": currency,
                "client": client,
                "amount": amount,
                "total": invoiced.total(currency),
                "share_pct": pct,
                "status": status,
                "shares": {k: str(v) for k, v in invoiced.by_client(currency).items()},
            }
        )
    if not per_currency:
        return Check(
            "concentration",
            "Income concentration",
            WARN,
            "no invoiced income",
            f"{limit}; nothing was invoiced in the last 12 months, so it cannot be measured.",
            "Invoice your engagements (fracos invoice draft CLIENT) so income can be measured.",
        )
    top = max(per_currency, key=lambda p: (ORDER[str(p["status"])], p["share_pct"]))
    details = tuple(
        f"{p['currency']}: {p['client']} brought {p['share_pct']}% "
        f"({money_text(p['amount'], p['currency'])} of {money_text(p['total'], p['currency'])}); "
        f"losing it would cost {money_text(p['amount'], p['currency'])} a year, "
        f"{p['share_pct']}% of your {p['currency']} income"
        for p in per_currency
    )
    status = worst([str(p["status"]) for p in per_currency])
    advice = (
        f"Win another client or grow the others, so that losing {top['client']} would not cost "
        f"{top['share_pct']}% of your income."
        if status != OK
        else "Your income is spread well; keep any one client below the limit as you grow."
    )
    return Check(
        "concentration",
        "Income concentration",
        status,
        f"largest client {top['share_pct']}% ({top['client']}, {top['currency']})",
        f"{limit}; your largest, {top['client']}, brought {top['share_pct']}% of the last "
        f"12 months' {top['currency']} income.",
        advice,
        details,
        {
            "by_currency": [
                {
                    k: (str(v) if isinstance(v, Decimal) else v)
                    for k, v in p.items()
                    if k != "status"
                }
                | {"status": p["status"], "loss_if_largest_leaves": str(p["amount"])}
                for p in per_currency
            ]
        },
    )


def check_underpricing(ctx: Context) -> Check:
    """Effective rates over the last completed month against the target hourly rate."""
    from fracos.insights.rates import engagement_rates, target_rate

    rules = ctx.rules
    last_month = clock.month_of(clock.month_of(ctx.today).start - timedelta(days=1))
    target = target_rate(rules, ctx.currency)
    if target is None:
        return Check(
            "underpricing",
            "Effective rates",
            WARN,
            "no target rate",
            "Each engagement should earn at least the playbook's day rate for your full-time "
            "salary per hour; full_time_salary is not set, so there is no target.",
            "Set it: fracos practice settings --set full_time_salary=150000",
        )
    ran = [
        e
        for e in ctx.engagements
        if e.start_date <= last_month.last_day
        and (e.end_date is None or e.end_date >= last_month.start)
    ]
    rates = [r for r in engagement_rates(ctx.actor, ctx.practice, ran, last_month) if r.rate]
    below = [r for r in rates if r.comparable and (r.shortfall_pct or 0) > 0]
    compared = [r for r in rates if r.comparable]
    details = []
    for r in rates:
        name = f"{r.engagement.client.name} ({r.engagement.role_title})"
        if not r.comparable:
            verdict = "not compared (another currency)"
        elif r.shortfall_pct:
            verdict = f"{r.shortfall_pct}% below target"
        else:
            verdict = "at or above target"
        details.append(f"{name}: {r.rate} an hour, {verdict}")
    status = (
        ALERT
        if any((r.shortfall_pct or 0) >= rules.underpricing_alert_pct for r in below)
        else WARN
        if below
        else OK
    )
    rule = (
        f"Each engagement should earn at least {target.sentence}; "
        f"{len(below)} of {len(compared)} earned less in {last_month.label}."
    )
    if below:
        lowest = max(below, key=lambda r: r.shortfall_pct or 0)
        advice = (
            f"{lowest.engagement.client.name} earned {lowest.rate} an hour: raise the fee at "
            "renewal or bring the hours back to what the fee pays for."
        )
    else:
        advice = "Your rates hold; watch the hours so they stay that way."
    return Check(
        "underpricing",
        "Effective rates",
        status,
        f"{len(below)} of {len(compared)} below {target.hourly} {target.currency}/h",
        rule,
        advice,
        tuple(details),
        {
            "period": last_month.label,
            "target_hourly": str(target.hourly),
            "target_day_rate": str(target.day_rate),
            "currency": target.currency,
            "engagements": [
                {
                    "engagement_id": r.engagement.pk,
                    "client": r.engagement.client.name,
                    "rate": str(r.rate.amount) if r.rate else None,
                    "currency": r.engagement.currency,
                    "shortfall_pct": r.shortfall_pct,
                }
                for r in rates
            ],
        },
    )


def check_over_delivery(ctx: Context) -> Check:
    """Retainers over their allowance this month, with the three months before as the trend."""
    from fracos.timesheets.retainer import hours_of, retainer_history

    rules = ctx.rules
    this = clock.month_of(ctx.today)
    months = [clock.month_of(clock.add_months(this.start, -i)) for i in (3, 2, 1, 0)]
    history = retainer_history(ctx.actor, ctx.engagements, months, rules)
    rule_head = (
        f"A retainer should stay within its included hours (amber from "
        f"{rules.retainer_warn_pct}%, red past {rules.retainer_alert_pct}%)"
    )
    current = {eid: found[-1] for eid, found in history.items() if found[-1] is not None}
    if not current:
        return Check(
            "over_delivery",
            "Hours against the retainers",
            OK,
            "no retainer with included hours",
            f"{rule_head}; no retainer this month includes hours.",
            "Give each retainer its hours a week so over-delivery shows.",
        )
    statuses: list[str] = []
    details: list[str] = []
    rows: list[dict[str, Any]] = []
    over = 0
    for eid, this_month in current.items():
        earlier = [m for m in history[eid][:-1] if m is not None]
        over_before = sum(1 for m in earlier if m.level == ALERT)
        status = this_month.level
        if status == OK and over_before >= 2:
            status = WARN
        statuses.append(status)
        over += this_month.level == ALERT
        trend = ", ".join(f"{m.month.label} {m.percent}%" for m in earlier if m.percent is not None)
        details.append(
            f"{this_month.client}: {hours_of(this_month.used)} h of {hours_of(this_month.allowance)}"
            f" h this month ({this_month.percent}%)" + (f"; before: {trend}" if trend else "")
        )
        rows.append(
            {
                "engagement_id": eid,
                "client": this_month.client,
                "this_month": this_month.as_json(),
                "trend": [
                    {"month": m.month.label, "percent": m.percent, "level": m.level}
                    for m in earlier
                ],
                "status": status,
            }
        )
    status = worst(statuses)
    if status == OK:
        advice = "Delivery matches what was sold; keep logging so it stays visible."
    else:
        advice = (
            "Talk scope with the client: bill the extra hours (overage_policy bill), agree more "
            "hours for a higher fee, or stop doing what the scope does not include."
        )
    return Check(
        "over_delivery",
        "Hours against the retainers",
        status,
        f"{over} of {plural(len(current), 'retainer')} over this month",
        f"{rule_head}; {over} of {len(current)} are over in {this.label}.",
        advice,
        tuple(details),
        {"month": this.label, "retainers": rows},
    )
