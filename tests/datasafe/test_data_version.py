"""The data version that keys cached figures: every committed write moves it on, after its
commit and once; nothing else does (a rollback, a read, a sign-in's session)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from fracos.core.sqldb import BUMP_SQL, DATA_VERSION_TABLE, PostgresDb, SqliteDb
from fracos.insights.freshness import data_version, is_data_write
from fracos.timesheets.services import time_log


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "timesheets_timeentry" ("practice_id") VALUES (%s)',
        "  update billing_invoice SET status = 'issued' WHERE id = 1",
        'DELETE FROM "clients_client" WHERE id = 3',
        "INSERT OR REPLACE INTO practice_practice (id) VALUES (1)",
        "TRUNCATE clients_client",
        "WITH x AS (SELECT 1) UPDATE engagements_engagement SET fee_minor = 1",
    ],
)
def test_a_statement_that_changes_data_counts_as_a_write(sql: str) -> None:
    assert is_data_write(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "clients_client"."id" FROM "clients_client"',
        "WITH x AS (SELECT 1) SELECT * FROM x",
        'UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s',
        'INSERT INTO "django_migrations" ("app", "name", "applied") VALUES (%s, %s, %s)',
        'INSERT INTO "practice_failedattempt" (scope, subject) VALUES (%s, %s) ON CONFLICT',
        'DELETE FROM "practice_failedattempt" WHERE "scope" = %s',
        BUMP_SQL,
        "SAVEPOINT s1",
        "CREATE TABLE t (id integer)",
    ],
)
def test_reads_sessions_and_the_version_itself_are_not_writes(sql: str) -> None:
    assert not is_data_write(sql)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_moves_the_version_once_and_only_after_its_commit(cast) -> None:
    before = data_version()
    assert before is not None
    with transaction.atomic():
        time_log(cast.owner, seconds=3600, client="acme", work_date=date(2026, 11, 17))
        time_log(cast.owner, seconds=1800, client="acme", work_date=date(2026, 11, 16))
        assert data_version() == before  # still inside: no version ahead of its data
    assert data_version() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_the_version_alone(cast) -> None:
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        time_log(cast.owner, seconds=3600, client="acme", work_date=date(2026, 11, 17))
        raise RuntimeError("changed my mind")
    assert data_version() == before


@pytest.mark.django_db(transaction=True)
def test_a_write_after_a_rolled_back_savepoint_still_moves_the_version(cast) -> None:
    before = data_version()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            time_log(cast.owner, seconds=3600, client="acme", work_date=date(2026, 11, 17))
            raise RuntimeError("only this part")
        time_log(cast.owner, seconds=1800, client="acme", work_date=date(2026, 11, 16))
    assert data_version() == before + 1  # type: ignore[operator]


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_moves_the_version_at_once(cast) -> None:
    from fracos.clients.models import Client

    before = data_version()
    Client.objects.filter(pk=cast.acme.pk).update(city="Antwerp")
    assert data_version() == before + 1  # type: ignore[operator]


def test_a_read_moves_nothing(cast) -> None:
    from fracos.clients.selectors import client_list

    before = data_version()
    client_list(cast.owner)
    assert data_version() == before


def _sqlite_file(tmp_path: Path) -> str:
    path = str(tmp_path / "hot.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {DATA_VERSION_TABLE} (id integer PRIMARY KEY, version bigint)")
    conn.execute(f"INSERT INTO {DATA_VERSION_TABLE} VALUES (1, 0)")
    conn.execute("CREATE TABLE entry (id integer PRIMARY KEY, note text)")
    conn.commit()
    conn.close()
    return path


def _version(db: SqliteDb | PostgresDb) -> int:
    return int(db.query(f"SELECT version FROM {DATA_VERSION_TABLE} WHERE id = 1")[0][0])


def test_the_command_lines_plain_sql_path_moves_the_version_after_each_commit(
    tmp_path: Path,
) -> None:
    db = SqliteDb(_sqlite_file(tmp_path))
    with db.atomic():
        db.execute("INSERT INTO entry (note) VALUES (%s)", ["a"])
        db.execute("INSERT INTO entry (note) VALUES (%s)", ["b"])
        assert _version(db) == 0
    assert _version(db) == 1
    db.execute("INSERT INTO entry (note) VALUES (%s)", ["c"])
    assert _version(db) == 2
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO entry (note) VALUES (%s)", ["d"])
        raise RuntimeError("rolled back")
    db.query("SELECT * FROM entry")
    assert _version(db) == 2
    db.close()


@pytest.mark.skipif(
    not os.environ.get("FRACOS_DATABASE_URL"), reason="runs against PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_the_plain_sql_path_moves_the_version_on_postgresql_too(cast) -> None:
    from django.db import connection

    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    db = PostgresDb(url)
    before = _version(db)
    with db.atomic():
        db.execute("UPDATE clients_client SET city = %s WHERE id = %s", ["Ghent", cast.acme.pk])
        assert _version(db) == before
    assert _version(db) == before + 1
    db.close()
