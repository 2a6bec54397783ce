"""Time entries, timers, the week and reports: the one implementation of their rules.

Everything here runs plain SQL through :class:`fracos.core.sqldb.Db`, so the
CLI's hot commands call it without starting Django, and the web app and API
call it (through ``services.py`` / ``selectors.py``) on Django's connection.
Every query is scoped by the practice in the :class:`Scope`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.durations import parse_duration
from fracos.core.errors import Ambiguous, Conflict, NotFound, RuleViolation, ValidationFailed
from fracos.core.matching import pick_by_prefix
from fracos.core.playbook import PlaybookSettings
from fracos.core.sqldb import Db, as_date, as_datetime, sql_date, sql_datetime
from fracos.core.text import check_line, check_text

KIND_LABELS = {"client": "Client work", "bd": "Business development", "admin": "Administration"}
MAX_TIMER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Scope:
    """The practice and member a ledger call acts for, already authorised."""

    practice_id: int
    member_id: int
    timezone: str
    currency: str
    rules: PlaybookSettings = field(default_factory=PlaybookSettings)
    can_write: bool = True


@dataclass(frozen=True)
class ClientRef:
    id: int
    name: str


@dataclass(frozen=True)
class EngagementRef:
    id: int
    client_id: int
    client_name: str
    role_title: str
    status: str
    start_date: date
    end_date: date | None
    hours_per_week: Decimal | None
    days_per_week: Decimal | None
    dedicated_days: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.client_name} ({self.role_title})"

    def active_on(self, day: date) -> bool:
        return (
            self.status == "active"
            and self.start_date <= day
            and (self.end_date is None or day <= self.end_date)
        )

    def committed_seconds_per_week(self, rules: PlaybookSettings) -> int:
        if self.hours_per_week is not None:
            return int(self.hours_per_week * 3600)
        if self.days_per_week is not None:
            return int(self.days_per_week * rules.hours_per_day * 3600)
        return 0


@dataclass(frozen=True)
class EntryRef:
    id: int
    work_date: date
    seconds: int
    kind: str
    engagement: EngagementRef | None
    note: str


@dataclass(frozen=True)
class TimerRef:
    started_at: datetime
    kind: str
    engagement: EngagementRef | None
    note: str

    def elapsed(self) -> int:
        return max(0, int((clock.now() - self.started_at).total_seconds()))

    @property
    def label(self) -> str:
        return self.engagement.label if self.engagement else KIND_LABELS[self.kind]


# -- look-ups -----------------------------------------------------------------------------


def find_client(db: Db, scope: Scope, text: str) -> ClientRef:
    rows = db.query(
        "SELECT id, name, status FROM clients_client WHERE practice_id = %s",
        [scope.practice_id],
    )
    return pick_by_prefix([(ClientRef(r[0], r[1]), r[1], r[2] == "active") for r in rows], text)


_ENGAGEMENT_SQL = (
    "SELECT e.id, e.client_id, c.name, e.role_title, e.status, e.start_date, e.end_date,"
    " e.hours_per_week, e.days_per_week, e.dedicated_days"
    " FROM engagements_engagement e JOIN clients_client c ON c.id = e.client_id"
    " WHERE e.practice_id = %s"
)


def _engagement(row: tuple[Any, ...]) -> EngagementRef:
    return EngagementRef(
        id=row[0],
        client_id=row[1],
        client_name=row[2],
        role_title=row[3],
        status=row[4],
        start_date=as_date(row[5]),
        end_date=as_date(row[6]) if row[6] else None,
        hours_per_week=Decimal(str(row[7])) if row[7] is not None else None,
        days_per_week=Decimal(str(row[8])) if row[8] is not None else None,
        dedicated_days=tuple(d for d in (row[9] or "").split(",") if d),
    )


def engagements(db: Db, scope: Scope, *, client_id: int | None = None) -> list[EngagementRef]:
    sql, params = _ENGAGEMENT_SQL, [scope.practice_id]
    if client_id is not None:
        sql += " AND e.client_id = %s"
        params.append(client_id)
    return [_engagement(r) for r in db.query(sql + " ORDER BY e.start_date, e.id", params)]


def find_engagement(
    db: Db, scope: Scope, *, client: ClientRef | None, engagement_id: int | None, on: date
) -> EngagementRef:
    """The engagement to book time on: the given id, or the client's one active engagement."""
    if engagement_id is not None:
        found = [e for e in engagements(db, scope) if e.id == engagement_id]
        if not found or (client is not None and found[0].client_id != client.id):
            raise NotFound(f"engagement: no engagement #{engagement_id}", field="engagement")
        chosen = found[0]
    else:
        if client is None:
            raise ValidationFailed("client: a client or an engagement is required", field="client")
        chosen = engagement_on(engagements(db, scope, client_id=client.id), client, on)
    _check_bookable(chosen, on)
    return chosen


