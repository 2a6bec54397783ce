"""Practice health: where the practice stands against the playbook, one check at a time.

Each check gives a status (ok / warn / alert), the figure, the rule in one
sentence quoting the practice's own setting, and what to do. Every threshold is
a playbook setting (``core/playbook.py``). Amounts stay in their currency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.durations import hours
from fracos.core.money import from_minor, round_money, round_to
from fracos.core.playbook import PlaybookSettings
from fracos.practice.models import Practice

OK, WARN, ALERT = "ok", "warn", "alert"
STATUS_LABELS = {OK: "OK", WARN: "Warning", ALERT: "Alert"}
STATUS_ICONS = {OK: "✓", WARN: "▲", ALERT: "⚠"}
_ORDER = {OK: 0, WARN: 1, ALERT: 2}
ZERO = Decimal(0)


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    status: str
    figure: str
    rule: str
    advice: str
    details: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "figure": self.figure,
            "rule": self.rule,
            "advice": self.advice,
            "details": list(self.details),
            "data": self.data,
        }


def worst(statuses: Sequence[str]) -> str:
    return max(statuses, key=lambda s: _ORDER[s], default=OK)


@dataclass(frozen=True)
class Context:
    """What the checks share: read once, passed to each."""

    actor: Actor
    practice: Practice
    rules: PlaybookSettings
    today: date
    engagements: list[Any]  # the practice's active engagements

    @property
    def currency(self) -> str:
        return str(self.practice.currency)

    @property
    def window(self) -> clock.Period:
        """The last 4 weeks: the 28 days ending today."""
        return clock.Period(
            self.today - timedelta(days=27), self.today + timedelta(days=1), "last 4 weeks"
        )

    def running(self, on: date) -> list[Any]:
        return [
            e
            for e in self.engagements
            if e.status == "active"
            and e.start_date <= on
            and (e.end_date is None or e.end_date >= on)
        ]


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount} {currency}"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _hours_text(value: Decimal) -> str:
    return f"{value.normalize():f} h" if value == value.to_integral() else f"{value} h"


# -- the engagement --------------------------------------------------------------------------


def check_clients(ctx: Context) -> Check:
    rules = ctx.rules
    clients = sorted({e.client.name for e in ctx.running(ctx.today)})
    n = len(clients)
    figure = f"{n} active client{'s' if n != 1 else ''}"
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
    top = max(per_currency, key=lambda p: (_ORDER[str(p["status"])], p["share_pct"]))
    details = tuple(
        f"{p['currency']}: {p['client']} brought {p['share_pct']}% "
        f"({_money(p['amount'], p['currency'])} of {_money(p['total'], p['currency'])}); "
        f"losing it would cost {_money(p['amount'], p['currency'])} a year, "
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


# -- pricing and delivery --------------------------------------------------------------------


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
        f"{over} of {_plural(len(current), 'retainer')} over this month",
        f"{rule_head}; {over} of {len(current)} are over in {this.label}.",
        advice,
        tuple(details),
        {"month": this.label, "retainers": rows},
    )


# -- winning clients ---------------------------------------------------------------------------


def check_business_development(ctx: Context, entries: list[Any]) -> Check:
    """Business-development time in the last 4 weeks (``entries``: the window's time entries)."""
    rules = ctx.rules
    window = ctx.window
    seconds = sum(e.seconds for e in entries if e.kind == "bd")
    logged = hours(seconds)
    minimum = rules.bd_min_hours_per_4_weeks
    status = OK if logged >= minimum else (ALERT if seconds == 0 else WARN)
    advice = (
        "Keep the time protected; it is what fills the next gap."
        if status == OK
        else "Block time on your non-client day for the warm list and outreach, and log it: "
        'fracos log --bd 2h "Coffee with a former colleague".'
    )
    return Check(
        "business_development",
        "Business development",
        status,
        f"{_hours_text(logged)} in the last 4 weeks",
        f"Protect at least {_hours_text(minimum)} of business development every 4 weeks; you "
        f"logged {_hours_text(logged)} from {window.start:%d %b} to {window.last_day:%d %b}.",
        advice,
        data={"seconds": seconds, "minimum_hours": str(minimum), "from": str(window.start)},
    )


def check_pipeline(ctx: Context) -> Check:
    """The weighted pipeline against this month's gap to the full-time salary equivalent."""
    from fracos.insights.income import contracted_income
    from fracos.pipeline.selectors import weighted_pipeline

    rules, c = ctx.rules, ctx.currency
    weighted = weighted_pipeline(ctx.actor).get(c, from_minor(0, c))
    if rules.full_time_salary <= 0:
        return Check(
            "pipeline",
            "Pipeline coverage",
            WARN,
            f"{_money(weighted, c)} weighted a month",
            "The weighted pipeline should cover the gap between your contracted income and a "
            "full-time salary; full_time_salary is not set, so there is no gap to measure.",
            "Set it: fracos practice settings --set full_time_salary=150000",
        )
    monthly = round_money(rules.full_time_salary / 12, c)
    contracted = contracted_income(ctx.actor, first_month=ctx.today.replace(day=1), months=1).total(
        c
    )
    gap = monthly - contracted
    data = {
        "currency": c,
        "weighted_pipeline": str(weighted),
        "monthly_target": str(monthly),
        "contracted_this_month": str(contracted),
        "gap": str(max(gap, ZERO)),
        "coverage_pct": None,
        "required_pct": rules.pipeline_coverage_pct,
    }
    if gap <= 0:
        return Check(
            "pipeline",
            "Pipeline coverage",
            OK,
            "no gap to cover",
            f"The weighted pipeline should cover {rules.pipeline_coverage_pct}% of the gap to "
            f"{_money(monthly, c)} a month (full_time_salary ÷ 12); this month's contracted "
            f"{_money(contracted, c)} already meets it.",
            "Keep the pipeline warm for the engagements that end next.",
            data=data,
        )
    coverage = round(100 * weighted / gap)
    data["coverage_pct"] = coverage
    status = OK if coverage >= rules.pipeline_coverage_pct else ALERT if weighted <= 0 else WARN
    advice = (
        "Enough is in play; move the best opportunities to a pilot."
        if status == OK
        else "Reach out to the top of your warm list and propose pilots: "
        "fracos network list --top, fracos opportunity add."
    )
    return Check(
        "pipeline",
        "Pipeline coverage",
        status,
        f"{coverage}% of a {_money(gap, c)} gap",
        f"The weighted pipeline should cover {rules.pipeline_coverage_pct}% of the monthly gap "
        f"to your target ({_money(monthly, c)}, full_time_salary ÷ 12, minus "
        f"{_money(contracted, c)} contracted = {_money(gap, c)}); it covers {coverage}% "
        f"({_money(weighted, c)} weighted).",
        advice,
        data=data,
    )


# -- the week ----------------------------------------------------------------------------------


def _entries(ctx: Context) -> list[Any]:
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
        f"{_plural(n, 'day')} in the last 4 weeks",
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
            f"{_hours_text(per_week)} a week",
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
        f"{_hours_text(per_week)} a week ({pct}%)",
        f"Client work should fill {rules.utilisation_low_pct}–{rules.utilisation_warn_pct}% of "
        f"your {_hours_text(capacity)} week; over the last 4 weeks it averaged "
        f"{_hours_text(per_week)} a week ({pct}%).",
        advice,
        data={"hours_per_week": str(per_week), "capacity": str(capacity), "percent": pct},
    )


