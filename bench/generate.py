"""Build one benchmark data set, held identically by fracos, Timewarrior and Watson.

    .venv/bin/python bench/generate.py --entries 100000 --out /tmp/b100k

The practice itself is created through the real CLI (so its schema, settings and
engagements are exactly what a user gets); only the bulk history is written
directly, because logging 100,000 entries one command at a time would take hours.

Layout of OUT:
    fracos/    FRACOS_DATA_DIR   (fracos.sqlite3)
    timew/     TIMEWARRIORDB     (timewarrior.cfg, data/YYYY-MM.data, tags.data)
    watson/    WATSON_DIR        (frames)
    manifest.json                 what was generated, read by bench/cli.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PRACTICE_TZ = "Europe/Brussels"
SEED = 20260101


@dataclass(frozen=True)
class ClientSpec:
    name: str
    prefix: str
    role: str
    retainer: str
    days: str
    slug: str  # Watson project name: one word, as Watson users name projects
    notes: tuple[str, ...]


CLIENTS = (
    ClientSpec(
        "Acme Logistics",
        "acme",
        "Fractional CTO",
        "8000/month",
        "mon,tue",
        "acme",
        (
            "Architecture review of the routing service",
            "1:1 with the engineering manager",
            "Hiring loop: senior backend interview",
            "Cloud cost review",
            "Incident retro: warehouse sync outage",
            "Roadmap planning with the CEO",
            "Vendor call: fleet telematics API",
        ),
    ),
    ClientSpec(
        "Brightwave Health",
        "bright",
        "Fractional CTO",
        "6000/month",
        "wed",
        "brightwave",
        (
            "HIPAA controls walkthrough",
            "Data platform design session",
            "Board deck: technology section",
            "Pairing with the tech lead on the auth migration",
            "Security questionnaire for a hospital buyer",
            "Weekly leadership sync",
        ),
    ),
    ClientSpec(
        "Cobalt Fintech",
        "cobalt",
        "Fractional CTO",
        "7000/month",
        "thu",
        "cobalt",
        (
            "PSD2 integration review",
            "Due diligence prep for the Series A",
            "Team topology workshop",
            "On-call process redesign",
            "Code review: ledger reconciliation",
            "Budget forecast for next quarter",
        ),
    ),
    ClientSpec(
        "Delta Retail",
        "delta",
        "Fractional CTO",
        "5000/month",
        "fri",
        "delta",
        (
            "E-commerce replatforming options",
            "Search relevance review",
            "Agency contract negotiation",
            "Peak-season load test plan",
        ),
    ),
)

BD_NOTES = (
    "Coffee with a founder from the warm network",
    "Follow-up emails after the meetup",
    "Proposal draft for a prospective pilot",
    "LinkedIn post on fractional leadership",
)
ADMIN_NOTES = (
    "Invoicing and bookkeeping",
    "Expense receipts",
    "Weekly planning",
    "Accountant call",
)
TAGS = ("", "", "", "meeting", "review", "hiring", "planning")
# Weighted toward the short meetings that dominate a fractional leader's day.
DURATIONS_MIN = (15, 30, 30, 45, 45, 60, 60, 60, 75, 90, 120, 180)
WEEKDAY_CLIENT = {0: 0, 1: 0, 2: 1, 3: 2, 4: 3}


@dataclass(frozen=True)
class Entry:
    kind: str  # client | bd | admin
    client: int | None  # index into CLIENTS
    work_date: date
    start_utc: datetime
    seconds: int
    note: str
    tags: str


def working_days_back(today: date) -> Iterator[date]:
    """Mon–Fri, newest first, strictly before today so the bench can log today without overlap."""
    day = today - timedelta(days=1)
    while True:
        if day.weekday() < 5:
            yield day
        day -= timedelta(days=1)


def make_entries(count: int, per_day: int, today: date, rng: random.Random) -> list[Entry]:
    tz = ZoneInfo(PRACTICE_TZ)
    days: list[list[Entry]] = []
    made = 0
    for day in working_days_back(today):
        if made >= count:
            break
        n = min(count - made, max(1, per_day + rng.randint(-2, 2)))
        made += n
        # Local 08:00 converted once per day; the entries follow back to back with short gaps.
        cursor = datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz).astimezone(UTC)
        cursor = cursor.replace(tzinfo=None)
        day_end = cursor + timedelta(hours=15)
        # Dense days (a large --per-day) shrink entries so a day never spills into the next;
        # tomorrow's intervals must stay free, since timew refuses overlaps at `track`.
        cap = max(5 * 60, (15 * 3600 // n) // 60 * 60) if n > 12 else 3 * 3600
        focus = WEEKDAY_CLIENT[day.weekday()]
        entries: list[Entry] = []
        for i in range(n):
            seconds = min(cap, rng.choice(DURATIONS_MIN) * 60)
            if cursor + timedelta(seconds=seconds) > day_end:
                seconds = min(cap, 15 * 60)
            if day.weekday() == 4 and i >= n - 2 and rng.random() < 0.7:
                kind = rng.choice(("bd", "admin"))
                client = None
                note = rng.choice(BD_NOTES if kind == "bd" else ADMIN_NOTES)
            else:
                kind = "client"
                client = focus if rng.random() < 0.6 else rng.randrange(len(CLIENTS))
                note = rng.choice(CLIENTS[client].notes)
            entries.append(Entry(kind, client, day, cursor, seconds, note, rng.choice(TAGS)))
            gap = rng.choice((0, 0, 5, 10, 15)) * 60 if cap >= 15 * 60 else 0
            cursor += timedelta(seconds=seconds + gap)
        days.append(entries)
    days.reverse()
    return [entry for day_entries in days for entry in day_entries]


def fracos_cli(fracos: str, env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [fracos, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if result.returncode != 0:
        sys.exit(f"fracos {' '.join(args)} failed ({result.returncode}):\n{result.stdout}")


def build_fracos(out: Path, fracos: str, entries: list[Entry]) -> None:
    data = out / "fracos"
    env = {**os.environ, "FRACOS_DATA_DIR": str(data)}
    for var in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER"):
        env.pop(var, None)
    start = date(entries[0].work_date.year, 1, 1).isoformat()
    fracos_cli(fracos, env, "init", "--name", "Bench Practice", "--timezone", PRACTICE_TZ)
    for spec in CLIENTS:
        fracos_cli(fracos, env, "client", "add", spec.name)
    for spec in CLIENTS:
        fracos_cli(
            fracos,
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

    db = sqlite3.connect(data / "fracos.sqlite3")
    try:
        (practice_id,) = db.execute("SELECT id FROM practice_practice").fetchone()
        (member_id,) = db.execute(
            "SELECT id FROM practice_member WHERE practice_id = ? AND role = 'owner'",
            (practice_id,),
        ).fetchone()
        engagement_by_client: dict[str, tuple[int, int]] = {
            name: (eid, cid)
            for eid, cid, name in db.execute(
                "SELECT e.id, c.id, c.name FROM engagements_engagement e"
                " JOIN clients_client c ON c.id = e.client_id WHERE e.practice_id = ?",
                (practice_id,),
            )
        }
        ids = [engagement_by_client[spec.name] for spec in CLIENTS]

        def rows() -> Iterator[tuple[object, ...]]:
            for e in entries:
                eid, cid = ids[e.client] if e.client is not None else (None, None)
                started = e.start_utc.strftime("%Y-%m-%d %H:%M:%S")
                created = (e.start_utc + timedelta(seconds=e.seconds)).strftime("%Y-%m-%d %H:%M:%S")
                yield (
                    practice_id,
                    member_id,
                    e.kind,
                    eid,
                    cid,
                    e.work_date.isoformat(),
                    started,
                    e.seconds,
                    e.note,
                    e.tags,
                    1 if e.kind == "client" else 0,
                    "bench",
                    "",
                    created,
                )

        with db:
            db.executemany(
                "INSERT INTO timesheets_timeentry (practice_id, member_id, kind, engagement_id,"
                " client_id, work_date, started_at, seconds, note, tags, billable, source,"
                " external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows(),
            )
        # A real database that grew entry by entry has fresh statistics; give ours the same.
        db.execute("ANALYZE")
    finally:
        db.close()


def timew_tags(e: Entry) -> list[str]:
    tags = [CLIENTS[e.client].name if e.client is not None else e.kind]
    if e.tags:
        tags.append(e.tags)
    return tags


def timew_quote(text: str) -> str:
    if text and all(ch.isalnum() or ch in "-_." for ch in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_timew(out: Path, entries: list[Entry]) -> None:
    root = out / "timew"
    (root / "data").mkdir(parents=True)
    # Both files exist so that timew never stops to ask whether to create a database.
    (root / "timewarrior.cfg").write_text("")
    (root / "timew.cfg").write_text("")
    by_month: dict[str, list[str]] = defaultdict(list)
    tag_counts: Counter[str] = Counter()
    for e in entries:
        end = e.start_utc + timedelta(seconds=e.seconds)
        tags = timew_tags(e)
        tag_counts.update(tags)
        line = (
            f"inc {e.start_utc:%Y%m%dT%H%M%SZ} - {end:%Y%m%dT%H%M%SZ}"
            f" # {' '.join(timew_quote(t) for t in tags)} # {timew_quote(e.note)}"
        )
        by_month[f"{e.start_utc:%Y-%m}"].append(line)
    for month, lines in by_month.items():
        (root / "data" / f"{month}.data").write_text("\n".join(lines) + "\n")
    (root / "data" / "tags.data").write_text(
        json.dumps({t: {"count": c} for t, c in sorted(tag_counts.items())}, indent=1)
    )


def build_watson(out: Path, entries: list[Entry], rng: random.Random) -> None:
    root = out / "watson"
    root.mkdir()
    frames = []
    for e in entries:
        start = int(e.start_utc.replace(tzinfo=UTC).timestamp())
        project = CLIENTS[e.client].slug if e.client is not None else e.kind
        tags = [e.tags] if e.tags else []
        frames.append(
            [start, start + e.seconds, project, f"{rng.getrandbits(128):032x}", tags, start]
        )
    # Watson keeps no notes in its frames; the project and tags are the same entries.
    (root / "frames").write_text(json.dumps(frames))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, required=True, help="e.g. 10000, 100000, 1000000")
    parser.add_argument("--out", type=Path, required=True, help="directory to create (replaced)")
    parser.add_argument("--per-day", type=int, default=8, help="mean entries per working day")
    parser.add_argument(
        "--fracos",
        default=str(Path(sys.executable).with_name("fracos")),
        help="fracos executable (default: next to this Python)",
    )
    args = parser.parse_args()
    if args.entries < 1 or args.per_day < 3:
        parser.error("--entries must be positive and --per-day at least 3")

    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(SEED)
    today = datetime.now(ZoneInfo(PRACTICE_TZ)).date()

    t0 = time.perf_counter()
    entries = make_entries(args.entries, args.per_day, today, rng)
    if entries[0].work_date.year < 1971:
        # Timewarrior asserts on any year before 1969 and Watson's epochs go negative.
        shutil.rmtree(out)
        per_day = -(-args.entries // 12_000)
        sys.exit(
            f"{args.entries} entries at {args.per_day}/day reach back to "
            f"{entries[0].work_date}, before Timewarrior can store; use --per-day {per_day}"
            " or more (a firm's ledger rather than one person's)"
        )
    print(f"{len(entries)} entries from {entries[0].work_date} to {entries[-1].work_date}")
    build_fracos(out, args.fracos, entries)
    print(f"  fracos   {time.perf_counter() - t0:6.1f}s")
    build_timew(out, entries)
    print(f"  timew    {time.perf_counter() - t0:6.1f}s")
    build_watson(out, entries, rng)
    print(f"  watson   {time.perf_counter() - t0:6.1f}s")
    manifest = {
        "entries": len(entries),
        "per_day": args.per_day,
        "first_date": entries[0].work_date.isoformat(),
        "last_date": entries[-1].work_date.isoformat(),
        "generated_on": today.isoformat(),
        "practice_timezone": PRACTICE_TZ,
        "clients": [{"name": c.name, "prefix": c.prefix, "watson": c.slug} for c in CLIENTS],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
