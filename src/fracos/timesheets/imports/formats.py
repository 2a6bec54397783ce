"""Readers for Toggl, Harvest and Clockify CSV, Watson frames/log JSON and Timewarrior JSON.

Each turns a file into :class:`SourceRow` (or :class:`BadRow`) one row at a time.
Local times without an offset are in the practice's time zone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fracos.core import clock
from fracos.core.durations import parse_duration
from fracos.core.errors import DomainError
from fracos.timesheets.imports.rows import BadRow, Row, SourceRow, iter_json_array, yes_no


def _date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def _time(text: str) -> time:
    text = text.strip().upper()
    for fmt in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a time of day")


def _hms(text: str) -> int:
    return parse_duration(text.strip())


def _hours(text: str) -> int:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number of hours") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a number of hours")
    return int((value * 3600).to_integral_value())


def _tags(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in (text or "").split(",") if t.strip())


def _csv_rows(
    path: Path, convert: Callable[[dict[str, str], int], SourceRow], required: tuple[str, ...]
) -> Iterator[Row]:
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            yield BadRow(1, f"missing column(s): {', '.join(missing)}")
            return
        for record in reader:
            line = reader.line_num
            try:
                yield convert({k: (v or "") for k, v in record.items() if k}, line)
            except (ValueError, DomainError) as exc:
                yield BadRow(line, str(exc))


def _local(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.zone(tz))


def toggl(path: Path, tz: str) -> Iterator[Row]:
    def convert(r: dict[str, str], line: int) -> SourceRow:
        started = _local(_date(r["Start date"]), _time(r["Start time"]), tz)
        return SourceRow(
            line=line,
            client=r.get("Client", "").strip(),
            project=r.get("Project", "").strip(),
            work_date=started.date(),
            seconds=_hms(r["Duration"]),
            started_at=started,
            note=_join(r.get("Description", ""), r.get("Task", "")),
            tags=_tags(r.get("Tags", "")),
            billable=yes_no(r.get("Billable", "")),
        )

    return _csv_rows(path, convert, ("Client", "Project", "Start date", "Start time", "Duration"))


def clockify(path: Path, tz: str) -> Iterator[Row]:
    def convert(r: dict[str, str], line: int) -> SourceRow:
        started = _local(_date(r["Start Date"]), _time(r["Start Time"]), tz)
        seconds = (
            _hms(r["Duration (h)"]) if r.get("Duration (h)") else _hours(r["Duration (decimal)"])
        )
        return SourceRow(
            line=line,
            client=r.get("Client", "").strip(),
            project=r.get("Project", "").strip(),
            work_date=started.date(),
            seconds=seconds,
            started_at=started,
            note=_join(r.get("Description", ""), r.get("Task", "")),
            tags=_tags(r.get("Tags", "")),
            billable=yes_no(r.get("Billable", "")),
        )

    return _csv_rows(path, convert, ("Client", "Project", "Start Date", "Start Time"))


def harvest(path: Path, tz: str) -> Iterator[Row]:
    def convert(r: dict[str, str], line: int) -> SourceRow:
        return SourceRow(
            line=line,
            client=r.get("Client", "").strip(),
            project=r.get("Project", "").strip(),
            work_date=_date(r["Date"]),
            seconds=_hours(r["Hours"]),
            note=_join(r.get("Notes", ""), r.get("Task", "")),
            billable=yes_no(r.get("Billable?", "")),
        )

    return _csv_rows(path, convert, ("Date", "Client", "Project", "Hours"))


def _join(note: str, task: str) -> str:
    note, task = note.strip(), task.strip()
    return f"{task}: {note}" if task and note else (note or task)


def _instant(value: Any) -> datetime:
    """Epoch seconds, ISO 8601 with an offset, or Timewarrior's 20261118T090000Z."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=UTC)
    text = str(value).strip()
    if re.fullmatch(r"\d{8}T\d{6}Z", text):
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return moment


def _json_rows(
    path: Path, convert: Callable[[Any, int], SourceRow | None], tz: str
) -> Iterator[Row]:
    with path.open(encoding="utf-8") as stream:
        index = 0
        try:
            for index, item in enumerate(iter_json_array(stream), start=1):
                try:
                    row = convert(item, index)
                except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
                    yield BadRow(index, f"entry {index}: {exc!s}" if str(exc) else "unreadable")
                    continue
                if row is not None:
                    yield row
        except ValueError as exc:
            yield BadRow(index + 1, str(exc))


def _interval(start: datetime, stop: datetime, tz: str) -> tuple[datetime, date, int]:
    seconds = int((stop - start).total_seconds())
    if seconds <= 0:
        raise ValueError("it ends before it starts")
    return start, clock.local_date(start, tz), seconds


def watson(path: Path, tz: str) -> Iterator[Row]:
    """Watson's frames file (lists) or `watson log --json` (objects)."""

    def convert(item: Any, index: int) -> SourceRow:
        if isinstance(item, list):
            start, stop, project, ident, tags = item[0], item[1], item[2], item[3], item[4]
        elif isinstance(item, dict):
            start, stop = item["start"], item["stop"]
            project, ident, tags = item["project"], item.get("id", ""), item.get("tags", [])
        else:
            raise ValueError("not a Watson frame")
        started, day, seconds = _interval(_instant(start), _instant(stop), tz)
        return SourceRow(
            line=index,
            client="",
            project=str(project),
            work_date=day,
            seconds=seconds,
            started_at=started,
            tags=tuple(str(t) for t in tags or ()),
            source_id=str(ident or ""),
        )

    return _json_rows(path, convert, tz)


def timewarrior(path: Path, tz: str) -> Iterator[Row]:
    """`timew export`: the first tag names the client or project, the others stay tags."""

    def convert(item: Any, index: int) -> SourceRow:
        if not isinstance(item, dict):
            raise ValueError("not a Timewarrior interval")
        if "end" not in item:
            raise ValueError("the interval is still running; stop it first")
        tags = [str(t) for t in item.get("tags", [])]
        if not tags:
            raise ValueError("no tag names the client")
        started, day, seconds = _interval(_instant(item["start"]), _instant(item["end"]), tz)
        return SourceRow(
            line=index,
            client="",
            project=tags[0],
            work_date=day,
            seconds=seconds,
            started_at=started,
            note=str(item.get("annotation", "")),
            tags=tuple(tags[1:]),
            # Timewarrior renumbers its ids; the start instant is what stays.
            source_id="timew:" + started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"),
        )

    return _json_rows(path, convert, tz)


READERS: dict[str, Callable[[Path, str], Iterator[Row]]] = {
    "toggl": toggl,
    "harvest": harvest,
    "clockify": clockify,
    "watson": watson,
    "timewarrior": timewarrior,
}
