"""Writes to time entries and timers from Django (web, API): the ledger on Django's connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import DomainError, NotFound, ValidationFailed
from fracos.core.sqldb import sql_date, sql_datetime
from fracos.practice.services import audit_record
from fracos.timesheets import ledger
from fracos.timesheets.imports.pipeline import Entry, Resolver
from fracos.timesheets.imports.rows import BadRow, Row
from fracos.timesheets.models import TimeEntry
from fracos.timesheets.selectors import DjangoDb, scope_for


def time_log(actor: Actor, **kwargs: Any) -> ledger.EntryRef:
    return ledger.log_entry(DjangoDb(), scope_for(actor), **kwargs)


def timer_start(actor: Actor, **kwargs: Any) -> ledger.TimerRef:
    return ledger.timer_start(DjangoDb(), scope_for(actor), **kwargs)


def timer_stop(actor: Actor, **kwargs: Any) -> ledger.EntryRef | None:
    return ledger.timer_stop(DjangoDb(), scope_for(actor), **kwargs)


def time_entry_update(actor: Actor, entry_id: int, **kwargs: Any) -> ledger.EntryRef:
    """Edit an entry through the ledger, which checks it as if it were logged anew."""
    return ledger.update_entry(DjangoDb(), scope_for(actor), entry_id, **kwargs)


@transaction.atomic
def time_entry_delete(actor: Actor, entry_id: int) -> None:
    actor.require_write()
    deleted, _ = TimeEntry.objects.filter(pk=entry_id, practice_id=actor.practice_id).delete()
    if not deleted:
        raise NotFound(f"time entry: no entry #{entry_id}", field="entry")


# -- imports --------------------------------------------------------------------------------

IMPORT_BATCH = 1000
IMPORT_SOURCES = ("toggl", "harvest", "clockify", "watson", "timewarrior")


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    bad: list[BadRow] = field(default_factory=list)
    written: bool = False
    # Whether earlier imports of this source stored keys without the user (``h:``).
    has_legacy_keys: bool = False
    # How rows of this practice's own Toggl export name its entries (``fracos:<slug>:``).
    own_prefix: str = ""


_INSERT = (
    "INSERT INTO timesheets_timeentry (practice_id, member_id, kind, engagement_id, client_id,"
    " work_date, started_at, seconds, note, tags, billable, source, external_id, created_at)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    # The unique constraint entry_import_once is what finds duplicates, within the file
    # and against earlier imports alike: a row it turns away is not counted as inserted.
    " ON CONFLICT DO NOTHING"
)


# PostgreSQL plans every statement it is sent: one INSERT of a batch's columns as
# arrays costs one plan, where a statement per row costs a thousand.
_INSERT_UNNEST = (
    "INSERT INTO timesheets_timeentry (practice_id, member_id, kind, engagement_id, client_id,"
    " work_date, started_at, seconds, note, tags, billable, source, external_id, created_at)"
    " SELECT %s, %s, r.kind, r.engagement_id, r.client_id, r.work_date, r.started_at,"
    " r.seconds, r.note, r.tags, r.billable, %s, r.external_id, %s"
    " FROM unnest(%s::text[], %s::bigint[], %s::bigint[], %s::date[], %s::timestamptz[],"
    " %s::integer[], %s::text[], %s::text[], %s::boolean[], %s::text[])"
    " AS r(kind, engagement_id, client_id, work_date, started_at, seconds, note, tags,"
    " billable, external_id)"
    " ON CONFLICT DO NOTHING"
)


def import_resolver(db: DjangoDb, scope: ledger.Scope, mapping: dict[str, str | int]) -> Resolver:
    """What maps an import's clients and projects to this practice's clients and engagements."""
    clients = [
        (ledger.ClientRef(r[0], r[1]), str(r[1]), r[2] == "active")
        for r in db.query(
            "SELECT id, name, status FROM clients_client WHERE practice_id = %s",
            [scope.practice_id],
        )
    ]
    return Resolver(scope, clients, ledger.engagements(db, scope), mapping)


@transaction.atomic
def time_import(
    actor: Actor,
    *,
    source: str,
    rows: Iterable[Row],
    mapping: dict[str, str | int] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import rows all or nothing: any bad row (or a dry run) leaves the database unchanged.

    Each row is mapped and checked by the ledger's own rules (``ledger.check_entry``),
    then inserted in batches inside this one transaction; rows already imported
    (same source and external id) are counted as duplicates and left alone. Memory
    stays bounded whatever the file's size: the database, not a set in memory,
    remembers what was seen, so a dry run or a file with a bad row inserts too and
    is rolled back at the end. ``progress`` is told how many rows were read, a batch
    at a time.
    """
    actor.require_write()
    if source not in IMPORT_SOURCES:
        raise ValidationFailed(f"source: {source!r} is not one of {', '.join(IMPORT_SOURCES)}")
    db = DjangoDb()
    scope = scope_for(actor)
    resolver = import_resolver(db, scope, mapping or {})
    report = ImportReport(source, dry_run, has_legacy_keys=_has_legacy_keys(db, scope, source))
    report.own_prefix = _own_prefix(db, scope)
    with _import_cache():
        _import_rows(scope, source, rows, resolver, report, progress)
    if report.bad or dry_run:
        transaction.set_rollback(True)
        return report
    report.written = True
    _imported(actor, report)
    return report


