"""The hot commands — log, start, stop, status, week, report — without Django's start-up.

They parse their own arguments (argparse), open the database directly and run
the one implementation of their rules in ``timesheets/ledger.py``; the web app
and the API call the same functions on Django's connection.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import date

from fracos.cli import plain
from fracos.core import clock
from fracos.core.durations import format_duration
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.sqldb import Db
from fracos.timesheets import ledger


class _Parser(argparse.ArgumentParser):
    """Bad arguments are one red line and exit 1, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ValidationFailed(f"{self.prog}: {message}")


def _parser(name: str, summary: str, example: str) -> _Parser:
    return _Parser(
        prog=f"fracos {name}",
        description=summary,
        epilog=f"Example:\n  {example}",
        # A fixed width spares argparse probing the terminal (shutil), on every run.
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=100),
    )


def _fmt(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=plain.FORMATS, default="table", help="table (default), csv or json"
    )


def _date(text: str) -> date:
    return clock.parse_date(text)


SUMMARIES = {
    "log": "Log time worked for a client, or business development / admin time.",
    "start": "Start the timer for a client (one timer at a time).",
    "stop": "Stop the running timer and record the time.",
    "status": "Show the running timer and today's total.",
    "week": "This week per dedicated day and per client: hours logged against committed.",
    "report": "Time by client, engagement, kind, day, week or month over a period.",
}


def _build(name: str) -> _Parser:
    if name == "log":
        p = _parser(name, SUMMARIES[name], 'fracos log acme 2h30m "Architecture review"')
        p.add_argument("client", nargs="?", help="client name or unique prefix (e.g. acme)")
        p.add_argument("duration", nargs="?", help="2h30m, 2.5h, 90m or 1:30")
        p.add_argument("note", nargs="*", help="what you did")
        p.add_argument("--date", type=str, help="YYYY-MM-DD (default: today)")
        p.add_argument("--engagement", type=int, help="engagement id, when a client has several")
        p.add_argument("--bd", action="store_true", help="business development time")
        p.add_argument("--admin", action="store_true", help="administration time")
        p.add_argument("--non-billable", action="store_true", help="record as non-billable")
        p.add_argument("--tags", default="", help="comma-separated tags")
        _fmt(p)
    elif name == "start":
        p = _parser(name, SUMMARIES[name], 'fracos start acme "Hiring loop"')
        p.add_argument("client", nargs="?", help="client name or unique prefix")
        p.add_argument("note", nargs="*", help="what you are doing")
        p.add_argument("--engagement", type=int, help="engagement id")
        p.add_argument("--bd", action="store_true", help="business development")
        p.add_argument("--admin", action="store_true", help="administration")
    elif name == "stop":
        p = _parser(name, SUMMARIES[name], 'fracos stop "Reviewed the roadmap"')
        p.add_argument("note", nargs="*", help="replace the timer's note")
        p.add_argument("--discard", action="store_true", help="drop the timer, record nothing")
    elif name == "status":
        p = _parser(name, SUMMARIES[name], "fracos status --format json")
        _fmt(p)
    elif name == "week":
        p = _parser(name, SUMMARIES[name], "fracos week --date 2026-11-16")
        p.add_argument("--date", type=str, help="any day of the week to show (default: today)")
        _fmt(p)
    else:
        p = _parser(name, SUMMARIES[name], "fracos report --period 2026-10 --by engagement")
        p.add_argument(
            "--period",
            default="month",
            help="week|month|quarter|year|all|last-month|YYYY-MM|YYYY-MM-DD..YYYY-MM-DD",
        )
        p.add_argument("--by", default="client", choices=ledger.REPORT_GROUPS)
        p.add_argument("--client", help="only this client")
        _fmt(p)
    return p


