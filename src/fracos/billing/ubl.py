"""Peppol BIS Billing 3.0 (UBL 2.1) Invoice and CreditNote documents.

Element order follows the UBL 2.1 schemas, which are sequence-ordered; an
element whose value is empty is left out, because Peppol refuses empty
elements (PEPPOL-EN16931-R008).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from fracos.billing.document import InvoiceDocument, Party, Totals, check_document, compute_totals
from fracos.core.money import minor_units, round_money
from fracos.core.text import xml_safe

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOT_NS = {
    "invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "credit_note": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
SEPA_CREDIT_TRANSFER = "58"
CREDIT_TRANSFER = "30"


def _el(parent: etree._Element, ns: str, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{name}")


def _agg(parent: etree._Element, name: str) -> etree._Element:
    return _el(parent, CAC, name)


def _val(
    parent: etree._Element, name: str, value: str | date | None, **attrs: str
) -> etree._Element | None:
    if value is None or value == "":
        return None
    el = _el(parent, CBC, name)
    # Text stored before control characters were refused must still render (issued
    # invoices are immutable), so what XML cannot hold becomes U+FFFD.
    el.text = value.isoformat() if isinstance(value, date) else xml_safe(value)
    for key, attr in attrs.items():
        el.set(key, xml_safe(attr))
    return el


def decimal_text(value: Decimal) -> str:
    """Plain notation, no exponent and no trailing zeros ("0.3333", "21", "1234.5")."""
    return f"{value.normalize():f}"


def _amount(parent: etree._Element, name: str, value: Decimal, currency: str) -> None:
    places = minor_units(currency)
    _val(parent, name, f"{round_money(value, currency):.{places}f}", currencyID=currency)


def _party(parent: etree._Element, party: Party, *, with_vat: bool) -> None:
    el = _agg(parent, "Party")
    assert party.endpoint is not None  # check_document guarantees it
    _val(el, "EndpointID", party.endpoint[1], schemeID=party.endpoint[0])
    name = _agg(el, "PartyName")
    _val(name, "Name", party.name)
    address = _agg(el, "PostalAddress")
    _val(address, "StreetName", party.street)
    _val(address, "CityName", party.city)
    _val(address, "PostalZone", party.postcode)
    _val(_agg(address, "Country"), "IdentificationCode", party.country.upper())
    if with_vat and party.vat_number:
        tax = _agg(el, "PartyTaxScheme")
        _val(tax, "CompanyID", party.vat_number)
        _val(_agg(tax, "TaxScheme"), "ID", "VAT")
    legal = _agg(el, "PartyLegalEntity")
    _val(legal, "RegistrationName", party.registration_name)
    legal_id = party.legal_id
    if legal_id and party.country.upper() == "BE" and legal_id.isdigit() and len(legal_id) == 10:
        _val(legal, "CompanyID", legal_id, schemeID="0208")
    else:
        _val(legal, "CompanyID", legal_id)
    if party.email:
        _val(_agg(el, "Contact"), "ElectronicMail", party.email)


def _tax_category(
    parent: etree._Element,
    name: str,
    category: str,
    rate: Decimal,
    exemption: tuple[str, str] | None = None,
) -> None:
    el = _agg(parent, name)
    _val(el, "ID", category)
    if category != "O":  # BR-O-05: "not subject" carries no rate
        _val(el, "Percent", decimal_text(rate))
    if exemption is not None:
        _val(el, "TaxExemptionReasonCode", exemption[0])
        _val(el, "TaxExemptionReason", exemption[1])
    _val(_agg(el, "TaxScheme"), "ID", "VAT")


def _period(parent: etree._Element, start: date | None, end: date | None) -> None:
    if start or end:
        period = _agg(parent, "InvoicePeriod")
        _val(period, "StartDate", start)
        _val(period, "EndDate", end)


def payment_terms(doc: InvoiceDocument, totals: Totals) -> str:
    """Terms in words; BR-CO-25 needs them (or a due date) whenever something is due."""
    if doc.payment and doc.payment.terms:
        return doc.payment.terms
    if doc.kind == "credit_note":
        return f"Credit for invoice {doc.preceding_invoice_number}"
    if doc.due_date and totals.payable > 0:
        return f"Payment due by {doc.due_date.isoformat()}"
    return ""


def buyer_reference(doc: InvoiceDocument) -> str:
    """Peppol needs a buyer or order reference (R003); the buyer's name is the fallback."""
    if doc.buyer_reference:
        return doc.buyer_reference
    if doc.order_reference:
        return ""
    return doc.buyer.name


