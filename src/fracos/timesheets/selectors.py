"""Reads of time: the week, reports and the running timer, on Django's connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, Sum

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.paging import KeyPart, Order
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
    qs = TimeEntry.objects.filter(practice_id=actor.practice_id)
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
            Q(work_date__gt=day) | Q(work_date=day, id__gt=last_id)
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


@dataclass(frozen=True)
class EntryRow:
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


_ROW_COLUMNS = tuple(f.name for f in fields(EntryRow) if f.name != "client_name")


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
    """:func:`entries_page` as plain rows: one query, only the columns shown, no models."""
    found = _entries(
        actor,
        start=start,
        end=end,
        client_id=client_id,
        engagement_id=engagement_id,
        after=after,
    )
    return [EntryRow(*row) for row in found.values_list(*_ROW_COLUMNS, "client__name")[:limit]]


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