UNMATCHED = "no fracos client matches"
"""How the reason of a row that no client or rule matches begins."""


def time_import_unmatched(
    actor: Actor,
    *,
    rows: Iterable[Row],
    mapping: dict[str, str | int] | None = None,
    limit: int = 50,
) -> list[tuple[str, str, int]]:
    """The (client, project) pairs of the rows nothing maps, first seen first, each with its
    number of rows: what to ask the user to map. Reads only; at most ``limit`` pairs."""
    actor.require_write()
    resolver = import_resolver(DjangoDb(), scope_for(actor), mapping or {})
    found: dict[tuple[str, str], int] = {}
    for row in rows:
        if isinstance(row, BadRow):
            continue
        key = (row.client, row.project)
        if key in found:
            found[key] += 1
            continue
        try:
            resolver.target(row)  # remembered: one look-up per pair, not per row
        except DomainError as exc:
            if str(exc).startswith(UNMATCHED) and len(found) < limit:
                found[key] = 1
    return [(client, project, count) for (client, project), count in found.items()]


IMPORT_CACHE_KIB = 64 * 1024
"""SQLite's page cache during an import: the indexes of a big import stay in memory."""


@contextmanager
def _import_cache() -> Iterator[None]:
    # The default 2 MB cache spills index pages of a large import to the WAL and
    # reads them back; a larger one for the import alone, then as it was.
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _import_rows(
    scope: ledger.Scope,
    source: str,
    rows: Iterable[Row],
    resolver: Resolver,
    report: ImportReport,
    progress: Callable[[int], None] | None,
) -> None:
    batch: list[Entry] = []
    told = 0
    for row in rows:
        report.read += 1
        if isinstance(row, BadRow):
            report.bad.append(row)
            continue
        try:
            entry = resolver.entry(row, source)
        except DomainError as exc:
            report.bad.append(BadRow(row.line, str(exc)))
            continue
        if entry is None:
            report.skipped += 1
            continue
        batch.append(entry)
        if len(batch) >= IMPORT_BATCH:
            _import_batch(scope, source, batch, report)
            batch = []
            if progress is not None:
                progress(report.read - told)
                told = report.read
    _import_batch(scope, source, batch, report)
    if progress is not None and report.read > told:
        progress(report.read - told)


def _imported(actor: Actor, report: ImportReport) -> None:
    """What follows a written import, inside its transaction: the one place to hook it.

    The rows go in through the raw connection, not the ORM, so nothing else hears of
    them: a cache or "data version" bump belongs here (``transaction.on_commit``).
    """
    audit_record(
        actor,
        "time.imported",
        "practice",
        actor.practice_id,
        {"source": report.source, "added": report.added, "duplicates": report.duplicates},
    )


