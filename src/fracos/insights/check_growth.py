"""Health checks on winning clients: business-development time and pipeline coverage."""

from __future__ import annotations

from typing import Any

from fracos.core.durations import hours
from fracos.core.money import from_minor, round_money
from fracos.insights.checks import (
    ALERT,
    OK,
    WARN,
    ZERO,
    Check,
    Context,
    hours_text,
    money_text,
)


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
        f"{hours_text(logged)} in the last 4 weeks",
        f"Protect at least {hours_text(minimum)} of business development every 4 weeks; you "
        f"logged {hours_text(logged)} from {window.start:%d %b} to {window.last_day:%d %b}.",
        advice,
        data={"seconds": seconds, "minimum_hours": str(minimum), "from": str(window.start)},
    )


def check_pipeline(ctx: Context) -> Check:
    """The weighted pipeline against this month's gap to the full-time salary equivalent."""
    from fracos.insights.income import contracted_income
    from fracos.pipeline.selectors import weighted_pipeline

    rules, c = ctx.rules, ctx.currency
    by_currency = (
        ctx.weighted if ctx.weighted is not None else weighted_pipeline(ctx.actor, ctx.rules)
    )
    weighted = by_currency.get(c, from_minor(0, c))
    # Other currencies are shown beside the figure, never converted into it.
    others = tuple(
        f"{money_text(amount, cur)} weighted a month in {cur} is not counted against the {c} gap"
        for cur, amount in sorted(by_currency.items())
        if cur != c and amount
    )
    if rules.full_time_salary <= 0:
        return Check(
            "pipeline",
            "Pipeline coverage",
            WARN,
            f"{money_text(weighted, c)} weighted a month",
            "The weighted pipeline should cover the gap between your contracted income and a "
            "full-time salary; full_time_salary is not set, so there is no gap to measure.",
            "Set it: fracos practice settings --set full_time_salary=150000",
            others,
        )
    monthly = round_money(rules.full_time_salary / 12, c)
    contracted = contracted_income(
        ctx.actor, first_month=ctx.today.replace(day=1), months=1, practice=ctx.practice
    ).total(c)
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
            f"{money_text(monthly, c)} a month (full_time_salary ÷ 12); this month's contracted "
            f"{money_text(contracted, c)} already meets it.",
            "Keep the pipeline warm for the engagements that end next.",
            others,
            data,
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
        f"{coverage}% of a {money_text(gap, c)} gap",
        f"The weighted pipeline should cover {rules.pipeline_coverage_pct}% of the monthly gap "
        f"to your target ({money_text(monthly, c)}, full_time_salary ÷ 12, minus "
        f"{money_text(contracted, c)} contracted = {money_text(gap, c)}); it covers {coverage}% "
        f"({money_text(weighted, c)} weighted).",
        advice,
        others,
        data,
    )
