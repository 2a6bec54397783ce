"""Web benchmark: wrk against `fracos serve` on ten years of demo history.

    .venv/bin/python -m bench.web [--entries 20000] [--duration 10] [--connections 8]

Builds the demo practice in a temporary data directory and stretches it to ten
years of history (``bench/webdata.py``: ~20k time entries, ~500 issued and paid
invoices), serves it with `fracos serve`, signs in for a session cookie and runs
wrk on the dashboard, the week view, the invoice list and the clients list,
beside /healthz — a trivial Django view in the same server, the floor.
Targets: dashboard p95 < 100 ms, and within 4× of the trivial view's throughput.

Besides wall-clock figures it prints the server's CPU time per request (all its
processes, from /proc) and the load average: on a shared machine the wall-clock
figures move with the neighbours, the CPU per request much less.
Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-18T09:00:00+00:00"
PASSWORD = "bench-pass-123"
PAGES = [
    ("trivial view (/healthz)", "/healthz"),
    ("dashboard", "/"),
    ("week view", "/time/"),
    ("invoice list", "/invoices/"),
    ("clients list", "/clients/"),
]
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %.1f %.1f %.1f %.1f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def _fracos() -> str:
    return str(Path(sys.executable).with_name("fracos"))


def build(data_dir: Path, entries: int) -> None:
    env = {**os.environ, "FRACOS_DATA_DIR": str(data_dir), "FRACOS_NOW": NOW}
    env.pop("FRACOS_DATABASE_URL", None)
    subprocess.run(
        [_fracos(), "demo", "--password", PASSWORD], env=env, check=True, capture_output=True
    )
    done = subprocess.run(
        [sys.executable, "-m", "bench.webdata", "--entries", str(entries)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    print(f"In the database: {done.stdout.strip()}")


def cpu_seconds(root: int) -> float:
    """User + system CPU of ``root`` and every process below it (gunicorn's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    return sum(used.get(pid, 0.0) for pid in tree)


def start_server(
    env: dict[str, str], workers: int, threads: int
) -> tuple[subprocess.Popen[bytes], str]:
    """`fracos serve` on a free port with ``env``, once it answers /healthz; and its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            _fracos(),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def browser_cookies(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body = urllib.parse.urlencode(
        {"username": "lena@peeters.example", "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(
        urllib.request.Request(base + "/login/", data=body, headers={"Referer": base + "/login/"})
    )
    # Every cookie a browser would send back: the session and the CSRF cookie.
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run_wrk(
    url: str, cookie: str, seconds: int, connections: int, script: Path
) -> tuple[float, float, float, float, int]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    requests, errors, p50, p95, p99, duration = line.split()[1:]
    return int(requests) / float(duration), float(p50), float(p95), float(p99), int(errors)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="fracos-bench-web-") as tmp:
        data = Path(tmp) / "data"
        started = time.monotonic()
        build(data, args.entries)
        print(f"Built in {time.monotonic() - started:.1f} s")
        env = {
            **os.environ,
            "FRACOS_DATA_DIR": str(data),
            "FRACOS_NOW": NOW,
            "FRACOS_ACCESS_LOG": "/dev/null",
        }
        env.pop("FRACOS_DATABASE_URL", None)
        server, base = start_server(env, args.workers, args.threads)
        try:
            cookie = browser_cookies(base)
            script = Path(tmp) / "report.lua"
            script.write_text(LUA)
            results = {}
            print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            print(
                f"\nwrk: 2 threads, {args.connections} connections, {args.duration} s per page, "
                f"{args.workers} gunicorn workers × {args.threads} threads, SQLite\n"
            )
            print(
                f"{'page':<26}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
                f"{'CPU ms/req':>12}{'errors':>8}"
            )
            for name, path in PAGES:
                run_wrk(base + path, cookie, 2, args.connections, script)  # warm-up
                cpu_before = cpu_seconds(server.pid)
                rps, p50, p95, p99, errors = run_wrk(
                    base + path, cookie, args.duration, args.connections, script
                )
                cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000 / (rps * args.duration)
                results[path] = (rps, p95)
                print(
                    f"{name:<26}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{cpu_ms:>12.2f}"
                    f"{errors:>8}"
                )
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"\nload average after the run: {load} on {os.cpu_count()} cores")
            floor = results["/healthz"][0]
            dash_rps, dash_p95 = results["/"]
            print(
                f"\ndashboard p95 {dash_p95:.1f} ms (target < 100 ms): {'met' if dash_p95 < 100 else 'MISSED'}"
            )
            print(
                f"trivial view ÷ dashboard throughput {floor / dash_rps:.2f}× (target ≤ 4×): "
                f"{'met' if floor / dash_rps <= 4 else 'MISSED'}"
            )
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
