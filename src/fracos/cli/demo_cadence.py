"""The demo's rhythm: weekly check-ins, sent monthly summaries and quarterly reviews."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

CHECKIN_NOTES = [
    "Agreed to freeze the scope of the routing rewrite until Q1",
    "Decided to hire a senior backend engineer before a second team lead",
    "Reviewed the incident follow-ups; two of three closed",
    "Board deck: technology section approved",
    "Vendor shortlist down to two; decision next week",
]


def build_cadence_demo(actor: Any, engagements: list[Any], today: date, tz: str) -> None:
    """History as a disciplined leader would have it: nothing overdue but what is due now."""
    from fracos.cadence.services import checkin_record, review_record, summary_draft, summary_send
    from fracos.core import clock

    for index, engagement in enumerate(engagements):
        start = max(engagement.start_date, today - timedelta(weeks=10))
        day = start + timedelta(days=(index + 1) % 5)
        week = 0
        while day < today:
            if day.weekday() < 5:
                checkin_record(
                    actor,
                    engagement_id=engagement.pk,
                    held_on=day,
                    notes=CHECKIN_NOTES[(week + index) % len(CHECKIN_NOTES)],
                )
            day += timedelta(weeks=1)
            week += 1
        month = clock.month_of(engagement.start_date)
        this_month = clock.month_of(today)
        while month.start < this_month.start:
            with clock.freeze(clock.start_of_day(month.end, tz) + timedelta(hours=10)):
                draft = summary_draft(actor, engagement_id=engagement.pk, month=month)
                summary_send(actor, draft.pk)
            month = clock.month_of(month.end)
        quarter = clock.quarter_of(today)
        if engagement.start_date < quarter.start:
            review_record(
                actor,
                engagement_id=engagement.pk,
                held_on=quarter.start + timedelta(days=6),
                notes="Quarterly review: outcomes against the plan, priorities for next "
                "quarter agreed.",
            )
