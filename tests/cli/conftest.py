"""Run the real `fracos` entry point in-process, on the test database.

The hot commands get Django's connection instead of opening the database file
themselves, so they run inside the test's transaction on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., Result]


@pytest.fixture
def fracos(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: None) -> Run:
    from fracos.cli import dbopen
    from fracos.cli.main import run as entry_point
    from fracos.timesheets.selectors import DjangoDb

    monkeypatch.setattr(dbopen, "open_db", lambda: DjangoDb())
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str) -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["fracos", *args])
        code = 0
        try:
            entry_point()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


@pytest.fixture
def in_practice(monkeypatch: pytest.MonkeyPatch, cast):  # type: ignore[no-untyped-def]
    """Point the command line at the cast's practice (the database holds two)."""
    monkeypatch.setenv("FRACOS_PRACTICE", cast.practice.slug)
    monkeypatch.setenv("FRACOS_USER", "owner@example.com")
    return cast