def engagement_on(candidates: list[EngagementRef], client: ClientRef, on: date) -> EngagementRef:
    """The client's one engagement active on ``on`` (else its latest), from its engagements."""
    candidates = [e for e in candidates if e.client_id == client.id]
    live = [e for e in candidates if e.active_on(on)]
    if len(live) > 1:
        listed = ", ".join(f"#{e.id} {e.role_title}" for e in live)
        raise Ambiguous(
            f"engagement: {client.name} has several active engagements ({listed}); "
            "pick one with --engagement",
            field="engagement",
        )
    if not live:
        if not candidates:
            raise NotFound(f"engagement: {client.name} has no engagement", field="client")
        return max(candidates, key=lambda e: e.start_date)
    return live[0]


def _check_bookable(engagement: EngagementRef, on: date) -> None:
    # The last day of an ended engagement still takes time: people log in the evening.
    if (engagement.end_date and on > engagement.end_date) or (
        engagement.status == "ended" and engagement.end_date is None
    ):
        ended = engagement.end_date.isoformat() if engagement.end_date else "earlier"
        raise RuleViolation(
            f"engagement: {engagement.label} ended on {ended}; "
            "time cannot be logged after an engagement ended",
            field="engagement",
        )
    if on < engagement.start_date:
        raise RuleViolation(
            f"date: {engagement.label} starts on {engagement.start_date}; {on} is before it began",
            field="date",
        )
    if engagement.status not in ("active", "ended"):
        raise RuleViolation(
            f"engagement: {engagement.label} is {engagement.status}, not active",
            field="engagement",
        )


def parse_log_line(text: str, *, kind: str = "client") -> tuple[str | None, int, str]:
    """'acme 2h30m Architecture review' → (client, seconds, note), as `fracos log` reads it.

    Business development and admin lines have no client: '1h Coffee with a CFO'.
    """
    words = (text or "").split()
    return split_log_words(words, kind=kind, field="entry", duration_field="entry")


def split_log_words(
    words: list[str], *, kind: str = "client", field: str = "log", duration_field: str = "duration"
) -> tuple[str | None, int, str]:
    """The words of a log line (CLIENT DURATION NOTE…, or DURATION NOTE… without a client)."""
    if kind == "client":
        if len(words) < 2:
            raise ValidationFailed(
                f"{field}: give a CLIENT and a DURATION, then a note (e.g. acme 2h30m Review)",
                field=field,
            )
        return words[0], parse_duration(words[1], field=duration_field), " ".join(words[2:])
    if not words:
        raise ValidationFailed(
            f"{field}: give a DURATION, then a note (e.g. 1h Coffee)", field=field
        )
    return None, parse_duration(words[0], field=duration_field), " ".join(words[1:])


# -- writes -------------------------------------------------------------------------------


def check_entry(
    scope: Scope,
    *,
    seconds: int,
    kind: str,
    engagement: EngagementRef | None,
    day: date,
    note: str = "",
    tags: str = "",
    today: date | None = None,
) -> None:
    """The rules every new entry meets, without touching the database (imports use it).

    ``today`` spares a caller checking a million rows from asking the clock a million times.
    """
    if day > (today or clock.today(scope.timezone)):
        raise ValidationFailed(f"date: {day} is in the future", field="date")
    if seconds <= 0:
        raise ValidationFailed("duration: must be positive", field="duration")
    if seconds > MAX_TIMER_SECONDS:
        raise ValidationFailed("duration: more than a day in one entry", field="duration")
    if kind not in KIND_LABELS:
        raise ValidationFailed(f"kind: {kind!r} is not client, bd or admin", field="kind")
    if (kind == "client") != (engagement is not None):
        raise ValidationFailed("engagement: client work needs an engagement", field="engagement")
    if engagement is not None:
        _check_bookable(engagement, day)
    check_note(note, tags)


