"""Import benchmark: 100k Toggl CSV rows and 1M Timewarrior intervals through `fracos import`.

    .venv/bin/python -m bench.imports [--toggl 100000] [--timew 1000000] [--pg] [--timeout 600]

Writes the two files once (`bench/importdata.py`, kept in bench/data/imports/),
creates a practice with four clients and retainers through the real CLI, then
for each file, each on an empty ledger:

- the floor: the same entries read with the standard library and written with
  the ORM's `bulk_create` in batches of 1,000 in one transaction (no mapping, no
  checks, no duplicate detection: the cost of the writes alone);
- `fracos import FORMAT FILE --mapping MAP`, the real command;
- the same command again: every row is a duplicate, nothing is added.

Each is a whole child process (start-up included); peak memory is that child's
maximum resident set (`os.wait4`'s rusage). Rows in the database are counted
after each run. `--pg` repeats everything on PostgreSQL in the database
`fracos_benchimp` (dropped and created afresh). Targets: ≥ 20,000 rows/s for
the CSV import, peak memory under 300 MB at 1M rows.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import importdata
from bench.generate import CLIENTS, PRACTICE_TZ

ROOT = Path(__file__).resolve().parent.parent
PG_DATABASE = "fracos_benchimp"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET_CSV_ROWS_PER_S = 20_000
TARGET_PEAK_MB = 300
FLOOR_BATCH = 1000


class BenchFailure(Exception):
    pass


@dataclass
class Run:
    backend: str
    source: str
    what: str
    rows: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    in_db: int
    load_before: str
    load_after: str

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def cpu_rate(self) -> float:
        return self.rows / self.cpu_seconds


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure(
    argv: list[str], env: dict[str, str], timeout: float
) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS in MB and output of one child, killed past ``timeout``."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            # wait4 gives this child's own rusage; RUSAGE_CHILDREN would mix all of them.
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if timed_out.is_set():
        raise BenchFailure(f"{' '.join(argv)} ran past {timeout:.0f} s and was killed")
    if proc.returncode != 0:
        raise BenchFailure(f"{' '.join(argv)} exited {proc.returncode}:\n{text[-3000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


# -- the ledgers ------------------------------------------------------------------------------


class Ledger:
    """An empty practice (four clients, four retainers) to import into, again and again."""

    name = ""

    def env(self) -> dict[str, str]:
        raise NotImplementedError

    def reset(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError


PYCACHE = Path(tempfile.gettempdir()) / "fracos-bench-imports-pycache"


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "FRACOS_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    for var in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER", "FRACOS_NOW"):
        env.pop(var, None)
    # An installed CLI runs from cached bytecode; PYTHONDONTWRITEBYTECODE (set on the
    # shared machine) would add a second of compiling Django to every measured run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def _fracos() -> str:
    return str(Path(sys.executable).with_name("fracos"))


def set_up_practice(env: dict[str, str], first_date: str) -> None:
    from bench.generate import fracos_cli

    start = f"{first_date[:4]}-01-01"
    fracos_cli(_fracos(), env, "init", "--name", "Bench Practice", "--timezone", PRACTICE_TZ)
    for spec in CLIENTS:
        fracos_cli(_fracos(), env, "client", "add", spec.name)
    for spec in CLIENTS:
        fracos_cli(
            _fracos(),
            env,
            "engagement",
            "add",
            spec.name,
            "--role",
            spec.role,
            "--retainer",
            spec.retainer,
            "--days",
            spec.days,
            "--start",
            start,
        )


class SqliteLedger(Ledger):
    name = "SQLite"

    def __init__(self, scratch: Path, first_date: str) -> None:
        self.template = scratch / "template"
        self.live = scratch / "live"
        set_up_practice(_base_env(self.template), first_date)

    def env(self) -> dict[str, str]:
        return _base_env(self.live)

    def reset(self) -> None:
        shutil.rmtree(self.live, ignore_errors=True)
        shutil.copytree(self.template, self.live)

    def count(self) -> int:
        import sqlite3

        db = sqlite3.connect(self.live / "fracos.sqlite3")
        try:
            return int(db.execute("SELECT count(*) FROM timesheets_timeentry").fetchone()[0])
        finally:
            db.close()


class PostgresLedger(Ledger):
    name = "PostgreSQL"

    def __init__(self, scratch: Path, first_date: str) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/test", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        self.scratch = scratch
        set_up_practice(self.env(), first_date)

    def env(self) -> dict[str, str]:
        return {**_base_env(self.scratch), "FRACOS_DATABASE_URL": f"{PG_SERVER}/{PG_DATABASE}"}

    def _sql(self, sql: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/{PG_DATABASE}", autocommit=True) as conn:
            cursor = conn.execute(sql)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def reset(self) -> None:
        self._sql("TRUNCATE timesheets_timeentry")
        self._sql("VACUUM ANALYZE timesheets_timeentry")

    def count(self) -> int:
        return int(self._sql("SELECT count(*) FROM timesheets_timeentry")[0][0])


# -- the floor: bulk_create ---------------------------------------------------------------


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _seconds(hms: str) -> int:
    h, m, s = hms.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def floor(source: str, path: Path, limit: int) -> int:
    """Load the file's first ``limit`` entries with bulk_create: no mapping, checks or duplicates."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fracos.settings")
    from fracos.cli.boot import boot_django

    boot_django()
    from zoneinfo import ZoneInfo

    from django.db import transaction

    from fracos.engagements.models import Engagement
    from fracos.practice.models import Member
    from fracos.timesheets.models import TimeEntry

    member = Member.objects.select_related("practice").get(role="owner")
    zone = ZoneInfo(member.practice.timezone)
    engagement = {e.client.name: e for e in Engagement.objects.select_related("client")}
    now = datetime.now(UTC)

    def entry(kind: str, name: str, started: datetime, seconds: int, **more: Any) -> TimeEntry:
        target = engagement.get(name) if kind == "client" else None
        return TimeEntry(
            practice_id=member.practice_id,
            member_id=member.pk,
            kind=kind,
            engagement=target,
            client_id=target.client_id if target else None,
            work_date=started.astimezone(zone).date(),
            started_at=started,
            seconds=seconds,
            source=source,
            created_at=now,
            **more,
        )

    def toggl() -> Iterator[TimeEntry]:
        by_toggl_name = {v: k for k, v in importdata.TOGGL_CLIENT.items()}
        internal = {"Business development": "bd", "Administration": "admin"}
        with path.open(newline="", encoding="utf-8") as stream:
            rows = csv.reader(stream)
            next(rows)
            for r in rows:
                started = datetime.fromisoformat(f"{r[7]}T{r[8]}").replace(tzinfo=zone)
                seconds = _seconds(r[11])
                note = f"{r[4]}: {r[5]}" if r[4] else r[5]
                key = f"toggl|{started.isoformat()}|{seconds}|{r[2]}|{r[3]}|{note}"
                yield entry(
                    internal.get(r[3], "client") if not r[2] else "client",
                    by_toggl_name.get(r[2], ""),
                    started,
                    seconds,
                    note=note,
                    tags=",".join(t.strip() for t in r[12].split(",") if t.strip()),
                    billable=r[6] == "Yes",
                    external_id="h:" + hashlib.sha256(key.encode()).hexdigest()[:40],
                )

    def timew() -> Iterator[TimeEntry]:
        # The file is one interval per line, as `timew export` writes it; the real
        # reader cannot count on that, the floor may.
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                if not line.startswith("{"):
                    continue
                item = json.loads(line.rstrip().rstrip(","))
                started = datetime.fromisoformat(item["start"])
                tags = item["tags"]
                kind = tags[0] if tags[0] in ("bd", "admin") else "client"
                yield entry(
                    kind,
                    tags[0],
                    started,
                    int((datetime.fromisoformat(item["end"]) - started).total_seconds()),
                    note=item.get("annotation", ""),
                    tags=",".join(tags[1:]),
                    billable=kind == "client",
                    external_id="timew:" + item["start"],
                )

    written = 0
    with transaction.atomic():
        entries = itertools.islice(toggl() if source == "toggl" else timew(), limit)
        for batch in _batched(entries, FLOOR_BATCH):
            TimeEntry.objects.bulk_create(batch)
            written += len(batch)
    return written


