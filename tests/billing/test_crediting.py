"""Partial credit notes: chosen lines or units, or an amount spread over several VAT rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.billing import selectors, services
from fracos.billing.crediting import CreditableLine, parse_line_choice, plan_credit
from fracos.billing.models import Invoice
from fracos.core.errors import ValidationFailed
from fracos.core.money import allocate_minor
from tests.billing.helpers import month, ready_practice

D = Decimal


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _mixed(cast) -> Invoice:  # type: ignore[no-untyped-def]
    """8000.00 fee at 21 %, 3 × 19.99 books at 6 %, a 250.00 room at 21 %: 8309.97 net."""
    draft = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-11"))
    services.invoice_line_add(
        cast.owner,
        invoice_id=draft.pk,
        description="Books",
        quantity="3",
        unit_price="19.99",
        vat_rate="6",
    )
    services.invoice_line_add(
        cast.owner, invoice_id=draft.pk, description="Workshop room", quantity="1", unit_price="250"
    )
    return services.invoice_issue(cast.owner, invoice_id=draft.pk)


def _credit_lines(note: Invoice) -> list[tuple[str, Decimal, int, str]]:
    return [
        (line.description, line.quantity.normalize(), line.unit_price_minor, str(line.vat_rate))
        for line in note.lines.all()
    ]


def test_allocation_in_minor_units_adds_up_and_never_exceeds_a_weight():
    # 1000.00 over 8000.00 / 59.97 / 250.00: exact 96269.90, 721.66, 3008.43 → one cent left,
    # given to the largest fraction (0.90).
    assert allocate_minor(100000, [800000, 5997, 25000]) == [96270, 722, 3008]
    assert allocate_minor(3, [1, 1, 1]) == [1, 1, 1]
    assert allocate_minor(7, [10, -5]) == [14, -7]
    assert allocate_minor(5, [5, 0]) == [5, 0]


def test_an_amount_is_spread_over_each_vat_rate_in_its_share(ready):
    invoice = _mixed(ready)
    lines = list(invoice.lines.all())
    note = services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="1000")
    assert _credit_lines(note) == [
        ("Fractional CTO — monthly retainer, November 2026 (part)", D(1), 96270, "21.00"),
        ("Books (part)", D(1), 722, "6.00"),
        ("Workshop room (part)", D(1), 3008, "21.00"),
    ]
    assert [line.credited_line_id for line in note.lines.all()] == [line.pk for line in lines]
    # 21 %: 962.70 + 30.08 = 992.78 → 208.4838 → 208.48; 6 %: 7.22 → 0.4332 → 0.43
    assert (note.net_minor, note.tax_minor, note.total_minor) == (100000, 20891, 120891)
    assert Invoice.objects.get(pk=invoice.pk).status == "issued"


def test_chosen_lines_and_units_are_credited_and_never_beyond_what_is_left(ready):
    invoice = _mixed(ready)
    fee, books, room = list(invoice.lines.all())
    services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="1000")
    two = services.invoice_credit(ready.owner, invoice_id=invoice.pk, lines=[(books.pk, D(2))])
    assert _credit_lines(two) == [("Books", D(2), 1999, "6.00")]
    assert (two.net_minor, two.tax_minor) == (3998, 240)  # 39.98 × 6 % = 2.3988 → 2.40
    # Books billed 59.97; 7.22 and 39.98 credited: 12.77 left, less than one more 19.99.
    with pytest.raises(ValidationFailed, match=r"19\.99 EUR, more than the 12\.77 EUR left") as e:
        services.invoice_credit(ready.owner, invoice_id=invoice.pk, lines=[(books.pk, D(1))])
    assert e.value.field == "line"
    assert Invoice.objects.filter(kind="credit_note").count() == 2
    rest = services.invoice_credit(ready.owner, invoice_id=invoice.pk, lines=[(room.pk, None)])
    assert _credit_lines(rest) == [("Workshop room (the rest)", D(1), 21992, "21.00")]
    last = services.invoice_credit(ready.owner, invoice_id=invoice.pk)
    # What is left: the fee's 8000.00 − 962.70 and the books' 12.77.
    assert _credit_lines(last) == [
        ("Fractional CTO — monthly retainer, November 2026 (the rest)", D(1), 703730, "21.00"),
        ("Books (the rest)", D(1), 1277, "6.00"),
    ]
    again = selectors.invoice_get(ready.owner, invoice.pk)
    assert selectors.invoice_state(again, date(2026, 11, 18)) == "credited"
    assert fee.credited_by.count() == 2


def test_an_amount_over_what_is_left_on_the_chosen_lines_is_refused(ready):
    invoice = _mixed(ready)
    _fee, books, room = list(invoice.lines.all())
    with pytest.raises(ValidationFailed, match=r"309\.97 EUR \(excluding VAT\) left to credit"):
        services.invoice_credit(
            ready.owner,
            invoice_id=invoice.pk,
            amount="309.98",
            lines=[(books.pk, None), (room.pk, None)],
        )
    note = services.invoice_credit(
        ready.owner, invoice_id=invoice.pk, amount="100", lines=[(books.pk, None), (room.pk, None)]
    )
    # 100.00 over 59.97 and 250.00: 19.3470… → 19.35 and 80.6523… → 80.65
    assert [line.unit_price_minor for line in note.lines.all()] == [1935, 8065]
    assert not Invoice.objects.filter(kind="credit_note", number__isnull=True).exists()


@pytest.mark.parametrize(
    ("choices", "amount", "message"),
    [
        ([(999999, None)], None, "has no line #999999"),
        ("twice", None, "named twice"),
        ("qty and amount", "10", "either an amount or quantities"),
        ("too many units", None, "more than the"),
        ([], "0", "more than zero"),
        ([], "8309.98", "more than the 8309.97 EUR"),
    ],
)
def test_bad_credits_are_refused_and_write_nothing(ready, choices, amount, message):
    invoice = _mixed(ready)
    fee = invoice.lines.first()
    resolved = {
        "twice": [(fee.pk, None), (fee.pk, None)],
        "qty and amount": [(fee.pk, D(1))],
        "too many units": [(fee.pk, D("1.5"))],
    }.get(choices if isinstance(choices, str) else "", choices)
    with pytest.raises(ValidationFailed, match=message):
        services.invoice_credit(
            ready.owner, invoice_id=invoice.pk, amount=amount, lines=resolved or None
        )
    assert not Invoice.objects.filter(kind="credit_note").exists()


def test_a_discount_is_credited_with_its_sign_and_alone_it_is_refused(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_line_add(
        ready.owner, invoice_id=draft.pk, description="Loyalty", quantity="1", unit_price="-500"
    )
    invoice = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    _fee, discount = list(invoice.lines.all())
    with pytest.raises(ValidationFailed, match="more than zero"):
        services.invoice_credit(ready.owner, invoice_id=invoice.pk, lines=[(discount.pk, None)])
    note = services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="750")
    # 750.00 over 8000.00 and −500.00 (7500.00 in all): 800.00 and −50.00
    assert [(line.quantity, line.unit_price_minor) for line in note.lines.all()] == [
        (D(1), 80000),
        (D(-1), 5000),
    ]
    assert note.net_minor == 75000


def test_line_choices_read_an_id_and_an_optional_quantity():
    assert parse_line_choice("41") == (41, None)
    assert parse_line_choice("#41:2.5") == (41, D("2.5"))
    for bad in ("x", "41:0", "41:-1", "41:abc", "41:0.00001", ""):
        with pytest.raises(ValidationFailed) as caught:
            parse_line_choice(bad)
        assert caught.value.field == "line"


def test_a_plan_copies_an_untouched_line_whole():
    line = CreditableLine(
        id=1,
        description="Days",
        quantity=D("7"),
        unit_price_minor=123457,
        unit_code="DAY",
        vat_category="K",
        vat_rate=D(0),
        period_start=None,
        period_end=None,
        net_minor=864199,
        credited_minor=0,
    )
    (planned,) = plan_credit([line], currency="EUR")
    assert (planned.quantity, planned.unit_price_minor, planned.unit_code) == (D(7), 123457, "DAY")
    assert planned.net_minor("EUR") == 864199
