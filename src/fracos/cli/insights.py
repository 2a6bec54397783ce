"""`fracos health`, `fracos forecast` and `fracos retainer`: the practice against the playbook."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fracos.cli.common import Format, console, emit, emit_record, local_actor

STATUS_STYLES = {"ok": "green", "warn": "yellow", "alert": "bold red"}


def health(
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Check the practice against the playbook: clients, concentration, rates, hours, runway…

    Each check shows its status (OK, Warning, Alert), the figure, the rule in one
    sentence with your own setting, and what to do. Thresholds are practice
    settings (fracos practice settings). Exits 0 whatever the statuses.

    Example: fracos health --format json
    """
    actor = local_actor()
    from fracos.insights.health import overall, practice_health

    checks = practice_health(actor)
    if format == Format.json:
        emit_record({"status": overall(checks), "checks": [c.as_json() for c in checks]}, format)
        return
    if format == Format.csv:
        emit(
            [c.as_json() for c in checks],
            [(k, k) for k in ("key", "title", "status", "figure", "rule", "advice")],
            format,
        )
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Practice health", title_justify="left", show_lines=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Check")
    table.add_column("Figure")
    table.add_column("Rule, and what to do")
    for check in checks:
        status = Text(f"{check.icon} {check.label}", style=STATUS_STYLES[check.status])
        body = Text(check.rule)
        body.append(f"\n→ {check.advice}", style="italic")
        for line in check.details:
            body.append(f"\n  · {line}", style="dim")
        table.add_row(status, check.title, check.figure, body)
    console().print(table)


def forecast(
    months: Annotated[int, typer.Option(help="How many months from this one (1–36).")] = 12,
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Income for the coming months: contracted engagements plus the weighted pipeline.

    Contracted income respects end dates and notice; each open opportunity counts its
    monthly value × its stage's probability from its expected start, for
    pipeline_engagement_months months. Compared with full_time_salary ÷ 12.

    Example: fracos forecast --months 6
    """
    actor = local_actor()
    from fracos.insights.forecast import forecast as build

    f = build(actor, months=months)
    if format == Format.json:
        emit_record(f.as_json(), format)
        return
    rows: list[dict[str, Any]] = [
        {"currency": cur, **row} for cur in f.currencies() for row in f.by_month(cur)
    ]
    if format == Format.csv:
        emit(
            rows,
            [(k, k) for k in ("month", "currency", "contracted", "pipeline", "total")],
            format,
        )
        return
    for cur in f.currencies():
        cur_rows = [
            {
                **row,
                "salary": str(f.monthly_salary) if cur == f.currency and f.salary > 0 else None,
            }
            for row in rows
            if row["currency"] == cur
        ]
        cur_rows.append(
            {
                "month": "Total",
                "contracted": f.total(cur, "contracted"),
                "pipeline": f.total(cur, "pipeline"),
                "total": f.total(cur),
                "salary": str(f.salary_for_period) if cur == f.currency and f.salary > 0 else None,
            }
        )
        emit(
            cur_rows,
            [
                ("month", "Month"),
                ("contracted", "Contracted"),
                ("pipeline", "Weighted pipeline"),
                ("total", "Total"),
                ("salary", "Full-time salary ÷ 12"),
            ],
            format,
            title=f"Forecast in {cur}",
            right=("contracted", "pipeline", "total", "salary"),
        )
        by_client = [
            {
                "client": row["client"],
                "source": row["source"],
                **{m.label: amount for m, amount in zip(f.months, row["amounts"], strict=True)},
                "total": row["total"],
            }
            for row in f.client_rows(cur)
        ]
        if by_client:
            emit(
                by_client,
                [("client", "Client"), ("source", "Source")]
                + [(m.label, m.label[2:]) for m in f.months]
                + [("total", "Total")],
                format,
                title=f"By client, {cur}",
                right=(*(m.label for m in f.months), "total"),
            )
    console().print(f.headline)


def retainer(
    period: Annotated[
        str, typer.Option(help="The month: YYYY-MM, month or last-month (default: this month).")
    ] = "month",
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Each retainer's hours for a month: included, rolled in, carried in, used, remaining.

    The overage policy decides: rollover adds earlier months' unused hours, carry
    takes last month's overrun off this month, bill charges hours over at the
    overage rate. Billing drafts its overage lines from these same figures.

    Example: fracos retainer --period 2026-10 --format csv
    """
    actor = local_actor()
    from fracos.core.durations import format_duration
    from fracos.timesheets.retainer import retainer_report

    chosen, found = retainer_report(actor, period)
    records = [m.as_json() for m in found]
    if format == Format.json:
        emit(records, [], format)
        return
    if format == Format.csv:
        keys = [
            "month",
            "client",
            "role",
            "policy",
            "included_hours",
            "rolled_in_hours",
            "carried_in_hours",
            "allowance_hours",
            "used_hours",
            "remaining_hours",
            "over_hours",
            "percent",
            "level",
            "billable_amount",
            "currency",
        ]
        emit(records, [(k, k) for k in keys], format)
        return
    rows = [
        {
            "client": m.client,
            "policy": m.policy,
            "included": format_duration(m.included),
            "rolled": format_duration(m.rolled_in),
            "carried": format_duration(m.carried_in),
            "used": format_duration(m.used),
            "remaining": format_duration(m.remaining),
            "percent": f"{m.percent}%" if m.percent is not None else None,
            "level": {"ok": "✓ ok", "warn": "▲ warn", "alert": "⚠ over"}[m.level],
            "overage": f"{m.billable_amount} {m.currency}" if m.billable_seconds else None,
        }
        for m in found
    ]
    emit(
        rows,
        [
            ("client", "Client"),
            ("policy", "Policy"),
            ("included", "Included"),
            ("rolled", "Rolled in"),
            ("carried", "Carried in"),
            ("used", "Used"),
            ("remaining", "Remaining"),
            ("percent", "%"),
            ("level", "Level"),
            ("overage", "Billable overage"),
        ],
        format,
        title=f"Retainer hours, {chosen.label}",
        right=("included", "rolled", "carried", "used", "remaining", "percent"),
    )
    if not rows:
        console().print("No retainer with included hours runs in this month.")
