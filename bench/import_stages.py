"""Where an import's time goes: CPU µs per row for reading, mapping and inserting.

    .venv/bin/python -m bench.import_stages [--source toggl] [--rows 100000] [--pg]

Sets up the bench practice (as `bench/imports.py` does), then in this one process
times each stage of `time_import` alone with `time.process_time` (this process's
CPU, so load from other processes barely moves it) and the wall clock:

- read + parse: the format's reader over the whole file (CSV/JSON to source rows);
- map + check: the resolver (client, engagement, ledger rules, external id);
- insert: the batched INSERT … ON CONFLICT DO NOTHING in one transaction
  (rolled back, so every repetition starts from an empty ledger);
- whole: `time_import` end to end (also rolled back: a dry run).

Prints the load average. Uses the files of `bench/importdata.py`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import importdata
from bench.imports import PG_DATABASE, PG_SERVER, ROOT, _base_env, loadavg, set_up_practice


def _timed(what: str, rows: int, work: Callable[[], Any]) -> Any:
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"  {what:<16}{cpu * 1e6 / rows:>8.1f} µs/row CPU{wall * 1e6 / rows:>9.1f} µs/row wall"
        f"{rows / wall:>10,.0f} rows/s",
        flush=True,
    )
    return result


def stages(source: str, path: Path, mapping_path: Path, rows: int) -> None:
    from fracos.cli.common import local_actor

    actor = local_actor()  # boots Django first
    from django.db import transaction

    from fracos.practice.selectors import practice_for
    from fracos.timesheets.imports.formats import READERS
    from fracos.timesheets.imports.pipeline import load_mapping
    from fracos.timesheets.selectors import DjangoDb, scope_for
    from fracos.timesheets.services import (
        IMPORT_BATCH,
        ImportReport,
        _import_batch,
        import_resolver,
        time_import,
    )

    tz = practice_for(actor).timezone
    mapping = load_mapping(mapping_path)
    db = DjangoDb()
    scope = scope_for(actor)
    parsed = _timed("read + parse", rows, lambda: list(READERS[source](path, tz)))
    resolver = import_resolver(db, scope, mapping)
    entries = _timed(
        "map + check",
        rows,
        lambda: [resolver.entry(r, source) for r in parsed],  # type: ignore[arg-type]
    )
    entries = [e for e in entries if e is not None]

    def insert() -> ImportReport:
        report = ImportReport(source, dry_run=True)
        with transaction.atomic():
            for start in range(0, len(entries), IMPORT_BATCH):
                _import_batch(scope, source, entries[start : start + IMPORT_BATCH], report)
            transaction.set_rollback(True)
        return report

    report = _timed("insert", rows, insert)
    assert report.added == len(entries), report
    whole = _timed(
        "whole (dry run)",
        rows,
        lambda: time_import(
            actor, source=source, rows=READERS[source](path, tz), mapping=mapping, dry_run=True
        ),
    )
    assert whole.added == rows and not whole.bad, whole


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", choices=("toggl", "timewarrior"), default="toggl")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "stages")
    parser.add_argument("--pg", action="store_true", help=f"on PostgreSQL ({PG_DATABASE})")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    toggl, timew = (args.rows, 10) if args.source == "toggl" else (10, args.rows)
    manifest = importdata.build(args.data, toggl, timew)
    name = "toggl" if args.source == "toggl" else "timew"
    path, mapping = args.data / f"{name}.csv", args.data / f"{name}-mapping.json"
    if args.source == "timewarrior":
        path = args.data / "timew.json"
    with tempfile.TemporaryDirectory(prefix="fracos-bench-stages-") as scratch:
        env = _base_env(Path(scratch))
        if args.pg:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/test", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
                admin.execute(f"CREATE DATABASE {PG_DATABASE}")
            env["FRACOS_DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
        set_up_practice(env, manifest["first_date"])
        os.environ.update({k: v for k, v in env.items() if k.startswith("FRACOS_")})
        backend = "PostgreSQL" if args.pg else "SQLite"
        print(f"{backend}, {args.source}, {args.rows:,} rows; load average {loadavg()}")
        stages(args.source, path, mapping, args.rows)
        print(f"load average after: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
