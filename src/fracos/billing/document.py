"""One invoice or credit note as plain data, and the EN 16931 arithmetic over it.

Nothing here touches the database: the billing services build an
``InvoiceDocument`` from their models and hand it to the UBL, CII and PDF
renderers, which all read the same ``compute_totals`` result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from fracos.core.errors import ValidationFailed
from fracos.core.identifiers import validate_vat
from fracos.core.money import round_money, validate_currency

DocumentKind = Literal["invoice", "credit_note"]
VatCategory = Literal["S", "K", "O", "E", "Z", "AE"]
VAT_CATEGORIES: frozenset[str] = frozenset({"S", "K", "O", "E", "Z", "AE"})

# Domestic standard VAT rates (percent). A practice's own country must be here.
STANDARD_RATES: dict[str, Decimal] = {
    code: Decimal(rate)
    for code, rate in {
        "AT": "20", "BE": "21", "BG": "20", "CY": "19", "CZ": "21", "DE": "19",
        "DK": "25", "EE": "24", "ES": "21", "FI": "25.5", "FR": "20", "GR": "24",
        "HR": "25", "HU": "27", "IE": "23", "IT": "22", "LT": "21", "LU": "17",
        "LV": "21", "MT": "18", "NL": "21", "PL": "23", "PT": "23", "RO": "21",
        "SE": "25", "SI": "22", "SK": "23",
    }.items()
}  # fmt: skip
EU_COUNTRIES: frozenset[str] = frozenset(STANDARD_RATES)

# Exemption reasons the rules require for the zero-VAT categories (BR-IC-10,
# BR-O-10, BR-AE-10); E has no default because the legal ground varies.
DEFAULT_EXEMPTIONS: dict[str, tuple[str, str]] = {
    "K": ("VATEX-EU-IC", "Intra-community supply: reverse charge, art. 196 VAT Directive"),
    "O": ("VATEX-EU-O", "Not subject to VAT"),
    "AE": ("VATEX-EU-AE", "Reverse charge"),
}


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    country: str
    street: str = ""
    city: str = ""
    postcode: str = ""
    legal_name: str = ""
    vat_number: str | None = None
    company_id: str | None = None
    endpoint: tuple[str, str] | None = None
    email: str = ""

    @property
    def registration_name(self) -> str:
        return self.legal_name or self.name

    @property
    def legal_id(self) -> str | None:
        """The legal registration id; a Belgian VAT number embeds the enterprise number."""
        if self.company_id:
            return self.company_id
        if self.vat_number and self.vat_number.upper().startswith("BE"):
            return self.vat_number[2:]
        return None


@dataclass(frozen=True, slots=True)
class DocumentLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_category: VatCategory
    vat_rate: Decimal
    unit_code: str = "C62"
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    iban: str
    bic: str | None = None
    account_name: str = ""
    reference: str = ""
    terms: str = ""


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    kind: DocumentKind
    number: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[DocumentLine, ...]
    due_date: date | None = None
    buyer_reference: str = ""
    order_reference: str = ""
    note: str = ""
    payment: Payment | None = None
    period_start: date | None = None
    period_end: date | None = None
    delivery_date: date | None = None
    preceding_invoice_number: str = ""
    preceding_invoice_date: date | None = None
    # Only for category E lines: a VATEX code and/or the legal ground in words.
    exemption_reason: str = ""
    exemption_reason_code: str = ""
    prepaid_amount: Decimal = field(default=Decimal("0"))

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(line.vat_category for line in self.lines)


@dataclass(frozen=True, slots=True)
class TaxGroup:
    category: VatCategory
    rate: Decimal
    taxable: Decimal
    tax: Decimal
    exemption_code: str
    exemption_reason: str


@dataclass(frozen=True, slots=True)
class Totals:
    line_nets: tuple[Decimal, ...]
    groups: tuple[TaxGroup, ...]
    line_extension: Decimal
    tax_exclusive: Decimal
    tax_total: Decimal
    tax_inclusive: Decimal
    prepaid: Decimal
    payable: Decimal


@dataclass(frozen=True, slots=True)
class TaxCase:
    category: VatCategory
    rate: Decimal
    exemption_code: str = ""
    exemption_reason: str = ""


def line_net(line: DocumentLine, currency: str) -> Decimal:
    return round_money(line.quantity * line.unit_price, currency)


def exemption_for(category: str, doc: InvoiceDocument) -> tuple[str, str]:
    if category == "E":
        return doc.exemption_reason_code, doc.exemption_reason
    return DEFAULT_EXEMPTIONS.get(category, ("", ""))


def compute_totals(doc: InvoiceDocument) -> Totals:
    """EN 16931 totals: round each line, then VAT once per (category, rate) group."""
    currency = validate_currency(doc.currency)
    nets = tuple(line_net(line, currency) for line in doc.lines)
    grouped: dict[tuple[VatCategory, Decimal], Decimal] = defaultdict(Decimal)
    for line, net in zip(doc.lines, nets, strict=True):
        grouped[(line.vat_category, line.vat_rate.normalize())] += net
    groups = []
    for (category, rate), taxable in sorted(grouped.items()):
        code, reason = exemption_for(category, doc)
        groups.append(
            TaxGroup(
                category=category,
                rate=rate,
                taxable=taxable,
                tax=round_money(taxable * rate / 100, currency),
                exemption_code=code,
                exemption_reason=reason,
            )
        )
    exclusive = sum(nets, Decimal("0"))
    tax_total = sum((g.tax for g in groups), Decimal("0"))
    prepaid = round_money(doc.prepaid_amount, currency)
    return Totals(
        line_nets=nets,
        groups=tuple(groups),
        line_extension=exclusive,
        tax_exclusive=exclusive,
        tax_total=tax_total,
        tax_inclusive=exclusive + tax_total,
        prepaid=prepaid,
        payable=exclusive + tax_total - prepaid,
    )


def tax_case(
    *,
    seller: Party,
    buyer: Party,
    seller_exempt: bool = False,
    exemption_reason: str = "",
    exemption_code: str = "",
) -> TaxCase:
    """The VAT category and rate of a service the seller bills to the buyer.

    Covers the cases of a fractional leader's practice: the small-business
    exemption, domestic supply, intra-EU business services (reverse charge)
    and services to customers outside the EU (not subject to EU VAT).
    """
    seller_country = seller.country.upper()
    buyer_country = buyer.country.upper()
    if seller_exempt:
        if not (exemption_reason or exemption_code):
            raise ValidationFailed(
                "exemption_reason: an exempt small business must state the legal ground "
                "of its exemption on every invoice",
                field="exemption_reason",
            )
        if not seller.vat_number and not seller.company_id:
            raise ValidationFailed(
                "vat_number: an exempt seller must still show its VAT or registration number",
                field="vat_number",
            )
        return TaxCase("E", Decimal("0"), exemption_code, exemption_reason)
    if buyer_country == seller_country:
        if seller_country not in STANDARD_RATES:
            raise ValidationFailed(
                f"country: no standard VAT rate is known for {seller_country!r}",
                field="country",
            )
        return TaxCase("S", STANDARD_RATES[seller_country])
    if buyer_country in EU_COUNTRIES:
        for who, party in (("seller", seller), ("buyer", buyer)):
            if not party.vat_number:
                raise ValidationFailed(
                    f"vat_number: the {who} has no VAT number, and an intra-EU reverse-charge "
                    "invoice needs both the seller's and the buyer's",
                    field="vat_number",
                )
            validate_vat(party.vat_number)
        code, reason = DEFAULT_EXEMPTIONS["K"]
        return TaxCase("K", Decimal("0"), code, reason)
    code, reason = DEFAULT_EXEMPTIONS["O"]
    return TaxCase("O", Decimal("0"), code, reason)


def check_document(doc: InvoiceDocument) -> None:
    """Refuse a document the EN 16931 / Peppol rules would reject, naming the field."""
    validate_currency(doc.currency)
    if not doc.lines:
        raise ValidationFailed("lines: a document needs at least one line", field="lines")
    for line in doc.lines:
        if line.vat_category not in VAT_CATEGORIES:
            raise ValidationFailed(
                f"vat_category: {line.vat_category!r} is not one of S, K, O, E, Z, AE",
                field="vat_category",
            )
        if line.vat_category != "S" and line.vat_rate != 0:
            raise ValidationFailed(
                f"vat_rate: category {line.vat_category} lines carry a 0 % rate",
                field="vat_rate",
            )
        if line.unit_price < 0:
            raise ValidationFailed("unit_price: a price cannot be negative", field="unit_price")
    categories = doc.categories
    if "O" in categories and len(categories) > 1:
        raise ValidationFailed(
            "vat_category: a not-subject (O) invoice cannot mix in other VAT categories",
            field="vat_category",
        )
    if "E" in categories and not (doc.exemption_reason or doc.exemption_reason_code):
        raise ValidationFailed(
            "exemption_reason: exempt (E) lines need the legal ground of the exemption",
            field="exemption_reason",
        )
    if categories & {"K", "AE", "E", "S", "Z"} and not doc.seller.vat_number:
        raise ValidationFailed(
            "vat_number: the seller's VAT number is required on this invoice", field="vat_number"
        )
    if categories & {"K", "AE"} and not doc.buyer.vat_number:
        raise ValidationFailed(
            "vat_number: the buyer's VAT number is required for a reverse charge",
            field="vat_number",
        )
    if "K" in categories and not (doc.period_start or doc.delivery_date):
        raise ValidationFailed(
            "period_start: an intra-EU invoice needs the billing period or the delivery date",
            field="period_start",
        )
    if doc.kind == "credit_note" and not doc.preceding_invoice_number:
        raise ValidationFailed(
            "preceding_invoice_number: a credit note must name the invoice it corrects",
            field="preceding_invoice_number",
        )
    for role, party in (("seller", doc.seller), ("buyer", doc.buyer)):
        if party.endpoint is None:
            raise ValidationFailed(
                f"endpoint: the {role} needs a Peppol address (enterprise number, VAT number "
                "or Peppol id)",
                field="endpoint",
            )
