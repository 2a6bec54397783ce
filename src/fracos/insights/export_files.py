"""An export as a file: its name, its media type and its text, in pieces.

The one writer behind `fracos export`, `GET /api/v1/exports/{what}` and the web
pages' Export links, so the three hand out the same bytes. The pieces are
produced as the rows are read, so a long history streams instead of being held
in memory; every check (the list, the format, the period, the actor's role)
happens before the first piece, so a refusal is an error and never a half file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import NotFound, ValidationFailed

LIST_FORMATS = ("csv", "json")
# What each export offers, the first being the default.
FORMATS: dict[str, tuple[str, ...]] = {
    "clients": LIST_FORMATS,
    "contacts": LIST_FORMATS,
    "engagements": LIST_FORMATS,
    "invoices": LIST_FORMATS,
    "payments": LIST_FORMATS,
    "opportunities": LIST_FORMATS,
    "time": (*LIST_FORMATS, "toggl-csv"),
    "journal": ("hledger", "beancount"),
}
WHATS = tuple(FORMATS)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "toggl-csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "hledger": "text/plain; charset=utf-8",
    "beancount": "text/plain; charset=utf-8",
}
EXTENSIONS = {
    "csv": "csv",
    "toggl-csv": "csv",
    "json": "json",
    "hledger": "journal",
    "beancount": "beancount",
}
# Rows per piece: few enough to stream, enough that a piece is not one tiny write.
ROWS_PER_PIECE = 200


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    pieces: Iterator[str]


def json_pieces(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array with one record a line."""
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n  " + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def csv_pieces(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header and the rows as CSV, a few hundred lines a piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def record_pieces(
    columns: tuple[str, ...], rows: Iterable[dict[str, Any]], fmt: str
) -> Iterator[str]:
    if fmt == "json":
        return json_pieces(rows)
    cells = (["" if row[c] is None else row[c] for c in columns] for row in rows)
    return csv_pieces(columns, cells)


def check_format(what: str, fmt: str | None) -> str:
    """The format ``what`` is exported in: ``fmt``, or its default when none is asked for."""
    if what not in FORMATS:
        raise NotFound(f"what: there is no {what!r} export; use one of {', '.join(WHATS)}")
    offered = FORMATS[what]
    if fmt is None or fmt == "":
        return offered[0]
    if fmt not in offered:
        raise ValidationFailed(
            f"format: {what} exports as {' or '.join(offered)}, not {fmt!r}", field="format"
        )
    return fmt


def export_period(actor: Actor, text: str | None) -> clock.Period:
    """``text`` (all, month, 2026-Q4, A..B, …) as a period in the practice's calendar."""
    from fracos.practice.selectors import practice_for

    return clock.parse_period(text or "all", clock.today(practice_for(actor).timezone))


def _pieces(actor: Actor, what: str, fmt: str, period: clock.Period) -> Iterator[str]:
    from fracos.insights import exports

    if what == "journal":
        from fracos.insights.journal import journal_text

        return iter((journal_text(actor, fmt, period),))
    if fmt == "toggl-csv":
        return csv_pieces(exports.TOGGL_COLUMNS, exports.toggl_rows(actor, period))
    export = exports.export_rows(actor, what, period)
    return record_pieces(export.columns, export.rows, fmt)


def export_file(
    actor: Actor, what: str, fmt: str | None = None, period: str | None = None
) -> ExportFile:
    """One list (or the journal) of the actor's practice as a file, checked before it streams."""
    fmt = check_format(what, fmt)
    actor.require_staff()
    span = export_period(actor, period)
    label = "" if span == clock.ALL_TIME else f"-{span.label}".replace("..", "_")
    return ExportFile(
        filename=f"{what}{label}.{EXTENSIONS[fmt]}",
        content_type=CONTENT_TYPES[fmt],
        pieces=_pieces(actor, what, fmt, span),
    )
