"""Reads of time: the week, reports and the running timer, on Django's connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from fracos.core import clock
from fracos.core.access import Actor
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


def scope_for(actor: Actor) -> ledger.Scope:
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


def week(actor: Actor, day: date) -> ledger.WeekView:
    return ledger.week(DjangoDb(), scope_for(actor), day)


def report(actor: Actor, period: clock.Period, **kwargs: Any) -> ledger.Report:
    return ledger.report(DjangoDb(), scope_for(actor), period, **kwargs)


def timer_status(actor: Actor) -> ledger.TimerRef | None:
    return ledger.timer_status(DjangoDb(), scope_for(actor))


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


def entries_page(
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    client_id: int | None = None,
    engagement_id: int | None = None,
    after: tuple[date, int] | None = None,
    limit: int = 100,
) -> list[TimeEntry]:
    """Entries in work-date order, ``start``..``end`` inclusive, after a keyset cursor."""
    actor.require_staff()
    qs = TimeEntry.objects.filter(practice_id=actor.practice_id).select_related(
        "client", "engagement"
    )
    if start is not None:
        qs = qs.filter(work_date__gte=start)
    if end is not None:
        qs = qs.filter(work_date__lte=end)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if engagement_id is not None:
        qs = qs.filter(engagement_id=engagement_id)
    if after is not None:
        day, last_id = after
        qs = qs.filter(Q(work_date__gt=day) | Q(work_date=day, id__gt=last_id))
    return list(qs.order_by("work_date", "id")[:limit])


def entry_get(actor: Actor, entry_id: int) -> TimeEntry:
    actor.require_staff()
    found = (
        TimeEntry.objects.filter(practice_id=actor.practice_id, pk=entry_id)
        .select_related("client")
        .first()
    )
    if found is None:
        from fracos.core.errors import NotFound

        raise NotFound(f"time entry: no entry #{entry_id}", field="entry")
    return found
