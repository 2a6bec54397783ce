"""`fracos today`: what the day holds — the plan, time so far, and what is due."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from fracos.cli.common import Format, console, local_actor
from fracos.cli.plain import dump_json


def today(format: Annotated[Format, typer.Option(help="table or json")] = Format.table) -> None:
    """Today's dedicated clients, time logged, and next steps that are due.

    Example: fracos today
    """
    actor = local_actor()
    from fracos.core import clock
    from fracos.core.durations import format_duration
    from fracos.pipeline.selectors import next_steps_due, opportunities, thought_leadership_due
    from fracos.practice.selectors import practice_for
    from fracos.timesheets.selectors import week

    practice = practice_for(actor)
    day = clock.today(practice.timezone)
    view = week(actor, day)
    weekday = clock.WEEKDAYS[day.weekday()]
    index = day.weekday()
    logged = sum(line.by_day[index] for line in view.lines) + sum(
        by_day[index] for by_day in view.internal_by_day.values()
    )
    steps: list[dict[str, Any]] = [
        {"what": f"{o.contact.name}: {o.next_step}", "due": o.next_step_on, "kind": "contact"}
        for o in next_steps_due(actor, day)
    ]
    steps += [
        {
            "what": f"{o.title} ({o.organisation}): {o.next_step}",
            "due": o.next_step_on,
            "kind": "opportunity",
        }
        for o in opportunities(actor, open_only=True).filter(next_step_on__lte=day)
    ]
    due, last = thought_leadership_due(actor, day)
    from fracos.pipeline.launch import progress

    launch = progress(actor)
    if launch is not None and not launch.active_on(day):
        launch = None
    data = {
        "date": day.isoformat(),
        "dedicated_to": view.plan.get(weekday, []),
        "logged_seconds": logged,
        "due": steps,
        "thought_leadership_due": due,
        "launch_plan": None
        if launch is None
        else {"done": launch.done, "items": len(launch.items), "percent": launch.percent},
    }
    if format == Format.json:
        dump_json(data)
        return
    out = console()
    plan = ", ".join(view.plan.get(weekday, [])) or "no client (business development and admin)"
    out.print(
        f"[bold]{day:%A %d %B %Y}[/bold] — dedicated to {plan}; "
        f"{format_duration(logged)} logged so far."
    )
    if steps:
        out.print("Due:")
        for step in sorted(steps, key=lambda s: s["due"]):
            out.print(f"  • {step['what']} (due {step['due']})")
    else:
        out.print("Nothing due in the pipeline or the warm network.")
    if launch is not None:
        out.print(
            f"90-day launch plan: {launch.done} of {len(launch.items)} done "
            f"({launch.percent} %); see `fracos launch show`."
        )
    if due:
        out.print(
            "Thought leadership is due: one light activity a month"
            + (f" (last: {last})." if last else " (none yet).")
        )
