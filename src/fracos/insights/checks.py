"""What every practice health check shares: its shape, its statuses and the context it reads.

A check gives a status (ok / warn / alert), the figure, the rule in one sentence
quoting the practice's own setting, and what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.playbook import PlaybookSettings
from fracos.practice.models import Practice

OK, WARN, ALERT = "ok", "warn", "alert"
OK, WARN, ALERT = "ok", "warn", "alert"
STATUS_LABELS = {OK: "OK", WARN: "Warning", ALERT: "Alert"}
STATUS_ICONS = {OK: "✓", WARN: "▲", ALERT: "⚠"}
ORDER = {OK: 0, WARN: 1, ALERT: 2}
ZERO = Decimal(0)


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    status: str
    figure: str
    rule: str
    advice: str
    details: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "figure": self.figure,
            "rule": self.rule,
            "advice": self.advice,
            "details": list(self.details),
            "data": self.data,
        }


def worst(statuses: Sequence[str]) -> str:
    return max(statuses, key=lambda s: ORDER[s], default=OK)


@dataclass(frozen=True)
class Context:
    """What the checks share: read once, passed to each."""

    actor: Actor
    practice: Practice
    rules: PlaybookSettings
    today: date
    engagements: list[Any]  # the practice's active engagements
    # Read by the caller already (the dashboard shows them too); None: the check reads them.
    weighted: dict[str, Decimal] | None = None  # the weighted pipeline per currency
    unpaid: list[tuple[Any, str]] | None = None  # unpaid_invoices(): (invoice, state)

    @property
    def currency(self) -> str:
        return str(self.practice.currency)

    @property
    def window(self) -> clock.Period:
        """The last 4 weeks: the 28 days ending today."""
        return clock.Period(
            self.today - timedelta(days=27), self.today + timedelta(days=1), "last 4 weeks"
        )

    def running(self, on: date) -> list[Any]:
        return [
            e
            for e in self.engagements
            if e.status == "active"
            and e.start_date <= on
            and (e.end_date is None or e.end_date >= on)
        ]


def money_text(amount: Decimal, currency: str) -> str:
    return f"{amount} {currency}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def hours_text(value: Decimal) -> str:
    return f"{value.normalize():f} h" if value == value.to_integral() else f"{value} h"
