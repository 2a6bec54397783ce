"""`fracos import FORMAT FILE`: time from Toggl, Harvest, Clockify, Watson or Timewarrior."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fracos.cli.common import console, local_actor, success

if TYPE_CHECKING:
    from fracos.core.access import Actor


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


def _interactive() -> bool:
    """Whether someone is there to answer questions: stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


Rules = dict[str, str | int]


def _mapping_key(client: str, project: str) -> str:
    """The mapping file's key for a client/project pair (as the resolver looks it up)."""
    return f"{client}/{project}" if client and project else (client or project)


def _targets(actor: Actor) -> list[tuple[str, str | int]]:
    """What a pair can be mapped to, numbered from 1: clients, then engagements."""
    from fracos.clients.selectors import client_list
    from fracos.engagements.selectors import engagement_list

    found: list[tuple[str, str | int]] = [(f"client {c.name}", c.name) for c in client_list(actor)]
    found += [
        (f"engagement #{e.pk}: {e.client.name} — {e.role_title}", e.pk)
        for e in engagement_list(actor)
        if e.status != "proposed"
    ]
    return found


KIND_ANSWERS: dict[str, str] = {"b": "bd", "a": "admin", "x": "skip"}


def _ask_mapping(actor: Actor, pairs: list[tuple[str, str, int]]) -> Rules:
    """Ask once per unmatched client/project pair what it is; the answers as mapping rules."""
    out = console()
    targets = _targets(actor)
    out.print(f"{len(pairs)} client/project name(s) in the file match no fracos client.")
    for number, (label, _value) in enumerate(targets, start=1):
        out.print(f"  {number:>3}  {label}", highlight=False)
    out.print(
        "    b  business development    a  admin    x  leave these rows out\n"
        "  Enter: no answer (the rows stay bad rows)",
        highlight=False,
    )
    answers: Rules = {}
    for client, project, count in pairs:
        name = " / ".join(x for x in (client, project) if x)
        value = _ask_one(f"{name!r} ({count} row{'s' if count != 1 else ''})", targets)
        if value is not None:
            answers[_mapping_key(client, project)] = value
    return answers


def _ask_one(question: str, targets: list[tuple[str, str | int]]) -> str | int | None:
    while True:
        answer = typer.prompt(question, default="", show_default=False).strip().lower()
        if not answer:
            return None
        if answer in KIND_ANSWERS:
            return KIND_ANSWERS[answer]
        if answer.isdigit() and 1 <= int(answer) <= len(targets):
            return targets[int(answer) - 1][1]
        numbers = f"a number from 1 to {len(targets)}, " if targets else ""
        typer.echo(f"Answer {numbers}b, a, x, or Enter for none.")


def _offer_to_save(rules: Rules, file: Path) -> None:
    """Write the rules as a mapping file for --mapping, if the user wants to."""
    from fracos.core.errors import ValidationFailed

    if not typer.confirm("Save these answers as a mapping file for --mapping?", default=True):
        return
    default = file.with_name(f"{file.stem}.mapping.json")
    target = Path(typer.prompt("Mapping file", default=str(default))).expanduser()
    try:
        if target.suffix.lower() == ".json":
            target.write_text(json.dumps(rules, indent=2, ensure_ascii=False) + "\n", "utf-8")
        else:
            with target.open("w", newline="", encoding="utf-8") as stream:
                writer = csv.writer(stream)
                writer.writerow(["source", "target"])
                writer.writerows(rules.items())
    except OSError as exc:
        raise ValidationFailed(f"mapping: cannot write {target}: {exc.strerror}") from None
    success(f"Saved the mapping to {target}: next time, --mapping {target}")


def _check_file(file: Path) -> None:
    from fracos.core.errors import ValidationFailed

    if file.is_dir():
        raise ValidationFailed(f"file: {file} is a directory, not an export file", field="file")
    if not file.is_file():
        raise ValidationFailed(f"file: {file} does not exist", field="file")


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
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format",
            help="The file's date format when its dates do not tell: DD/MM/YYYY, MM/DD/YYYY,"
            " YYYY-MM-DD, DD.MM.YYYY or DD-MM-YYYY.",
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help="Never ask how to map unknown names; such rows are bad rows."
        ),
    ] = False,
) -> None:
    """Import time entries, all or nothing; importing the same file twice adds nothing.

    In a terminal, unknown client names are asked about; with --no-input or a pipe, bad rows.

    Example: fracos import toggl ~/Downloads/Toggl_time_entries.csv --dry-run
    """
    from fracos.core.errors import ValidationFailed

    _check_file(file)
    actor = local_actor()
    from fracos.practice.selectors import practice_for
    from fracos.timesheets.imports.formats import READERS
    from fracos.timesheets.imports.pipeline import describe, load_mapping
    from fracos.timesheets.services import time_import, time_import_unmatched

    tz = practice_for(actor).timezone
    read = READERS[source.value]
    rules = load_mapping(mapping) if mapping else None
    if not no_input and _interactive():
        pairs = time_import_unmatched(
            actor, rows=read(file, tz, date_format=date_format), mapping=rules
        )
        answers = _ask_mapping(actor, pairs) if pairs else {}
        if answers:
            rules = {**(rules or {}), **{k.casefold(): v for k, v in answers.items()}}
            _offer_to_save(rules, file)
    with ImportProgress(file.stat().st_size) as progress:
        report = time_import(
            actor,
            source=source.value,
            rows=read(file, tz, on_bytes=progress.bytes_read, date_format=date_format),
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
