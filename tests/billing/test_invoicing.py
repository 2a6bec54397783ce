"""Drafting, issuing, crediting and paying invoices through the billing services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from fracos.billing import selectors, services
from fracos.billing.models import Invoice, InvoiceLine, NumberSeries
from fracos.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from tests.billing.helpers import log, month, ready_practice

D = Decimal
TODAY = date(2026, 11, 18)


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _lines(invoice: Invoice) -> list[tuple[str, str, Decimal, int]]:
    return [
        (line.kind, line.description, line.quantity.normalize(), line.unit_price_minor)
        for line in invoice.lines.all()
    ]


def test_a_retainer_in_advance_bills_the_month_being_invoiced(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert _lines(draft) == [
        ("fee", "Fractional CTO — monthly retainer, November 2026", D(1), 800000)
    ]
    line = draft.lines.get()
    assert (line.vat_category, line.vat_rate, line.period_start, line.period_end) == (
        "S",
        D("21.00"),
        date(2026, 11, 1),
        date(2026, 11, 30),
    )


def test_a_retainer_in_arrears_bills_the_previous_month(ready):
    from fracos.engagements.services import engagement_update

    engagement_update(ready.owner, ready.retainer.pk, billing_timing="arrears")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert _lines(draft)[0][1] == "Fractional CTO — monthly retainer, October 2026"


def test_nothing_is_billed_twice(ready):
    first = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_issue(ready.owner, invoice_id=first.pk)
    again = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert list(again.lines.all()) == []


def test_issuing_numbers_freezes_and_totals_the_invoice(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert issued.number == "2026-0001"
    assert (issued.net_minor, issued.tax_minor, issued.total_minor) == (800000, 168000, 968000)
    assert issued.issue_date == TODAY and issued.due_date == date(2026, 12, 18)
    # Belgian practice: an OGM of year and sequence, 2600000001, check 2600000001 mod 97 = 70.
    assert issued.payment_reference == "+++260/0000/00170+++"
    assert issued.buyer["legal_name"] == "Acme Logistics NV"
    assert issued.seller["iban"] == "BE71096123456769"
    second = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-12"))
    assert services.invoice_issue(ready.owner, invoice_id=second.pk).number == "2026-0002"


def test_later_edits_to_the_client_never_change_an_issued_invoice(ready):
    from fracos.clients.services import client_update

    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    client_update(ready.owner, ready.acme.pk, legal_name="Acme Renamed NV", city="Antwerp")
    again = selectors.invoice_find(ready.owner, "2026-0001")
    assert again.buyer["legal_name"] == "Acme Logistics NV" and again.buyer["city"] == "Brussels"
    assert issued.pk == again.pk


def test_an_issued_invoice_cannot_be_edited_through_any_service(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_issue(ready.owner, invoice_id=draft.pk)
    line = draft.lines.get()
    for call in (
        lambda: services.invoice_line_add(
            ready.owner, invoice_id=draft.pk, description="x", quantity="1", unit_price="1"
        ),
        lambda: services.invoice_line_remove(ready.owner, invoice_id=draft.pk, line_id=line.pk),
        lambda: services.invoice_line_update(
            ready.owner, invoice_id=draft.pk, line_id=line.pk, quantity="2"
        ),
        lambda: services.invoice_delete(ready.owner, invoice_id=draft.pk),
        lambda: services.invoice_issue(ready.owner, invoice_id=draft.pk),
    ):
        with pytest.raises(RuleViolation):
            call()
    assert _lines(Invoice.objects.get(pk=draft.pk)) == _lines(draft)


def test_the_database_itself_refuses_to_change_an_issued_invoice(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_issue(ready.owner, invoice_id=draft.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=draft.pk).update(total_minor=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceLine.objects.filter(invoice_id=draft.pk).update(unit_price_minor=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=draft.pk).update(status="draft", number=None, seq=None)
    assert Invoice.objects.get(pk=draft.pk).total_minor == 968000


def test_issuing_an_empty_draft_is_refused_and_writes_nothing(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2027-03"))
    services.invoice_line_remove(ready.owner, invoice_id=draft.pk, line_id=draft.lines.get().pk)
    with pytest.raises(ValidationFailed, match="no lines") as caught:
        services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert caught.value.field == "lines"
    assert Invoice.objects.get(pk=draft.pk).number is None
    assert not NumberSeries.objects.exists()


def test_reverse_charge_needs_both_vat_numbers_and_says_how_to_set_them(cast):
    with pytest.raises(ValidationFailed, match="fracos practice set --vat") as caught:
        services.invoice_draft(cast.owner, client_id=cast.brightwave.pk, period=month("2026-11"))
    assert caught.value.field == "vat_number"
    ready_practice(cast)
    from fracos.clients.services import client_update

    client_update(cast.owner, cast.brightwave.pk, vat_number="")
    with pytest.raises(ValidationFailed) as caught:
        services.invoice_draft(cast.owner, client_id=cast.brightwave.pk, period=month("2026-11"))
    assert caught.value.field == "vat_number"
    assert 'fracos client set "Brightwave Health" --vat' in str(caught.value)
    assert not Invoice.objects.exists()


def test_a_day_rate_bills_the_dates_worked_in_the_month(ready):
    for day, hours in (
        ("2026-11-05", "4"),
        ("2026-11-05", "3"),
        ("2026-11-12", "8"),
        ("2026-11-13", "1"),
    ):
        log(ready, ready.day_rate, day, hours)
    log(ready, ready.day_rate, "2026-10-29", "8")  # October: not this invoice
    draft = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-11")
    )
    assert _lines(draft) == [("days", "Fractional CTO — days worked, November 2026", D(3), 120000)]
    assert draft.lines.get().vat_category == "K"


def test_in_hours_mode_days_are_hours_over_the_day_length_to_two_decimals(ready):
    from fracos.practice.services import playbook_update

    playbook_update(ready.owner, {"day_count_mode": "hours"})
    for day, hours in (("2026-11-05", "7"), ("2026-11-12", "8"), ("2026-11-13", "1.25")):
        log(ready, ready.day_rate, day, hours)
    draft = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-11")
    )
    # 16.25 h ÷ 8 = 2.03125 → 2.03 days
    assert _lines(draft)[0][2] == D("2.03")


def test_hours_over_a_retainer_are_reported_and_billed_when_the_policy_says_so(ready):
    from fracos.engagements.services import engagement_update

    engagement_update(ready.owner, ready.retainer.pk, overage_policy="bill", overage_rate="150")
    # Included in October: 2 days × 8 h × 52/12 = 69.33 h; log 72.5 h.
    for n in range(9):
        log(ready, ready.retainer, f"2026-10-{5 + n:02d}", "8")
    log(ready, ready.retainer, "2026-10-26", "0.5")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert draft.overage[0]["included_hours"] == "69.33"
    assert draft.overage[0]["logged_hours"] == "72.50"
    assert draft.overage[0]["overage_hours"] == "3.17" and draft.overage[0]["billed"] is True
    assert _lines(draft)[1] == (
        "overage",
        "Fractional CTO — hours over the retainer, October 2026",
        D("3.17"),
        15000,
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    # 8000 + 3.17 × 150 = 8475.50; VAT 21 % = 1779.855 → 1779.86
    assert (issued.net_minor, issued.tax_minor) == (847550, 177986)


def test_a_project_bills_done_milestones_once(ready):
    from fracos.engagements.services import MilestoneSpec, engagement_add, milestone_done

    project = engagement_add(
        ready.owner,
        client_id=ready.acme.pk,
        role_title="Platform migration",
        pricing_model="project",
        fee=D("10000"),
        start_date=date(2026, 9, 1),
        milestones=[MilestoneSpec("Plan", D("4000")), MilestoneSpec("Cut-over", D("6000"))],
    )
    first, _second = list(project.milestones.all())
    milestone_done(ready.owner, first.pk, on=date(2026, 10, 20))
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert ("milestone", "Platform migration — milestone: Plan", D(1), 400000) in _lines(draft)
    assert len(_lines(draft)) == 2  # the retainer's fee and the one milestone


def test_a_split_pilot_bills_half_at_the_start_and_half_at_the_end(ready):
    from fracos.engagements.services import engagement_add

    pilot = engagement_add(
        ready.owner,
        client_id=ready.acme.pk,
        role_title="Pilot",
        pricing_model="pilot",
        fee=D("5000.01"),
        pilot_weeks=6,
        pilot_billing="split",
        pilot_deliverable="Assessment",
        start_date=date(2026, 10, 12),
    )
    october = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-10"))
    assert [ln for ln in _lines(october) if ln[0] == "fee" and "Pilot" in ln[1]] == [
        ("fee", "Pilot — pilot: Assessment (first half, at the start)", D(1), 250001)
    ]
    november = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    pilot_lines = [ln for ln in _lines(november) if "Pilot" in ln[1]]
    assert pilot_lines == [
        ("fee", "Pilot — pilot: Assessment (second half, at the end)", D(1), 250000)
    ]
    assert pilot.pk


def test_extra_lines_and_discounts_change_only_drafts(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_line_add(
        ready.owner,
        invoice_id=draft.pk,
        description="Train ticket",
        quantity="1",
        unit_price="84.40",
    )
    discount = services.invoice_line_add(
        ready.owner, invoice_id=draft.pk, description="Loyalty", quantity="1", unit_price="-500"
    )
    assert (discount.kind, discount.quantity, discount.unit_price_minor) == (
        "discount",
        D("-1"),
        50000,
    )
    services.invoice_line_update(
        ready.owner, invoice_id=draft.pk, line_id=discount.pk, unit_price="-400"
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    # 8000 + 84.40 - 400 = 7684.40; VAT 21 % = 1613.724 → 1613.72
    assert (issued.net_minor, issued.tax_minor, issued.total_minor) == (768440, 161372, 929812)


def test_a_credit_note_reverses_part_then_the_rest_of_an_invoice(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    part = services.invoice_credit(ready.owner, invoice_id=issued.pk, amount="1000")
    assert part.number == "CN-2026-0001" and part.credited_invoice_id == issued.pk
    assert (part.net_minor, part.tax_minor, part.total_minor) == (100000, 21000, 121000)
    with pytest.raises(ValidationFailed, match=r"7000\.00 EUR") as caught:
        services.invoice_credit(ready.owner, invoice_id=issued.pk, amount="7000.01")
    assert caught.value.field == "amount"
    rest = services.invoice_credit(ready.owner, invoice_id=issued.pk)
    assert rest.net_minor == 700000
    again = selectors.invoice_get(ready.owner, issued.pk)
    assert selectors.invoice_state(again, TODAY) == "credited"
    assert selectors.open_minor(again) == 0
    # Credited in full: November's fee may be billed again.
    redraft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert len(_lines(redraft)) == 1


def test_payments_move_an_invoice_from_open_to_partly_paid_to_paid(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert selectors.invoice_state(selectors.invoice_get(ready.owner, issued.pk), TODAY) == "open"
    services.payment_add(ready.owner, invoice_id=issued.pk, amount="4000")
    inv = selectors.invoice_get(ready.owner, issued.pk)
    assert selectors.invoice_state(inv, TODAY) == "partly_paid"
    with pytest.raises(ValidationFailed, match=r"more than the 5680\.00 EUR open"):
        services.payment_add(ready.owner, invoice_id=issued.pk, amount="5680.01")
    services.payment_add(ready.owner, invoice_id=issued.pk, amount="5680")
    inv = selectors.invoice_get(ready.owner, issued.pk)
    assert selectors.invoice_state(inv, TODAY) == "paid"
    assert selectors.invoice_state(inv, date(2027, 6, 1)) == "paid"


def test_an_unpaid_invoice_past_its_due_date_is_overdue_and_aged(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk, issue_date=date(2026, 9, 1))
    inv = selectors.invoice_get(ready.owner, issued.pk)
    assert inv.due_date == date(2026, 10, 1)
    assert selectors.invoice_state(inv, TODAY) == "overdue"
    rows = selectors.receivables(ready.owner, TODAY)  # 48 days late
    assert [(r.client, r.buckets["31-60"], r.total) for r in rows] == [
        ("Acme Logistics", D("9680.00"), D("9680.00"))
    ]


def test_a_viewer_cannot_bill_and_an_outsider_cannot_see(ready):
    with pytest.raises(PermissionDenied):
        services.invoice_draft(ready.viewer, client_id=ready.acme.pk, period=month("2026-11"))
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    with pytest.raises(PermissionDenied):
        services.invoice_issue(ready.viewer, invoice_id=draft.pk)
    with pytest.raises(NotFound):
        services.invoice_issue(ready.outsider, invoice_id=draft.pk)
    with pytest.raises(NotFound):
        services.invoice_draft(ready.outsider, client_id=ready.acme.pk, period=month("2026-11"))
    with pytest.raises(NotFound):
        selectors.invoice_find(ready.outsider, str(draft.pk))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    with pytest.raises(NotFound):
        services.payment_add(ready.outsider, invoice_id=issued.pk, amount="1")
    with pytest.raises(PermissionDenied):
        services.payment_add(ready.viewer, invoice_id=issued.pk, amount="1")
    with pytest.raises(PermissionDenied):
        services.invoice_credit(ready.viewer, invoice_id=issued.pk)


def test_a_portal_user_sees_only_their_clients_issued_invoices(ready):
    acme = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert selectors.invoice_list(ready.portal) == []  # drafts are the practice's business
    services.invoice_issue(ready.owner, invoice_id=acme.pk)
    log(ready, ready.day_rate, "2026-11-05", "8")
    other = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-11")
    )
    services.invoice_issue(ready.owner, invoice_id=other.pk)
    assert [i.number for i in selectors.invoice_list(ready.portal)] == ["2026-0001"]


def test_an_issue_date_before_the_last_numbered_one_is_refused(ready):
    first = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_issue(ready.owner, invoice_id=first.pk, issue_date=date(2026, 11, 10))
    second = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-12"))
    with pytest.raises(RuleViolation, match="must follow their dates") as caught:
        services.invoice_issue(ready.owner, invoice_id=second.pk, issue_date=date(2026, 11, 9))
    assert caught.value.field == "issue_date"
    assert NumberSeries.objects.get().next_value == 2
    assert Invoice.objects.get(pk=second.pk).number is None


def test_equity_bills_its_cash_retainer_monthly(ready):
    from fracos.engagements.services import engagement_add

    engagement_add(
        ready.owner,
        client_id=ready.acme.pk,
        role_title="Advisor",
        pricing_model="equity",
        fee=D("2500"),
        equity_percent=D("0.5"),
        start_date=date(2026, 6, 1),
    )
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    assert ("fee", "Advisor — cash retainer, November 2026", D(1), 250000) in _lines(draft)


def test_a_portal_user_cannot_bill_or_pay(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    with pytest.raises(PermissionDenied):
        services.invoice_draft(ready.portal, client_id=ready.acme.pk, period=month("2026-12"))
    with pytest.raises(PermissionDenied):
        services.payment_add(ready.portal, invoice_id=issued.pk, amount="1")
