"""Reads of time: the week, reports and the running timer, on Django's connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, Sum

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.paging import KeyPart, Order
from fracos.practice.compiled import compiled_sql
from fracos.practice.models import Practice
from fracos.timesheets import ledger
from fracos.timesheets.models import TimeEntry


class DjangoDb:
    """The ledger's :class:`~fracos.core.sqldb.Db` over Django's own connection."""

    integrity_errors: tuple[type[BaseException], ...] = (IntegrityError,)

    @property
    def vendor(self) -> str:
        return str(connection.vendor)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall()) if cursor.description else []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.query(sql, params)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with transaction.atomic():
            yield

    def close(self) -> None:
        """Django owns its connection; callers that close a Db leave it open."""


def scope_for(actor: Actor, practice: Practice | None = None) -> ledger.Scope:
    """The ledger's scope for an actor; pass the practice when the caller has it already."""
    if practice is None or practice.pk != actor.practice_id:
        practice = Practice.objects.get(pk=actor.practice_id)
    actor.require_staff()
    return ledger.Scope(
        practice_id=practice.pk,
        member_id=actor.member_id,
        timezone=practice.timezone,
        currency=practice.currency,
        rules=practice.rules,
        can_write=actor.can_write,
    )


def week(actor: Actor, day: date, *, practice: Practice | None = None) -> ledger.WeekView:
    return ledger.week(DjangoDb(), scope_for(actor, practice), day)


def report(
    actor: Actor, period: clock.Period, *, practice: Practice | None = None, **kwargs: Any
) -> ledger.Report:
    return ledger.report(DjangoDb(), scope_for(actor, practice), period, **kwargs)


def timer_status(actor: Actor, *, practice: Practice | None = None) -> ledger.TimerRef | None:
    return ledger.timer_status(DjangoDb(), scope_for(actor, practice))


def entries_between(actor: Actor, start: date, end: date) -> list[TimeEntry]:
    """A member's practice's entries in [start, end), for the week view's editing."""
    actor.require_staff()
    return list(
        TimeEntry.objects.filter(
            practice_id=actor.practice_id, work_date__gte=start, work_date__lt=end
        )
        .select_related("client", "engagement")
        .order_by("work_date", "id")
    )


ENTRY_ORDER = Order(("work_date", "id"), (date, int))


def _entries(
    actor: Actor,
    *,
    start: date | None,
    end: date | None,
    client_id: int | None,
    engagement_id: int | None,
    after: tuple[KeyPart, ...] | None,
) -> QuerySet[TimeEntry]:
    actor.require_staff()
    return _filtered(actor.practice_id, start, end, client_id, engagement_id, after)


def _filtered(
    practice_id: int,
    start: date | None,
    end: date | None,
    client_id: int | None,
    engagement_id: int | None,
    after: tuple[KeyPart, ...] | None,
) -> QuerySet[TimeEntry]:
    """One practice's entries in list order, filtered; one ``filter`` per parameter, in the
    order :func:`_entry_rows_sql` passes them."""
    qs = TimeEntry.objects.filter(practice_id=practice_id)
    if start is not None:
        qs = qs.filter(work_date__gte=start)
    if end is not None:
        qs = qs.filter(work_date__lte=end)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if engagement_id is not None:
        qs = qs.filter(engagement_id=engagement_id)
    if after is not None:
        day, last_id = after[0], after[1]
        # The first filter says nothing new; it lets the index seek straight to the
        # cursor's day instead of reading every earlier day to test the OR.
        qs = qs.filter(work_date__gte=day).filter(
            Q(work_date__gt=day) | (Q(work_date=day) & Q(id__gt=last_id))
        )
    return qs.order_by("work_date", "id")


def entries_page(
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    client_id: int | None = None,
    engagement_id: int | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int = 100,
) -> list[TimeEntry]:
    """Entries in work-date order, ``start``..``end`` inclusive, after a keyset cursor."""
    found = _entries(
        actor,
        start=start,
        end=end,
        client_id=client_id,
        engagement_id=engagement_id,
        after=after,
    )
    return list(found.select_related("client", "engagement")[:limit])


class EntryRow(NamedTuple):
    """One entry as the API lists it: its own columns and its client's name, no model."""

    id: int
    member_id: int
    work_date: date
    seconds: int
    kind: str
    client_id: int | None
    engagement_id: int | None
    note: str
    tags: str
    billable: bool
    source: str
    started_at: datetime | None
    created_at: datetime
    client_name: str | None


_ROW_COLUMNS = tuple(name for name in EntryRow._fields if name != "client_name")
# Stand-ins for the filters' values while the SQL of a filter combination is compiled; distinct,
# so that compiled_sql notices if Django ever orders the parameters otherwise.
_PLACEHOLDER_DAYS = (date(2000, 1, 1), date(2000, 1, 2), date(2000, 1, 3))


