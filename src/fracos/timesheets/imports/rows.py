"""What every reader yields: a source row (not yet mapped) or a row it could not read."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any


@dataclass(frozen=True)
class SourceRow:
    line: int
    client: str
    project: str
    work_date: date
    seconds: int
    started_at: datetime | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    billable: bool | None = None
    source_id: str = ""
    # Who tracked it in a team export (email, else name): two members' identical
    # entries are two entries.
    user: str = ""

    def external_id(self, source: str) -> str:
        """The source's own id, or a stable hash of what identifies the row.

        A row with a user hashes it too, under the prefix ``h2:`` and its work date
        (``h2:20261118:…``); a row without keeps the ``h:`` key every row had
        before users were told apart. The date keeps the keys of a file, sorted by
        date as exports are, close together in the unique index: a random hash
        alone sends every insert of a big import to another page of it.
        """
        if self.source_id:
            return self.source_id[:100]
        if not self.user:
            return self.legacy_external_id(source)
        day = self.work_date
        digest = _digest([source, *self._identity(), self.user])
        return f"h2:{day.year:04d}{day.month:02d}{day.day:02d}:{digest}"

    def legacy_external_id(self, source: str) -> str:
        """The key imports gave before the user was part of it (``h:``, without the user)."""
        return "h:" + _digest([source, *self._identity()])

    def _identity(self) -> list[str]:
        when = self.started_at.isoformat() if self.started_at else self.work_date.isoformat()
        return [when, str(self.seconds), self.client, self.project, self.note]


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8", "replace")).hexdigest()[:40]


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A row the mapping says to leave out."""

    line: int


Row = SourceRow | BadRow


def yes_no(text: str) -> bool | None:
    value = (text or "").strip().lower()
    if value in ("yes", "true", "1", "y"):
        return True
    if value in ("no", "false", "0", "n"):
        return False
    return None


MAX_ELEMENT = 1 << 20
"""Bytes one element of the list may take: a time entry is a few hundred."""

_BLANK = re.compile(r"[ \t\n\r]*")


def iter_json_array(stream: IO[str], chunk_size: int = 65536) -> Iterator[Any]:
    """The elements of a top-level JSON array, decoded one at a time (bounded memory)."""
    decoder = json.JSONDecoder()
    buffer, pos, eof, started = "", 0, False, False

    def refill() -> None:
        nonlocal buffer, pos, eof
        # Keep only what is not consumed yet, so the buffer stays about one chunk long.
        chunk = stream.read(chunk_size)
        eof = not chunk
        buffer, pos = buffer[pos:] + chunk, 0

    while True:
        pos = _BLANK.match(buffer, pos).end()  # type: ignore[union-attr]
        if pos == len(buffer):
            if eof:
                if not started:
                    raise ValueError("the file is not a JSON list")
                raise ValueError("the JSON list is cut short or malformed")
            refill()
            continue
        if not started:
            if buffer[pos] != "[":
                raise ValueError("the file is not a JSON list")
            started, pos = True, pos + 1
            continue
        if buffer[pos] == ",":
            pos += 1
            continue
        if buffer[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError:
            if eof or len(buffer) - pos > MAX_ELEMENT:
                raise ValueError("the JSON list is cut short or malformed") from None
            refill()
            continue
        # A number at the end of the buffer may continue in the next chunk.
        if end == len(buffer) and not eof:
            refill()
            continue
        yield value
        pos = end
