"""A cast of parties and the documents the e-invoice tests render."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from fracos.billing.document import (
    DocumentLine,
    InvoiceDocument,
    Party,
    Payment,
    TaxCase,
    tax_case,
)
from fracos.billing.identifiers import peppol_endpoint, structured_communication

D = Decimal

SELLER = Party(
    name="Lumen Advisory",
    legal_name="Lumen Advisory BV",
    street="Rue de la Loi 16",
    city="Brussels",
    postcode="1000",
    country="BE",
    vat_number="BE0403019261",
    company_id="0403019261",
    endpoint=peppol_endpoint(
        country="BE", vat_number="BE0403019261", enterprise_number="0403019261", peppol_id=None
    ),
    email="billing@lumen.example",
)
BE_BUYER = Party(
    name="Brasserie Nord",
    street="Grote Markt 1",
    city="Gent",
    postcode="9000",
    country="BE",
    vat_number="BE0202239951",
    endpoint=peppol_endpoint(
        country="BE", vat_number="BE0202239951", enterprise_number=None, peppol_id=None
    ),
)
NL_BUYER = Party(
    name="Polder Tech",
    legal_name="Polder Tech B.V.",
    street="Damrak 1",
    city="Amsterdam",
    postcode="1012 LG",
    country="NL",
    vat_number="NL004495445B01",
    endpoint=peppol_endpoint(
        country="NL", vat_number="NL004495445B01", enterprise_number=None, peppol_id=None
    ),
)
US_BUYER = Party(
    name="Acme Inc.",
    street="1 Market St",
    city="San Francisco",
    postcode="94105",
    country="US",
    endpoint=("0088", "4035811991021"),
)
EXEMPT_SELLER = replace(SELLER, name="Solo Consulting", legal_name="")
SMALL_BUSINESS_REASON = "Small business exemption (art. 56bis BE VAT Code)"

PAYMENT = Payment(
    iban="BE71096123456769",
    bic="GKCCBEBB",
    account_name="Lumen Advisory BV",
    reference=structured_communication(2026001),
    terms="Payment within 30 days",
)


def line(
    description: str,
    quantity: str,
    price: str,
    *,
    category: str = "S",
    rate: str = "21",
    unit: str = "HUR",
) -> DocumentLine:
    return DocumentLine(
        description=description,
        quantity=D(quantity),
        unit_price=D(price),
        vat_category=category,  # type: ignore[arg-type]
        vat_rate=D(rate),
        unit_code=unit,
    )


def invoice(**changes: object) -> InvoiceDocument:
    base = InvoiceDocument(
        kind="invoice",
        number="2026-0001",
        issue_date=date(2026, 2, 1),
        due_date=date(2026, 3, 3),
        currency="EUR",
        seller=SELLER,
        buyer=BE_BUYER,
        lines=(line("Fractional CFO, January", "12.5", "150"),),
        buyer_reference="PO-77",
        payment=PAYMENT,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _case_lines(case: TaxCase) -> tuple[DocumentLine, ...]:
    rate = str(case.rate)
    return (
        line("Advisory days", "7", "1234.57", category=case.category, rate=rate, unit="DAY"),
        line("Board pack", "1", "450", category=case.category, rate=rate, unit="C62"),
    )


ODD_LINES = tuple(
    line(f"Odd line {i}", qty, price, unit="C62")
    for i, (qty, price) in enumerate(
        [("1", "0.005"), ("3", "33.335"), ("0.3333", "100"), ("2", "0.015"), ("7", "1234.57")] * 7
        + [("1", "0.01"), ("0.5", "0.01")],
        1,
    )
)
assert len(ODD_LINES) == 37


def documents() -> dict[str, InvoiceDocument]:
    domestic = tax_case(seller=SELLER, buyer=BE_BUYER)
    reverse_charge = tax_case(seller=SELLER, buyer=NL_BUYER)
    not_subject = tax_case(seller=SELLER, buyer=US_BUYER)
    exempt = tax_case(
        seller=EXEMPT_SELLER,
        buyer=BE_BUYER,
        seller_exempt=True,
        exemption_reason=SMALL_BUSINESS_REASON,
    )
    return {
        "domestic BE 21 %": invoice(lines=_case_lines(domestic)),
        "intra-EU BE to NL reverse charge": invoice(
            buyer=NL_BUYER, lines=_case_lines(reverse_charge)
        ),
        "BE to US not subject": invoice(
            buyer=US_BUYER,
            currency="USD",
            lines=_case_lines(not_subject),
            payment=replace(PAYMENT, reference="INV 2026-0001"),
        ),
        "exempt small business": invoice(
            seller=EXEMPT_SELLER,
            lines=_case_lines(exempt),
            exemption_reason=exempt.exemption_reason,
        ),
        "credit note": invoice(
            kind="credit_note",
            number="CN-2026-0001",
            preceding_invoice_number="2026-0001",
            preceding_invoice_date=date(2026, 2, 1),
            due_date=None,
            lines=(line("Credit: 2 hours billed twice", "2", "150"),),
        ),
        "credit note intra-EU": invoice(
            kind="credit_note",
            number="CN-2026-0002",
            buyer=NL_BUYER,
            preceding_invoice_number="2026-0002",
            lines=(line("Credit: one day", "1", "1234.57", category="K", rate="0", unit="DAY"),),
        ),
        "credit note without payment details": invoice(
            kind="credit_note",
            number="CN-2026-0003",
            preceding_invoice_number="2026-0001",
            due_date=None,
            payment=None,
        ),
        "currency USD": invoice(currency="USD", payment=replace(PAYMENT, reference="INV 1")),
        "currency GBP": invoice(currency="GBP", payment=None),
        "currency CHF": invoice(currency="CHF", prepaid_amount=D("100")),
        "rounding edges, 37 odd lines": invoice(lines=ODD_LINES),
        "seven days at 1234.57": invoice(lines=(line("Days", "7", "1234.57", unit="DAY"),)),
        "mixed rates 21 % and 6 %": invoice(
            lines=(
                line("Advisory", "3.25", "185.55"),
                line("Books", "3", "19.99", rate="6", unit="C62"),
                line("Workshop", "1", "999.995", unit="C62"),
                line("Printed guides", "11", "4.355", rate="6", unit="C62"),
            )
        ),
        "prepaid deposit": invoice(prepaid_amount=D("500")),
        "no buyer reference, order reference only": invoice(
            buyer_reference="", order_reference="PO-9"
        ),
        "no references at all": invoice(buyer_reference=""),
        "monthly retainer per line period": invoice(
            lines=(
                replace(
                    line("Retainer", "1", "4000", unit="MON"),
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 1, 31),
                ),
            )
        ),
    }
