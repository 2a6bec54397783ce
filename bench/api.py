"""API benchmark: wrk against GET /api/v1/time-entries on 100,000 entries.

    .venv/bin/python -m bench.api [--entries 100000] [--duration 10] [--connections 8]

Builds a practice with `bench/generate.py`'s history (four clients, about eight
entries a working day going back decades; SQLite), creates a read-only token
with `fracos token create`, serves it with `fracos serve` and runs wrk, with
the token, on four pages of the list beside /healthz (a trivial view in the
same server, the floor):

- the first page (oldest entries, no filter);
- a page 90% of the way through, by its cursor (the cursor is the one the API
  hands out with the page a date filter starts on: following 900 pages from
  the first reaches the same one);
- one year, by date filter;
- the same year five pages in (date filter and cursor).

Every URL is fetched once first and must answer 200 with a full page.
Target: p95 under 50 ms for each page. Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bench.generate import PRACTICE_TZ, SEED, build_fracos, make_entries
from bench.web import LUA, cpu_seconds, start_server

TARGET_P95_MS = 50.0
PAGE = 100


def _fracos() -> str:
    return str(Path(sys.executable).with_name("fracos"))


def _env(data: Path) -> dict[str, str]:
    env = {**os.environ, "FRACOS_DATA_DIR": str(data), "FRACOS_ACCESS_LOG": "/dev/null"}
    for var in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER", "FRACOS_NOW"):
        env.pop(var, None)
    return env


def build(out: Path, entries: int) -> tuple[date, date]:
    today = datetime.now(ZoneInfo(PRACTICE_TZ)).date()
    made = make_entries(entries, 8, today, random.Random(SEED))
    build_fracos(out, _fracos(), made)
    return made[0].work_date, made[-1].work_date


def create_token(env: dict[str, str]) -> str:
    done = subprocess.run(
        [_fracos(), "token", "create", "--name", "bench", "--read-only", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return str(json.loads(done.stdout)["token"])


def get_page(base: str, token: str, query: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(
        f"{base}/api/v1/time-entries?{urlencode(query)}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        page: dict[str, object] = json.loads(response.read())
    items = page["items"]
    assert isinstance(items, list) and len(items) == PAGE, f"{query}: {len(items)} items"
    return page


def urls(base: str, token: str, first: date, last: date) -> list[tuple[str, str]]:
    """(label, path and query) of the pages to measure, their cursors taken from the API."""
    deep_day = first + (last - first) * 9 // 10
    deep = get_page(base, token, {"from": deep_day.isoformat()})
    year = first.year + (last.year - first.year) // 2
    in_year = {"from": f"{year}-01-01", "to": f"{year}-12-31"}
    page = get_page(base, token, in_year)
    for _ in range(4):
        page = get_page(base, token, {**in_year, "cursor": str(page["next_cursor"])})
    chosen = [
        ("first page", {}),
        ("deep cursor (90% in)", {"cursor": str(deep["next_cursor"])}),
        (f"date filter ({year})", in_year),
        (f"{year}, five pages in", {**in_year, "cursor": str(page["next_cursor"])}),
    ]
    for _, query in chosen:
        get_page(base, token, query)
    return [(label, f"/api/v1/time-entries?{urlencode(query)}") for label, query in chosen]


def run_wrk(
    url: str, token: str, seconds: int, connections: int, script: Path
) -> tuple[float, float, float, float, int]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    requests, errors, p50, p95, p99, duration = line.split()[1:]
    return int(requests) / float(duration), float(p50), float(p95), float(p99), int(errors)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument(
        "--connections", default="2,8", help="wrk connections; a comma list runs each in turn"
    )
    parser.add_argument(
        "--data", type=Path, help="keep the built practice here and reuse it on the next run"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    connections = [int(n) for n in str(args.connections).split(",")]
    with tempfile.TemporaryDirectory(prefix="fracos-bench-api-") as tmp:
        home = args.data or Path(tmp)
        data = home / "fracos"
        env = _env(data)
        manifest = home / "api-bench.json"
        if manifest.exists() and json.loads(manifest.read_text())["entries"] == args.entries:
            saved = json.loads(manifest.read_text())
            first, last = date.fromisoformat(saved["first"]), date.fromisoformat(saved["last"])
            token = str(saved["token"])
            print(f"Reusing {args.entries:,} entries in {data}")
        else:
            started = time.monotonic()
            shutil.rmtree(data, ignore_errors=True)
            first, last = build(home, args.entries)
            token = create_token(env)
            manifest.write_text(
                json.dumps(
                    {
                        "entries": args.entries,
                        "first": str(first),
                        "last": str(last),
                        "token": token,
                    }
                )
            )
            print(f"Built in {time.monotonic() - started:.0f} s")
        print(f"{args.entries:,} entries from {first} to {last}")
        server, base = start_server(env, args.workers, args.threads)
        missed = False
        try:
            pages = [("/healthz (floor)", "/healthz"), *urls(base, token, first, last)]
            script = Path(tmp) / "report.lua"
            script.write_text(LUA)
            for count in connections:
                print(
                    f"\nwrk: 2 threads, {count} connections, {args.duration} s per URL, "
                    f"{args.workers} gunicorn workers × {args.threads} threads, SQLite, {os.cpu_count()} cores"
                )
                print(
                    f"{'page':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
                    f"{'errors':>8}{'CPU ms/req':>12}   load average"
                )
                for label, path in pages:
                    run_wrk(base + path, token, 2, count, script)  # warm-up
                    before = loadavg()
                    cpu = cpu_seconds(server.pid)
                    rps, p50, p95, p99, errors = run_wrk(
                        base + path, token, args.duration, count, script
                    )
                    # The server's own CPU per request: what load from others barely moves.
                    cpu_ms = (cpu_seconds(server.pid) - cpu) * 1000 / (rps * args.duration)
                    print(
                        f"{label:<28}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{errors:>8}"
                        f"{cpu_ms:>12.2f}   {before}",
                        flush=True,
                    )
                    if path != "/healthz":
                        missed = missed or p95 >= TARGET_P95_MS or errors > 0
            print(
                f"\ntarget: p95 under {TARGET_P95_MS:.0f} ms on every page: "
                f"{'MISSED' if missed else 'met'}; load average after {loadavg()}"
            )
        finally:
            server.terminate()
            server.wait(timeout=15)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
