"""The installed `fracos` command in a real process, on a fresh SQLite file or PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


SERVER_URL = os.environ.get("FRACOS_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def sh(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A `fracos` runner on an empty database: a SQLite file, or a fresh PostgreSQL database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER", "FRACOS_NOW")
    }
    env.update(
        FRACOS_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1", FRACOS_NOW="2026-11-18T09:00:00+00:00"
    )
    dropper = None
    if request.param == "postgresql":
        if not SERVER_URL:
            pytest.skip("runs when the suite runs against PostgreSQL (FRACOS_DATABASE_URL)")
        env["FRACOS_DATABASE_URL"], dropper = _fresh_postgres_database(SERVER_URL)
    fracos = Path(sys.executable).with_name("fracos")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(fracos), *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    yield run
    if dropper:
        dropper()


def _fresh_postgres_database(url: str):  # type: ignore[no-untyped-def]
    import uuid

    import psycopg

    name = f"fracos_proc_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return url.rsplit("/", 1)[0] + "/" + name, drop


def test_a_new_user_runs_their_week_from_the_terminal(sh):
    assert (
        sh(
            "init",
            "--name",
            "Lena Peeters Advisory",
            "--currency",
            "EUR",
            "--timezone",
            "Europe/Brussels",
            "--country",
            "BE",
        ).returncode
        == 0
    )
    assert sh("client", "add", "Acme Logistics", "--vat", "BE0765432146").returncode == 0
    added = sh(
        "engagement",
        "add",
        "acme",
        "--role",
        "Fractional CTO",
        "--retainer",
        "8000/month",
        "--days-per-week",
        "2",
        "--days",
        "mon,tue",
        "--start",
        "2026-01-01",
    )
    assert added.returncode == 0, added.stderr
    logged = sh("log", "acme", "2h30m", "Architecture review", "--date", "2026-11-16")
    assert logged.returncode == 0, logged.stderr
    assert sh("log", "--bd", "1h", "Coffee with a founder").returncode == 0
    week = json.loads(sh("week", "--format", "json").stdout)
    assert week["engagements"][0]["logged_seconds"] == 9000
    report = json.loads(sh("report", "--period", "month", "--format", "json").stdout)
    assert report["total_seconds"] == 9000 + 3600
    assert sh("start", "acme", "Hiring").returncode == 0
    status = json.loads(sh("status", "--format", "json").stdout)
    assert status["timer"]["client"] == "Acme Logistics"


def test_bad_input_in_a_real_process_is_one_red_line(sh):
    sh("init", "--name", "P")
    result = sh("log", "nobody", "1h")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["Error: client: no client matches 'nobody'"]
    typo = sh("client", "add")
    assert typo.returncode == 1 and len(typo.stderr.strip().splitlines()) == 1


def test_every_command_has_help_with_an_example(sh):
    top = sh("--help")
    assert top.returncode == 0
    for name in (
        "init",
        "client",
        "engagement",
        "log",
        "start",
        "stop",
        "status",
        "week",
        "report",
        "demo",
        "serve",
    ):
        assert name in top.stdout
    for args in (
        ("log",),
        ("report",),
        ("week",),
        ("client", "add"),
        ("engagement", "add"),
        ("init",),
        ("demo",),
    ):
        helped = sh(*args, "--help")
        assert helped.returncode == 0, args
        assert "Example" in helped.stdout, args


def test_the_demo_loads_a_realistic_practice_once(sh):
    loaded = sh("demo", "--password", "demo-pass")
    assert loaded.returncode == 0, loaded.stderr
    assert "lena@peeters.example" in loaded.stdout and "portal@acme.example" in loaded.stdout
    assert "Sign in at http://127.0.0.1:8000/" in loaded.stdout  # where `fracos serve` listens
    again = sh("demo")
    assert again.returncode == 1 and "--force" in again.stderr
    engagements = json.loads(sh("engagement", "list", "--format", "json").stdout)
    models = sorted(e["pricing_model"] for e in engagements if e["status"] == "active")
    assert models == ["day_rate", "pilot", "retainer"]
    assert {e["client"] for e in engagements if e["status"] == "ended"} == {"Delta Retail"}
    year = json.loads(sh("report", "--period", "all", "--by", "month", "--format", "json").stdout)
    assert len(year["rows"]) >= 12
    kinds = json.loads(sh("report", "--period", "year", "--by", "kind", "--format", "json").stdout)
    assert {row["kind"] for row in kinds["rows"]} == {"client", "bd", "admin"}
    invoices = json.loads(sh("invoice", "list", "--format", "json").stdout)
    states = [i["state"] for i in invoices]
    assert states.count("overdue") == 1 and states.count("partly_paid") == 1
    assert states.count("paid") >= 10
    assert {i["client"] for i in invoices} == {
        "Acme Logistics",
        "Brightwave Health",
        "Cobalt Fintech",
    }
    by_number = sorted(invoices, key=lambda i: i["number"])
    assert [i["issue_date"] for i in by_number] == sorted(i["issue_date"] for i in invoices)
    elsewhere = sh("demo", "--force", "--password", "demo-pass", "--port", "8123")
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert (
        "Sign in at http://127.0.0.1:8123/" in elsewhere.stdout and ":8000" not in elsewhere.stdout
    )
