"""Invoiced income: what the practice actually billed, month by month and client by client.

The counterpart of ``income.py`` (what the terms promise). An issued invoice
counts in the month of its issue date at its net amount (VAT is not income);
a credit note counts negative in its own month, so a correction shows when it
was made and an issued month is never rewritten. Drafts count nothing.
Amounts stay in each invoice's currency: nothing is converted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.money import from_minor

ZERO = Decimal(0)


@dataclass(frozen=True)
class InvoicedRow:
    month: str
    client_id: int
    client: str
    currency: str
    amount: Decimal

    def as_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "client_id": self.client_id,
            "client": self.client,
            "currency": self.currency,
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class Invoiced:
    """Net invoiced income over a run of calendar months."""

    months: list[clock.Period]
    rows: list[InvoicedRow]

    def currencies(self) -> list[str]:
        return sorted({r.currency for r in self.rows})

    def total(self, currency: str) -> Decimal:
        return sum((r.amount for r in self.rows if r.currency == currency), ZERO)

    def by_client(self, currency: str) -> dict[str, Decimal]:
        """Client → total, largest first (ties by name)."""
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            if row.currency == currency:
                totals[row.client] += row.amount
        return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))

    def by_month_and_client(self, currency: str) -> dict[str, dict[str, Decimal]]:
        """Month label → client → amount, every month present (empty months as {})."""
        grid: dict[str, dict[str, Decimal]] = {m.label: {} for m in self.months}
        for row in self.rows:
            if row.currency == currency:
                cell = grid[row.month]
                cell[row.client] = cell.get(row.client, ZERO) + row.amount
        return grid

    def largest_share(self, currency: str) -> tuple[str, Decimal, Decimal] | None:
        """(client, amount, share 0..1) of the largest client, or None without positive income."""
        total = self.total(currency)
        if total <= 0:
            return None
        client, amount = next(iter(self.by_client(currency).items()))
        return client, amount, amount / total


def invoiced_income(actor: Actor, *, first_month: date, months: int = 12) -> Invoiced:
    """Net invoiced income of the practice over ``months`` calendar months from ``first_month``."""
    from django.db.models import Sum

    from fracos.billing.choices import InvoiceKind, InvoiceStatus
    from fracos.billing.selectors import invoices_visible

    actor.require_staff()
    periods = [
        clock.month_of(clock.add_months(first_month.replace(day=1), i)) for i in range(months)
    ]
    labels = {p.label for p in periods}
    sums = (
        invoices_visible(actor)
        .exclude(status=InvoiceStatus.DRAFT)
        .filter(issue_date__gte=periods[0].start, issue_date__lte=periods[-1].last_day)
        .values("issue_date", "client_id", "client__name", "currency", "kind")
        .annotate(net=Sum("net_minor"))
    )
    totals: dict[tuple[str, int, str, str], int] = defaultdict(int)
    for s in sums:
        month = s["issue_date"].isoformat()[:7]
        if month not in labels:
            continue
        sign = -1 if s["kind"] == InvoiceKind.CREDIT_NOTE else 1
        totals[(month, s["client_id"], s["client__name"], s["currency"])] += sign * s["net"]
    rows = [
        InvoicedRow(
            month=month,
            client_id=client_id,
            client=client,
            currency=currency,
            amount=from_minor(minor, currency),
        )
        for (month, client_id, client, currency), minor in totals.items()
        if minor != 0
    ]
    rows.sort(key=lambda r: (r.month, r.client, r.currency))
    return Invoiced(months=periods, rows=rows)


def trailing_invoiced(actor: Actor, months: int = 12) -> Invoiced:
    """The ``months`` full calendar months before the current one."""
    from fracos.practice.selectors import practice_for

    this_month = clock.today(practice_for(actor).timezone).replace(day=1)
    return invoiced_income(actor, first_month=clock.add_months(this_month, -months), months=months)
