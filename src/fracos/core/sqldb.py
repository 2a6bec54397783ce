"""A thin DB-API layer so that hot paths can run the same SQL with or without Django.

The CLI's hot commands (log, start, stop, status, week, report) open the
database directly and skip Django's start-up; the web app and the API pass
Django's own connection. Both run the one implementation in
``timesheets/ledger.py`` through this interface.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, date, datetime
from typing import Any, Protocol

# Every committed write moves this one-row table's version on, so cached pages keyed by it
# are never served after a change (see docs/architecture.md, "Caching the dashboard").
DATA_VERSION_TABLE = "fracos_data_version"
BUMP_SQL = f"UPDATE {DATA_VERSION_TABLE} SET version = version + 1 WHERE id = 1"


class Db(Protocol):
    @property
    def vendor(self) -> str: ...

    @property
    def integrity_errors(self) -> tuple[type[BaseException], ...]: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def atomic(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...


def sql_date(value: date) -> str:
    return value.isoformat()


def sql_datetime(value: datetime, vendor: str) -> Any:
    """Store instants the way Django does: naive UTC text on SQLite, aware on PostgreSQL."""
    utc = value.astimezone(UTC)
    if vendor == "sqlite":
        return utc.replace(tzinfo=None).isoformat(sep=" ")
    return utc


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class SqliteDb:
    vendor = "sqlite"
    integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._depth = 0
        self._dirty = False

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql.replace("%s", "?"), tuple(params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = self.query(sql, params)
        self._wrote()
        return rows

    def _wrote(self) -> None:
        if self._depth:
            self._dirty = True
        else:
            self._bump()

    def _bump(self) -> None:
        # After the commit, in its own statement: the version never runs ahead of the data.
        self._dirty = False
        # A database without the table yet: the cache's short timeout is the safety net.
        with suppress(sqlite3.Error):
            self.conn.execute(BUMP_SQL)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
            if self._dirty:
                self._bump()
        finally:
            self._depth = 0
            self._dirty = False

    def close(self) -> None:
        self.conn.close()


class PostgresDb:
    vendor = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.integrity_errors: tuple[type[BaseException], ...] = (psycopg.IntegrityError,)
        self._errors: type[BaseException] = psycopg.Error
        self.conn = psycopg.connect(url, autocommit=True)
        self._depth = 0
        self._dirty = False

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cursor:
            cursor.execute(sql, tuple(params))
            return cursor.fetchall() if cursor.description else []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = self.query(sql, params)
        if self._depth:
            self._dirty = True
        else:
            self._bump()
        return rows

    def _bump(self) -> None:
        # After the commit and on its own: a long transaction never holds the version row's lock.
        self._dirty = False
        with suppress(self._errors):
            self.query(BUMP_SQL)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        self._depth += 1
        try:
            with self.conn.transaction():
                yield
        except BaseException:
            self._dirty = self._dirty and self._depth > 1
            raise
        finally:
            self._depth -= 1
        if not self._depth and self._dirty:
            self._bump()

    def close(self) -> None:
        self.conn.close()