def _entry_rows_sql(
    practice_id: int,
    start: date | None,
    end: date | None,
    client_id: int | None,
    engagement_id: int | None,
    after: tuple[KeyPart, ...] | None,
) -> tuple[str, list[Any]]:
    """The SQL of this combination of filters (compiled once per process) and its parameters."""
    present = (start, end, client_id, engagement_id, after)
    shape = "".join("1" if value is not None else "0" for value in present)
    first, last, day = _PLACEHOLDER_DAYS

    def query() -> QuerySet[Any]:
        return _filtered(
            -1,
            first if start is not None else None,
            last if end is not None else None,
            -2 if client_id is not None else None,
            -3 if engagement_id is not None else None,
            (day, -4) if after is not None else None,
        ).values_list(*_ROW_COLUMNS, "client__name")

    placeholders: list[Any] = [-1]
    values: list[Any] = [practice_id]
    day_value = connection.ops.adapt_datefield_value
    for stand_in, day_filter in ((first, start), (last, end)):
        if day_filter is not None:
            placeholders.append(stand_in)
            values.append(day_value(day_filter))
    for id_stand_in, id_filter in ((-2, client_id), (-3, engagement_id)):
        if id_filter is not None:
            placeholders.append(id_stand_in)
            values.append(id_filter)
    if after is not None:
        cursor_date = after[0]
        if not isinstance(cursor_date, date):
            raise TypeError(f"entry cursor: {cursor_date!r} is not a date")
        cursor_day = day_value(cursor_date)
        placeholders += [day, day, day, -4]
        values += [cursor_day, cursor_day, cursor_day, after[1]]
    sql = compiled_sql(f"entry_rows:{shape}", query, tuple(placeholders))
    return sql, values


def _aware(value: datetime | None) -> datetime | None:
    # Django stores datetimes in UTC; SQLite hands them back naive, which the ORM would
    # have made aware with this same zone.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def entry_rows_page(
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    client_id: int | None = None,
    engagement_id: int | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int = 100,
) -> list[EntryRow]:
    """:func:`entries_page` as plain rows: one query, only the columns shown, no models.

    The list the API serves most: its SQL is compiled once per combination of filters, as
    the ORM compiling it anew took longer than running it."""
    actor.require_staff()
    sql, values = _entry_rows_sql(actor.practice_id, start, end, client_id, engagement_id, after)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*values, limit])
        rows = cursor.fetchall()
    return [EntryRow._make((*row[:11], _aware(row[11]), _aware(row[12]), row[13])) for row in rows]


def client_work_by_month(
    actor: Actor, start: date, end: date, *, client_id: int | None = None
) -> dict[int, dict[str, int]]:
    """Seconds of client work per engagement and month ('YYYY-MM') in [start, end).

    Aggregates only — no notes — so the client portal may show it: a portal
    actor is narrowed to its own client, whatever ``client_id`` asks for.
    """
    entries = TimeEntry.objects.filter(
        practice_id=actor.practice_id, kind="client", work_date__gte=start, work_date__lt=end
    )
    if not actor.is_staff:
        entries = entries.filter(client_id=actor.client_id or 0)
    if client_id is not None:
        entries = entries.filter(client_id=client_id)
    out: dict[int, dict[str, int]] = {}
    rows = entries.values_list("engagement_id", "work_date").annotate(total=Sum("seconds"))
    for engagement_id, work_date, total in rows.order_by():
        months = out.setdefault(engagement_id, {})
        label = clock.month_of(work_date).label
        months[label] = months.get(label, 0) + int(total)
    return out


def client_work_by_week(actor: Actor, start: date, end: date) -> dict[int, dict[str, int]]:
    """Seconds of client work per client and ISO week label in [start, end), staff only."""
    actor.require_staff()
    rows = (
        TimeEntry.objects.filter(
            practice_id=actor.practice_id, kind="client", work_date__gte=start, work_date__lt=end
        )
        .values_list("client_id", "work_date")
        .annotate(total=Sum("seconds"))
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for client_id, work_date, total in rows:
        weeks = out.setdefault(client_id, {})
        label = clock.week_of(work_date).label
        weeks[label] = weeks.get(label, 0) + int(total)
    return out


def entries_of_engagement(actor: Actor, engagement_id: int, *, limit: int = 20) -> list[TimeEntry]:
    """The latest entries booked on one engagement of the actor's practice."""
    actor.require_staff()
    return list(
        TimeEntry.objects.filter(practice_id=actor.practice_id, engagement_id=engagement_id)
        .select_related("member__user")
        .order_by("-work_date", "-id")[:limit]
    )


def entry_get(actor: Actor, entry_id: int) -> TimeEntry:
    """One time entry of the actor's practice (staff only), or ``NotFound``."""
    actor.require_staff()
    found = (
        TimeEntry.objects.filter(practice_id=actor.practice_id, pk=entry_id)
        .select_related("client", "engagement")
        .first()
    )
    if found is None:
        raise NotFound(f"time entry: no entry #{entry_id}", field="entry")
    return found


def engagement_daily_seconds(
    actor: Actor, engagement_id: int, period: clock.Period
) -> dict[date, int]:
    """Billable client seconds per local work date on one engagement (for invoicing)."""
    actor.require_staff()
    rows = (
        TimeEntry.objects.filter(
            practice_id=actor.practice_id,
            engagement_id=engagement_id,
            kind="client",
            billable=True,
            work_date__gte=period.start,
            work_date__lt=period.end,
        )
        .values_list("work_date")
        .annotate(total=Sum("seconds"))
    )
    return {day: int(total) for day, total in rows}