def render_ubl(doc: InvoiceDocument) -> bytes:
    """The document as Peppol BIS Billing 3.0 UBL, ready to send through an access point."""
    check_document(doc)
    totals = compute_totals(doc)
    currency = doc.currency.upper()
    is_invoice = doc.kind == "invoice"
    root_name = "Invoice" if is_invoice else "CreditNote"
    root = etree.Element(
        f"{{{ROOT_NS[doc.kind]}}}{root_name}",
        nsmap={None: ROOT_NS[doc.kind], "cac": CAC, "cbc": CBC},
    )
    _val(root, "CustomizationID", CUSTOMIZATION_ID)
    _val(root, "ProfileID", PROFILE_ID)
    _val(root, "ID", doc.number)
    _val(root, "IssueDate", doc.issue_date)
    if is_invoice:
        _val(root, "DueDate", doc.due_date)
        _val(root, "InvoiceTypeCode", "380")
    else:
        _val(root, "CreditNoteTypeCode", "381")
    _val(root, "Note", doc.note)
    _val(root, "DocumentCurrencyCode", currency)
    _val(root, "BuyerReference", buyer_reference(doc))
    _period(root, doc.period_start, doc.period_end)
    if doc.order_reference:
        _val(_agg(root, "OrderReference"), "ID", doc.order_reference)
    if doc.preceding_invoice_number:
        ref = _agg(_agg(root, "BillingReference"), "InvoiceDocumentReference")
        _val(ref, "ID", doc.preceding_invoice_number)
        _val(ref, "IssueDate", doc.preceding_invoice_date)

    # BR-O-02: a "not subject" invoice shows neither party's VAT number.
    with_vat = "O" not in doc.categories
    _party(_agg(root, "AccountingSupplierParty"), doc.seller, with_vat=with_vat)
    _party(_agg(root, "AccountingCustomerParty"), doc.buyer, with_vat=with_vat)

    if "K" in doc.categories or doc.delivery_date:
        delivery = _agg(root, "Delivery")
        _val(delivery, "ActualDeliveryDate", doc.delivery_date)
        if "K" in doc.categories:  # BR-IC-12: deliver-to country
            address = _agg(_agg(delivery, "DeliveryLocation"), "Address")
            _val(_agg(address, "Country"), "IdentificationCode", doc.buyer.country.upper())

    if doc.payment is not None:
        means = _agg(root, "PaymentMeans")
        sepa = currency == "EUR"
        _val(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER if sepa else CREDIT_TRANSFER)
        _val(means, "PaymentID", doc.payment.reference)
        account = _agg(means, "PayeeFinancialAccount")
        _val(account, "ID", doc.payment.iban)
        _val(account, "Name", doc.payment.account_name)
        if doc.payment.bic:
            _val(_agg(account, "FinancialInstitutionBranch"), "ID", doc.payment.bic)
    terms = payment_terms(doc, totals)
    if terms:
        _val(_agg(root, "PaymentTerms"), "Note", terms)

    tax_total = _agg(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", totals.tax_total, currency)
    for group in totals.groups:
        sub = _agg(tax_total, "TaxSubtotal")
        _amount(sub, "TaxableAmount", group.taxable, currency)
        _amount(sub, "TaxAmount", group.tax, currency)
        exemption = (group.exemption_code, group.exemption_reason)
        _tax_category(sub, "TaxCategory", group.category, group.rate, exemption)

    monetary = _agg(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", totals.line_extension, currency)
    _amount(monetary, "TaxExclusiveAmount", totals.tax_exclusive, currency)
    _amount(monetary, "TaxInclusiveAmount", totals.tax_inclusive, currency)
    if totals.prepaid:
        _amount(monetary, "PrepaidAmount", totals.prepaid, currency)
    _amount(monetary, "PayableAmount", totals.payable, currency)

    line_name = "InvoiceLine" if is_invoice else "CreditNoteLine"
    quantity_name = "InvoicedQuantity" if is_invoice else "CreditedQuantity"
    for index, (line, net) in enumerate(zip(doc.lines, totals.line_nets, strict=True), 1):
        el = _agg(root, line_name)
        _val(el, "ID", str(index))
        _val(el, quantity_name, decimal_text(line.quantity), unitCode=line.unit_code)
        _amount(el, "LineExtensionAmount", net, currency)
        _period(el, line.period_start, line.period_end)
        item = _agg(el, "Item")
        _val(item, "Name", line.description)
        _tax_category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate)
        _val(_agg(el, "Price"), "PriceAmount", decimal_text(line.unit_price), currencyID=currency)

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
