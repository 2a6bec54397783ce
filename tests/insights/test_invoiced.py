"""Invoiced income per month and client, from issued invoices and credit notes (today: 2026-11-18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.billing import services
from fracos.core.errors import PermissionDenied
from fracos.insights.invoiced import invoiced_income, trailing_invoiced
from tests.billing.helpers import month, ready_practice

D = Decimal


@pytest.fixture
def ready(cast):
    ready_practice(cast)
    return cast


def _issue(cast, client, label: str, on: date):
    draft = services.invoice_draft(cast.owner, client_id=client.pk, period=month(label))
    return services.invoice_issue(cast.owner, invoice_id=draft.pk, issue_date=on)


def test_issued_invoices_count_net_in_their_issue_month_and_drafts_count_nothing(ready):
    _issue(ready, ready.acme, "2026-09", date(2026, 9, 30))
    _issue(ready, ready.acme, "2026-10", date(2026, 10, 31))
    services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    income = invoiced_income(ready.owner, first_month=date(2026, 9, 1), months=3)
    grid = income.by_month_and_client("EUR")
    assert grid == {
        "2026-09": {"Acme Logistics": D("8000.00")},
        "2026-10": {"Acme Logistics": D("8000.00")},
        "2026-11": {},
    }
    assert income.total("EUR") == D("16000.00")  # net: the 21 % VAT is not income


def test_a_credit_note_counts_negative_in_its_own_month(ready):
    invoice = _issue(ready, ready.acme, "2026-10", date(2026, 10, 31))
    services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="1000", reason="scope cut")
    income = invoiced_income(ready.owner, first_month=date(2026, 10, 1), months=2)
    assert [(r.month, r.amount) for r in income.rows] == [
        ("2026-10", D("8000.00")),
        ("2026-11", D("-1000.00")),
    ]


def test_largest_client_share_over_the_trailing_twelve_months(ready):
    _issue(ready, ready.acme, "2026-09", date(2026, 9, 30))
    _issue(ready, ready.acme, "2026-10", date(2026, 10, 31))
    trailing = trailing_invoiced(ready.owner)
    assert (trailing.months[0].label, trailing.months[-1].label) == ("2025-11", "2026-10")
    client, amount, share = trailing.largest_share("EUR") or ("", D(0), D(0))
    assert (client, amount, share) == ("Acme Logistics", D("16000.00"), D(1))
    assert trailing.largest_share("USD") is None


def test_the_portal_and_other_practices_see_nothing(ready):
    _issue(ready, ready.acme, "2026-10", date(2026, 10, 31))
    with pytest.raises(PermissionDenied):
        invoiced_income(ready.portal, first_month=date(2026, 10, 1))
    assert invoiced_income(ready.outsider, first_month=date(2026, 10, 1)).rows == []