def check_note(note: str, tags: str = "") -> None:
    """A note and tags every database and export can hold (no NUL or other control characters)."""
    if len(note) > 2000:
        raise ValidationFailed("note: longer than 2,000 characters", field="note")
    check_text(note, field="note")
    if len(tags) > 200:
        raise ValidationFailed("tags: longer than 200 characters", field="tags")
    check_line(tags, field="tags")


def _require_write(scope: Scope) -> None:
    if not scope.can_write:
        from fracos.core.errors import PermissionDenied

        raise PermissionDenied("a viewer cannot log time")


def log_entry(
    db: Db,
    scope: Scope,
    *,
    seconds: int,
    kind: str = "client",
    client: str | None = None,
    engagement_id: int | None = None,
    work_date: date | None = None,
    note: str = "",
    billable: bool | None = None,
    started_at: datetime | None = None,
    source: str = "cli",
    external_id: str = "",
    tags: str = "",
) -> EntryRef:
    _require_write(scope)
    today = clock.today(scope.timezone)
    day = work_date or today
    if day > today:
        raise ValidationFailed(f"date: {day} is in the future", field="date")
    if seconds <= 0:
        raise ValidationFailed("duration: must be positive", field="duration")
    if kind not in KIND_LABELS:
        raise ValidationFailed(f"kind: {kind!r} is not client, bd or admin", field="kind")
    engagement = None
    if kind == "client":
        client_ref = find_client(db, scope, client) if client else None
        engagement = find_engagement(
            db, scope, client=client_ref, engagement_id=engagement_id, on=day
        )
    check_note(note, tags)
    is_billable = (kind == "client") if billable is None else billable
    with db.atomic():
        rows = db.execute(
            "INSERT INTO timesheets_timeentry (practice_id, member_id, kind, engagement_id,"
            " client_id, work_date, started_at, seconds, note, tags, billable, source,"
            " external_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
            " %s, %s) RETURNING id",
            [
                scope.practice_id,
                scope.member_id,
                kind,
                engagement.id if engagement else None,
                engagement.client_id if engagement else None,
                sql_date(day),
                sql_datetime(started_at, db.vendor) if started_at else None,
                seconds,
                note,
                tags,
                is_billable,
                source,
                external_id,
                sql_datetime(clock.now(), db.vendor),
            ],
        )
    return EntryRef(rows[0][0], day, seconds, kind, engagement, note)


def update_entry(
    db: Db,
    scope: Scope,
    entry_id: int,
    *,
    seconds: int,
    work_date: date,
    note: str = "",
    client: str | None = None,
) -> EntryRef:
    """Change an entry's duration, date, note or client under the same rules as logging it."""
    _require_write(scope)
    rows = db.query(
        "SELECT kind, engagement_id FROM timesheets_timeentry WHERE id = %s AND practice_id = %s",
        [entry_id, scope.practice_id],
    )
    if not rows:
        raise NotFound(f"time entry: no entry #{entry_id}", field="entry")
    kind, engagement_id = rows[0]
    if work_date > clock.today(scope.timezone):
        raise ValidationFailed(f"date: {work_date} is in the future", field="date")
    if seconds <= 0:
        raise ValidationFailed("duration: must be positive", field="duration")
    check_note(note)
    engagement = None
    if kind == "client":
        if client:
            engagement = find_engagement(
                db, scope, client=find_client(db, scope, client), engagement_id=None, on=work_date
            )
        else:
            engagement = find_engagement(
                db, scope, client=None, engagement_id=engagement_id, on=work_date
            )
    with db.atomic():
        db.execute(
            "UPDATE timesheets_timeentry SET seconds = %s, work_date = %s, note = %s,"
            " engagement_id = %s, client_id = %s WHERE id = %s AND practice_id = %s",
            [
                seconds,
                sql_date(work_date),
                note,
                engagement.id if engagement else None,
                engagement.client_id if engagement else None,
                entry_id,
                scope.practice_id,
            ],
        )
    return EntryRef(entry_id, work_date, seconds, kind, engagement, note)


