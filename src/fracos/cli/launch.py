"""`fracos launch …`: the 90-day launch plan for a leader starting out."""

from __future__ import annotations

from typing import Annotated

import typer

from fracos.cli.common import Format, console, emit, local_actor, success
from fracos.core import clock

app = typer.Typer(
    help="The 90-day launch plan: foundation, outreach and pilots, first client.",
    no_args_is_help=True,
)


@app.command("start")
def start(
    on: Annotated[str | None, typer.Option("--on", help="Start date (default today).")] = None,
) -> None:
    """Create the launch plan.

    Example: fracos launch start --on 2026-12-01
    """
    actor = local_actor()
    from fracos.pipeline.services import launch_start

    plan = launch_start(actor, start=clock.parse_date(on, field="on") if on else None)
    success(f"Launch plan started on {plan.start_date}. See `fracos launch show`.")


@app.command("show")
def show(format: Annotated[Format, typer.Option(help="table, csv or json")] = Format.table) -> None:
    """The plan's items by month, done or not, and how each ticks itself.

    Example: fracos launch show
    """
    actor = local_actor()
    from fracos.core.errors import NotFound
    from fracos.pipeline.launch import progress

    current = progress(actor)
    if current is None:
        raise NotFound("launch: no launch plan; start one with `fracos launch start`")
    rows = [
        {
            "month": s.item.month,
            "key": s.item.key,
            "item": s.item.title,
            "done": s.done,
            "by_hand": s.by_hand,
            "due": s.due,
            "how": s.item.rule or f"Tick it by hand: fracos launch tick {s.item.key}",
        }
        for s in current.items
    ]
    emit(
        rows,
        [
            ("month", "Month"),
            ("done", "Done"),
            ("item", "Item"),
            ("due", "By"),
            ("how", "How it ticks"),
        ],
        format,
        title="90-day launch plan",
    )
    if format == Format.table:
        console().print(f"{current.done} of {len(current.items)} done ({current.percent} %).")


@app.command("tick")
def tick(
    item: Annotated[str, typer.Argument(help="Item key, e.g. profile.")],
    undo: Annotated[bool, typer.Option("--undo", help="Untick it.")] = False,
) -> None:
    """Tick (or untick) an item by hand.

    Example: fracos launch tick profile
    """
    actor = local_actor()
    from fracos.pipeline.services import launch_tick

    launch_tick(actor, item, undo=undo)
    success(f"{item} {'unticked' if undo else 'ticked'}.")


@app.command("feedback")
def feedback(
    client: Annotated[str, typer.Argument(help="Client name prefix or #id.")],
    gets: Annotated[str, typer.Option(help="What they get from the engagement.")],
    wish: Annotated[str, typer.Option(help="What they wish were different.")],
    recommend: Annotated[str, typer.Option(help="Would they recommend you, and why.")],
) -> None:
    """Record the first client's answers to the playbook's three questions.

    Example: fracos launch feedback acme --gets "A roadmap the board trusts" --wish "More time on hiring" --recommend "Yes, already did"
    """
    actor = local_actor()
    from fracos.clients.selectors import client_find
    from fracos.pipeline.services import feedback_record

    found = client_find(actor, client)
    feedback_record(
        actor, found.pk, what_they_get=gets, wish_different=wish, would_recommend=recommend
    )
    success(f"Recorded {found.name}'s feedback.")
