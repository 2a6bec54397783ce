"""SIGKILL in the middle of an import and of `fracos run-due`: nothing half-written, a rerun finishes.

Each test starts the real command in its own process on a fresh database,
waits until it has written part of its work, kills it with SIGKILL (no
clean-up runs), then checks the database with a connection of its own.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fracos.core.money import round_to
from tests.datasafe.procs import FRACOS, Database, fresh_database
from tests.datasafe.scenarios import OVERDUE_CLIENTS

pytestmark = pytest.mark.slow

IMPORT_ROWS = 20_000
KILL_AFTER_ROWS = 2_000  # four batches of 500 inserted inside the import's transaction
RUN_DUE_CLIENTS = 200
KILL_AFTER_INVOICES = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    with fresh_database(request.param, tmp_path / "data") as db:
        yield db


def _toggl_file(path: Path, rows: int) -> None:
    """`rows` distinct 5-minute entries for Acme, ten minutes apart, from 1 January 2021."""
    start = datetime(2021, 1, 1, 7, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
            "End date,End time,Duration,Tags,Amount (EUR)\n"
        )
        for n in range(rows):
            begin = start + timedelta(minutes=10 * n)
            end = begin + timedelta(minutes=5)
            out.write(
                f"Els,els@example.com,Acme,Platform,,Row {n},Yes,{begin:%Y-%m-%d},"
                f"{begin:%H:%M:%S},{end:%Y-%m-%d},{end:%H:%M:%S},00:05:00,,\n"
            )


def _integrity(db: Database) -> None:
    if db.vendor == "sqlite":
        assert db.query("PRAGMA integrity_check") == [("ok",)]
        assert db.query("PRAGMA foreign_key_check") == []
    else:
        assert db.query("SELECT 1") == [(1,)]


def _kill_when(process: subprocess.Popen[bytes], reached: object, what: str) -> None:
    deadline = time.monotonic() + 240
    while not reached():  # type: ignore[operator]
        assert process.poll() is None, f"the command finished before {what}: make it longer"
        assert time.monotonic() < deadline, f"never reached {what}"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_a_killed_import_leaves_nothing_and_a_rerun_imports_every_row_once(
    database: Database, tmp_path: Path
) -> None:
    database.scenario("importer")
    data = tmp_path / "toggl.csv"
    _toggl_file(data, IMPORT_ROWS)
    # The progress bar only shows on a terminal: give the process one and read it.
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [FRACOS, "import", "toggl", str(data)],
        env={**database.env, "TERM": "xterm", "COLUMNS": "120"},
        stdout=follower,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    seen = bytearray()

    def written_some() -> bool:
        while select.select([leader], [], [], 0.05)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            seen.extend(chunk)
        # The bar ends with the rows read so far, e.g. "2,000 rows".
        counts = [int(n.replace(b",", b"")) for n in re.findall(rb"(\d[\d,]*) rows", bytes(seen))]
        return bool(counts) and max(counts) >= KILL_AFTER_ROWS

    try:
        _kill_when(process, written_some, f"{KILL_AFTER_ROWS} rows read")
    finally:
        os.close(leader)
    _integrity(database)
    count = "SELECT COUNT(*) FROM timesheets_timeentry WHERE source = 'toggl'"
    assert database.query(count) == [(0,)]

    rerun = database.run("import", "toggl", str(data))
    assert rerun.returncode == 0, rerun.stderr
    assert f"{IMPORT_ROWS} to add, 0 already imported" in rerun.stdout
    assert database.query(count) == [(IMPORT_ROWS,)]
    assert database.query(
        "SELECT COUNT(DISTINCT external_id) FROM timesheets_timeentry WHERE source = 'toggl'"
    ) == [(IMPORT_ROWS,)]
    again = database.run("import", "toggl", str(data))
    assert f"0 to add, {IMPORT_ROWS} already imported" in again.stdout
    assert database.query(count) == [(IMPORT_ROWS,)]


def _books_are_whole(db: Database) -> int:
    """Every issued invoice has lines adding up to its totals; numbers 1..n without a gap."""
    invoices = db.query(
        "SELECT id, seq, number, net_minor, tax_minor, total_minor, status FROM billing_invoice "
        "WHERE series = 'invoice:2026' ORDER BY seq"
    )
    assert all(status == "issued" for *_, status in invoices), "a draft was left behind"
    assert [seq for _, seq, *_ in invoices] == list(range(1, len(invoices) + 1))
    assert [n for _, _, n, *_ in invoices] == [f"2026-{s:04d}" for s in range(1, len(invoices) + 1)]
    lines: dict[int, list[tuple[int, int, int]]] = {}
    for invoice_id, quantity, price, rate in db.query(
        "SELECT invoice_id, quantity, unit_price_minor, vat_rate FROM billing_invoiceline"
    ):
        lines.setdefault(invoice_id, []).append((quantity, price, rate))
    for invoice_id, _, number, net, tax, total, _ in invoices:
        assert lines.get(invoice_id), f"{number} has no lines"
        # In minor units, each line rounded half-up, then the VAT of the one rate (21 %).
        line_net = sum(round_to(Decimal(str(q)) * p, 0) for q, p, _ in lines[invoice_id])
        rate = Decimal(str(lines[invoice_id][0][2]))
        vat = round_to(line_net * rate / 100, 0)
        assert (net, tax, total) == (line_net, vat, line_net + vat), number
    next_value = db.query("SELECT next_value FROM billing_numberseries WHERE name = 'invoice:2026'")
    assert next_value == [(len(invoices) + 1,)]
    return len(invoices)


def test_a_killed_run_due_leaves_whole_invoices_and_a_rerun_bills_each_client_once(
    database: Database,
) -> None:
    database.scenario("run-due", str(RUN_DUE_CLIENTS))
    november = "SELECT COUNT(*) FROM billing_invoice WHERE source = 'run-due'"
    process = subprocess.Popen(
        [FRACOS, "run-due", "--format", "json"],
        env=database.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _kill_when(
        process,
        lambda: database.query(november)[0][0] >= KILL_AFTER_INVOICES,
        f"{KILL_AFTER_INVOICES} invoices",
    )
    _integrity(database)
    billed = database.query(november)[0][0]
    assert KILL_AFTER_INVOICES <= billed < RUN_DUE_CLIENTS
    assert _books_are_whole(database) == OVERDUE_CLIENTS + billed

    rerun = database.run("run-due", "--format", "json")
    assert rerun.returncode == 0, rerun.stderr
    _integrity(database)
    assert _books_are_whole(database) == OVERDUE_CLIENTS + RUN_DUE_CLIENTS
    per_client = database.query(
        "SELECT client_id, COUNT(*) FROM billing_invoice WHERE source = 'run-due' "
        "AND period_start = '2026-11-01' GROUP BY client_id"
    )
    assert len(per_client) == RUN_DUE_CLIENTS and {n for _, n in per_client} == {1}
    reminders = database.query(
        "SELECT invoice_id, COUNT(*) FROM billing_reminder GROUP BY invoice_id"
    )
    assert len(reminders) == OVERDUE_CLIENTS and {n for _, n in reminders} == {1}

    third = database.run("run-due", "--format", "json")
    assert third.returncode == 0, third.stderr
    assert '"issued": []' in third.stdout and '"reminders": []' in third.stdout
    assert _books_are_whole(database) == OVERDUE_CLIENTS + RUN_DUE_CLIENTS
