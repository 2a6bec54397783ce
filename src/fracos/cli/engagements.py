"""`fracos engagement …`: roles at clients, priced by one of the playbook's five models."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

import typer

from fracos.cli.common import Format, emit, emit_record, local_actor, success
from fracos.core import clock
from fracos.core.errors import ValidationFailed
from fracos.core.money import from_minor, parse_amount

app = typer.Typer(
    help="Engagements: pricing, commitment, dedicated days, scope of work.", no_args_is_help=True
)


def _per_month(text: str, field: str) -> Decimal:
    """'8000/month', '8000/mo', '8000' -> 8000."""
    match = re.fullmatch(r"\s*([^/]+?)\s*(?:/\s*(month|mo|m|monthly))?\s*", text or "")
    if not match:
        raise ValidationFailed(
            f"{field}: {text!r} is not an amount per month (e.g. 8000/month)", field=field
        )
    return parse_amount(match.group(1), field=field)


def engagement_record(e: Any) -> dict[str, Any]:
    price = {
        "retainer": f"{from_minor(e.fee_minor, e.currency)} {e.currency}/month",
        "equity": f"{from_minor(e.fee_minor, e.currency)} {e.currency}/month + "
        f"{e.equity_percent or 0}% equity",
        "day_rate": f"{from_minor(e.day_rate_minor, e.currency)} {e.currency}/day",
        "project": f"{from_minor(e.fee_minor, e.currency)} {e.currency} project fee",
        "pilot": f"{from_minor(e.fee_minor, e.currency)} {e.currency} pilot, {e.pilot_weeks} weeks",
    }[e.pricing_model]
    commitment = (
        f"{e.hours_per_week:g} h/week"
        if e.hours_per_week is not None
        else f"{e.days_per_week:g} days/week"
        if e.days_per_week is not None
        else ""
    )
    return {
        "id": e.pk,
        "client": e.client.name,
        "role": e.role_title,
        "pricing_model": e.pricing_model,
        "price": price,
        "currency": e.currency,
        "fee": str(from_minor(e.fee_minor, e.currency)),
        "day_rate": str(from_minor(e.day_rate_minor, e.currency)),
        "commitment": commitment,
        "dedicated_days": e.dedicated_days,
        "start": e.start_date,
        "end": e.end_date,
        "notice_days": e.notice_days,
        "status": e.status,
    }


@app.command("add")
def add(
    client: Annotated[str, typer.Argument(help="Client name, unique prefix or #id.")],
    role: Annotated[str, typer.Option(help='Your role, e.g. "Fractional CTO".')],
    retainer: Annotated[str | None, typer.Option(help="Monthly retainer, e.g. 8000/month.")] = None,
    day_rate: Annotated[str | None, typer.Option(help="Day rate, e.g. 1200.")] = None,
    project_fee: Annotated[str | None, typer.Option(help="Fixed project fee.")] = None,
    pilot: Annotated[str | None, typer.Option(help="Pilot fee (with --weeks).")] = None,
    weeks: Annotated[int | None, typer.Option(help="Pilot length in weeks (4–8 usual).")] = None,
    deliverable: Annotated[str | None, typer.Option(help="The pilot's one deliverable.")] = None,
    equity: Annotated[
        str | None, typer.Option(help="Equity stake, e.g. 0.5% (with --retainer).")
    ] = None,
    vesting_months: Annotated[int | None, typer.Option(help="Equity vesting period.")] = None,
    cliff_months: Annotated[int | None, typer.Option(help="Equity cliff.")] = None,
    hours_per_week: Annotated[str | None, typer.Option(help="Committed hours per week.")] = None,
    days_per_week: Annotated[str | None, typer.Option(help="Committed days per week.")] = None,
    days: Annotated[str | None, typer.Option(help="Dedicated weekdays, e.g. mon,tue.")] = None,
    start: Annotated[
        str | None, typer.Option(help="Start date YYYY-MM-DD (default today).")
    ] = None,
    end: Annotated[str | None, typer.Option(help="End date YYYY-MM-DD.")] = None,
    notice_days: Annotated[int, typer.Option(help="Notice period in days.")] = 30,
    currency: Annotated[str | None, typer.Option(help="Default: the client's currency.")] = None,
    arrears: Annotated[
        bool, typer.Option("--arrears", help="Bill the retainer after the month.")
    ] = False,
) -> None:
    """Add an engagement, priced by one of the five models.

    Example: fracos engagement add acme --role "Fractional CTO" --retainer 8000/month --days-per-week 2 --days mon,tue --start 2026-01-01
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.engagements.services import engagement_add

    chosen = [
        n
        for n, v in (
            ("--retainer", retainer and not equity),
            ("--day-rate", day_rate),
            ("--project-fee", project_fee),
            ("--pilot", pilot),
            ("--equity", equity),
        )
        if v
    ]
    if len(chosen) != 1:
        raise ValidationFailed(
            "pricing: give exactly one of --retainer, --day-rate, --project-fee, --pilot or "
            "--equity with --retainer" + (f" (got {', '.join(chosen)})" if chosen else ""),
            field="pricing_model",
        )
    values: dict[str, Any] = {}
    if equity:
        if not retainer:
            raise ValidationFailed(
                "retainer: equity engagements need a reduced cash retainer "
                "(e.g. --retainer 4000/month)",
                field="fee",
            )
        values.update(
            pricing_model="equity",
            fee=_per_month(retainer, "retainer"),
            equity_percent=equity.strip().rstrip("%"),
            vesting_months=vesting_months,
            cliff_months=cliff_months,
        )
    elif retainer:
        values.update(pricing_model="retainer", fee=_per_month(retainer, "retainer"))
    elif day_rate:
        values.update(pricing_model="day_rate", day_rate=parse_amount(day_rate, field="day_rate"))
    elif project_fee:
        values.update(pricing_model="project", fee=parse_amount(project_fee, field="project_fee"))
    elif pilot:
        values.update(
            pricing_model="pilot",
            fee=parse_amount(pilot, field="pilot"),
            pilot_weeks=weeks,
            pilot_deliverable=deliverable or "",
        )
    if weeks is not None and not pilot:
        raise ValidationFailed("weeks: --weeks goes with --pilot", field="pilot_weeks")
    values.update(
        role_title=role,
        hours_per_week=hours_per_week,
        days_per_week=days_per_week,
        dedicated_days=clock.parse_weekdays(days) if days else (),
        end_date=clock.parse_date(end, field="end") if end else None,
        notice_days=notice_days,
        billing_timing="arrears" if arrears else "advance",
    )
    if start:
        values["start_date"] = clock.parse_date(start, field="start")
    if currency:
        values["currency"] = currency
    found = client_find(actor, client)
    engagement = engagement_add(actor, client_id=found.pk, **values)
    record = engagement_record(engagement)
    success(
        f"Added engagement #{engagement.pk}: {engagement.role_title} at {found.name}, "
        f"{record['price']}, from {engagement.start_date}."
    )


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="active, ended or proposed")] = None,
    client: Annotated[str | None, typer.Option(help="Only this client.")] = None,
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """List engagements.

    Example: fracos engagement list --status active
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.engagements.selectors import engagement_list

    client_id = client_find(actor, client).pk if client else None
    rows = [
        engagement_record(e) for e in engagement_list(actor, status=status, client_id=client_id)
    ]
    emit(
        rows,
        [
            ("id", "#"),
            ("client", "Client"),
            ("role", "Role"),
            ("price", "Pricing"),
            ("commitment", "Commitment"),
            ("dedicated_days", "Days"),
            ("start", "Start"),
            ("end", "End"),
            ("status", "Status"),
        ],
        format,
        title="Engagements",
        right=("id",),
    )


@app.command("show")
def show(
    engagement: Annotated[int, typer.Argument(help="Engagement id.")],
    format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table,
) -> None:
    """Show an engagement with its scope of work, milestones and phases.

    Example: fracos engagement show 3
    """
    actor = local_actor()
    from fracos.engagements.selectors import engagement_get

    e = engagement_get(actor, engagement)
    record = engagement_record(e)
    record.update(
        billing_timing=e.billing_timing,
        overage_policy=e.overage_policy,
        responsibilities=e.responsibilities,
        exclusions=e.exclusions,
        change_policy=e.change_policy,
        ending_terms=e.ending_terms,
        milestones=[
            {
                "title": m.title,
                "amount": str(from_minor(m.amount_minor, e.currency)),
                "done_on": m.done_on,
            }
            for m in e.milestones.all()
        ],
        phases=[p.name for p in e.phases.all()],
        deliverables=[{"title": d.title, "done_on": d.done_on} for d in e.deliverables.all()],
    )
    if e.pricing_model == "pilot":
        record.update(pilot_deliverable=e.pilot_deliverable, converts_to=e.converts_to_id)
    if e.pricing_model == "equity":
        record.update(
            equity_percent=str(e.equity_percent),
            vesting_months=e.vesting_months,
            cliff_months=e.cliff_months,
        )
    emit_record(record, format, title=str(e))


@app.command("end")
def end(
    engagement: Annotated[int, typer.Argument(help="Engagement id.")],
    on: Annotated[str | None, typer.Option(help="Last day YYYY-MM-DD (default today).")] = None,
    reason: Annotated[str, typer.Option(help="Why it ended.")] = "",
) -> None:
    """End an engagement (its history stays; no more time can be logged to it).

    Example: fracos engagement end 4 --on 2026-06-30 --reason "Hired a full-time CTO"
    """
    actor = local_actor()
    from fracos.engagements.services import engagement_end

    ended = engagement_end(
        actor, engagement, on=clock.parse_date(on, field="on") if on else None, reason=reason
    )
    success(f"Ended #{ended.pk} {ended} on {ended.end_date}.")
