"""Readers for Toggl, Harvest and Clockify CSV, Watson frames/log JSON and Timewarrior JSON.

Each turns a file into :class:`SourceRow` (or :class:`BadRow`) one row at a time.
Local times without an offset are in the practice's time zone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Protocol

from fracos.core import clock
from fracos.core.durations import MAX_SECONDS, parse_duration
from fracos.core.errors import DomainError
from fracos.timesheets.imports.rows import BadRow, Row, SourceRow, iter_json_array, yes_no

ByteProgress = Callable[[int], None]
"""Told how many bytes of the file have been read, every few thousand rows."""

PROGRESS_EVERY = 4096


class Reader(Protocol):
    def __call__(
        self, path: Path, tz: str, *, on_bytes: ByteProgress | None = None
    ) -> Iterator[Row]: ...


def _bytes_read(stream: IO[str]) -> int:
    # The text layer refuses tell() while it is being iterated; its buffer does not.
    return int(stream.buffer.tell()) if hasattr(stream, "buffer") else 0


MEMO_LIMIT = 4096
"""Distinct dates or times of day remembered; past it the memory starts afresh."""


def _memo(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """``parse`` remembering its answers: an export repeats each date and time many times."""
    seen: dict[str, Any] = {}

    def remembered(text: str) -> Any:
        found = seen.get(text)
        if found is None:
            if len(seen) >= MEMO_LIMIT:
                seen.clear()
            found = seen[text] = parse(text)
        return found

    return remembered


def _date(text: str) -> date:
    text = text.strip()
    # ISO dates (Toggl's) first, without strptime's per-call locale and regex work.
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def _time(text: str) -> time:
    text = text.strip().upper()
    if len(text) in (5, 8) and text[2] == ":" and text[:2].isdigit():
        try:
            return time.fromisoformat(text)
        except ValueError:
            pass
    for fmt in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a time of day")


def _hms(text: str) -> int:
    text = text.strip()
    # Toggl's and Clockify's HH:MM:SS without the regex; anything else, and any
    # value out of range, goes through parse_duration for its error message.
    if len(text) == 8 and text[2] == ":" and text[5] == ":":
        h, m, s = text[:2], text[3:5], text[6:]
        if (h + m + s).isascii() and (h + m + s).isdigit() and m < "60" and s < "60":
            seconds = int(h) * 3600 + int(m) * 60 + int(s)
            if 0 < seconds <= MAX_SECONDS:
                return seconds
    return parse_duration(text)


def _hours(text: str) -> int:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number of hours") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a number of hours")
    return int((value * 3600).to_integral_value())


def _tags(text: str) -> tuple[str, ...]:
    if not text:
        return ()  # most rows have none
    return tuple(t.strip() for t in text.split(",") if t.strip())


Column = Callable[[list[str]], str]
"""One column's value in a row of values (an empty string when the file has no such column)."""

Converter = Callable[[list[str], int], SourceRow]


def _no_column(values: list[str]) -> str:
    return ""


def _columns(header: list[str]) -> Callable[[str], Column]:
    # A getter per column, made once: no dict of the row for every row. A name the
    # header repeats is its last column, as a dict of the row would have it.
    where = {name: i for i, name in enumerate(header)}
    return lambda name: itemgetter(where[name]) if name in where else _no_column


def _csv_rows(
    path: Path,
    converter: Callable[[Callable[[str], Column]], Converter],
    required: tuple[str, ...],
    on_bytes: ByteProgress | None,
) -> Iterator[Row]:
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream)
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            yield BadRow(1, f"missing column(s): {', '.join(missing)}")
            return
        convert = converter(_columns(header))
        width = len(header)
        count = 0
        for values in reader:
            if not values:
                continue  # a blank line, as csv.DictReader skips them
            if len(values) < width:
                values += [""] * (width - len(values))
            line = reader.line_num
            count += 1
            if on_bytes is not None and count % PROGRESS_EVERY == 0:
                on_bytes(_bytes_read(stream))
            try:
                yield convert(values, line)
            except (ValueError, DomainError) as exc:
                yield BadRow(line, str(exc))
        if on_bytes is not None:
            on_bytes(_bytes_read(stream))


Seconds = Callable[[list[str]], int]


def _timed_csv(
    path: Path,
    tz: str,
    on_bytes: ByteProgress | None,
    *,
    start: tuple[str, str],
    duration: Callable[[Callable[[str], Column]], Seconds],
    required: tuple[str, ...],
) -> Iterator[Row]:
    """Toggl's and Clockify's detailed exports: the same columns but for the start's
    capitals and how the duration is written (``duration`` reads it from a row)."""
    zone = clock.zone(tz)
    day_of, time_of = _memo(_date), _memo(_time)

    def converter(column: Callable[[str], Column]) -> Converter:
        client, project = column("Client"), column("Project")
        start_date, start_time, seconds = column(start[0]), column(start[1]), duration(column)
        description, task, tags = column("Description"), column("Task"), column("Tags")
        billable, email, user = column("Billable"), column("Email"), column("User")

        def convert(r: list[str], line: int) -> SourceRow:
            day = day_of(start_date(r))
            started = datetime.combine(day, time_of(start_time(r)), zone)
            return SourceRow(
                line=line,
                client=client(r).strip(),
                project=project(r).strip(),
                work_date=day,
                seconds=seconds(r),
                started_at=started,
                note=_join(description(r), task(r)),
                tags=_tags(tags(r)),
                billable=yes_no(billable(r)),
                user=_user(email(r), user(r)),
            )

        return convert

    return _csv_rows(path, converter, required, on_bytes)