# -- money -------------------------------------------------------------------------------------


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
        f"Keep {band} months of costs in reserve; {_money(rules.cash_reserve, c)} ÷ "
        f"{_money(rules.monthly_costs, c)} a month is {months} months.",
        advice,
        data={
            "months": str(months),
            "cash_reserve": str(rules.cash_reserve),
            "monthly_costs": str(rules.monthly_costs),
            "currency": c,
        },
    )


def check_receivables(ctx: Context) -> Check:
    from fracos.billing.selectors import invoice_list, open_minor

    rules = ctx.rules
    overdue = invoice_list(ctx.actor, overdue=True)
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
        f"{_plural(late, 'day')} late.",
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
        f"{len(overdue)} overdue, {_plural(len(renewals), 'renewal')} to discuss",
        f"A check-in every {rules.checkin_interval_days} days, a summary every "
        f"{rules.summary_interval_months} month(s), a review every {rules.review_interval_months}"
        f" months, and a renewal conversation within {rules.renewal_warn_days} days of an "
        f"engagement's end (red within {rules.renewal_alert_days}); "
        f"{_plural(len(overdue), 'item is', 'items are')} overdue and "
        f"{_plural(len(renewals), 'engagement needs', 'engagements need')} the renewal "
        "conversation.",
        "Record them: fracos checkin CLIENT NOTE, fracos summary draft, fracos review, "
        "fracos renewal log."
        if status != OK
        else "Your client rhythm is on schedule.",
        details,
        {"overdue": len(overdue), "renewals": len(renewals)},
    )


# -- all of it ---------------------------------------------------------------------------------


def practice_health(
    actor: Actor,
    *,
    practice: Practice | None = None,
    engagements: list[Any] | None = None,
    cadence: list[Any] | None = None,
) -> list[Check]:
    """Every check, in the playbook's order; pass what the caller has already read."""
    from fracos.engagements.selectors import engagement_list
    from fracos.insights.invoiced import invoiced_income
    from fracos.practice.selectors import practice_for

    actor.require_staff()
    if practice is None or practice.pk != actor.practice_id:
        practice = practice_for(actor)
    ctx = Context(
        actor=actor,
        practice=practice,
        rules=practice.rules,
        today=clock.today(practice.timezone),
        engagements=engagements
        if engagements is not None
        else engagement_list(actor, status="active"),
    )
    entries = _entries(ctx)
    checks: list[Callable[[], Check]] = [
        lambda: check_clients(ctx),
        lambda: check_concentration(
            ctx,
            invoiced_income(actor, first_month=clock.add_months(ctx.today.replace(day=1), -12)),
        ),
        lambda: check_underpricing(ctx),
        lambda: check_over_delivery(ctx),
        lambda: check_business_development(ctx, entries),
        lambda: check_pipeline(ctx),
        lambda: check_context_switching(ctx, entries),
        lambda: check_utilisation(ctx, entries),
        lambda: check_runway(ctx),
        lambda: check_receivables(ctx),
        lambda: check_cadence(ctx, cadence),
    ]
    return [make() for make in checks]


def overall(checks: Sequence[Check]) -> str:
    return worst([c.status for c in checks])
