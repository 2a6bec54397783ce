"""What every Typer command shares: Django start-up, the local actor and output formats."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from fracos.core.access import Actor


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def boot() -> None:
    from fracos.cli.boot import boot_django

    boot_django()


def local_actor() -> Actor:
    boot()
    from fracos.practice.selectors import local_actor as resolve

    return resolve()


def console() -> Any:
    from rich.console import Console

    # Piped output is read by people and scripts alike: do not squeeze it to 80 columns.
    return Console(width=None if sys.stdout.isatty() else 160)


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: Format,
    *,
    title: str = "",
    right: Sequence[str] = (),
) -> None:
    """Print records as a Rich table, CSV (all columns) or JSON (the records as they are)."""
    if fmt == Format.json:
        sys.stdout.write(json.dumps(list(rows), indent=2, default=_jsonable) + "\n")
        return
    if fmt == Format.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key, _ in columns])
        sys.stdout.write(buffer.getvalue())
        return
    from rich.table import Table

    table = Table(title=title or None, title_justify="left")
    for key, header in columns:
        table.add_column(header, justify="right" if key in right else "left")
    for row in rows:
        table.add_row(*[_cell(row.get(key)) for key, _ in columns])
    console().print(table)


def emit_record(record: dict[str, Any], fmt: Format, *, title: str = "") -> None:
    """One object: key/value table, or JSON."""
    if fmt == Format.json:
        sys.stdout.write(json.dumps(record, indent=2, default=_jsonable) + "\n")
        return
    if fmt == Format.csv:
        emit([record], [(k, k) for k in record], fmt)
        return
    from rich.table import Table

    table = Table(title=title or None, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key, value in record.items():
        if isinstance(value, (list, dict)):
            value = json.dumps(value, default=_jsonable) if value else "—"
        table.add_row(key.replace("_", " "), _cell(value))
    console().print(table)


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def success(message: str) -> None:
    console().print(f"[green]✓[/green] {message}")


def check_output(output: Path) -> None:
    """Refuse, naming the option, an output path no file can be written at."""
    from fracos.core.errors import ValidationFailed

    if output.is_dir():
        raise ValidationFailed(
            f"output: {output} is a folder; give a file name, e.g. {output / 'out.pdf'}",
            field="output",
        )
    if not output.parent.is_dir():
        raise ValidationFailed(f"output: the folder {output.parent} does not exist", field="output")


@contextmanager
def whole_file(output: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A handle on ``output`` that appears, complete, only when the block ends (a reader never
    sees half a file); a path or a write that fails is one clear error, and no partial stays."""
    from fracos.core.errors import ValidationFailed

    check_output(output)
    partial = output.with_name(output.name + ".partial")
    try:
        with (
            partial.open("wb")
            if binary
            else partial.open("w", encoding="utf-8", newline="") as handle
        ):
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(output)
    except OSError as exc:
        raise ValidationFailed(
            f"output: cannot write {output}: {exc.strerror or exc}", field="output"
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def write_output(output: Path, data: bytes) -> None:
    """Write ``data`` to ``output`` whole, or one clear error."""
    with whole_file(output, binary=True) as handle:
        handle.write(data)