def toggl(path: Path, tz: str, *, on_bytes: ByteProgress | None = None) -> Iterator[Row]:
    def duration(column: Callable[[str], Column]) -> Seconds:
        hms = column("Duration")
        return lambda r: _hms(hms(r))

    return _timed_csv(
        path,
        tz,
        on_bytes,
        start=("Start date", "Start time"),
        duration=duration,
        required=("Client", "Project", "Start date", "Start time", "Duration"),
    )


def clockify(path: Path, tz: str, *, on_bytes: ByteProgress | None = None) -> Iterator[Row]:
    def duration(column: Callable[[str], Column]) -> Seconds:
        hms, hours = column("Duration (h)"), column("Duration (decimal)")
        return lambda r: _hms(hms(r)) if hms(r) else _hours(hours(r))

    return _timed_csv(
        path,
        tz,
        on_bytes,
        start=("Start Date", "Start Time"),
        duration=duration,
        required=("Client", "Project", "Start Date", "Start Time"),
    )


def harvest(path: Path, tz: str, *, on_bytes: ByteProgress | None = None) -> Iterator[Row]:
    day_of = _memo(_date)

    def converter(column: Callable[[str], Column]) -> Converter:
        day, client, project, hours = (
            column("Date"),
            column("Client"),
            column("Project"),
            column("Hours"),
        )
        notes, task, billable = column("Notes"), column("Task"), column("Billable?")
        first, last = column("First Name"), column("Last Name")

        def convert(r: list[str], line: int) -> SourceRow:
            return SourceRow(
                line=line,
                client=client(r).strip(),
                project=project(r).strip(),
                work_date=day_of(day(r)),
                seconds=_hours(hours(r)),
                note=_join(notes(r), task(r)),
                billable=yes_no(billable(r)),
                user=_user("", f"{first(r)} {last(r)}"),
            )

        return convert

    return _csv_rows(path, converter, ("Date", "Client", "Project", "Hours"), on_bytes)


def _user(email: str, name: str) -> str:
    """Who tracked the row: the email when the export has one (names repeat), else the name."""
    email = email.strip().casefold()
    return email or " ".join(name.split())


def _join(note: str, task: str) -> str:
    note, task = note.strip(), task.strip()
    return f"{task}: {note}" if task and note else (note or task)


_TIMEW = re.compile(r"\d{8}T\d{6}Z")


def _instant(value: Any) -> datetime:
    """Epoch seconds, ISO 8601 with an offset, or Timewarrior's 20261118T090000Z."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=UTC)
    text = str(value).strip()
    if _TIMEW.fullmatch(text):
        return datetime.fromisoformat(text)  # 20261118T090000Z, Timewarrior's, in UTC
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return moment


def _json_rows(
    path: Path, convert: Callable[[Any, int], SourceRow | None], on_bytes: ByteProgress | None
) -> Iterator[Row]:
    with path.open(encoding="utf-8") as stream:
        index = 0
        try:
            for index, item in enumerate(iter_json_array(stream), start=1):
                if on_bytes is not None and index % PROGRESS_EVERY == 0:
                    on_bytes(_bytes_read(stream))
                try:
                    row = convert(item, index)
                except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
                    yield BadRow(index, f"entry {index}: {exc!s}" if str(exc) else "unreadable")
                    continue
                if row is not None:
                    yield row
        except ValueError as exc:
            yield BadRow(index + 1, str(exc))
        if on_bytes is not None:
            on_bytes(_bytes_read(stream))


def _interval(start: datetime, stop: datetime, zone: tzinfo) -> tuple[datetime, date, int]:
    seconds = int((stop - start).total_seconds())
    if seconds <= 0:
        raise ValueError("it ends before it starts")
    return start, start.astimezone(zone).date(), seconds


def watson(path: Path, tz: str, *, on_bytes: ByteProgress | None = None) -> Iterator[Row]:
    """Watson's frames file (lists) or `watson log --json` (objects)."""
    zone = clock.zone(tz)

    def convert(item: Any, index: int) -> SourceRow:
        if isinstance(item, list):
            start, stop, project, ident, tags = item[0], item[1], item[2], item[3], item[4]
        elif isinstance(item, dict):
            start, stop = item["start"], item["stop"]
            project, ident, tags = item["project"], item.get("id", ""), item.get("tags", [])
        else:
            raise ValueError("not a Watson frame")
        started, day, seconds = _interval(_instant(start), _instant(stop), zone)
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

    return _json_rows(path, convert, on_bytes)


def timewarrior(path: Path, tz: str, *, on_bytes: ByteProgress | None = None) -> Iterator[Row]:
    """`timew export`: the first tag names the client or project, the others stay tags."""
    zone = clock.zone(tz)

    def convert(item: Any, index: int) -> SourceRow:
        if not isinstance(item, dict):
            raise ValueError("not a Timewarrior interval")
        if "end" not in item:
            raise ValueError("the interval is still running; stop it first")
        tags = [str(t) for t in item.get("tags", [])]
        if not tags:
            raise ValueError("no tag names the client")
        started, day, seconds = _interval(_instant(item["start"]), _instant(item["end"]), zone)
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
            source_id="timew:" + _timew_stamp(started),
        )

    return _json_rows(path, convert, on_bytes)


def _timew_stamp(moment: datetime) -> str:
    u = moment.astimezone(UTC)
    # An f-string: strftime costs more than the rest of the row.
    return f"{u.year:04d}{u.month:02d}{u.day:02d}T{u.hour:02d}{u.minute:02d}{u.second:02d}Z"


READERS: dict[str, Reader] = {
    "toggl": toggl,
    "harvest": harvest,
    "clockify": clockify,
    "watson": watson,
    "timewarrior": timewarrior,
}
