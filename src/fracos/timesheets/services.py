"""Writes to time entries and timers from Django (web, API): the ledger on Django's connection."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.timesheets import ledger
from fracos.timesheets.models import TimeEntry
from fracos.timesheets.selectors import DjangoDb, scope_for


def time_log(actor: Actor, **kwargs: Any) -> ledger.EntryRef:
    return ledger.log_entry(DjangoDb(), scope_for(actor), **kwargs)


def timer_start(actor: Actor, **kwargs: Any) -> ledger.TimerRef:
    return ledger.timer_start(DjangoDb(), scope_for(actor), **kwargs)


def timer_stop(actor: Actor, **kwargs: Any) -> ledger.EntryRef | None:
    return ledger.timer_stop(DjangoDb(), scope_for(actor), **kwargs)


def time_entry_update(actor: Actor, entry_id: int, **kwargs: Any) -> ledger.EntryRef:
    """Edit an entry through the ledger, which checks it as if it were logged anew."""
    return ledger.update_entry(DjangoDb(), scope_for(actor), entry_id, **kwargs)


@transaction.atomic
def time_entry_delete(actor: Actor, entry_id: int) -> None:
    actor.require_write()
    deleted, _ = TimeEntry.objects.filter(pk=entry_id, practice_id=actor.practice_id).delete()
    if not deleted:
        raise NotFound(f"time entry: no entry #{entry_id}", field="entry")
