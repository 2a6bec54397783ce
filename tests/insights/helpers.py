"""Logging time for the insights tests: whole hours spread over weekdays, 8 a day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def log_hours(
    actor: Any,
    engagement: Any,
    first: date,
    hours: int,
    *,
    billable: bool | None = None,
    kind: str = "client",
) -> None:
    """``hours`` whole hours from ``first``, 8 a weekday (the ledger refuses future dates)."""
    from fracos.timesheets.services import time_log

    day = first
    while hours > 0:
        if day.weekday() < 5:
            chunk = min(8, hours)
            if kind == "client":
                time_log(
                    actor,
                    seconds=chunk * 3600,
                    engagement_id=engagement.pk,
                    work_date=day,
                    billable=billable,
                )
            else:
                time_log(actor, seconds=chunk * 3600, kind=kind, work_date=day)
            hours -= chunk
        day += timedelta(days=1)
