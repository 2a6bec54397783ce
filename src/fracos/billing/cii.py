"""UN/CEFACT CII D16B CrossIndustryInvoice, Factur-X / ZUGFeRD EN 16931 profile.

The same ``InvoiceDocument`` and ``compute_totals`` as the UBL renderer, so a
PDF's embedded XML and the Peppol document can never disagree. Element order
follows the D16B schema, which factur-x checks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from fracos.billing.document import InvoiceDocument, Party, check_document, compute_totals
from fracos.billing.ubl import buyer_reference, decimal_text, payment_terms
from fracos.core.money import minor_units, round_money
from fracos.core.text import xml_safe

EN16931_GUIDELINE = "urn:cen.eu:en16931:2017"
RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
TYPE_CODES = {"invoice": "380", "credit_note": "381"}


def _el(
    parent: etree._Element, name: str, text: str | None = None, ns: str = RAM
) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        # Text stored before control characters were refused must still render (issued
        # invoices are immutable), so what XML cannot hold becomes U+FFFD.
        el.text = xml_safe(text)
    return el


def _opt(parent: etree._Element, name: str, text: str | None) -> None:
    if text:
        _el(parent, name, text)


def _date(parent: etree._Element, name: str, value: date, ns: str = UDT) -> None:
    holder = _el(parent, name)
    _el(holder, "DateTimeString", value.strftime("%Y%m%d"), ns=ns).set("format", "102")


def _money(value: Decimal, currency: str) -> str:
    return f"{round_money(value, currency):.{minor_units(currency)}f}"


def _party(parent: etree._Element, name: str, party: Party, *, with_vat: bool) -> None:
    el = _el(parent, name)
    _el(el, "Name", party.name)
    legal_id = party.legal_id
    if legal_id or party.legal_name:
        legal = _el(el, "SpecifiedLegalOrganization")
        if legal_id:
            org_id = _el(legal, "ID", legal_id)
            if party.country.upper() == "BE" and legal_id.isdigit() and len(legal_id) == 10:
                org_id.set("schemeID", "0208")
        _opt(legal, "TradingBusinessName", party.name if party.legal_name else None)
    if party.email:
        contact = _el(el, "DefinedTradeContact")
        _el(_el(contact, "EmailURIUniversalCommunication"), "URIID", party.email)
    address = _el(el, "PostalTradeAddress")
    _opt(address, "PostcodeCode", party.postcode)
    _opt(address, "LineOne", party.street)
    _opt(address, "CityName", party.city)
    _el(address, "CountryID", party.country.upper())
    if party.endpoint is not None:
        uri = _el(_el(el, "URIUniversalCommunication"), "URIID", party.endpoint[1])
        uri.set("schemeID", party.endpoint[0])
    if with_vat and party.vat_number:
        _el(_el(el, "SpecifiedTaxRegistration"), "ID", party.vat_number).set("schemeID", "VA")


def _period(parent: etree._Element, start: date | None, end: date | None) -> None:
    if start or end:
        period = _el(parent, "BillingSpecifiedPeriod")
        if start:
            _date(period, "StartDateTime", start)
        if end:
            _date(period, "EndDateTime", end)


def _line_tax(parent: etree._Element, category: str, rate: Decimal) -> None:
    tax = _el(parent, "ApplicableTradeTax")
    _el(tax, "TypeCode", "VAT")
    _el(tax, "CategoryCode", category)
    if category != "O":
        _el(tax, "RateApplicablePercent", decimal_text(rate))


def render_cii(doc: InvoiceDocument) -> bytes:
    """The document as Factur-X EN 16931 CII XML (the ``factur-x.xml`` of a PDF/A-3)."""
    check_document(doc)
    totals = compute_totals(doc)
    currency = doc.currency.upper()
    root = etree.Element(
        f"{{{RSM}}}CrossIndustryInvoice",
        nsmap={"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT},
    )
    context = _el(root, "ExchangedDocumentContext", ns=RSM)
    _el(_el(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", EN16931_GUIDELINE)

    header = _el(root, "ExchangedDocument", ns=RSM)
    _el(header, "ID", doc.number)
    _el(header, "TypeCode", TYPE_CODES[doc.kind])
    _date(header, "IssueDateTime", doc.issue_date)
    if doc.note:
        _el(_el(header, "IncludedNote"), "Content", doc.note)

    transaction = _el(root, "SupplyChainTradeTransaction", ns=RSM)
    for index, (line, net) in enumerate(zip(doc.lines, totals.line_nets, strict=True), 1):
        item = _el(transaction, "IncludedSupplyChainTradeLineItem")
        _el(_el(item, "AssociatedDocumentLineDocument"), "LineID", str(index))
        _el(_el(item, "SpecifiedTradeProduct"), "Name", line.description)
        agreement = _el(item, "SpecifiedLineTradeAgreement")
        price = _el(agreement, "NetPriceProductTradePrice")
        _el(price, "ChargeAmount", decimal_text(line.unit_price))
        delivery = _el(item, "SpecifiedLineTradeDelivery")
        _el(delivery, "BilledQuantity", decimal_text(line.quantity)).set(
            "unitCode", xml_safe(line.unit_code)
        )
        settlement = _el(item, "SpecifiedLineTradeSettlement")
        _line_tax(settlement, line.vat_category, line.vat_rate)
        _period(settlement, line.period_start, line.period_end)
        summation = _el(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
        _el(summation, "LineTotalAmount", _money(net, currency))

    # BR-O-02: a "not subject" invoice shows neither party's VAT number.
    with_vat = "O" not in doc.categories
    agreement = _el(transaction, "ApplicableHeaderTradeAgreement")
    _opt(agreement, "BuyerReference", buyer_reference(doc))
    _party(agreement, "SellerTradeParty", doc.seller, with_vat=with_vat)
    _party(agreement, "BuyerTradeParty", doc.buyer, with_vat=with_vat)
    if doc.order_reference:
        _el(_el(agreement, "BuyerOrderReferencedDocument"), "IssuerAssignedID", doc.order_reference)

    delivery = _el(transaction, "ApplicableHeaderTradeDelivery")
    if "K" in doc.categories:  # BR-IC-12: deliver-to country
        ship_to = _el(delivery, "ShipToTradeParty")
        _el(_el(ship_to, "PostalTradeAddress"), "CountryID", doc.buyer.country.upper())
    if doc.delivery_date:
        _date(
            _el(delivery, "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", doc.delivery_date
        )

    settlement = _el(transaction, "ApplicableHeaderTradeSettlement")
    if doc.payment is not None:
        _opt(settlement, "PaymentReference", doc.payment.reference)
    _el(settlement, "InvoiceCurrencyCode", currency)
    if doc.payment is not None:
        means = _el(settlement, "SpecifiedTradeSettlementPaymentMeans")
        _el(means, "TypeCode", "58" if currency == "EUR" else "30")
        account = _el(means, "PayeePartyCreditorFinancialAccount")
        _el(account, "IBANID", doc.payment.iban)
        _opt(account, "AccountName", doc.payment.account_name)
        if doc.payment.bic:
            _el(_el(means, "PayeeSpecifiedCreditorFinancialInstitution"), "BICID", doc.payment.bic)
    for group in totals.groups:
        tax = _el(settlement, "ApplicableTradeTax")
        _el(tax, "CalculatedAmount", _money(group.tax, currency))
        _el(tax, "TypeCode", "VAT")
        _opt(tax, "ExemptionReason", group.exemption_reason)
        _el(tax, "BasisAmount", _money(group.taxable, currency))
        _el(tax, "CategoryCode", group.category)
        _opt(tax, "ExemptionReasonCode", group.exemption_code)
        if group.category != "O":
            _el(tax, "RateApplicablePercent", decimal_text(group.rate))
    _period(settlement, doc.period_start, doc.period_end)
    terms_text = payment_terms(doc, totals)
    if terms_text or doc.due_date:
        terms = _el(settlement, "SpecifiedTradePaymentTerms")
        _opt(terms, "Description", terms_text)
        if doc.due_date:
            _date(terms, "DueDateDateTime", doc.due_date)

    summation = _el(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(summation, "LineTotalAmount", _money(totals.line_extension, currency))
    _el(summation, "TaxBasisTotalAmount", _money(totals.tax_exclusive, currency))
    _el(summation, "TaxTotalAmount", _money(totals.tax_total, currency)).set("currencyID", currency)
    _el(summation, "GrandTotalAmount", _money(totals.tax_inclusive, currency))
    if totals.prepaid:
        _el(summation, "TotalPrepaidAmount", _money(totals.prepaid, currency))
    _el(summation, "DuePayableAmount", _money(totals.payable, currency))
    if doc.preceding_invoice_number:
        ref = _el(settlement, "InvoiceReferencedDocument")
        _el(ref, "IssuerAssignedID", doc.preceding_invoice_number)
        if doc.preceding_invoice_date:
            _date(ref, "FormattedIssueDateTime", doc.preceding_invoice_date, ns=QDT)

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
