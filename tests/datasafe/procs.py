"""Real `fracos` processes on a fresh SQLite file or a fresh PostgreSQL database of their own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRACOS = str(Path(sys.executable).with_name("fracos"))
NOW = "2026-11-18T09:00:00+00:00"


@dataclass
class Database:
    """One database and the environment that points `fracos` at it."""

    vendor: str
    env: dict[str, str]
    url: str = ""
    path: Path | None = None
    dropped: list[Callable[[], None]] = field(default_factory=list)

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [FRACOS, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip

    def scenario(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "tests.datasafe.scenarios", *args],
            env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read with a connection of our own (never Django's), as another program would."""
        if self.vendor == "sqlite":
            assert self.path is not None
            with contextlib_closing(sqlite3.connect(self.path, timeout=30)) as conn:
                return list(conn.execute(sql.replace("%s", "?"), params))
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return list(conn.execute(sql, params).fetchall())


@contextmanager
def contextlib_closing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield conn
    finally:
        conn.close()


def server_url() -> str | None:
    return os.environ.get("FRACOS_DATABASE_URL")


@contextmanager
def fresh_database(vendor: str, data_dir: Path) -> Iterator[Database]:
    """An empty database: a SQLite file in `data_dir`, or a new `fracos_datasafe_*` database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER")
    }
    env.update(
        FRACOS_DATA_DIR=str(data_dir),
        FRACOS_NOW=NOW,
        NO_COLOR="1",
        FRACOS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(ROOT),
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        yield Database("sqlite", env, path=data_dir / "fracos.sqlite3")
        return
    base = server_url()
    if not base:
        pytest.skip("runs when the suite runs against PostgreSQL (FRACOS_DATABASE_URL)")
    import psycopg

    name = f"fracos_datasafe_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = base.rsplit("/", 1)[0] + "/" + name
    env["FRACOS_DATABASE_URL"] = url
    try:
        yield Database("postgresql", env, url=url)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
