"""`restore`: an archive written by `backup` into a database that holds none of its rows.

Every row comes back with its primary key. The whole restore is one
transaction: a refused or broken archive leaves the database as it was.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

from fracos.archive.backup import FORMAT, VERSION, migration_state
from fracos.archive.codec import decode
from fracos.archive.tables import Table, plan
from fracos.core.errors import RuleViolation, ValidationFailed

CHUNK = 1000


@dataclass
class RestoreSummary:
    practice: str
    slug: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def tables(self) -> int:
        return sum(1 for count in self.rows.values() if count)


def _lines(path: Path) -> Iterator[Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise ValidationFailed(
                        f"{path} is damaged at line {number}: {exc}", field="file"
                    ) from exc
    except FileNotFoundError as exc:
        raise ValidationFailed(f"{path} does not exist", field="file") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise ValidationFailed(
            f"{path} is not a readable fracos backup: {exc}", field="file"
        ) from exc


def _check_header(header: Any, tables: list[Table], path: Path) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValidationFailed(f"{path} is not a fracos backup", field="file")
    if header.get("version") != VERSION:
        raise ValidationFailed(
            f"{path} is a version {header.get('version')} backup; this fracos reads version "
            f"{VERSION}",
            field="file",
        )
    here = migration_state({t.model._meta.app_label for t in tables})
    if header.get("migrations") != here:
        theirs = {tuple(m) for m in header.get("migrations", [])}
        differ = sorted(theirs.symmetric_difference(tuple(m) for m in here))
        raise RuleViolation(
            "the backup was made by another version of fracos (migrations differ: "
            + ", ".join(f"{app}.{name}" for app, name in differ[:3])
            + "); restore it with the version that made it"
        )


def _refuse_existing(table: Table, rows: list[dict[str, Any]]) -> None:
    model = table.model
    pk = model._meta.pk
    assert pk is not None
    ids = [row[pk.attname] for row in rows]
    clash = model._default_manager.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
    first = clash.first()
    if first is not None:
        raise RuleViolation(
            f"this database already holds {table.label} #{first}; restore into an empty database"
        )
    if table.label == "practice.practice":
        slug = rows[0]["slug"]
        if model._default_manager.filter(slug=slug).exists():
            raise RuleViolation(f"this database already holds a practice '{slug}'")
    if table.label == "auth.user":
        names = [row["username"] for row in rows]
        taken = model._default_manager.filter(username__in=names).values_list("username", flat=True)
        if taken:
            raise RuleViolation(f"this database already has a user '{taken[0]}'")


# Kinds whose JSON value is already what the database driver takes, once its type is checked
# (SQLite would keep a string in an integer column without a word).
PLAIN: dict[str, type] = {
    **dict.fromkeys(
        (
            "AutoField", "BigAutoField", "BigIntegerField", "IntegerField",
            "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
            "SmallIntegerField",
        ),
        int,
    ),
    "BooleanField": bool,
    **dict.fromkeys(("CharField", "EmailField", "SlugField", "TextField", "URLField"), str),
}  # fmt: skip

Convert = Callable[[Any], Any]


def _checked(kind: type) -> Convert:
    def check(value: Any) -> Any:
        if value is None or type(value) is kind:
            return value
        raise TypeError(f"{value!r} is not a {kind.__name__}")

    return check


def _sqlite_datetime(value: Any) -> Any:
    # What Django's SQLite backend stores for an aware instant: naive UTC, str().
    if value is None:
        return None
    return str(datetime.fromisoformat(value).astimezone(UTC).replace(tzinfo=None))


def _sqlite_date(value: Any) -> Any:
    return None if value is None else str(date.fromisoformat(value))


def _converter(field: models.Field[Any, Any]) -> Convert | None:
    """From the archive's JSON value to the driver's, as the ORM would save it; None: as is."""
    kind = field.get_internal_type()
    if kind in ("ForeignKey", "OneToOneField"):
        kind = field.target_field.get_internal_type()  # type: ignore[attr-defined]
    if kind in PLAIN:
        return _checked(PLAIN[kind])
    # Every entry has three dates: the ORM's general path for them is most of the time.
    if connection.vendor == "sqlite" and kind == "DateTimeField":
        return _sqlite_datetime
    if connection.vendor == "sqlite" and kind == "DateField":
        return _sqlite_date
    vendor_connection = connection

    def convert(value: Any) -> Any:
        if value is None:
            return None
        return field.get_db_prep_save(decode(field, value), vendor_connection)

    return convert


@dataclass
class Inserter:
    """One table's rows straight to the database: one INSERT run for a chunk of rows.

    The ORM's bulk_create builds a model per row and converts every value through
    its field: most of a restore's time. Here a column is converted only when its
    kind needs it (dates, decimals, JSON), exactly as the ORM would, and the rows go
    to the driver's executemany.
    """

    table: Table
    columns: list[str]
    sql: str = field(init=False)
    converters: list[tuple[int, Convert]] = field(init=False)

    def __post_init__(self) -> None:
        model = self.table.model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        quote = connection.ops.quote_name
        names = ", ".join(quote(fields[c].column) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"
        self.converters = [
            (i, convert)
            for i, c in enumerate(self.columns)
            if (convert := _converter(fields[c])) is not None
        ]

    def _converted(self, chunk: list[list[Any]]) -> list[list[Any]]:
        if not self.converters:
            return chunk
        rows = []
        for values in chunk:
            row = list(values)
            for i, convert in self.converters:
                row[i] = convert(row[i])
            rows.append(row)
        return rows

    def insert(self, chunk: list[list[Any]]) -> None:
        pk = self.table.model._meta.pk
        assert pk is not None
        keys = {
            c: self.columns.index(c) for c in (pk.attname, "slug", "username") if c in self.columns
        }
        _refuse_existing(self.table, [{c: values[i] for c, i in keys.items()} for values in chunk])
        try:
            rows = self._converted(chunk)
        except (ValueError, TypeError, ArithmeticError) as exc:
            # A damaged date, number or base64 value, found decoding it or preparing it.
            raise ValidationFailed(
                f"the backup holds a value of {self.table.label} that cannot be read: {exc}",
                field="file",
            ) from exc
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)


def _reset_sequences(tables: list[Table]) -> None:
    # PostgreSQL's id sequences know nothing of explicit ids: without this the next insert
    # would reuse id 1. SQLite's AUTOINCREMENT follows the largest id by itself.
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore_read(path: Path) -> RestoreSummary:
    """Insert every row of the archive at `path`, or nothing."""
    tables = plan()
    by_label = {t.label: t for t in tables}
    lines = _lines(path)
    header = next(lines, None)
    _check_header(header, tables, path)
    assert isinstance(header, dict)
    _refuse_existing(by_label["practice.practice"], [header["practice"]])
    summary = RestoreSummary(practice=header["practice"]["name"], slug=header["practice"]["slug"])
    try:
        with transaction.atomic():
            _restore_rows(lines, by_label, summary, path)
            _reset_sequences(tables)
    except DatabaseError as exc:
        raise RuleViolation(f"the database refused the backup's rows: {exc}") from exc
    return summary


def _restore_rows(
    lines: Iterator[Any], by_label: dict[str, Table], summary: RestoreSummary, path: Path
) -> None:
    table: Table | None = None
    inserter: Inserter | None = None
    columns: list[str] = []
    chunk: list[list[Any]] = []

    def flush() -> None:
        if table is not None and inserter is not None and chunk:
            inserter.insert(chunk)
            summary.rows[table.label] = summary.rows.get(table.label, 0) + len(chunk)
            chunk.clear()

    for line in lines:
        if isinstance(line, list):
            if table is None:
                raise ValidationFailed(f"{path} has rows before any table", field="file")
            if len(line) != len(columns):
                raise ValidationFailed(
                    f"{path} has a row of {table.label} that is cut short", field="file"
                )
            chunk.append(line)
            if len(chunk) >= CHUNK:
                flush()
            continue
        flush()
        if "end" in line:
            expected = {k: v for k, v in line["end"].items() if v}
            if expected != summary.rows:
                raise ValidationFailed(f"{path} does not hold the rows it lists", field="file")
            return
        label = line.get("table")
        if label not in by_label:
            raise RuleViolation(f"{path} holds a table this fracos does not know: {label}")
        table = by_label[label]
        columns = line["columns"]
        if sorted(columns) != sorted(table.columns):
            raise RuleViolation(f"the columns of {label} in {path} differ from this database's")
        inserter = Inserter(table, columns)
    raise ValidationFailed(f"{path} is incomplete: it stops before its end marker", field="file")