def main(argv: Sequence[str]) -> int:
    name, rest = argv[0], list(argv[1:])
    handler = HANDLERS[name]
    db: Db | None = None
    try:
        for token in rest:
            if re.match(r"^-\d", token):
                raise ValidationFailed(
                    f"duration: {token!r} is negative; durations must be positive", field="duration"
                )
        args = _build(name).parse_args(rest)
        from fracos.cli.dbopen import local_scope, open_db

        db = open_db()
        scope = local_scope(db)
        handler(db, scope, args)
        return 0
    except DomainError as exc:
        plain.error(str(exc))
        return 1
    except BrokenPipeError:
        return 0
    finally:
        if db is not None:
            db.close()


def _kind(args: argparse.Namespace) -> str:
    if args.bd and args.admin:
        raise ValidationFailed("choose --bd or --admin, not both")
    return "bd" if args.bd else "admin" if args.admin else "client"


def _log(db: Db, scope: ledger.Scope, args: argparse.Namespace) -> None:
    kind = _kind(args)
    words = [w for w in (args.client, args.duration, *args.note) if w is not None]
    client, seconds, note = ledger.split_log_words(words, kind=kind, field="log")
    day = _date(args.date) if args.date else None
    entry = ledger.log_entry(
        db,
        scope,
        seconds=seconds,
        kind=kind,
        client=client,
        engagement_id=args.engagement,
        work_date=day,
        note=note,
        billable=False if args.non_billable else None,
        tags=args.tags,
    )
    if args.format == "json":
        plain.dump_json(_entry_json(entry))
        return
    target = entry.engagement.label if entry.engagement else ledger.KIND_LABELS[kind]
    total = ledger.day_totals(db, scope, entry.work_date)
    plain.say(
        f"Logged {format_duration(entry.seconds)} to {target} on "
        f"{entry.work_date:%a %d %b %Y} (#{entry.id}); {format_duration(total)} that day."
    )


def _entry_json(entry: ledger.EntryRef) -> dict[str, object]:
    return {
        "id": entry.id,
        "date": entry.work_date.isoformat(),
        "seconds": entry.seconds,
        "kind": entry.kind,
        "engagement_id": entry.engagement.id if entry.engagement else None,
        "client": entry.engagement.client_name if entry.engagement else None,
        "note": entry.note,
    }


def _start(db: Db, scope: ledger.Scope, args: argparse.Namespace) -> None:
    kind = _kind(args)
    words = [w for w in (args.client, *args.note) if w is not None]
    client = None
    if kind == "client":
        if not words and args.engagement is None:
            raise ValidationFailed("start: give a CLIENT (e.g. fracos start acme)")
        if words:
            client, words = words[0], words[1:]
    timer = ledger.timer_start(
        db, scope, kind=kind, client=client, engagement_id=args.engagement, note=" ".join(words)
    )
    local = timer.started_at.astimezone(clock.zone(scope.timezone))
    plain.say(f"Timer started for {timer.label} at {local:%H:%M}.")


def _stop(db: Db, scope: ledger.Scope, args: argparse.Namespace) -> None:
    note = " ".join(args.note) if args.note else None
    entry = ledger.timer_stop(db, scope, note=note, discard=args.discard)
    if entry is None:
        plain.say("Timer discarded; nothing recorded.")
        return
    target = entry.engagement.label if entry.engagement else ledger.KIND_LABELS[entry.kind]
    plain.say(
        f"Recorded {format_duration(entry.seconds)} to {target} on "
        f"{entry.work_date:%a %d %b %Y} (#{entry.id})."
    )


def _status(db: Db, scope: ledger.Scope, args: argparse.Namespace) -> None:
    timer = ledger.timer_status(db, scope)
    today = clock.today(scope.timezone)
    logged = ledger.day_totals(db, scope, today)
    if args.format == "json":
        plain.dump_json(
            {
                "timer": None
                if timer is None
                else {
                    "started_at": timer.started_at.isoformat(),
                    "elapsed_seconds": timer.elapsed(),
                    "kind": timer.kind,
                    "engagement_id": timer.engagement.id if timer.engagement else None,
                    "client": timer.engagement.client_name if timer.engagement else None,
                    "note": timer.note,
                },
                "today": {"date": today.isoformat(), "logged_seconds": logged},
            }
        )
        return
    if timer is None:
        plain.say("No timer running.")
    else:
        local = timer.started_at.astimezone(clock.zone(scope.timezone))
        note = f" — {timer.note}" if timer.note else ""
        plain.say(
            f"Running: {timer.label} since {local:%H:%M} ({format_duration(timer.elapsed())}){note}"
        )
    plain.say(f"Logged today: {format_duration(logged)}")


