"""Readers for Toggl, Harvest and Clockify CSV, Watson frames/log JSON and Timewarrior JSON.

Each turns a file into :class:`SourceRow` (or :class:`BadRow`) one row at a time.
Local times without an offset are in the practice's time zone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Protocol

from fracos.core import clock
from fracos.core.durations import MAX_SECONDS, parse_duration
from fracos.core.errors import DomainError, ValidationFailed
from fracos.timesheets.imports.rows import BadRow, Row, SourceRow, iter_json_array, yes_no

ByteProgress = Callable[[int], None]
"""Told how many bytes of the file have been read, every few thousand rows."""

PROGRESS_EVERY = 4096


class Reader(Protocol):
    def __call__(
        self,
        path: Path,
        tz: str,
        *,
        on_bytes: ByteProgress | None = None,
        date_format: str | None = None,
    ) -> Iterator[Row]: ...


class FileUnreadable(ValidationFailed):
    """The file as a whole cannot be read (encoding, date order): no row-by-row report."""


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


DATE_FORMATS = {
    "YYYY-MM-DD": "%Y-%m-%d",
    "DD/MM/YYYY": "%d/%m/%Y",
    "MM/DD/YYYY": "%m/%d/%Y",
    "DD.MM.YYYY": "%d.%m.%Y",
    "DD-MM-YYYY": "%d-%m-%Y",
}
"""The date formats a file's dates can be said to have (``--date-format``)."""


def date_format_of(text: str | None) -> str | None:
    """The strptime format a ``--date-format`` names, None when none is given."""
    if not text or not text.strip():
        return None
    found = DATE_FORMATS.get(text.strip().upper())
    if found is None:
        raise ValidationFailed(
            f"date_format: {text[:40]!r} is not one of {', '.join(DATE_FORMATS)}",
            field="date_format",
        )
    return found


class _Dates:
    """A file's dates: ISO and DD.MM.YYYY as they are, NN/NN/YYYY in the one order the
    whole file uses (decided on the first such date by reading the date column once)."""

    def __init__(self, path: Path, column: str, date_format: str | None) -> None:
        self.path, self.column = path, column
        self.fixed = date_format_of(date_format)
        self.label = (date_format or "").strip().upper()
        self.slashed: str | None = None

    def __call__(self, text: str) -> date:
        text = text.strip()
        if self.fixed is not None:
            try:
                return datetime.strptime(text, self.fixed).date()
            except ValueError:
                raise ValueError(f"{text!r} is not a {self.label} date") from None
        # ISO dates (Toggl's) first, without strptime's per-call locale and regex work.
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        if "/" in text:
            if self.slashed is None:
                self.slashed = _slash_order(self.path, self.column)
            formats: tuple[str, ...] = (self.slashed,)
        else:
            formats = ("%Y-%m-%d", "%d.%m.%Y")
        for fmt in formats:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"{text!r} is not a date")


def _slash_order(path: Path, column: str) -> str:
    """Day or month first, from the NN/NN/YYYY dates of the whole column (a second read
    of the file, one row at a time); refuses a file that has both or cannot tell."""
    first: dict[str, tuple[int, str]] = {}  # "day", "month", "either" → (line, text)
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream)
        records = _records(reader, path)
        header = next(records, [])
        names = [n.strip() for n in header] if isinstance(header, list) else []
        if column not in names:
            return "%d/%m/%Y"
        at = len(names) - 1 - names[::-1].index(column)
        for values in records:
            if isinstance(values, BadRow) or len(values) <= at:
                continue
            text = values[at].strip()
            if text in seen or "/" not in text:
                continue
            if len(seen) >= MEMO_LIMIT:
                seen.clear()
            seen.add(text)
            kind = _slash_kind(text)
            if kind and kind not in first:
                first[kind] = (reader.line_num, text)
                if "day" in first and "month" in first:
                    break
    return _order_from(first)


