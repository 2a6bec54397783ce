"""What every reader yields: a source row (not yet mapped) or a row it could not read."""

from __future__ import annotations

import hashlib
import json
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

    def external_id(self, source: str) -> str:
        """The source's own id, or a stable hash of what identifies the row."""
        if self.source_id:
            return self.source_id[:100]
        when = self.started_at.isoformat() if self.started_at else self.work_date.isoformat()
        text = "|".join([source, when, str(self.seconds), self.client, self.project, self.note])
        return "h:" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:40]


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


def iter_json_array(stream: IO[str], chunk_size: int = 65536) -> Iterator[Any]:
    """The elements of a top-level JSON array, decoded one at a time (bounded memory)."""
    decoder = json.JSONDecoder()
    buffer = ""
    started = False
    eof = False
    while True:
        buffer = buffer.lstrip()
        if not started:
            if not buffer and not eof:
                chunk = stream.read(chunk_size)
                eof = not chunk
                buffer += chunk
                continue
            if not buffer.startswith("["):
                raise ValueError("the file is not a JSON list")
            buffer = buffer[1:]
            started = True
            continue
        buffer = buffer.lstrip().lstrip(",").lstrip()
        if buffer.startswith("]"):
            return
        try:
            value, end = decoder.raw_decode(buffer)
        except json.JSONDecodeError:
            if eof:
                raise ValueError("the JSON list is cut short or malformed") from None
            chunk = stream.read(chunk_size)
            eof = not chunk
            buffer += chunk
            continue
        # A number at the end of the buffer may continue in the next chunk.
        if end == len(buffer) and not eof:
            chunk = stream.read(chunk_size)
            eof = not chunk
            buffer += chunk
            continue
        yield value
        buffer = buffer[end:]
