"""`restore`: an archive written by `backup` into a database that holds none of its rows.

Every row comes back with its primary key. The whole restore is one
transaction: a refused or broken archive leaves the database as it was.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
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


def _insert(table: Table, columns: list[str], chunk: list[list[Any]]) -> None:
    fields = {f.attname: f for f in table.model._meta.concrete_fields}
    model: type[models.Model] = table.model
    try:
        rows = [
            {c: decode(fields[c], v) for c, v in zip(columns, values, strict=True)}
            for values in chunk
        ]
        _refuse_existing(table, rows)
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=500)
    except (ValueError, TypeError, ArithmeticError) as exc:
        # A damaged date, number or base64 value, found decoding it or by Django preparing it.
        raise ValidationFailed(
            f"the backup holds a value of {table.label} that cannot be read: {exc}", field="file"
        ) from exc


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
    columns: list[str] = []
    chunk: list[list[Any]] = []

    def flush() -> None:
        if table is not None and chunk:
            _insert(table, columns, chunk)
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
    raise ValidationFailed(f"{path} is incomplete: it stops before its end marker", field="file")
