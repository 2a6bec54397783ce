"""Time fracos's hot CLI commands against Timewarrior and Watson on the same entries.

    .venv/bin/python bench/generate.py --entries 100000 --out /tmp/b100k
    .venv/bin/python bench/cli.py --data /tmp/b100k

Every figure is the wall-clock time of one whole process, start to exit, as a
user at a terminal feels it. Each tool works on a scratch copy of the data set,
so runs are repeatable and the generated set is never changed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

Argv = Callable[[int], list[str]]


@dataclass
class Measure:
    task: str
    tool: str
    argv_example: list[str]
    samples_ms: list[float] = field(default_factory=list)
    timed_out: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p90(self) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0]
        return statistics.quantiles(self.samples_ms, n=10, method="inclusive")[-1]


@dataclass(frozen=True)
class Tool:
    name: str
    env: dict[str, str]


class BenchFailure(RuntimeError):
    pass


class TooSlow(Exception):
    pass


def run_once(argv: list[str], env: dict[str, str], timeout_s: float) -> float:
    start = time.perf_counter()
    try:
        result = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout_s,
        )
    except subprocess.TimeoutExpired as exc:
        raise TooSlow from exc
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        # A command that fails fast would look like a win; stop the whole bench instead.
        raise BenchFailure(
            f"{' '.join(argv)} exited {result.returncode}: {result.stderr.decode()[-2000:]}"
        )
    return elapsed


@dataclass
class Job:
    measure: Measure
    tool: Tool
    argv: Argv
    planned: int = 0


def measure_task(
    task: str,
    runs: list[tuple[Tool, Argv]],
    reps: int,
    budget_s: float,
    min_reps: int,
    timeout_s: float,
) -> list[Measure]:
    """Time one task for every tool, in rounds, so that load drift hits all tools alike."""
    budget_ms = budget_s * 1000
    jobs = [Job(Measure(task, tool.name, argv(1)), tool, argv) for tool, argv in runs]
    for job in jobs:
        try:
            # The first run is untimed: it proves the command works and warms the page cache.
            first = run_once(job.argv(0), job.tool.env, timeout_s)
        except TooSlow:
            # A lower bound, shown as ">timeout": never a failure, never a ratio.
            job.measure.samples_ms = [timeout_s * 1000]
            job.measure.timed_out = True
            continue
        if first >= budget_ms:
            # Slower than its whole budget: warm-up effects are noise next to that, so the
            # one run is the figure rather than spending minutes on more.
            job.measure.samples_ms.append(first)
            continue
        job.planned = min(reps, max(1, int(budget_ms // max(first, 1.0))))
        if job.planned < min_reps and first * min_reps <= 2 * budget_ms:
            job.planned = min_reps
    for i in range(1, max((job.planned for job in jobs), default=0) + 1):
        for job in jobs:
            if i > job.planned or job.measure.timed_out:
                continue
            try:
                job.measure.samples_ms.append(run_once(job.argv(i), job.tool.env, timeout_s))
            except TooSlow:
                job.measure.samples_ms = [timeout_s * 1000]
                job.measure.timed_out = True
    return [job.measure for job in jobs]


def scratch_copy(data: Path, scratch: Path) -> None:
    for name in ("fracos", "timew", "watson"):
        shutil.copytree(data / name, scratch / name)


def tool_version(argv: list[str], env: dict[str, str]) -> str:
    try:
        out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30)
    except OSError as exc:
        return f"unavailable: {exc}"
    return (out.stdout or out.stderr).strip().splitlines()[0] if out.returncode == 0 else "?"


def fracos_commit(fracos_python: str) -> str:
    """The commit of the fracos source being measured (the editable install's repository)."""
    probe = subprocess.run(
        [fracos_python, "-c", "import fracos, os; print(os.path.dirname(fracos.__file__))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return "?"
    head = subprocess.run(
        ["git", "-C", probe.stdout.strip(), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    )
    return head.stdout.strip() or "?"


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a dir made by generate.py")
    parser.add_argument("--reps", type=int, default=15, help="timed runs per command (max)")
    parser.add_argument("--min-reps", type=int, default=3, help="timed runs even for slow peers")
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds each command may spend; slow commands get fewer runs (>= --min-reps)",
    )
    parser.add_argument(
        "--fracos", default=str(Path(sys.executable).with_name("fracos")), help="fracos executable"
    )
    parser.add_argument("--timew", default=shutil.which("timew") or "timew")
    parser.add_argument("--watson", default=shutil.which("watson") or "/tmp/watson-venv/bin/watson")
    parser.add_argument(
        "--bytecode-cache",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="let the Python tools cache bytecode (in the scratch dir), as an install does",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds one run may take before it is cut"
    )
    parser.add_argument(
        "--tools", default="fracos,timew,watson", help="comma-separated subset, e.g. fracos,timew"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args()

    chosen = set(args.tools.split(","))
    if "fracos" not in chosen or not chosen <= {"fracos", "timew", "watson"}:
        parser.error("--tools: fracos plus any of timew, watson")
    data: Path = args.data.resolve()
    manifest = json.loads((data / "manifest.json").read_text())
    entries: int = manifest["entries"]
    acme = manifest["clients"][0]

    with tempfile.TemporaryDirectory(prefix="fracos-bench-") as tmp:
        scratch = Path(tmp)
        scratch_copy(data, scratch)
        # Flush the copy now, or its write-back competes with the first commit's fsync and
        # `fracos log`, timed first, pays for it.
        os.sync()
        base = {k: v for k, v in os.environ.items() if not k.startswith(("FRACOS_", "WATSON_"))}
        # The peers read local time; UTC makes "today" and the month the same for all three.
        base["TZ"] = "UTC"
        if args.bytecode_cache:
            # An installed CLI runs from cached bytecode; with PYTHONDONTWRITEBYTECODE set (as
            # in some dev shells) every run would recompile fracos and Watson from source.
            # The untimed first run fills a scratch cache, so nothing is written into src/.
            base.pop("PYTHONDONTWRITEBYTECODE", None)
            base["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        fracos = Tool("fracos", {**base, "FRACOS_DATA_DIR": str(scratch / "fracos")})
        timew = Tool("timew", {**base, "TIMEWARRIORDB": str(scratch / "timew")})
        watson = Tool("watson", {**base, "WATSON_DIR": str(scratch / "watson")})

        # History ends yesterday; each logged entry gets its own minute of today, because
        # timew refuses overlapping intervals and a clash would fail the run.
        midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

        def slot(i: int) -> tuple[datetime, datetime]:
            start = midnight + timedelta(minutes=2 * i)
            return start, start + timedelta(minutes=1)

        def timew_track(i: int) -> list[str]:
            a, b = slot(i)
            return [args.timew, "track", f"{a:%Y-%m-%dT%H:%M:%S}", "-", f"{b:%Y-%m-%dT%H:%M:%S}"]

        def watson_add(i: int) -> list[str]:
            a, b = slot(i)
            return [args.watson, "add", "-f", f"{a:%Y-%m-%d %H:%M}", "-t", f"{b:%Y-%m-%d %H:%M}"]

        plan: list[tuple[str, Tool, Argv]] = [
            (
                "log one entry",
                fracos,
                lambda i: [args.fracos, "log", acme["prefix"], "1m", "bench"],
            ),
            ("log one entry", timew, lambda i: [*timew_track(i), acme["name"]]),
            ("log one entry", watson, lambda i: [*watson_add(i), acme["watson"], "+bench"]),
            ("report: this month", fracos, lambda i: [args.fracos, "report", "--period", "month"]),
            ("report: this month", timew, lambda i: [args.timew, "summary", ":month"]),
            (
                "report: this month",
                watson,
                lambda i: [args.watson, "report", "--month", "--no-pager"],
            ),
            (
                "report: all time",
                fracos,
                lambda i: [args.fracos, "report", "--period", "all", "--by", "month"],
            ),
            ("report: all time", timew, lambda i: [args.timew, "summary", ":all"]),
            ("report: all time", watson, lambda i: [args.watson, "report", "--all", "--no-pager"]),
        ]

        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        results: list[Measure] = []
        try:
            for task in dict.fromkeys(task for task, _, _ in plan):
                runs = [(tool, argv) for t, tool, argv in plan if t == task and tool.name in chosen]
                for m in measure_task(
                    task, runs, args.reps, args.budget, args.min_reps, args.timeout
                ):
                    print(
                        f"  {task:<20} {m.tool:<7} n={len(m.samples_ms):<3}"
                        f" median {fmt_ms(m.median):>7} ms  p90 {fmt_ms(m.p90):>7} ms",
                        file=sys.stderr,
                    )
                    results.append(m)
        except BenchFailure as exc:
            print(f"bench failed: {exc}", file=sys.stderr)
            return 2
        wall = time.perf_counter() - started
        load_after = os.getloadavg()[0]

        versions = {
            "fracos": f"commit {fracos_commit(str(Path(args.fracos).with_name('python')))}",
            "timew": tool_version([args.timew, "--version"], timew.env),
            "watson": tool_version([args.watson, "--version"], watson.env),
        }

    by_key = {(m.task, m.tool): m for m in results}
    tasks = list(dict.fromkeys(m.task for m in results))
    peers = [p for p in ("timew", "watson") if p in chosen]

    def cell(m: Measure | None) -> str:
        if m is None:
            return "-"
        if m.timed_out:
            return f">{fmt_ms(m.median)}"
        return f"{fmt_ms(m.median)} ({fmt_ms(m.p90)})"

    def ratio(task: str, peer: str) -> str:
        ours, theirs = by_key.get((task, "fracos")), by_key.get((task, peer))
        if ours is None or theirs is None or ours.timed_out or theirs.timed_out:
            return "-"
        return f"{ours.median / theirs.median:.3g}"

    print(
        f"\nfracos CLI bench: {entries:,} entries ({manifest['first_date']} → "
        f"{manifest['last_date']}), times in ms, median (p90)"
    )
    header = f"{'command':<20} {'fracos':>17} " + " ".join(f"{p:>17}" for p in peers)
    header += "  " + "  ".join(f"{'fracos/' + p:>13}" for p in peers)
    print(header)
    print("-" * len(header))
    for task in tasks:
        cells = [cell(by_key.get((task, tool))).rjust(17) for tool in ("fracos", *peers)]
        ratios = [ratio(task, p).rjust(13) for p in peers]
        print(f"{task:<20} {' '.join(cells)}  {'  '.join(ratios)}")
    print(
        f"runs per command: {', '.join(str(len(m.samples_ms)) for m in results)}; wall {wall:.0f}s;"
        f" load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} CPUs"
    )
    if max(load_before, load_after) > 0.5 * (os.cpu_count() or 1):
        # Absolute times on a busy machine say little; the ratios, taken in rounds, hold up better.
        print("warning: the machine was busy during this run; compare ratios, not milliseconds")

    def med(task: str, tool: str) -> float | None:
        m = by_key.get((task, tool))
        return None if m is None or m.timed_out else m.median

    targets = [
        ("log < 100 ms", 100_000, med("log one entry", "fracos"), 100.0),
        (
            "month report <= timew month",
            100_000,
            med("report: this month", "fracos"),
            med("report: this month", "timew"),
        ),
        ("all-by-month < 300 ms", 100_000, med("report: all time", "fracos"), 300.0),
        ("month report < 100 ms", 1_000_000, med("report: this month", "fracos"), 100.0),
    ]
    print("\ntargets")
    verdicts = []
    failed = False
    for label, at, value, limit in targets:
        if value is None or limit is None:
            verdict = "not measured"
        else:
            ok = value <= limit if "<=" in label else value < limit
            if entries == at:
                verdict = "PASS" if ok else "FAIL"
                failed |= not ok
            else:
                verdict = f"n/a (defined at {at:,}; here it would {'pass' if ok else 'fail'})"
        verdicts.append(
            {
                "target": label,
                "at_entries": at,
                "value_ms": value,
                "limit_ms": limit,
                "verdict": verdict,
            }
        )
        print(f"  at {at:>9,}: {label:<28} {fmt_ms(value):>7} vs {fmt_ms(limit):>7} ms  {verdict}")

    out_dir = BENCH_DIR / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"{stamp}-{entries}.json"
    path.write_text(
        json.dumps(
            {
                "when": stamp,
                "manifest": manifest,
                "machine": {
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load_average": [load_before, load_after],
                },
                "versions": versions,
                "settings": {
                    "reps": args.reps,
                    "min_reps": args.min_reps,
                    "budget_s": args.budget,
                    "bytecode_cache": args.bytecode_cache,
                },
                "wall_s": wall,
                "results": [{**asdict(m), "median_ms": m.median, "p90_ms": m.p90} for m in results],
                "targets": verdicts,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwrote {path.relative_to(BENCH_DIR.parent)}")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
