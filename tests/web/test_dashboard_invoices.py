"""The dashboard's money: unpaid and overdue invoices, income by client per currency."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.billing import services
from tests.billing.helpers import month, ready_practice
from tests.web.conftest import OWNER, VIEWER


@pytest.fixture
def income(cast):
    """Acme: Sep and Oct retainers (8,000.00 net each, Sep unpaid and overdue);
    Brightwave: a 4,000.00 review in October (reverse charge), paid."""
    ready_practice(cast)
    issued = {}
    for label, day in (("2026-09", date(2026, 9, 30)), ("2026-10", date(2026, 10, 31))):
        d = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month(label))
        issued[label] = services.invoice_issue(cast.owner, invoice_id=d.pk, issue_date=day)
    services.payment_add(cast.owner, invoice_id=issued["2026-10"].pk, amount="9680")
    d = services.invoice_draft(cast.owner, client_id=cast.brightwave.pk, period=month("2026-10"))
    for line in d.lines.all():  # the day-rate days logged: none here, but be explicit
        services.invoice_line_remove(cast.owner, invoice_id=d.pk, line_id=line.pk)
    services.invoice_line_add(
        cast.owner, invoice_id=d.pk, description="Review", quantity="1", unit_price="4000"
    )
    bright = services.invoice_issue(cast.owner, invoice_id=d.pk, issue_date=date(2026, 10, 31))
    services.payment_add(cast.owner, invoice_id=bright.pk, amount="4000")
    return issued


def test_the_unpaid_panel_lists_overdue_invoices_with_their_lateness(cast, income, login):
    page = login(OWNER).get("/").content.decode()
    panel = page[page.index("Unpaid and overdue invoices") :]
    panel = panel[: panel.index("</section>")]
    sep = income["2026-09"]
    # Issued 30 Sep, due 30 Oct: 19 days late on 18 Nov
    assert f">{sep.number}</a>" in panel and "⚠ Overdue, 19 days" in panel
    assert income["2026-10"].number not in panel  # paid
    assert "<strong>9,680.00 EUR</strong> open" in panel
    assert '<strong class="tag-alert">⚠ 9,680.00 EUR</strong> overdue' in panel


def test_income_by_client_is_a_stacked_bar_chart_with_a_table_and_the_largest_share(
    cast, income, login
):
    page = login(OWNER).get("/").content.decode()
    assert "Income by client, last 12 months (EUR)" in page
    # Twelve full months before November 2026: Nov 2025 to Oct 2026
    assert '<th scope="row">2025-11</th>' in page and '<th scope="row">2026-11</th>' not in page
    assert "<title>2026-10 · Acme Logistics: 8,000.00 EUR</title>" in page
    assert "<title>2026-10 · Brightwave Health: 4,000.00 EUR</title>" in page
    assert 'Brightwave Health <span class="muted small">(stripes)</span>' in page
    # October's table row: Acme 8,000, Brightwave 4,000, total 12,000
    assert (
        '<th scope="row">2026-10</th><td class="num">8,000.00 EUR</td>'
        '<td class="num">4,000.00 EUR</td><td class="num">12,000.00 EUR</td>'
    ) in page
    # Acme: 16,000 of 20,000 = 80 %
    assert (
        "Acme Logistics is the largest client: 80% of the 20,000.00 EUR invoiced in the "
        "last 12 months (16,000.00 EUR)."
    ) in page


def test_each_currency_gets_its_own_chart(cast, income, login):
    from fracos.clients.services import client_add

    globex = client_add(cast.owner, name="Globex Inc", country="US", currency="USD", city="Austin")
    d = services.invoice_draft(cast.owner, client_id=globex.pk, period=month("2026-10"))
    services.invoice_line_add(
        cast.owner, invoice_id=d.pk, description="Advice", quantity="3", unit_price="333.33"
    )
    services.invoice_issue(cast.owner, invoice_id=d.pk, issue_date=date(2026, 10, 31))
    page = login(OWNER).get("/").content.decode()
    assert "Income by client, last 12 months (EUR)" in page
    assert "Income by client, last 12 months (USD)" in page
    assert "<title>2026-10 · Globex Inc: 999.99 USD</title>" in page
    assert "Globex Inc is the largest client: 100% of the 999.99 USD" in page


def test_without_invoices_the_panel_says_so(cast, login):
    page = login(OWNER).get("/").content.decode()
    assert "Every issued invoice is paid." in page
    assert "No invoice issued in the last 12 full months yet." in page


def test_a_viewer_sees_the_money_panels(cast, income, login):
    page = login(VIEWER).get("/").content.decode()
    assert "Unpaid and overdue invoices" in page and "is the largest client" in page


@pytest.mark.parametrize("extra", [0, 20])
def test_the_dashboard_query_count_does_not_grow_with_invoices(
    cast, income, login, django_assert_max_num_queries, extra
):
    for n in range(extra):
        d = services.invoice_draft(cast.owner, client_id=cast.brightwave.pk)
        services.invoice_line_add(
            cast.owner, invoice_id=d.pk, description=f"Call {n}", quantity="1", unit_price="100"
        )
        services.invoice_issue(cast.owner, invoice_id=d.pk)
    browser = login(OWNER)
    # A first view (nothing cached), with 2 to spare.
    with django_assert_max_num_queries(27):
        assert browser.get("/").status_code == 200


def test_a_bar_is_topped_by_its_whole_amount_to_fit_above_it(cast, income, login):
    page = login(OWNER).get("/").content.decode()
    # October: 8,000 + 4,000 = 12,000 (the exact figures are in the titles and the table)
    assert 'class="value">12,000</text>' in page


def test_the_money_scale_steps_by_one_two_or_five():
    from decimal import Decimal

    from fracos.web.charts import money_bars

    # A 12,000.00 peak: a quarter is 3,000, rounded up to a step of 5,000
    chart = money_bars(
        "t",
        [("a", "A"), ("b", "B")],
        [("X", {"a": Decimal("12000.00"), "b": Decimal("1.5")})],
        "EUR",
    )
    assert [label for _, label in chart.ticks] == ["0", "5,000", "10,000", "15,000", "20,000"]
    assert chart.fmt(150) == "1.50 EUR"
    # Yen has no minor unit
    yen = money_bars("t", [("a", "A")], [("X", {"a": Decimal("980")})], "JPY")
    assert [label for _, label in yen.ticks] == ["0", "500", "1,000", "1,500", "2,000"]
