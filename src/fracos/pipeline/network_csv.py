"""Reading a contacts CSV such as LinkedIn's connections export, row by row with line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

# LinkedIn's export starts with a few lines of notes before the header row.
HEADER_KEYS = {"first name", "last name"}
DATE_FORMATS = ("%d %b %Y", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%b-%y")


@dataclass(frozen=True)
class ContactRow:
    line: int
    name: str
    email: str
    organisation: str
    role: str
    connected_on: date | None


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


def parse_contacts(text: str) -> Iterator[ContactRow | BadRow]:
    lines = text.splitlines()
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if {c.strip().lower() for c in next(csv.reader([line]), [])} >= HEADER_KEYS
        ),
        None,
    )
    if start is None:
        yield BadRow(1, "no header row with 'First Name' and 'Last Name' columns")
        return
    reader = csv.DictReader(io.StringIO("\n".join(lines[start:])))
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    for offset, raw in enumerate(reader, start=start + 2):
        row = {key: (raw.get(original) or "").strip() for key, original in fields.items()}
        yield _row(offset, row)


def _row(line: int, row: dict[str, str]) -> ContactRow | BadRow:
    name = " ".join(p for p in (row.get("first name", ""), row.get("last name", "")) if p)
    if not name:
        return BadRow(line, "no first or last name")
    if len(name) > 200:
        return BadRow(line, "the name is longer than 200 characters")
    email = row.get("email address", "") or row.get("email", "")
    if email and ("@" not in email or " " in email or len(email) > 200):
        return BadRow(line, f"{email!r} is not an email address")
    connected = row.get("connected on", "")
    connected_on = None
    if connected:
        connected_on = _date(connected)
        if connected_on is None:
            return BadRow(line, f"'Connected On' {connected!r} is not a date")
    return ContactRow(
        line,
        name,
        email.lower(),
        row.get("company", "")[:200],
        row.get("position", "")[:200],
        connected_on,
    )


def _date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
