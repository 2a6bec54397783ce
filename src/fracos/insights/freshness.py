"""The data version: one number that every committed write moves on, whoever makes it.

Cached figures (the dashboard's panels) are keyed by it, so a page is never
served from before a change made by the web, the API, the CLI, an import,
``run-due`` or a restore. Writes are seen centrally: an execute wrapper on
every Django connection notices INSERT/UPDATE/DELETE/TRUNCATE on any table
but the sessions and the version itself, and bumps the version once the
transaction commits — after the commit, in its own short statement, so a long
transaction never holds the version row's lock (PostgreSQL writers would queue
behind it) and a reader never sees a version newer than the data. The CLI's
plain-SQL hot path (``core/sqldb.py``) bumps the same way.

A process that dies between its commit and the bump leaves the old version in
place; the cache's short timeout bounds that.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from fracos.core.sqldb import BUMP_SQL, DATA_VERSION_TABLE

log = logging.getLogger(__name__)

_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|WITH)\b", re.I)
_TARGET = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I
)
_WRITE_IN_CTE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.I)
# Sign-ins write sessions and failed-attempt counts, migrate records itself: none changes a
# figure, and a guesser's failures must not empty every practice's cached pages.
IGNORED = frozenset(
    {"django_session", "django_migrations", "practice_failedattempt", DATA_VERSION_TABLE}
)


def is_data_write(sql: str) -> bool:
    """Whether ``sql`` may change what a page shows."""
    if sql[:6].upper() == "SELECT":  # the common case, decided without a regex
        return False
    found = _WRITE.match(sql)
    if found is None:
        return False
    verb = found.group(1).upper()
    if verb == "WITH":
        return _WRITE_IN_CTE.search(sql) is not None
    target = _TARGET.match(sql)
    return target is None or target.group(1).lower() not in IGNORED


def bump(conn: BaseDatabaseWrapper) -> None:
    """Move the version on (never raises: the data is committed whatever happens here)."""
    try:
        with conn.cursor() as cursor:
            cursor.execute(BUMP_SQL)
    except DatabaseError as exc:
        if DATA_VERSION_TABLE in str(exc):
            return  # migrate, before the table exists: nothing is cached yet either
        log.warning(
            "the data version could not be bumped (%s); cached pages live out their timeout", exc
        )


def _in_test_transaction(conn: BaseDatabaseWrapper) -> bool:
    # A test's wrapping transaction never commits, so on_commit would never fire: bump in it.
    return any(getattr(block, "_from_testcase", False) for block in conn.atomic_blocks)


class _Watch:
    """The execute wrapper of one connection."""

    def __init__(self, conn: BaseDatabaseWrapper) -> None:
        self.conn = conn
        self.after_commit = lambda: bump(conn)

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        result = execute(sql, params, many, context)
        if is_data_write(sql):
            self.wrote()
        return result

    def wrote(self) -> None:
        conn = self.conn
        if not conn.in_atomic_block or _in_test_transaction(conn):
            bump(conn)
        elif not self._queued():
            conn.on_commit(self.after_commit, robust=True)

    def _queued(self) -> bool:
        """A bump is queued already. It survives every rollback this write survives: a
        savepoint's rollback drops only the callbacks queued inside it, and every savepoint
        still open encloses this write too; released savepoints can no longer roll back."""
        return any(entry[1] is self.after_commit for entry in self.conn.run_on_commit)


def watch(conn: BaseDatabaseWrapper) -> None:
    """Install the write watch on ``conn`` (once; the wrapper object outlives reconnects)."""
    if not any(isinstance(w, _Watch) for w in conn.execute_wrappers):
        conn.execute_wrappers.append(_Watch(conn))


def _on_connect(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    watch(connection)


def install() -> None:
    connection_created.connect(_on_connect, dispatch_uid="fracos.insights.freshness")


def data_version() -> int | None:
    """The current version, or None when the row is missing (then nothing may be cached)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {DATA_VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else int(row[0])