def timer_start(
    db: Db,
    scope: Scope,
    *,
    kind: str = "client",
    client: str | None = None,
    engagement_id: int | None = None,
    note: str = "",
) -> TimerRef:
    _require_write(scope)
    check_note(note)
    running = timer_status(db, scope)
    if running:
        raise Conflict(
            f"a timer is already running for {running.label} since "
            f"{running.started_at.astimezone(clock.zone(scope.timezone)):%H:%M}; "
            "stop it first with `fracos stop`",
            field="timer",
        )
    engagement = None
    today = clock.today(scope.timezone)
    if kind == "client":
        client_ref = find_client(db, scope, client) if client else None
        engagement = find_engagement(
            db, scope, client=client_ref, engagement_id=engagement_id, on=today
        )
    started = clock.now()
    try:
        with db.atomic():
            db.execute(
                "INSERT INTO timesheets_timer (practice_id, member_id, kind, engagement_id,"
                " client_id, note, started_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    scope.practice_id,
                    scope.member_id,
                    kind,
                    engagement.id if engagement else None,
                    engagement.client_id if engagement else None,
                    note,
                    sql_datetime(started, db.vendor),
                ],
            )
    except db.integrity_errors:
        raise Conflict("a timer is already running; stop it first", field="timer") from None
    return TimerRef(started, kind, engagement, note)


def timer_status(db: Db, scope: Scope) -> TimerRef | None:
    rows = db.query(
        "SELECT started_at, kind, engagement_id, note FROM timesheets_timer"
        " WHERE practice_id = %s AND member_id = %s",
        [scope.practice_id, scope.member_id],
    )
    if not rows:
        return None
    started, kind, engagement_id, note = rows[0]
    engagement = None
    if engagement_id is not None:
        engagement = next(e for e in engagements(db, scope) if e.id == engagement_id)
    return TimerRef(as_datetime(started), kind, engagement, note)


def timer_stop(
    db: Db, scope: Scope, *, note: str | None = None, discard: bool = False
) -> EntryRef | None:
    """Turn the running timer into a time entry (or drop it with ``discard``)."""
    _require_write(scope)
    if note is not None:
        check_note(note)
    with db.atomic():
        running = timer_status(db, scope)
        if running is None:
            raise NotFound(
                "no timer is running; start one with `fracos start CLIENT`", field="timer"
            )
        elapsed = running.elapsed()
        if not discard and elapsed > MAX_TIMER_SECONDS:
            raise RuleViolation(
                f"the timer has run for {elapsed // 3600}h, more than a day; it was probably "
                "forgotten: `fracos stop --discard` and log the real time with `fracos log`",
                field="timer",
            )
        db.execute(
            "DELETE FROM timesheets_timer WHERE practice_id = %s AND member_id = %s",
            [scope.practice_id, scope.member_id],
        )
        if discard:
            return None
        text = running.note if note is None else note
        day = clock.local_date(running.started_at, scope.timezone)
        kind = running.kind
        rows = db.execute(
            "INSERT INTO timesheets_timeentry (practice_id, member_id, kind, engagement_id,"
            " client_id, work_date, started_at, seconds, note, tags, billable, source,"
            " external_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', %s,"
            " 'timer', '', %s) RETURNING id",
            [
                scope.practice_id,
                scope.member_id,
                kind,
                running.engagement.id if running.engagement else None,
                running.engagement.client_id if running.engagement else None,
                sql_date(day),
                sql_datetime(running.started_at, db.vendor),
                max(elapsed, 1),
                text,
                kind == "client",
                sql_datetime(clock.now(), db.vendor),
            ],
        )
    return EntryRef(rows[0][0], day, max(elapsed, 1), kind, running.engagement, text)


# -- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    key: dict[str, Any]
    label: str
    seconds: int


@dataclass(frozen=True)
class Report:
    period: clock.Period
    by: str
    rows: list[ReportRow]

    @property
    def total_seconds(self) -> int:
        return sum(row.seconds for row in self.rows)

    def as_json(self) -> dict[str, Any]:
        period_end = self.period.last_day
        return {
            "period": {"start": self.period.start.isoformat(), "end": period_end.isoformat()},
            "by": self.by,
            "rows": [{**row.key, "label": row.label, "seconds": row.seconds} for row in self.rows],
            "total_seconds": self.total_seconds,
        }


