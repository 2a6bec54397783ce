"""Migration 0003 splits a running series by year, so no new number repeats an old one."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps

from fracos.billing import services
from fracos.billing.models import Invoice, NumberSeries
from fracos.practice.services import playbook_update
from tests.billing.helpers import month, ready_practice

split = importlib.import_module("fracos.billing.migrations.0003_number_series_per_year")


def _issue(cast, period: str, on: date) -> Invoice:  # type: ignore[no-untyped-def]
    draft = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month(period))
    return services.invoice_issue(cast.owner, invoice_id=draft.pk, issue_date=on)


def _old_invoice(cast, seq: int, on: date) -> None:  # type: ignore[no-untyped-def]
    """An invoice as the old running series numbered it: stored under "invoice"."""
    from fracos.core import clock

    Invoice.objects.create(
        practice_id=cast.practice.pk,
        client=cast.acme,
        status="issued",
        series="invoice",
        seq=seq,
        number=f"{on.year}-{seq:04d}",
        issue_date=on,
        currency="EUR",
        created_at=clock.now(),
    )


def test_a_year_pattern_continues_each_year_after_its_highest_number(cast):
    ready_practice(cast)
    _old_invoice(cast, 1, date(2026, 11, 2))
    _old_invoice(cast, 2, date(2026, 12, 1))
    _old_invoice(cast, 3, date(2027, 1, 4))
    NumberSeries.objects.create(
        practice_id=cast.practice.pk, name="invoice", next_value=4, last_issue_date=date(2027, 1, 4)
    )
    split.split_by_year(apps, None)
    assert sorted(NumberSeries.objects.values_list("name", "next_value", "last_issue_date")) == [
        ("invoice:2026", 3, date(2026, 12, 1)),
        ("invoice:2027", 4, date(2027, 1, 4)),
    ]
    # The next number of 2027 follows the old ones; 2028 will start at 1.
    assert _issue(cast, "2027-01", date(2027, 1, 5)).number == "2027-0004"
    assert _issue(cast, "2027-02", date(2028, 1, 3)).number == "2028-0001"


def test_a_pattern_without_a_year_keeps_its_running_series(cast):
    ready_practice(cast)
    playbook_update(cast.owner, {"invoice_number_pattern": "F{seq:05d}"})
    _issue(cast, "2026-11", date(2026, 11, 18))
    split.split_by_year(apps, None)
    assert list(NumberSeries.objects.values_list("name", "next_value")) == [("invoice", 2)]