# -- the runs ---------------------------------------------------------------------------------

SUMMARY = re.compile(r"(\d+) rows read: (\d+) to add, (\d+) already imported")


def bench_file(
    ledger: Ledger,
    source: str,
    path: Path,
    mapping: Path,
    rows: int,
    timeout: float,
    floor_rows: int,
) -> list[Run]:
    runs: list[Run] = []

    def record(what: str, argv: list[str], expect_added: int | None, rows: int = rows) -> None:
        before = loadavg()
        seconds, cpu, peak, output = measure(argv, ledger.env(), timeout)
        if expect_added is not None:
            found = SUMMARY.search(output)
            if not found or int(found.group(1)) != rows or int(found.group(2)) != expect_added:
                raise BenchFailure(f"{what}: expected {expect_added} to add, got:\n{output}")
        in_db = ledger.count()
        if in_db != rows:
            raise BenchFailure(f"{what}: {in_db} entries in the database, expected {rows}")
        runs.append(
            Run(ledger.name, source, what, rows, seconds, cpu, peak, in_db, before, loadavg())
        )
        done = runs[-1]
        print(
            f"  {what:<34}{done.rows:>11,}{done.seconds:>9.1f}{done.rate:>10,.0f}"
            f"{done.cpu_seconds:>9.1f}{done.cpu_rate:>10,.0f}{done.peak_mb:>8.0f} MB"
            f"   load {before}",
            flush=True,
        )

    command = [_fracos(), "import", source, str(path), "--mapping", str(mapping)]
    ledger.reset()
    warm_up(ledger, source, path.with_name(f"warm-up-{path.name}"), mapping, timeout)
    floor_rows = min(rows, floor_rows)
    record(
        "floor: ORM bulk_create" + ("" if floor_rows == rows else f" (first {floor_rows:,})"),
        [sys.executable, "-m", "bench.imports", "floor", source, str(path), str(floor_rows)],
        None,
        floor_rows,
    )
    ledger.reset()
    record("fracos import", command, rows)
    record("fracos import again (duplicates)", command, 0)
    return runs