REPORT_GROUPS = ("client", "engagement", "kind", "day", "week", "month")


def report(
    db: Db,
    scope: Scope,
    period: clock.Period,
    *,
    by: str = "client",
    client_id: int | None = None,
    client_work_only: bool = False,
) -> Report:
    if by not in REPORT_GROUPS:
        raise ValidationFailed(f"by: {by!r} is not one of {', '.join(REPORT_GROUPS)}", field="by")
    where = "practice_id = %s AND work_date >= %s AND work_date < %s"
    params: list[Any] = [scope.practice_id, sql_date(period.start), sql_date(period.end)]
    if client_id is not None:
        where += " AND client_id = %s"
        params.append(client_id)
    if client_work_only:
        where += " AND kind = 'client'"
    if by in ("client", "engagement"):
        column = "client_id" if by == "client" else "engagement_id"
        rows = db.query(
            f"SELECT {column}, kind, SUM(seconds) FROM timesheets_timeentry WHERE {where}"
            f" GROUP BY {column}, kind",
            params,
        )
        return Report(period, by, _label_rows(db, scope, by, rows))
    if by == "kind":
        rows = db.query(
            f"SELECT kind, SUM(seconds) FROM timesheets_timeentry WHERE {where} GROUP BY kind",
            params,
        )
        return Report(
            period,
            by,
            [ReportRow({"kind": k}, KIND_LABELS[k], int(s)) for k, s in sorted(rows)],
        )
    daily = db.query(
        f"SELECT work_date, SUM(seconds) FROM timesheets_timeentry WHERE {where}"
        " GROUP BY work_date",
        params,
    )
    buckets: dict[str, int] = defaultdict(int)
    for work_date, seconds in daily:
        # ISO text sorts and slices into days and months without building dates (the
        # all-time report meets one row per day of history).
        iso = work_date if isinstance(work_date, str) else work_date.isoformat()
        if by == "day":
            bucket = iso[:10]
        elif by == "month":
            bucket = iso[:7]
        else:
            bucket = clock.week_of(as_date(iso)).label
        buckets[bucket] += int(seconds)
    return Report(period, by, [ReportRow({by: key}, key, buckets[key]) for key in sorted(buckets)])


def _label_rows(db: Db, scope: Scope, by: str, rows: list[tuple[Any, ...]]) -> list[ReportRow]:
    if by == "client":
        names = {
            r[0]: r[1]
            for r in db.query(
                "SELECT id, name FROM clients_client WHERE practice_id = %s",
                [scope.practice_id],
            )
        }
    else:
        names = {e.id: e.label for e in engagements(db, scope)}
    out: list[ReportRow] = []
    internal: dict[str, int] = defaultdict(int)
    for ident, kind, seconds in rows:
        if ident is None:
            internal[kind] += int(seconds)
        else:
            out.append(ReportRow({by: names[ident], f"{by}_id": ident}, names[ident], int(seconds)))
    out.sort(key=lambda r: (-r.seconds, r.label))
    for kind in sorted(internal):
        out.append(ReportRow({by: None, "kind": kind}, KIND_LABELS[kind], internal[kind]))
    return out


@dataclass
class WeekLine:
    engagement: EngagementRef
    committed_seconds: int
    by_day: list[int]

    @property
    def logged_seconds(self) -> int:
        return sum(self.by_day)


