"""`backup`: every row of one practice, read in one snapshot, written as gzip'd JSON lines.

The archive is line-oriented so that neither writing nor restoring holds a
practice's history in memory:

    {"format": "fracos-backup", "version": 1, "practice": {...}, "migrations": [...], ...}
    {"table": "clients.client", "columns": ["id", "practice_id", ...]}
    [1, 1, ...]                      one JSON array per row, in column order
    {"table": "clients.contact", ...}
    ...
    {"end": {"clients.client": 4, ...}}   row counts: a truncated archive is refused
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from fracos.archive.codec import encode
from fracos.archive.tables import Table, plan
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import ValidationFailed

FORMAT = "fracos-backup"
VERSION = 1


@dataclass
class BackupSummary:
    practice: str
    slug: str
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    size: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def tables(self) -> int:
        return sum(1 for count in self.rows.values() if count)


@contextmanager
def snapshot() -> Iterator[None]:
    """One consistent view of the database for every read inside, while others keep writing."""
    if connection.in_atomic_block:
        yield  # the caller's transaction already is the snapshot
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # Django opens SQLite transactions with BEGIN IMMEDIATE (settings.py), which would stop
    # every writer for as long as the backup runs. A deferred transaction only reads: in WAL
    # mode its first SELECT fixes the snapshot and writers carry on beside it.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def migration_state(app_labels: set[str]) -> list[list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted([app, name] for app, name in applied if app in app_labels)


def _write_line(out: IO[str], value: Any) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def _write_table(out: IO[str], table: Table, practice_id: int) -> int:
    fields = list(table.model._meta.concrete_fields)
    _write_line(out, {"table": table.label, "columns": table.columns})
    count = 0
    values = table.rows_of(practice_id).values_list(*table.columns)
    for row in values.iterator(chunk_size=2000):
        _write_line(out, [encode(f, v) for f, v in zip(fields, row, strict=True)])
        count += 1
    return count


def _write_archive(
    partial: Path, tables: list[Table], practice_id: int, path: Path
) -> BackupSummary:
    from fracos.practice.models import Practice

    with snapshot():
        practice = Practice.objects.get(pk=practice_id)
        summary = BackupSummary(practice=practice.name, slug=practice.slug, path=path)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "practice": {"id": practice.pk, "slug": practice.slug, "name": practice.name},
            "created_at": clock.now().isoformat(),
            "database": connection.vendor,
            "migrations": migration_state({t.model._meta.app_label for t in tables}),
        }
        with gzip.open(partial, "wt", encoding="utf-8", compresslevel=6) as out:
            _write_line(out, header)
            for table in tables:
                summary.rows[table.label] = _write_table(out, table, practice.pk)
            _write_line(out, {"end": summary.rows})
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    return summary


def backup_write(actor: Actor, path: Path) -> BackupSummary:
    """Write the actor's practice to `path` (gzip'd JSON lines); owners only."""
    actor.require_owner()
    tables = plan()
    if not path.parent.is_dir():
        raise ValidationFailed(f"file: the folder {path.parent} does not exist", field="file")
    partial = path.with_name(path.name + ".partial")
    try:
        summary = _write_archive(partial, tables, actor.practice_id, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Only a complete archive takes the name asked for, so a crash never leaves half a backup.
    partial.replace(path)
    summary.size = path.stat().st_size
    return summary