def _slash_kind(text: str) -> str:
    parts = text.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return ""
    a, b = int(parts[0]), int(parts[1])
    if a > 12:
        return "day"
    if b > 12:
        return "month"
    return "either" if a != b else ""


def _order_from(first: dict[str, tuple[int, str]]) -> str:
    if "day" in first and "month" in first:
        (d_line, d_text), (m_line, m_text) = first["day"], first["month"]
        raise FileUnreadable(
            f"file: the dates mix day-first (line {d_line}: {d_text}) and month-first"
            f" (line {m_line}: {m_text}) orders; export them in one format",
            field="file",
        )
    if "day" in first:
        return "%d/%m/%Y"
    if "month" in first:
        return "%m/%d/%Y"
    if "either" in first:
        line, text = first["either"]
        raise FileUnreadable(
            f"date_format: every date could be day-first or month-first (line {line}:"
            f" {text}); choose DD/MM/YYYY or MM/DD/YYYY as the date format (--date-format)",
            field="date_format",
        )
    return "%d/%m/%Y"  # every date has the same day and month: either order reads it


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


def _not_utf8(path: Path) -> FileUnreadable:
    """The error for a file that is not UTF-8, naming its first line that is not."""
    line = 0
    with path.open("rb") as stream:
        for line, raw in enumerate(stream, start=1):  # noqa: B007 - the line is the answer
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                break
    return FileUnreadable(
        f"file: {path.name} is not UTF-8 text (line {line}); save the export as UTF-8,"
        f" e.g. iconv -f latin1 -t utf-8 {path.name} > utf8.csv",
        field="file",
    )


def _records(reader: Any, path: Path) -> Iterator[list[str] | BadRow]:
    """The CSV's records; a record the csv module refuses is a bad row, and reading goes on."""
    while True:
        try:
            # The loop restarts after a refused record: no try around each row's next().
            yield from reader
            return
        except csv.Error as exc:
            yield BadRow(reader.line_num, _csv_reason(exc))
        except UnicodeDecodeError:
            raise _not_utf8(path) from None


def _csv_reason(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a field is longer than {csv.field_size_limit():,} characters"
    return f"not readable as CSV ({exc})"


def _csv_rows(
    path: Path,
    converter: Callable[[Callable[[str], Column]], Converter],
    required: tuple[str, ...],
    on_bytes: ByteProgress | None,
) -> Iterator[Row]:
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream)
        first = next(_records(reader, path), [])
        if isinstance(first, BadRow):
            yield BadRow(1, f"the header: {first.reason}")
            return
        header = [name.strip() for name in first]
        missing = [c for c in required if c not in header]
        if missing:
            yield BadRow(1, f"missing column(s): {', '.join(missing)}")
            return
        convert = converter(_columns(header))
        width = len(header)
        count = 0
        while True:
            # The loop starts again after a record the csv module refuses (a bad row):
            # no generator or try around each row's read.
            try:
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
                    except FileUnreadable:
                        raise
                    except (ValueError, DomainError) as exc:
                        yield BadRow(line, str(exc))
                break
            except csv.Error as exc:
                yield BadRow(reader.line_num, _csv_reason(exc))
            except UnicodeDecodeError:
                raise _not_utf8(path) from None
        if on_bytes is not None:
            on_bytes(_bytes_read(stream))


Seconds = Callable[[list[str]], int]


def _timed_csv(
    path: Path,
    tz: str,
    on_bytes: ByteProgress | None,
    date_format: str | None,
    *,
    start: tuple[str, str],
    duration: Callable[[Callable[[str], Column]], Seconds],
    required: tuple[str, ...],
) -> Iterator[Row]:
    """Toggl's and Clockify's detailed exports: the same columns but for the start's
    capitals and how the duration is written (``duration`` reads it from a row)."""
    zone = clock.zone(tz)
    day_of, time_of = _memo(_Dates(path, start[0], date_format)), _memo(_time)

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

        return _ours(column, convert)

    return _csv_rows(path, converter, required, on_bytes)


