from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from fracos.billing.document import check_document, compute_totals, tax_case
from fracos.core.errors import ValidationFailed
from tests.billing.cases import (
    BE_BUYER,
    EXEMPT_SELLER,
    NL_BUYER,
    ODD_LINES,
    SELLER,
    SMALL_BUSINESS_REASON,
    US_BUYER,
    invoice,
    line,
)

D = Decimal


def test_it_rounds_each_line_then_vat_once_per_category_and_rate() -> None:
    doc = invoice(
        lines=(
            line("a", "1", "0.005"),  # 0.01 half-up
            line("b", "3", "33.335"),  # 100.005 -> 100.01
            line("c", "0.3333", "100"),  # 33.33
            line("d", "3", "19.99", rate="6"),
        )
    )
    totals = compute_totals(doc)
    assert totals.line_nets == (D("0.01"), D("100.01"), D("33.33"), D("59.97"))
    by_rate = {g.rate: g for g in totals.groups}
    assert by_rate[D("21")].taxable == D("133.35")
    assert by_rate[D("21")].tax == D("28.00")  # 28.0035
    assert by_rate[D("6")].tax == D("3.60")  # 3.5982
    assert totals.tax_exclusive == D("193.32")
    assert totals.tax_total == D("31.60")
    assert totals.payable == D("224.92")


def test_it_bills_seven_days_at_a_day_rate_with_cents_exactly() -> None:
    totals = compute_totals(invoice(lines=(line("Days", "7", "1234.57", unit="DAY"),)))
    assert totals.line_extension == D("8641.99")
    assert totals.tax_total == D("1814.82")  # 1814.8179
    assert totals.payable == D("10456.81")


def test_it_sums_thirty_seven_odd_lines_without_drift() -> None:
    totals = compute_totals(invoice(lines=ODD_LINES))
    assert totals.line_extension == sum(totals.line_nets, D("0"))
    assert all(net == net.quantize(D("0.01")) for net in totals.line_nets)
    assert totals.tax_inclusive == totals.tax_exclusive + totals.tax_total


def test_it_subtracts_the_prepaid_amount_from_the_amount_due() -> None:
    totals = compute_totals(invoice(prepaid_amount=D("500")))
    assert totals.payable == totals.tax_inclusive - D("500")


def test_a_belgian_seller_billing_a_belgian_client_charges_21_percent() -> None:
    case = tax_case(seller=SELLER, buyer=BE_BUYER)
    assert (case.category, case.rate) == ("S", D("21"))


def test_a_belgian_seller_billing_a_dutch_business_reverse_charges() -> None:
    case = tax_case(seller=SELLER, buyer=NL_BUYER)
    assert (case.category, case.rate, case.exemption_code) == ("K", D("0"), "VATEX-EU-IC")


def test_it_refuses_a_reverse_charge_when_the_buyer_has_no_vat_number() -> None:
    with pytest.raises(ValidationFailed) as err:
        tax_case(seller=SELLER, buyer=replace(NL_BUYER, vat_number=None))
    assert err.value.field == "vat_number"
    assert "buyer" in err.value.message


def test_it_refuses_a_reverse_charge_when_the_seller_has_no_vat_number() -> None:
    with pytest.raises(ValidationFailed, match="seller") as err:
        tax_case(seller=replace(SELLER, vat_number=None), buyer=NL_BUYER)
    assert err.value.field == "vat_number"


def test_a_client_outside_the_eu_is_not_subject_to_vat() -> None:
    case = tax_case(seller=SELLER, buyer=US_BUYER)
    assert (case.category, case.exemption_code) == ("O", "VATEX-EU-O")


def test_an_exempt_small_business_charges_no_vat_and_says_why() -> None:
    case = tax_case(
        seller=EXEMPT_SELLER,
        buyer=BE_BUYER,
        seller_exempt=True,
        exemption_reason=SMALL_BUSINESS_REASON,
    )
    assert (case.category, case.rate, case.exemption_reason) == (
        "E",
        D("0"),
        SMALL_BUSINESS_REASON,
    )


def test_it_refuses_an_exemption_without_its_legal_ground() -> None:
    with pytest.raises(ValidationFailed) as err:
        tax_case(seller=EXEMPT_SELLER, buyer=BE_BUYER, seller_exempt=True)
    assert err.value.field == "exemption_reason"


def test_it_refuses_a_domestic_supply_in_a_country_without_a_known_rate() -> None:
    with pytest.raises(ValidationFailed) as err:
        tax_case(seller=replace(SELLER, country="CH"), buyer=replace(BE_BUYER, country="CH"))
    assert err.value.field == "country"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lines": ()}, "lines"),
        ({"currency": "XYZ"}, "currency"),
        ({"lines": (line("x", "1", "1", category="K", rate="21"),)}, "vat_rate"),
        ({"lines": (line("x", "1", "-1"),)}, "unit_price"),
        (
            {
                "lines": (
                    line("x", "1", "1", category="O", rate="0"),
                    line("y", "1", "1"),
                )
            },
            "vat_category",
        ),
        ({"lines": (line("x", "1", "1", category="E", rate="0"),)}, "exemption_reason"),
        ({"kind": "credit_note"}, "preceding_invoice_number"),
        ({"buyer": replace(BE_BUYER, endpoint=None)}, "endpoint"),
        (
            {
                "buyer": NL_BUYER,
                "period_start": None,
                "period_end": None,
                "lines": (line("x", "1", "1", category="K", rate="0"),),
            },
            "period_start",
        ),
    ],
)
def test_it_refuses_a_document_the_rules_would_reject(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        check_document(invoice(**changes))
    assert err.value.field == field
