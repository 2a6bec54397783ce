"""The receivables page: what each client owes by age, per currency, nothing converted."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fracos.billing import services
from tests.billing.helpers import month, ready_practice
from tests.web.conftest import OWNER, VIEWER


@pytest.fixture
def owed(cast):
    """Acme (EUR): Jul issued 31 Jul (due 30 Aug: 80 days late), Nov current (due 18 Dec),
    Sep half paid (due 30 Oct: 19 days late). Globex (outside the EU) in USD: Jun (due
    30 Jul: 111 days late), issued first because numbers follow dates."""
    from fracos.clients.services import client_add

    ready_practice(cast)
    globex = client_add(cast.owner, name="Globex Inc", country="US", currency="USD", city="Austin")
    cast.globex = globex
    d = services.invoice_draft(cast.owner, client_id=globex.pk, period=month("2026-06"))
    services.invoice_line_add(
        cast.owner, invoice_id=d.pk, description="Workshop", quantity="2", unit_price="1500.50"
    )
    services.invoice_issue(cast.owner, invoice_id=d.pk, issue_date=date(2026, 6, 30))
    for label, day in (("2026-07", date(2026, 7, 31)), ("2026-09", date(2026, 9, 30))):
        d = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month(label))
        issued = services.invoice_issue(cast.owner, invoice_id=d.pk, issue_date=day)
    services.payment_add(cast.owner, invoice_id=issued.pk, amount="4840", on=date(2026, 11, 2))
    d = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-11"))
    services.invoice_issue(cast.owner, invoice_id=d.pk)
    return cast


def _row(page: str, currency: str, client: str) -> list[str]:
    section = page[page.index(f"In {currency}:") :]
    row = section[section.index(client) :]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td class="num">(?:<strong>)?([^<]*)<', row)


def test_it_ages_what_each_client_owes_per_currency(owed, login):
    page = login(OWNER).get("/receivables/").content.decode()
    # current 9,680.00 · 1–30 4,840.00 (Sep, half paid) · 61–90 9,680.00 (Jul) → 24,200.00
    assert _row(page, "EUR", "Acme Logistics") == [
        "9,680.00 EUR",
        "4,840.00 EUR",
        "0.00 EUR",
        "9,680.00 EUR",
        "0.00 EUR",
        "24,200.00 EUR",
    ]
    # Not subject to VAT: 2 × 1,500.50 = 3,001.00 USD, 111 days late
    assert _row(page, "USD", "Globex Inc") == [
        "0.00 USD",
        "0.00 USD",
        "0.00 USD",
        "0.00 USD",
        "3,001.00 USD",
        "3,001.00 USD",
    ]
    assert "In EUR: 24,200.00 EUR open" in page and "In USD: 3,001.00 USD open" in page


def test_a_paid_invoice_leaves_the_receivables(owed, login):
    from fracos.billing.models import Invoice
    from fracos.core.money import from_minor

    for invoice in Invoice.objects.filter(client=owed.acme):
        left = invoice.total_minor - sum(p.amount_minor for p in invoice.payments.all())
        services.payment_add(owed.owner, invoice_id=invoice.pk, amount=from_minor(left, "EUR"))
    page = login(OWNER).get("/receivables/").content.decode()
    assert "In EUR" not in page and "In USD: 3,001.00 USD open" in page


def test_nothing_owed_says_so(cast, login):
    page = login(OWNER).get("/receivables/").content.decode()
    assert "Nothing is owed" in page


def test_a_viewer_reads_the_receivables(owed, login):
    response = login(VIEWER).get("/receivables/")
    assert response.status_code == 200 and "24,200.00 EUR" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_the_receivables_query_count_does_not_grow(
    owed, login, django_assert_max_num_queries, extra
):
    for _ in range(extra):
        d = services.invoice_draft(owed.owner, client_id=owed.globex.pk)
        services.invoice_line_add(
            owed.owner, invoice_id=d.pk, description="Call", quantity="1", unit_price="100"
        )
        services.invoice_issue(owed.owner, invoice_id=d.pk)
    browser = login(OWNER)
    with django_assert_max_num_queries(10):
        assert browser.get("/receivables/").status_code == 200
