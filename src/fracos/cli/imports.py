"""`fracos import FORMAT FILE`: time from Toggl, Harvest, Clockify, Watson or Timewarrior."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fracos.cli.common import console, local_actor, success


class Source(StrEnum):
    toggl = "toggl"
    harvest = "harvest"
    clockify = "clockify"
    watson = "watson"
    timewarrior = "timewarrior"


class ImportProgress:
    """A bar on stderr (when it is a terminal): how far into the file, and rows so far."""

    def __init__(self, size: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        err = Console(stderr=True)
        self.rows = 0
        self.bar = Progress(
            TextColumn("Importing"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:,} rows"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        self.task = self.bar.add_task("import", total=max(size, 1), rows=0)

    def __enter__(self) -> ImportProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def bytes_read(self, position: int) -> None:
        self.bar.update(self.task, completed=position)

    def rows_read(self, more: int) -> None:
        self.rows += more
        self.bar.update(self.task, rows=self.rows)


def import_time(
    source: Annotated[Source, typer.Argument(help="The tracker the file comes from.")],
    file: Annotated[Path, typer.Argument(help="The export file (CSV or JSON).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and report; write nothing.")
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            help="JSON or CSV: source client/project → client, engagement id, bd, admin or skip."
        ),
    ] = None,
) -> None:
    """Import time entries, all or nothing; importing the same file twice adds nothing.

    Example: fracos import toggl ~/Downloads/Toggl_time_entries.csv --dry-run
    """
    from fracos.core.errors import ValidationFailed

    if not file.is_file():
        raise ValidationFailed(f"file: {file} does not exist", field="file")
    actor = local_actor()
    from fracos.practice.selectors import practice_for
    from fracos.timesheets.imports.formats import READERS
    from fracos.timesheets.imports.pipeline import describe, load_mapping
    from fracos.timesheets.services import time_import

    tz = practice_for(actor).timezone
    rules = load_mapping(mapping) if mapping else None
    with ImportProgress(file.stat().st_size) as progress:
        report = time_import(
            actor,
            source=source.value,
            rows=READERS[source.value](file, tz, on_bytes=progress.bytes_read),
            mapping=rules,
            dry_run=dry_run,
            progress=progress.rows_read,
        )
    out = console()
    for bad in report.bad:
        out.print(f"[red]✗[/red] {describe(bad)}", highlight=False)
    summary = (
        f"{report.read} rows read: {report.added} to add, {report.duplicates} already imported, "
        f"{report.skipped} skipped, {len(report.bad)} bad"
    )
    if report.bad:
        raise ValidationFailed(f"{summary}; nothing was imported, fix the rows above")
    if dry_run:
        out.print(f"Dry run: {summary}. Nothing was written.", highlight=False)
        return
    success(f"Imported from {source.value}: {summary}.")
