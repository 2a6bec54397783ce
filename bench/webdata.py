"""The web bench's data: the demo practice stretched to ten years of history.

    FRACOS_DATA_DIR=... FRACOS_NOW=2026-11-18T09:00:00+00:00 \\
        .venv/bin/python -m bench.webdata --entries 20000

Run after `fracos demo` in the same data directory. The active engagements are
moved back ten years and ~20k time entries are bulk-written (a fractional CTO's
decade: a few entries per working day, business development on Fridays). Then
a decade of invoices is drafted and issued month by month through the billing
services (numbers, snapshots, totals and audit as a user's would be), three
extra retainer clients widen the ledger to ~500 invoices, and all but the last
few months are paid through ``payment_add``. Time entries go in by
``bulk_create`` because 20k service calls would take minutes and test nothing
the dashboard reads differently.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 9, tzinfo=UTC)
YEARS_DAYS = 3653
EXTRA_CLIENTS = [
    ("Brightwater Analytics", Decimal(4500), date(2017, 3, 1), date(2025, 12, 31)),
    ("Northgate Freight", Decimal(3800), date(2019, 9, 1), date(2025, 10, 31)),
    ("Kestrel Health", Decimal(5200), date(2018, 1, 1), date(2024, 6, 30)),
]


def _entries(member: object, active: list, first: date, target: int) -> int:
    from fracos.timesheets.models import TimeEntry

    rng = random.Random(7)
    days = [first + timedelta(days=i) for i in range(YEARS_DAYS)]
    days = [d for d in days if d.weekday() < 5]
    per_day = max(1, round(target / len(days)))
    rows: list[TimeEntry] = []
    for day in days:
        for n in range(per_day):
            if len(rows) >= target:
                break
            common = {
                "practice_id": member.practice_id,  # type: ignore[attr-defined]
                "member": member,
                "work_date": day,
                "source": "bench",
                "created_at": NOW,
            }
            if n == per_day - 1 and day.weekday() == 4:
                rows.append(
                    TimeEntry(
                        kind="bd", seconds=3600 * rng.choice([1, 2, 3]), note="Coffee", **common
                    )
                )
                continue
            e = active[(day.toordinal() + n) % len(active)]
            rows.append(
                TimeEntry(
                    kind="client",
                    engagement=e,
                    client_id=e.client_id,
                    seconds=1800 * rng.randint(1, 6),
                    note="Bench work",
                    **common,
                )
            )
    TimeEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _extra_clients(actor: object) -> None:
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add, engagement_end

    for name, fee, start, end in EXTRA_CLIENTS:
        client = client_add(actor, name=name, country="BE", city="Ghent")
        engagement = engagement_add(
            actor,
            client_id=client.pk,
            role_title="Fractional CTO",
            pricing_model="retainer",
            fee=fee,
            days_per_week=Decimal(1),
            start_date=start,
        )
        engagement_end(actor, engagement.pk, on=end, reason="Bench history")


def _invoices(actor: object, first: date) -> tuple[int, int]:
    """Every client's month from ``first`` until the demo's own invoices begin (2026)."""
    from fracos.billing.selectors import open_minor
    from fracos.billing.services import invoice_draft, invoice_issue, payment_add
    from fracos.clients.models import Client
    from fracos.core import clock
    from fracos.core.money import from_minor
    from fracos.engagements.models import Engagement

    rng = random.Random(11)
    spans: dict[int, tuple[date, date]] = {}
    for e in Engagement.objects.exclude(status="proposed").exclude(pricing_model="pilot"):
        lo, hi = spans.get(e.client_id, (e.start_date, e.end_date or TODAY))
        spans[e.client_id] = (min(lo, e.start_date), max(hi, e.end_date or TODAY))
    clients = list(Client.objects.filter(pk__in=spans).order_by("pk"))
    issued = paid = 0
    month = first.replace(day=1)
    while month < date(2026, 1, 1):
        period = clock.month_of(month)
        # Issued on the month's last day, so December 2025 stays in the 2025 series.
        issue_on = period.last_day
        for client in clients:
            lo, hi = spans[client.pk]
            if not (lo <= period.last_day and hi >= period.start):
                continue
            draft = invoice_draft(actor, client_id=client.pk, period=period)
            if not draft.lines.exists():
                draft.delete()
                continue
            invoice = invoice_issue(actor, invoice_id=draft.pk, issue_date=issue_on)
            issued += 1
            assert invoice.due_date is not None
            payment_add(
                actor,
                invoice_id=invoice.pk,
                amount=from_minor(open_minor(invoice), invoice.currency),
                on=invoice.due_date + timedelta(days=rng.randint(-10, 12)),
            )
            paid += 1
        month = clock.add_months(month, 1)
    return issued, paid


def build(entries: int) -> None:
    from fracos.cli.boot import boot_django

    boot_django()
    from fracos.billing.models import Invoice
    from fracos.engagements.models import Engagement
    from fracos.practice.models import Member
    from fracos.practice.selectors import actor_for_member
    from fracos.timesheets.models import TimeEntry

    first = TODAY - timedelta(days=YEARS_DAYS)
    active = list(Engagement.objects.filter(status="active"))
    Engagement.objects.filter(pk__in=[e.pk for e in active]).update(start_date=first)
    member = Member.objects.get(role="owner")
    actor = actor_for_member(member)
    _entries(member, active, first, entries)
    _extra_clients(actor)
    _invoices(actor, first)
    print(f"{TimeEntry.objects.count()} time entries, {Invoice.objects.count()} invoices")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=20000)
    build(parser.parse_args().entries)


if __name__ == "__main__":
    main()
