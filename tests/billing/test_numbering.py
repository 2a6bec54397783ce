"""Number series: a pattern with {year} restarts at 1 each year, one without runs on."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.billing import services
from fracos.billing.models import Invoice, NumberSeries
from fracos.core.errors import RuleViolation
from fracos.practice.services import playbook_update
from tests.billing.helpers import month, ready_practice


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _issue(cast, period: str, on: date) -> Invoice:  # type: ignore[no-untyped-def]
    draft = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month(period))
    return services.invoice_issue(cast.owner, invoice_id=draft.pk, issue_date=on)


def test_each_year_of_the_issue_date_numbers_from_one_again(ready):
    numbers = [
        _issue(ready, "2026-11", date(2026, 12, 30)).number,
        _issue(ready, "2026-12", date(2026, 12, 31)).number,
        _issue(ready, "2027-01", date(2027, 1, 1)).number,
        _issue(ready, "2027-02", date(2027, 1, 4)).number,
    ]
    assert numbers == ["2026-0001", "2026-0002", "2027-0001", "2027-0002"]
    assert dict(NumberSeries.objects.values_list("name", "next_value")) == {
        "invoice:2026": 3,
        "invoice:2027": 3,
    }


def test_credit_notes_restart_each_year_on_their_own_series(ready):
    december = _issue(ready, "2026-11", date(2026, 12, 30))
    first = services.invoice_credit(
        ready.owner, invoice_id=december.pk, amount="100", issue_date=date(2026, 12, 31)
    )
    january = _issue(ready, "2026-12", date(2027, 1, 2))
    assert first.number == "CN-2026-0001"
    assert january.number == "2027-0001"
    later = services.invoice_credit(
        ready.owner, invoice_id=january.pk, amount="100", issue_date=date(2027, 1, 3)
    )
    assert later.number == "CN-2027-0001"


def test_a_pattern_without_a_year_keeps_one_running_series(ready):
    playbook_update(ready.owner, {"invoice_number_pattern": "F{seq:05d}"})
    numbers = [
        _issue(ready, "2026-11", date(2026, 12, 31)).number,
        _issue(ready, "2026-12", date(2027, 1, 1)).number,
    ]
    assert numbers == ["F00001", "F00002"]
    assert list(NumberSeries.objects.values_list("name", "next_value")) == [("invoice", 3)]


def test_dates_must_follow_within_a_year_but_a_new_year_does_not_block_the_old_one(ready):
    _issue(ready, "2026-11", date(2026, 12, 20))
    _issue(ready, "2027-01", date(2027, 1, 2))
    # 31 December after 2 January: the 2026 series' last date is 20 December, so it follows.
    assert _issue(ready, "2026-12", date(2026, 12, 31)).number == "2026-0002"
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2027-02"))
    with pytest.raises(RuleViolation, match="must follow their dates"):
        services.invoice_issue(ready.owner, invoice_id=draft.pk, issue_date=date(2027, 1, 1))
    assert Invoice.objects.get(pk=draft.pk).number is None


def test_a_year_series_keeps_belgian_payment_references_unique(ready):
    december = _issue(ready, "2026-11", date(2026, 12, 31))
    january = _issue(ready, "2026-12", date(2027, 1, 1))
    assert december.payment_reference == "+++260/0000/00170+++"
    # 2700000001 mod 97 = 54
    assert january.payment_reference == "+++270/0000/00154+++"


def test_a_credit_note_cannot_be_dated_before_its_invoice(ready):
    from fracos.core.errors import ValidationFailed

    invoice = _issue(ready, "2026-11", date(2026, 11, 18))
    with pytest.raises(ValidationFailed, match="before 2026-11-18") as caught:
        services.invoice_credit(
            ready.owner, invoice_id=invoice.pk, amount="1", issue_date=date(2026, 11, 17)
        )
    assert caught.value.field == "issue_date"
    assert not Invoice.objects.filter(kind="credit_note").exists()