def _import_batch(
    scope: ledger.Scope, source: str, batch: list[Entry], report: ImportReport
) -> None:
    if not batch:
        return
    vendor = connection.vendor
    now = sql_datetime(clock.now(), vendor)
    params = [
        (
            scope.practice_id,
            scope.member_id,
            e.kind,
            e.engagement.id if e.engagement else None,
            e.engagement.client_id if e.engagement else None,
            sql_date(e.row.work_date),
            sql_datetime(e.row.started_at, vendor) if e.row.started_at else None,
            e.row.seconds,
            e.row.note,
            e.tags,
            e.billable,
            source,
            e.external_id,
            now,
        )
        for e in batch
    ]
    with connection.cursor() as cursor:
        if any(e.external_id.startswith(report.own_prefix) for e in batch):
            kept = _not_own_entries(cursor, scope, report.own_prefix, batch)
            params = [p for p, e in zip(params, batch, strict=True) if id(e) in kept]
            report.duplicates += len(batch) - len(kept)
            batch = [e for e in batch if id(e) in kept]
        if report.has_legacy_keys:
            kept = _claim_legacy_keys(cursor, scope, source, batch)
            params = [p for p, e in zip(params, batch, strict=True) if id(e) in kept]
        if not params:
            report.duplicates += len(batch)
            return
        if vendor == "postgresql":
            columns = [list(c) for c in zip(*params, strict=True)]
            cursor.execute(
                _INSERT_UNNEST,
                [scope.practice_id, scope.member_id, source, now]
                + [columns[i] for i in (2, 3, 4, 5, 6, 7, 8, 9, 10, 12)],
            )
        else:
            cursor.executemany(_INSERT, params)
        # Both count only the rows inserted: the ones the constraint skipped add nothing.
        inserted = cursor.rowcount
    report.added += inserted
    report.duplicates += len(batch) - inserted


def _own_prefix(db: DjangoDb, scope: ledger.Scope) -> str:
    (slug,) = db.query("SELECT slug FROM practice_practice WHERE id = %s", [scope.practice_id])[0]
    return f"fracos:{slug}:"


def _not_own_entries(cursor: Any, scope: ledger.Scope, prefix: str, batch: list[Entry]) -> set[int]:
    """The rows that are not entries this practice still has, by the id its export gave them.

    Re-importing the practice's own export adds nothing: each row is the entry it
    came from. A row whose entry was deleted since is imported again.
    """
    wanted = {int(e.external_id[len(prefix) :]) for e in batch if e.external_id.startswith(prefix)}
    cursor.execute(
        "SELECT id FROM timesheets_timeentry WHERE practice_id = %s"
        f" AND id IN ({', '.join(['%s'] * len(wanted))})",
        [scope.practice_id, *sorted(wanted)],
    )
    present = {f"{prefix}{row[0]}" for row in cursor.fetchall()}
    return {id(e) for e in batch if e.external_id not in present}


def _has_legacy_keys(db: DjangoDb, scope: ledger.Scope, source: str) -> bool:
    rows = db.query(
        "SELECT 1 FROM timesheets_timeentry WHERE practice_id = %s AND source = %s"
        " AND external_id <> '' AND external_id LIKE 'h:%%' LIMIT 1",
        [scope.practice_id, source],
    )
    return bool(rows)


def _claim_legacy_keys(
    cursor: Any, scope: ledger.Scope, source: str, batch: list[Entry]
) -> set[int]:
    """Match rows against entries imported before the user was in the key; the ids kept.

    Such an entry stored the ``h:`` key of its row without the user. The first row
    of a file with that key is that entry: it is a duplicate, and the entry takes
    the row's new ``h2:`` key, so a second member's identical row (same ``h:`` key)
    is then imported as the new entry it is, and every later import matches both
    by their new keys. Keys cannot be rewritten by a migration: the user was never
    stored, only hashed away.
    """
    # Only computed when old keys exist: a second hash of every row otherwise.
    legacy = {id(e): e.legacy_id(source) for e in batch}
    wanted = sorted({key for key in legacy.values() if key})
    found: set[str] = set()
    if wanted:
        cursor.execute(
            "SELECT external_id FROM timesheets_timeentry WHERE practice_id = %s"
            f" AND source = %s AND external_id IN ({', '.join(['%s'] * len(wanted))})",
            [scope.practice_id, source, *wanted],
        )
        found = {row[0] for row in cursor.fetchall()}
    kept: set[int] = set()
    claimed: dict[str, str] = {}
    for entry in batch:
        old_key = legacy[id(entry)]
        if old_key not in found:
            kept.add(id(entry))
        elif old_key not in claimed:
            claimed[old_key] = entry.external_id
        elif claimed[old_key] != entry.external_id:
            kept.add(id(entry))  # another member's identical row: a new entry
        # else: the claimed row again, later in the file: a duplicate
    for old, new in claimed.items():
        cursor.execute(
            "UPDATE timesheets_timeentry SET external_id = %s"
            " WHERE practice_id = %s AND source = %s AND external_id = %s AND NOT EXISTS"
            " (SELECT 1 FROM timesheets_timeentry AS t"
            " WHERE t.practice_id = %s AND t.source = %s AND t.external_id = %s)",
            [new, scope.practice_id, source, old, scope.practice_id, source, new],
        )
    return kept
