"""Output for the hot commands without Rich: tables, CSV, JSON and the one red error line.

Rich costs more to import than a whole `fracos log` may take, so the hot path
formats its few tables itself; the other commands use Rich.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

FORMATS = ("table", "csv", "json")


def _color() -> bool:
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


def error(message: str) -> None:
    text = f"Error: {message}"
    sys.stderr.write(f"\033[31m{text}\033[0m\n" if _color() else f"{text}\n")


def say(message: str) -> None:
    sys.stdout.write(message + "\n")


def dump_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def dump_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    sys.stdout.write(buffer.getvalue())


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str = "",
    right: Sequence[int] = (),
    footer: Sequence[Any] | None = None,
) -> str:
    """A plain box-drawn table; columns listed in ``right`` are right-aligned."""
    body = [[str(cell) for cell in row] for row in rows]
    foot = [str(cell) for cell in footer] if footer else None
    widths = [len(h) for h in headers]
    for row in [*body, *([foot] if foot else [])]:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "│ " + " │ ".join(parts) + " │"

    rule = "─┼─".join("─" * w for w in widths)
    out = []
    if title:
        out.append(title)
    out.append("┌─" + "─┬─".join("─" * w for w in widths) + "─┐")
    out.append(line(list(headers)))
    out.append("├─" + rule + "─┤")
    out.extend(line(row) for row in body)
    if foot:
        out.append("├─" + rule + "─┤")
        out.append(line(foot))
    out.append("└─" + "─┴─".join("─" * w for w in widths) + "─┘")
    return "\n".join(out)