@dataclass
class WeekView:
    period: clock.Period
    lines: list[WeekLine]
    internal_by_day: dict[str, list[int]]
    plan: dict[str, list[str]]  # weekday -> client names dedicated to it, "(am)"/"(pm)" if half
    slots: dict[int, list[str]] = field(default_factory=dict)  # engagement -> mon, wed-am, …

    @property
    def days(self) -> list[date]:
        return list(self.period.dates())

    def total_by_day(self) -> list[int]:
        totals = [0] * 7
        for line in self.lines:
            for i, seconds in enumerate(line.by_day):
                totals[i] += seconds
        for by_day in self.internal_by_day.values():
            for i, seconds in enumerate(by_day):
                totals[i] += seconds
        return totals

    @property
    def bd_seconds(self) -> int:
        return sum(self.internal_by_day.get("bd", []))

    def as_json(self) -> dict[str, Any]:
        return {
            "week": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.last_day.isoformat(),
            "plan": self.plan,
            "engagements": [
                {
                    "engagement_id": line.engagement.id,
                    "client": line.engagement.client_name,
                    "role": line.engagement.role_title,
                    "dedicated_days": list(line.engagement.dedicated_days),
                    "plan_slots": self.slots.get(
                        line.engagement.id, list(line.engagement.dedicated_days)
                    ),
                    "committed_seconds": line.committed_seconds,
                    "logged_seconds": line.logged_seconds,
                    "by_day": dict(
                        zip([d.isoformat() for d in self.days], line.by_day, strict=True)
                    ),
                }
                for line in self.lines
            ],
            "internal": {
                kind: dict(zip([d.isoformat() for d in self.days], by_day, strict=True))
                for kind, by_day in self.internal_by_day.items()
            },
            "total_seconds": sum(self.total_by_day()),
        }


def week(db: Db, scope: Scope, day: date) -> WeekView:
    """The week containing ``day``: the plan by dedicated day against hours logged."""
    period = clock.week_of(day)
    every = engagements(db, scope)
    live = [e for e in every if e.status != "ended" or (e.end_date and e.end_date >= period.start)]
    live = [
        e
        for e in live
        if e.start_date < period.end and (e.end_date is None or e.end_date >= period.start)
    ]
    rows = db.query(
        "SELECT engagement_id, kind, work_date, SUM(seconds) FROM timesheets_timeentry"
        " WHERE practice_id = %s AND work_date >= %s AND work_date < %s"
        " GROUP BY engagement_id, kind, work_date",
        [scope.practice_id, sql_date(period.start), sql_date(period.end)],
    )
    by_engagement: dict[int, list[int]] = defaultdict(lambda: [0] * 7)
    internal: dict[str, list[int]] = {}
    for engagement_id, kind, work_date, seconds in rows:
        index = (as_date(work_date) - period.start).days
        if engagement_id is None:
            internal.setdefault(kind, [0] * 7)[index] += int(seconds)
        else:
            by_engagement[engagement_id][index] += int(seconds)
    known = {e.id for e in live}
    extra = [e for e in every if e.id in by_engagement and e.id not in known]
    lines = [
        WeekLine(e, e.committed_seconds_per_week(scope.rules), by_engagement[e.id])
        for e in [*live, *extra]
    ]
    halves = plan_halves(db, scope, live)
    plan: dict[str, list[str]] = {d: [] for d in clock.WEEKDAYS}
    slots: dict[int, list[str]] = {}
    for e in live:
        labels: list[str] = []
        for weekday in e.dedicated_days:
            parts = halves.get((e.id, weekday), ["full"])
            for part in parts:
                half = "" if part == "full" else f" ({part})"
                plan[weekday].append(e.client_name + half)
                labels.append(weekday if part == "full" else f"{weekday}-{part}")
        slots[e.id] = labels
    return WeekView(period, lines, internal, plan, slots)


def plan_halves(
    db: Db, scope: Scope, live: list[EngagementRef]
) -> dict[tuple[int, str], list[str]]:
    """(engagement, weekday) -> its parts in the weekly plan, where the plan's slots are in
    step with ``dedicated_days`` (engagements/selectors.plan_slots_of applies the same rule)."""
    rows = db.query(
        "SELECT engagement_id, weekday, part FROM engagements_weekplanslot"
        " WHERE practice_id = %s ORDER BY engagement_id, weekday, part",
        [scope.practice_id],
    )
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for engagement_id, weekday, part in rows:
        found[(engagement_id, weekday)].append(part)
    out: dict[tuple[int, str], list[str]] = {}
    for e in live:
        days = {day for (eid, day) in found if eid == e.id}
        if days and days == set(e.dedicated_days):
            for day in days:
                out[(e.id, day)] = sorted(found[(e.id, day)], key=("full", "am", "pm").index)
    return out


def day_totals(db: Db, scope: Scope, day: date) -> int:
    rows = db.query(
        "SELECT SUM(seconds) FROM timesheets_timeentry WHERE practice_id = %s AND member_id = %s"
        " AND work_date = %s",
        [scope.practice_id, scope.member_id, sql_date(day)],
    )
    return int(rows[0][0] or 0)
