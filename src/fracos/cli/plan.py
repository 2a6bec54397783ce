"""`fracos plan`: which client owns which weekday (or half-day), against the week's capacity."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fracos.cli.common import Format, console, emit, emit_record, local_actor, success

app = typer.Typer(
    help="The weekly plan: dedicated days and half-days per client.",
    invoke_without_command=True,
)

EngagementOpt = Annotated[
    int | None, typer.Option(help="Engagement id, when the client has several.")
]


def _show(actor: Any, fmt: Format) -> None:
    from fracos.cadence.selectors import today_for
    from fracos.engagements.plan import DAY_NAMES, overview
    from fracos.engagements.selectors import week_plan
    from fracos.practice.selectors import practice_for

    bookings = [b for _, b in week_plan(actor, today_for(actor))]
    data = overview(bookings, practice_for(actor).rules)
    if fmt != Format.table:
        emit_record(data, fmt)
        return
    held: dict[tuple[str, str], str] = {}
    for slot in data["slots"]:
        halves = ("am", "pm") if slot["part"] == "full" else (slot["part"],)
        for half in halves:
            held[(slot["weekday"], half)] = slot["client"]
    rows = [
        {
            "day": name,
            "morning": held.get((day, "am"), "free"),
            "afternoon": held.get((day, "pm"), "free"),
        }
        for day, name in DAY_NAMES.items()
        if day in ("mon", "tue", "wed", "thu", "fri") or (day, "am") in held or (day, "pm") in held
    ]
    emit(
        rows,
        [("day", "Day"), ("morning", "Morning"), ("afternoon", "Afternoon")],
        fmt,
        title=f"Weekly plan (capacity {data['capacity_hours']} h, {data['hours_per_day']} h a day)",
    )
    emit(
        data["engagements"],
        [
            ("client", "Client"),
            ("days", "Days"),
            ("planned_hours", "Planned h"),
            ("committed_hours", "Committed h"),
        ],
        fmt,
        right=("planned_hours", "committed_hours"),
    )
    console().print(
        f"Week load: {data['load_hours']} h of {data['capacity_hours']} h "
        "(per engagement the larger of planned and committed hours)."
    )
    for warning in data["warnings"]:
        console().print(f"[yellow]Warning:[/yellow] {warning}")


@app.callback()
def plan(
    ctx: typer.Context,
    format: Annotated[Format, typer.Option(help="table or json")] = Format.table,
) -> None:
    """Show the weekly plan: weekday × morning/afternoon → client, with capacity and load.

    Example: fracos plan
    """
    if ctx.invoked_subcommand is None:
        _show(local_actor(), format)


def _target(actor: Any, client: str | None, engagement: int | None) -> Any:
    from fracos.cadence.selectors import today_for
    from fracos.engagements.selectors import engagement_for

    return engagement_for(actor, client, engagement_id=engagement, on=today_for(actor))


@app.command("set")
def plan_set(
    first: Annotated[str, typer.Argument(help="CLIENT then DAYS, or only DAYS with --engagement.")],
    days: Annotated[
        str | None, typer.Argument(help="Days and half-days, e.g. mon,tue,wed-am.")
    ] = None,
    engagement: EngagementOpt = None,
) -> None:
    """Give a client its dedicated days and half-days (replacing what it had).

    Example: fracos plan set acme mon,tue,wed-am
    """
    actor = local_actor()
    from fracos.core.errors import ValidationFailed
    from fracos.engagements.plan import parse_slots
    from fracos.engagements.services import plan_set as save

    if days is None:
        if engagement is None:
            raise ValidationFailed(
                "plan set: give CLIENT and DAYS (e.g. fracos plan set acme mon,tue)"
            )
        client, days = None, first
    else:
        client = first
    chosen = _target(actor, client, engagement)
    slots = parse_slots(days)
    warnings = save(actor, engagement_id=chosen.pk, slots=slots)
    success(f"{chosen.client.name}: {', '.join(s.words for s in slots)}.")
    for warning in warnings:
        console().print(f"[yellow]Warning:[/yellow] {warning}")


@app.command("clear")
def plan_clear(
    client: Annotated[str | None, typer.Argument(help="Client name, unique prefix or #id.")] = None,
    engagement: EngagementOpt = None,
) -> None:
    """Take a client out of the weekly plan.

    Example: fracos plan clear acme
    """
    actor = local_actor()
    from fracos.engagements.services import plan_clear as clear

    chosen = _target(actor, client, engagement)
    clear(actor, engagement_id=chosen.pk)
    success(f"{chosen.client.name} has no dedicated days now.")