def warm_up(ledger: Ledger, source: str, sample: Path, mapping: Path, timeout: float) -> None:
    """One untimed dry run of a few rows, so every timed run starts from cached bytecode."""
    write = importdata.write_toggl if source == "toggl" else importdata.write_timew
    write(sample, 20, datetime.now(UTC).date())
    dry_run = [_fracos(), "import", source, str(sample), "--mapping", str(mapping), "--dry-run"]
    measure(dry_run, ledger.env(), timeout)


def report_targets(runs: list[Run]) -> list[str]:
    lines = []
    for run in runs:
        if run.what != "fracos import":
            continue
        if run.source == "toggl":
            met = run.rate >= TARGET_CSV_ROWS_PER_S
            lines.append(
                f"{run.backend}: Toggl CSV import {run.rate:,.0f} rows/s "
                f"(target ≥ {TARGET_CSV_ROWS_PER_S:,}): {'met' if met else 'MISSED'}; "
                f"{run.cpu_rate:,.0f} rows per CPU second"
            )
        if run.rows >= 1_000_000:
            met = run.peak_mb < TARGET_PEAK_MB
            lines.append(
                f"{run.backend}: peak memory at {run.rows:,} rows {run.peak_mb:.0f} MB "
                f"(target < {TARGET_PEAK_MB} MB): {'met' if met else 'MISSED'}"
            )
    return lines


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "floor":
        print(f"{floor(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))} entries written")
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--toggl", type=int, default=100_000, help="Toggl CSV rows")
    parser.add_argument("--timew", type=int, default=1_000_000, help="Timewarrior intervals")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "imports")
    parser.add_argument("--pg", action="store_true", help=f"also on PostgreSQL ({PG_DATABASE})")
    parser.add_argument("--only-pg", action="store_true", help="on PostgreSQL only")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per child process")
    parser.add_argument(
        "--floor-rows",
        type=int,
        default=10**9,
        help="load only the first N entries in the floor run (it is the slowest: bound it)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    args.data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    manifest = importdata.build(args.data, args.toggl, args.timew)
    print(f"Files ready in {time.perf_counter() - started:.1f} s: {args.data}")
    files = [
        ("toggl", args.data / "toggl.csv", args.data / "toggl-mapping.json", args.toggl),
        ("timewarrior", args.data / "timew.json", args.data / "timew-mapping.json", args.timew),
    ]
    backends = [] if args.only_pg else [SqliteLedger]
    backends += [PostgresLedger] if (args.pg or args.only_pg) else []
    print(f"{platform.node()}: {os.cpu_count()} cores; load average {loadavg()} (1, 5, 15 min)")
    runs: list[Run] = []
    try:
        with tempfile.TemporaryDirectory(prefix="fracos-bench-imports-") as scratch:
            for backend in backends:
                ledger = backend(Path(scratch) / backend.name, manifest["first_date"])
                for source, path, mapping, rows in files:
                    print(
                        f"\n{ledger.name}, {source} ({path.stat().st_size / 1e6:.0f} MB)"
                        f"\n  {'':<34}{'rows':>11}{'wall s':>9}{'rows/s':>10}"
                        f"{'CPU s':>9}{'rows/CPU s':>11}{'peak RSS':>11}"
                    )
                    runs += bench_file(
                        ledger, source, path, mapping, rows, args.timeout, args.floor_rows
                    )
    except BenchFailure as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 2
    print()
    verdicts = report_targets(runs)
    for line in verdicts:
        print(line)
    print(f"load average after: {loadavg()}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results / f"{stamp}-imports.json").write_text(
        json.dumps(
            {
                "machine": platform.node(),
                "cores": os.cpu_count(),
                **manifest,
                "runs": [
                    asdict(r) | {"rows_per_s": r.rate, "rows_per_cpu_s": r.cpu_rate} for r in runs
                ],
            },
            indent=2,
        )
        + "\n"
    )
    return 1 if args.strict and any("MISSED" in line for line in verdicts) else 0


if __name__ == "__main__":
    raise SystemExit(main())
