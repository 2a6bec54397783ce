"""When each check-in, summary, review and renewal conversation falls due (plain Python).

- check-in: ``checkin_interval_days`` after the last one (or the engagement's start);
- summary: one per ``summary_interval_months`` period, counted in calendar months
  from the start month, due the day after its period ends; the next period is
  the one after the last *sent* summary;
- review: ``review_interval_months`` after the last one (or the start);
- renewal: an engagement with an end date within ``renewal_warn_days`` needs a
  renewal conversation logged since that window opened.

Each item is *overdue* once its date has passed, *due* from
``cadence_due_soon_days`` before it, and *done* (nothing to do yet) before that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fracos.core import clock
from fracos.core.playbook import PlaybookSettings

KINDS = ("checkin", "summary", "review", "renewal")
LABELS = {
    "checkin": "Check-in",
    "summary": "Progress summary",
    "review": "Quarterly review",
    "renewal": "Renewal conversation",
}


@dataclass(frozen=True)
class Intervals:
    checkin_days: int
    summary_months: int
    review_months: int

    @classmethod
    def of(cls, rules: PlaybookSettings, override: Any = None) -> Intervals:
        """The practice's intervals, with an engagement's own overrides laid over them."""

        def pick(name: str, default: int) -> int:
            value = getattr(override, name, None) if override is not None else None
            return int(value) if value else default

        return cls(
            pick("checkin_interval_days", rules.checkin_interval_days),
            pick("summary_interval_months", rules.summary_interval_months),
            pick("review_interval_months", rules.review_interval_months),
        )


@dataclass(frozen=True)
class EngagementFacts:
    """What the schedule needs to know about one engagement and its history."""

    engagement_id: int
    client: str
    role: str
    start: date
    end: date | None
    last_checkin: date | None = None
    last_review: date | None = None
    next_summary_start: date | None = None  # the day after the last sent summary's period
    pending_draft_id: int | None = None  # a draft for the next period, not sent yet
    last_renewal: date | None = None


@dataclass(frozen=True)
class DueItem:
    kind: str
    engagement_id: int
    client: str
    role: str
    due_on: date
    state: str  # overdue | due | done
    last_on: date | None
    rule: str
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "engagement_id": self.engagement_id,
            "client": self.client,
            "role": self.role,
            "due_on": self.due_on.isoformat(),
            "state": self.state,
            "last_on": self.last_on.isoformat() if self.last_on else None,
            "rule": self.rule,
            "detail": self.detail,
        }


def state_of(due_on: date, today: date, soon_days: int) -> str:
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=soon_days):
        return "due"
    return "done"


def summary_period(start: date, months: int) -> clock.Period:
    """The summary period beginning with ``start``'s month and lasting ``months`` months."""
    first = start.replace(day=1)
    last = clock.add_months(first, months)
    label = (
        f"{first:%Y-%m}"
        if months == 1
        else f"{first:%Y-%m}..{clock.add_months(first, months - 1):%Y-%m}"
    )
    return clock.Period(first, last, label)


def items_for(
    facts: EngagementFacts, intervals: Intervals, rules: PlaybookSettings, today: date
) -> list[DueItem]:
    """Everything on an engagement's cadence as of ``today`` (an engagement that runs)."""
    soon = rules.cadence_due_soon_days
    out: list[DueItem] = []

    def add(kind: str, due: date, last: date | None, rule: str, detail: str = "") -> None:
        out.append(
            DueItem(
                kind,
                facts.engagement_id,
                facts.client,
                facts.role,
                due,
                state_of(due, today, soon),
                last,
                rule,
                detail,
            )
        )

    checkin_due = (facts.last_checkin or facts.start) + timedelta(days=intervals.checkin_days)
    add(
        "checkin",
        checkin_due,
        facts.last_checkin,
        f"A check-in every {intervals.checkin_days} days keeps the client close.",
    )
    period = summary_period(facts.next_summary_start or facts.start, intervals.summary_months)
    if facts.end is None or period.start <= facts.end:
        detail = f"covers {period.label}"
        if facts.pending_draft_id is not None:
            detail += f"; draft #{facts.pending_draft_id} is waiting to be sent"
        add(
            "summary",
            period.end,
            None,
            f"A progress summary every {intervals.summary_months} month(s), sent once the "
            "period ends, documents your contribution for renewal.",
            detail,
        )
    review_due = clock.add_months(facts.last_review or facts.start, intervals.review_months)
    if facts.end is None or review_due <= facts.end:
        add(
            "review",
            review_due,
            facts.last_review,
            f"A review every {intervals.review_months} months looks back at outcomes with the "
            "client.",
        )
    if facts.end is not None and today <= facts.end <= today + timedelta(
        days=rules.renewal_warn_days
    ):
        window_opens = facts.end - timedelta(days=rules.renewal_warn_days)
        talked = facts.last_renewal is not None and facts.last_renewal >= window_opens
        alert = facts.end - timedelta(days=rules.renewal_alert_days)
        state = "done" if talked else ("overdue" if today >= alert else "due")
        out.append(
            DueItem(
                "renewal",
                facts.engagement_id,
                facts.client,
                facts.role,
                facts.end,
                state,
                facts.last_renewal,
                f"An engagement ending within {rules.renewal_warn_days} days needs a renewal "
                f"conversation (overdue within {rules.renewal_alert_days}); this one ends on "
                f"{facts.end}.",
                "conversation logged" if talked else "log it with `fracos renewal log`",
            )
        )
    return out
