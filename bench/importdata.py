"""The import benchmark's input files: a Toggl team's detailed CSV and a `timew export`.

    .venv/bin/python -m bench.importdata --toggl 100000 --timew 1000000 --out bench/data/imports

Both are written as they are generated (a row at a time), so making a million
intervals needs no more memory than making ten. The same seed always gives
the same files, and the manifest records what the import should find.

Toggl: a team of eight in five time zones, exported by a member in Brussels,
so every start is Brussels wall time (Toggl's CSV has no offset): New York
evenings cross Brussels midnight, Singapore mornings start at 01:00 or 02:00,
and the US and the EU change clocks on different Sundays. Newest first, as
Toggl's detailed report is sorted. Timewarrior: one shared ledger, 100
intervals per working day going back decades, UTC instants as `timew export`
writes them, oldest first with id 1 the newest.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.generate import ADMIN_NOTES, BD_NOTES, CLIENTS, PRACTICE_TZ, TAGS

SEED = 20261201
TOGGL_HEADER = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
    "Amount (EUR)",
]


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    tz: str


TEAM = (
    Person("Lena Peeters", "lena@peeters.example", "Europe/Brussels"),
    Person("Jonas Maes", "jonas@peeters.example", "Europe/Brussels"),
    Person("Sofie Claes", "sofie@peeters.example", "Europe/Brussels"),
    Person("Oliver Grant", "oliver@peeters.example", "Europe/London"),
    Person("Inês Duarte", "ines@peeters.example", "Europe/Lisbon"),
    Person("Maya Cohen", "maya@peeters.example", "America/New_York"),
    Person("Ravi Menon", "ravi@peeters.example", "America/New_York"),
    Person("Wei Tan", "wei@peeters.example", "Asia/Singapore"),
)

# How each fracos client appears in Toggl: two match by name, one by a unique
# prefix ("Cobalt"), one only through the mapping file ("Delta Retail Group").
TOGGL_CLIENT = {
    "Acme Logistics": "Acme Logistics",
    "Brightwave Health": "Brightwave Health",
    "Cobalt Fintech": "Cobalt",
    "Delta Retail": "Delta Retail Group",
}
TOGGL_PROJECTS = ("Advisory", "Platform", "Hiring", "Security")
TOGGL_TASKS = ("", "", "", "", "Meeting", "Review")
INTERNAL = (("Business development", BD_NOTES), ("Administration", ADMIN_NOTES))
TOGGL_MAPPING = {
    "Business development": "bd",
    "Administration": "admin",
    "Delta Retail Group": "Delta Retail",
}
TIMEW_MAPPING = {"bd": "bd", "admin": "admin"}
HOURLY_RATE = 150
DURATIONS_MIN = (15, 30, 30, 45, 45, 60, 60, 60, 75, 90, 120)


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _weekdays_back(today: date) -> Iterator[date]:
    day = today - timedelta(days=1)
    while True:
        if day.weekday() < 5:
            yield day
        day -= timedelta(days=1)


def toggl_rows(count: int, today: date, rng: random.Random) -> Iterator[list[str]]:
    """Detailed-report rows, newest day first; each member's day in their own zone."""
    shown_in = ZoneInfo(PRACTICE_TZ)
    zones = {p.email: ZoneInfo(p.tz) for p in TEAM}
    # The importer's hash of (start, duration, client, project, note) must not collide
    # between two members, or the second would rightly count as a duplicate.
    seen: set[tuple[str, int, str, str, str]] = set()
    made = 0
    for day in _weekdays_back(today):
        for person in TEAM:
            if made >= count:
                return
            at = datetime(day.year, day.month, day.day, 8, rng.choice((0, 15, 30)))
            cursor = at.replace(tzinfo=zones[person.email])
            for i in range(rng.randint(6, 10)):
                if made >= count:
                    return
                seconds = rng.choice(DURATIONS_MIN) * 60
                if day.weekday() == 4 and i >= 5 and rng.random() < 0.5:
                    client, (project, notes) = "", rng.choice(INTERNAL)
                    billable = False
                else:
                    spec = CLIENTS[rng.randrange(len(CLIENTS))]
                    client, notes = TOGGL_CLIENT[spec.name], spec.notes
                    project, billable = rng.choice(TOGGL_PROJECTS), True
                note, task = rng.choice(notes), rng.choice(TOGGL_TASKS)
                start = cursor.astimezone(shown_in)
                while (start.isoformat(), seconds, client, project, note) in seen:
                    start += timedelta(minutes=1)
                seen.add((start.isoformat(), seconds, client, project, note))
                end = start + timedelta(seconds=seconds)
                tags = ", ".join(
                    t for t in dict.fromkeys((rng.choice(TAGS), rng.choice(TAGS))) if t
                )
                amount = f"{HOURLY_RATE * seconds / 3600:.2f}" if billable else ""
                yield [
                    person.name,
                    person.email,
                    client,
                    project,
                    task,
                    note,
                    "Yes" if billable else "No",
                    f"{start:%Y-%m-%d}",
                    f"{start:%H:%M:%S}",
                    f"{end:%Y-%m-%d}",
                    f"{end:%H:%M:%S}",
                    _hms(seconds),
                    tags,
                    amount,
                ]
                made += 1
                cursor += timedelta(seconds=seconds + rng.choice((0, 0, 5, 10, 15)) * 60)