FRACOS_ID = "Fracos ID"
"""The column of fracos's Toggl export naming the entry: ``<practice slug>:<entry id>``."""
FRACOS_TIMED = "Fracos timed"
"""The column of fracos's Toggl export saying whether the entry had a start time (Yes/No);
the start columns are filled either way, as Toggl needs them."""


def _ours(column: Callable[[str], Column], convert: Converter) -> Converter:
    """``convert``, reading also the columns of fracos's own export when the file has them
    (other trackers' files pay nothing for them)."""
    ours, timed = column(FRACOS_ID), column(FRACOS_TIMED)
    if ours is _no_column:
        return convert

    def convert_ours(r: list[str], line: int) -> SourceRow:
        row = convert(r, line)
        started = None if timed(r).strip() == "No" else row.started_at
        return replace(row, started_at=started, source_id=_fracos_id(ours(r)))

    return convert_ours


def _fracos_id(text: str) -> str:
    if not text:
        return ""  # every row of another tracker's file
    slug, _, ident = text.strip().rpartition(":")
    if not slug or not ident.isdigit() or len(ident) > 18:
        raise ValueError(f"{FRACOS_ID} {text[:60]!r} is not <practice>:<entry number>")
    return f"fracos:{slug}:{ident}"


def toggl(
    path: Path, tz: str, *, on_bytes: ByteProgress | None = None, date_format: str | None = None
) -> Iterator[Row]:
    def duration(column: Callable[[str], Column]) -> Seconds:
        hms = column("Duration")
        return lambda r: _hms(hms(r))

    return _timed_csv(
        path,
        tz,
        on_bytes,
        date_format,
        start=("Start date", "Start time"),
        duration=duration,
        required=("Client", "Project", "Start date", "Start time", "Duration"),
    )


def clockify(
    path: Path, tz: str, *, on_bytes: ByteProgress | None = None, date_format: str | None = None
) -> Iterator[Row]:
    def duration(column: Callable[[str], Column]) -> Seconds:
        hms, hours = column("Duration (h)"), column("Duration (decimal)")
        return lambda r: _hms(hms(r)) if hms(r) else _hours(hours(r))

    return _timed_csv(
        path,
        tz,
        on_bytes,
        date_format,
        start=("Start Date", "Start Time"),
        duration=duration,
        required=("Client", "Project", "Start Date", "Start Time"),
    )


def harvest(
    path: Path, tz: str, *, on_bytes: ByteProgress | None = None, date_format: str | None = None
) -> Iterator[Row]:
    day_of = _memo(_Dates(path, "Date", date_format))

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
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
        except ValueError as exc:
            yield BadRow(index + 1, str(exc))
        if on_bytes is not None:
            on_bytes(_bytes_read(stream))


def _interval(start: datetime, stop: datetime, zone: tzinfo) -> tuple[datetime, date, int]:
    seconds = int((stop - start).total_seconds())
    if seconds <= 0:
        raise ValueError("it ends before it starts")
    return start, start.astimezone(zone).date(), seconds


def watson(
    path: Path, tz: str, *, on_bytes: ByteProgress | None = None, date_format: str | None = None
) -> Iterator[Row]:
    """Watson's frames file (lists) or `watson log --json` (objects)."""
    zone = clock.zone(tz)

    def convert(item: Any, index: int) -> SourceRow:
        if isinstance(item, list):
            if len(item) < 3:
                raise ValueError("a frame needs a start, a stop time and a project")
            start, stop, project = item[0], item[1], item[2]
            ident, tags = (item[3] if len(item) > 3 else ""), (item[4] if len(item) > 4 else [])
        elif isinstance(item, dict):
            for key, what in (
                ("start", "start time"),
                ("stop", "stop time"),
                ("project", "project"),
            ):
                if key not in item:
                    raise ValueError(f"no {what}")
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


def timewarrior(
    path: Path, tz: str, *, on_bytes: ByteProgress | None = None, date_format: str | None = None
) -> Iterator[Row]:
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
