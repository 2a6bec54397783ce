"""`fracos export …`: every list as CSV or JSON, time as Toggl's CSV, invoices as a journal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer

from fracos.cli.common import local_actor, whole_file

app = typer.Typer(help="Export your data.", no_args_is_help=True)


class ListFormat(StrEnum):
    csv = "csv"
    json = "json"


class TimeFormat(StrEnum):
    csv = "csv"
    json = "json"
    toggl_csv = "toggl-csv"


class JournalFormat(StrEnum):
    hledger = "hledger"
    beancount = "beancount"


Output = Annotated[
    Path | None, typer.Option("-o", "--output", help="File to write (default: standard output).")
]
Period = Annotated[str, typer.Option(help="all, week, month, quarter, year, YYYY-MM or A..B.")]


@contextmanager
def _destination(output: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file that only appears once it is complete."""
    if output is None:
        yield sys.stdout
        return
    with whole_file(output) as handle:
        yield handle


def _write(what: str, fmt: str, output: Path | None, period: str) -> None:
    """The same file as the API's and the web's Export, written to ``output``."""
    from fracos.insights.export_files import export_file

    found = export_file(local_actor(), what, fmt, period)
    with _destination(output) as out:
        for piece in found.pieces:
            out.write(piece)


def _list_command(kind: str, singular: str, example: str) -> Callable[..., None]:
    def command(
        format: Annotated[ListFormat, typer.Option(help="csv or json.")] = ListFormat.csv,
        output: Output = None,
        period: Period = "all",
    ) -> None:
        _write(kind, format.value, output, period)

    from fracos.insights.exports import PERIOD_COLUMN

    command.__doc__ = (
        f"Every {singular} record; --period filters on {PERIOD_COLUMN[kind]}.\n\nExample: {example}"
    )
    return command


for _kind, _singular, _example in (
    ("clients", "client", "fracos export clients --format json -o clients.json"),
    ("contacts", "client contact", "fracos export contacts > contacts.csv"),
    ("engagements", "engagement", "fracos export engagements --format csv -o engagements.csv"),
    ("invoices", "invoice and credit note", "fracos export invoices --period 2026 -o 2026.csv"),
    ("payments", "payment", "fracos export payments --period 2026-Q4 --format json"),
    ("opportunities", "opportunity", "fracos export opportunities -o pipeline.csv"),
):
    app.command(_kind)(_list_command(_kind, _singular, _example))


@app.command("time")
def export_time(
    format: Annotated[TimeFormat, typer.Option(help="csv, json or toggl-csv.")] = TimeFormat.csv,
    output: Output = None,
    period: Period = "all",
) -> None:
    """Every time entry of the period, oldest first.

    Example: fracos export time --format toggl-csv --period 2026-11 > november.csv
    """
    _write("time", format.value, output, period)


@app.command("journal")
def export_journal(
    format: Annotated[
        JournalFormat, typer.Option(help="hledger or beancount.")
    ] = JournalFormat.hledger,
    output: Output = None,
    period: Period = "all",
) -> None:
    """Issued invoices, credit notes and payments as a double-entry journal.

    Receivables and income per client, VAT payable, the bank; one commodity per currency.
    Check it with `hledger -f FILE check` or `bean-check FILE`.

    Example: fracos export journal --format beancount --period 2026 -o 2026.beancount
    """
    _write("journal", format.value, output, period)
