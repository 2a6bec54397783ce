"""`fracos export time`: time entries as CSV, JSON or a Toggl-compatible CSV."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from fracos.cli.common import local_actor

app = typer.Typer(help="Export your data.", no_args_is_help=True)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    toggl_csv = "toggl-csv"


TOGGL_COLUMNS = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
]


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@app.command("time")
def export_time(
    format: Annotated[ExportFormat, typer.Option(help="csv, json or toggl-csv.")] = (
        ExportFormat.csv
    ),
    period: Annotated[
        str, typer.Option(help="all, week, month, quarter, year, YYYY-MM or A..B.")
    ] = "all",
) -> None:
    """Every time entry of the period, oldest first.

    Example: fracos export time --format toggl-csv --period 2026-11 > november.csv
    """
    actor = local_actor()
    from datetime import datetime, timedelta

    from fracos.core import clock
    from fracos.practice.selectors import practice_for
    from fracos.timesheets.selectors import entries_page

    practice = practice_for(actor)
    tz = practice.timezone
    span = clock.parse_period(period, clock.today(tz))
    owner_email = {m.pk: m.user.email for m in practice.members.select_related("user")}

    def entries() -> Any:
        after = None
        while True:
            page = entries_page(actor, start=span.start, end=span.last_day, after=after, limit=1000)
            yield from page
            if len(page) < 1000:
                return
            after = (page[-1].work_date, page[-1].pk)

    if format == ExportFormat.json:
        sys.stdout.write("[")
        for i, e in enumerate(entries()):
            sys.stdout.write(("," if i else "") + "\n  " + json.dumps(_record(e, tz)))
        sys.stdout.write("\n]\n")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if format == ExportFormat.csv:
        columns = [
            "id", "date", "seconds", "hours", "kind", "client", "engagement_id", "note",
            "tags", "billable", "source", "started_at",
        ]  # fmt: skip
        writer.writerow(columns)
        for e in entries():
            record = _record(e, tz)
            writer.writerow([record[c] for c in columns])
        return
    writer.writerow(TOGGL_COLUMNS)
    for e in entries():
        start = (
            e.started_at.astimezone(clock.zone(tz))
            if e.started_at
            else datetime.combine(e.work_date, datetime.min.time(), tzinfo=clock.zone(tz))
            + timedelta(hours=9)
        )
        end = start + timedelta(seconds=e.seconds)
        project = e.engagement.role_title if e.engagement_id else e.kind
        writer.writerow(
            [
                owner_email.get(e.member_id, ""),
                owner_email.get(e.member_id, ""),
                e.client.name if e.client_id else "",
                project,
                "",
                e.note,
                "Yes" if e.billable else "No",
                f"{start:%Y-%m-%d}",
                f"{start:%H:%M:%S}",
                f"{end:%Y-%m-%d}",
                f"{end:%H:%M:%S}",
                _hms(e.seconds),
                e.tags,
            ]
        )


def _record(e: Any, tz: str) -> dict[str, Any]:
    return {
        "id": e.pk,
        "date": e.work_date.isoformat(),
        "seconds": e.seconds,
        "hours": f"{e.seconds / 3600:.2f}",
        "kind": e.kind,
        "client": e.client.name if e.client_id else "",
        "engagement_id": e.engagement_id,
        "note": e.note,
        "tags": e.tags,
        "billable": e.billable,
        "source": e.source,
        "started_at": e.started_at.isoformat() if e.started_at else None,
    }
