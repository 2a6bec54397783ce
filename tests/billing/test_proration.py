"""Retainers (and equity's cash part) that start or end mid-month bill the days they run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.billing import services
from fracos.billing.models import Invoice
from fracos.engagements.services import engagement_add, engagement_end, engagement_update
from fracos.practice.services import playbook_update
from tests.billing.helpers import month, ready_practice

D = Decimal


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _fee(invoice: Invoice) -> tuple[str, int, date | None, date | None]:
    line = invoice.lines.get(kind="fee")
    return line.description, line.unit_price_minor, line.period_start, line.period_end


def test_a_retainer_starting_mid_month_bills_its_share_of_the_days_in_advance(ready):
    engagement_update(ready.owner, ready.retainer.pk, start_date=date(2026, 11, 19))
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    # 19–30 November: 12 of 30 days × 8000.00 = 3200.00
    assert _fee(draft) == (
        "Fractional CTO — monthly retainer, November 2026: 8.000,00 × 12/30 days, from 19 Nov",
        320000,
        date(2026, 11, 19),
        date(2026, 11, 30),
    )
    december = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-12"))
    assert _fee(december)[1:] == (800000, date(2026, 12, 1), date(2026, 12, 31))


def test_a_retainer_ending_mid_month_in_arrears_bills_the_days_up_to_its_end(ready):
    engagement_update(ready.owner, ready.retainer.pk, billing_timing="arrears")
    engagement_end(ready.owner, ready.retainer.pk, on=date(2026, 11, 12))
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-12"))
    # 1–12 November: 12 of 30 days × 8000.00 = 3200.00
    assert _fee(draft) == (
        "Fractional CTO — monthly retainer, November 2026: 8.000,00 × 12/30 days, to 12 Nov",
        320000,
        date(2026, 11, 1),
        date(2026, 11, 12),
    )


def test_a_retainer_inside_one_month_names_both_ends_and_rounds_to_the_cent(ready):
    engagement_update(
        ready.owner, ready.retainer.pk, start_date=date(2026, 12, 3), end_date=date(2026, 12, 20)
    )
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-12"))
    # 3–20 December: 18 of 31 days × 8000.00 = 4645.1612… → 4645.16
    assert _fee(draft)[:2] == (
        "Fractional CTO — monthly retainer, December 2026: 8.000,00 × 18/31 days, 3 Dec to 20 Dec",
        464516,
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert (issued.net_minor, issued.tax_minor) == (464516, 97548)  # 975.4836 → 975.48


def test_equity_bills_the_share_of_its_cash_retainer(ready):
    engagement_add(
        ready.owner,
        client_id=ready.acme.pk,
        role_title="Advisor",
        pricing_model="equity",
        fee=D("2500"),
        equity_percent=D("0.5"),
        start_date=date(2026, 11, 10),
    )
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    line = draft.lines.get(description__startswith="Advisor")
    # 10–30 November: 21 of 30 days × 2500.00 = 1750.00
    assert line.description == (
        "Advisor — cash retainer, November 2026: 2.500,00 × 21/30 days, from 10 Nov"
    )
    assert line.unit_price_minor == 175000


def test_the_practice_can_turn_proration_off(ready):
    playbook_update(ready.owner, {"prorate_retainers": False})
    engagement_update(ready.owner, ready.retainer.pk, start_date=date(2026, 11, 19))
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    # The whole fee, over the days the retainer runs (BT-134/135 never reach before its start).
    assert _fee(draft) == (
        "Fractional CTO — monthly retainer, November 2026",
        800000,
        date(2026, 11, 19),
        date(2026, 11, 30),
    )


def test_the_amount_and_date_follow_the_practice_locale(ready):
    # The cast's practice writes en_BE (8.000,00, as the tests above show).
    from fracos.practice.services import practice_update

    engagement_update(ready.owner, ready.retainer.pk, start_date=date(2026, 11, 19))
    for locale, expected in (
        ("en_US", "8,000.00 × 12/30 days, from 19 Nov"),
        ("nl_BE", "8.000,00 × 12/30 days, from 19 nov"),
    ):
        practice_update(ready.owner, locale=locale)
        draft = services.invoice_draft(
            ready.owner, client_id=ready.acme.pk, period=month("2026-11")
        )
        assert _fee(draft)[0].endswith(expected)
        services.invoice_delete(ready.owner, invoice_id=draft.pk)


def test_run_due_bills_the_last_partial_month_of_an_ended_retainer_in_arrears(ready):
    engagement_update(ready.owner, ready.retainer.pk, billing_timing="arrears")
    engagement_end(ready.owner, ready.retainer.pk, on=date(2026, 11, 12))
    outcome = services.run_due(ready.owner, today=date(2026, 12, 1))
    assert [_fee(i)[1] for i in outcome.drafted] == [320000]
    assert services.run_due(ready.owner, today=date(2027, 1, 1)).drafted == []


def test_prorated_invoices_in_advance_and_arrears_are_valid_e_invoices(ready, einvoice_rules):
    from fracos.billing import render
    from tests.billing.einvoice_validator import assert_valid_cii, assert_valid_ubl

    engagement_update(ready.owner, ready.retainer.pk, start_date=date(2026, 10, 19))
    advance = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-10"))
    engagement_update(ready.owner, ready.retainer.pk, billing_timing="arrears")
    engagement_end(ready.owner, ready.retainer.pk, on=date(2026, 11, 12))
    arrears = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-12"))
    for draft in (advance, arrears):
        issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
        assert_valid_ubl(render.ubl_xml(issued))
        assert_valid_cii(render.cii_xml(issued))


def test_overage_on_a_partial_month_is_billed_over_its_prorated_hours(ready):
    from tests.insights.helpers import log_hours

    engagement_update(
        ready.owner,
        ready.retainer.pk,
        days_per_week=None,
        hours_per_week="12",
        overage_policy="bill",
        overage_rate=D("150"),
        start_date=date(2026, 10, 19),
    )
    log_hours(ready.owner, ready.retainer, date(2026, 10, 19), 24)
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    line = draft.lines.get(kind="overage")
    # 19–31 October includes 52 h × 13/31 → 21.75 h; 24 h logged is 2.25 h over
    assert (line.quantity, line.unit_price_minor) == (D("2.25"), 15000)
    assert (line.period_start, line.period_end) == (date(2026, 10, 19), date(2026, 10, 31))


def test_a_day_rate_ending_mid_month_bills_its_days_over_the_days_it_ran(ready):
    from fracos.billing import render
    from tests.billing.helpers import log

    engagement_update(ready.owner, ready.day_rate.pk, start_date=date(2026, 10, 7))
    log(ready, ready.day_rate, "2026-10-08", "8")
    log(ready, ready.day_rate, "2026-10-15", "8")
    engagement_end(ready.owner, ready.day_rate.pk, on=date(2026, 10, 20))
    draft = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-10")
    )
    line = draft.lines.get(kind="days")
    assert (line.quantity, line.period_start, line.period_end) == (
        D("2"),
        date(2026, 10, 7),
        date(2026, 10, 20),
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    ubl = render.ubl_xml(issued).decode()
    line_xml = ubl[ubl.index("<cac:InvoiceLine>") :]
    assert "<cbc:StartDate>2026-10-07</cbc:StartDate>" in line_xml
    assert "<cbc:EndDate>2026-10-20</cbc:EndDate>" in line_xml
    period = render.pdf_context(issued)["lines"][0]["period"]
    assert period.startswith("7 October 2026") and period.endswith("20 October 2026")