def _week(db: Db, scope: ledger.Scope, args: argparse.Namespace) -> None:
    day = _date(args.date) if args.date else clock.today(scope.timezone)
    view = ledger.week(db, scope, day)
    if args.format == "json":
        plain.dump_json(view.as_json())
        return
    days = view.days
    headers = ["Client", *[f"{d:%a %d}" for d in days], "Logged", "Committed"]
    rows: list[list[str]] = []
    for line in view.lines:
        marks = [
            (format_duration(s) if s else "·")
            + ("*" if clock.WEEKDAYS[i] in line.engagement.dedicated_days else "")
            for i, s in enumerate(line.by_day)
        ]
        rows.append(
            [
                line.engagement.client_name,
                *marks,
                format_duration(line.logged_seconds),
                format_duration(line.committed_seconds) if line.committed_seconds else "—",
            ]
        )
    for kind, by_day in sorted(view.internal_by_day.items()):
        rows.append(
            [
                ledger.KIND_LABELS[kind],
                *[format_duration(s) if s else "·" for s in by_day],
                format_duration(sum(by_day)),
                "",
            ]
        )
    totals = view.total_by_day()
    if args.format == "csv":
        plain.dump_csv(headers, rows)
        return
    committed = sum(line.committed_seconds for line in view.lines)
    plain.say(
        plain.table(
            headers,
            rows,
            title=f"Week {view.period.label} ({days[0]:%d %b} – {days[-1]:%d %b})",
            right=range(1, len(headers)),
            footer=[
                "Total",
                *[format_duration(s) for s in totals],
                format_duration(sum(totals)),
                format_duration(committed),
            ],
        )
    )
    plan = "; ".join(
        f"{day.capitalize()}: {', '.join(names)}" for day, names in view.plan.items() if names
    )
    plain.say(f"* dedicated day. Plan: {plan or 'no dedicated days set'}")
    if not view.bd_seconds:
        plain.say(
            "Warning: no business-development time logged this week; "
            "the playbook protects non-client hours for it."
        )


def _report(db: Db, scope: ledger.Scope, args: argparse.Namespace) -> None:
    period = clock.parse_period(args.period, clock.today(scope.timezone))
    client_id = ledger.find_client(db, scope, args.client).id if args.client else None
    result = ledger.report(db, scope, period, by=args.by, client_id=client_id)
    if args.format == "json":
        plain.dump_json(result.as_json())
        return
    headers = [args.by.capitalize(), "Hours", "Time", "Share"]
    total = result.total_seconds or 1
    rows = [
        [
            row.label,
            f"{row.seconds / 3600:.2f}",
            format_duration(row.seconds),
            f"{100 * row.seconds / total:.0f}%",
        ]
        for row in result.rows
    ]
    if args.format == "csv":
        plain.dump_csv(
            [args.by, "seconds", "hours"],
            [[r.label, r.seconds, f"{r.seconds / 3600:.2f}"] for r in result.rows],
        )
        return
    end = period.last_day
    span = "all time" if period.label == "all" else f"{period.start} – {end}"
    plain.say(
        plain.table(
            headers,
            rows,
            title=f"Time by {args.by}, {span}",
            right=(1, 2, 3),
            footer=[
                "Total",
                f"{result.total_seconds / 3600:.2f}",
                format_duration(result.total_seconds),
                "",
            ],
        )
    )


HANDLERS: dict[str, Callable[[Db, ledger.Scope, argparse.Namespace], None]] = {
    "log": _log,
    "start": _start,
    "stop": _stop,
    "status": _status,
    "week": _week,
    "report": _report,
}
