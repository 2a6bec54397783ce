"""A SQLite backup restores into PostgreSQL and a PostgreSQL backup into SQLite, document for document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.datasafe.documents import archive_rows
from tests.datasafe.procs import fresh_database

pytestmark = pytest.mark.slow


def _documents(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return json.loads(db.scenario("documents").stdout)


def test_the_demo_moves_from_sqlite_to_postgresql_and_back_unchanged(tmp_path: Path) -> None:
    with (
        fresh_database("sqlite", tmp_path / "first") as first,
        fresh_database("postgresql", tmp_path / "server") as server,
        fresh_database("sqlite", tmp_path / "back") as back,
    ):
        loaded = first.run("demo", "--password", "demo-pass-123")
        assert loaded.returncode == 0, loaded.stderr
        original = _documents(first)
        assert len(original) > 40

        from_sqlite = tmp_path / "from-sqlite.fracos.gz"
        assert first.run("backup", str(from_sqlite)).returncode == 0
        restored = server.run("restore", str(from_sqlite))
        assert restored.returncode == 0, restored.stderr
        assert _documents(server) == original

        from_postgres = tmp_path / "from-postgres.fracos.gz"
        assert server.run("backup", str(from_postgres)).returncode == 0
        assert back.run("restore", str(from_postgres)).returncode == 0
        assert _documents(back) == original
        assert archive_rows(from_postgres) == archive_rows(from_sqlite)

        # Ids carry on after the restored ones on both databases (PostgreSQL's sequences reset).
        for db in (server, back):
            added = db.run("client", "add", "Fresh Client")
            assert added.returncode == 0, added.stderr
            listed = json.loads(db.run("client", "list", "--format", "json").stdout)
            assert {c["name"]: c["id"] for c in listed}["Fresh Client"] == 5