def write_toggl(path: Path, count: int, today: date) -> date:
    """Write the CSV; returns the earliest Brussels date in it."""
    rng = random.Random(SEED)
    first = today
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(TOGGL_HEADER)
        for row in toggl_rows(count, today, rng):
            writer.writerow(row)
            first = min(first, date.fromisoformat(row[7]))
    return first


TIMEW_PER_DAY = 100


def timew_days(count: int, today: date) -> list[date]:
    days = -(-count // TIMEW_PER_DAY)
    back = _weekdays_back(today)
    return sorted(next(back) for _ in range(days))


def write_timew(path: Path, count: int, today: date) -> date:
    """Write a `timew export` list, oldest first; returns the earliest date in it."""
    rng = random.Random(SEED + 1)
    tz = ZoneInfo(PRACTICE_TZ)
    days = timew_days(count, today)
    made = 0
    with path.open("w", encoding="utf-8") as stream:
        stream.write("[\n")
        for day in days:
            cursor = datetime(day.year, day.month, day.day, 7, 0, tzinfo=tz).astimezone(UTC)
            for _ in range(min(TIMEW_PER_DAY, count - made)):
                seconds = rng.choice((5, 6, 7, 8)) * 60
                end = cursor + timedelta(seconds=seconds)
                if day.weekday() == 4 and rng.random() < 0.1:
                    kind = rng.choice(("bd", "admin"))
                    tags, note = [kind], rng.choice(BD_NOTES if kind == "bd" else ADMIN_NOTES)
                else:
                    spec = CLIENTS[rng.randrange(len(CLIENTS))]
                    tags, note = [spec.name], rng.choice(spec.notes)
                    extra = rng.choice(TAGS)
                    if extra:
                        tags.append(extra)
                item = (
                    f'{{"id":{count - made},"start":"{cursor:%Y%m%dT%H%M%SZ}",'
                    f'"end":"{end:%Y%m%dT%H%M%SZ}","tags":{json.dumps(tags, separators=(",", ":"))},'
                    f'"annotation":{json.dumps(note)}}}'
                )
                made += 1
                stream.write(item + (",\n" if made < count else "\n"))
                cursor = end + timedelta(seconds=rng.choice((0, 0, 60)))
        stream.write("]\n")
    return days[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toggl", type=int, default=100_000, help="Toggl CSV rows")
    parser.add_argument("--timew", type=int, default=1_000_000, help="Timewarrior intervals")
    parser.add_argument("--out", type=Path, default=Path("bench/data/imports"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(json.dumps(build(args.out, args.toggl, args.timew), indent=2))


def build(out: Path, toggl: int, timew: int) -> dict[str, object]:
    """Write both files and their mapping files, or reuse them when the manifest matches."""
    today = datetime.now(ZoneInfo(PRACTICE_TZ)).date()
    wanted = {"toggl_rows": toggl, "timew_entries": timew, "generated_on": today.isoformat()}
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if all(manifest.get(k) == v for k, v in wanted.items()):
            return dict(manifest)
    first_toggl = write_toggl(out / "toggl.csv", toggl, today)
    first_timew = write_timew(out / "timew.json", timew, today)
    (out / "toggl-mapping.json").write_text(json.dumps(TOGGL_MAPPING, indent=1))
    (out / "timew-mapping.json").write_text(json.dumps(TIMEW_MAPPING, indent=1))
    manifest = {
        **wanted,
        "first_date": min(first_toggl, first_timew).isoformat(),
        "toggl_bytes": (out / "toggl.csv").stat().st_size,
        "timew_bytes": (out / "timew.json").stat().st_size,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    main()
