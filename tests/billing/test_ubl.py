from __future__ import annotations

import re
from dataclasses import replace

import pytest
from lxml import etree

from fracos.billing.ubl import render_ubl
from fracos.core.errors import ValidationFailed
from tests.billing.cases import documents
from tests.billing.einvoice_validator import assert_valid_ubl

CASES = documents()


@pytest.mark.parametrize("name", list(CASES))
def test_every_document_is_valid_peppol_ubl(name: str, einvoice_rules: object) -> None:
    assert_valid_ubl(render_ubl(CASES[name]))


NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def _tree(name: str) -> etree._Element:
    return etree.fromstring(render_ubl(CASES[name]))


def _text(root: etree._Element, path: str) -> list[str]:
    return [el.text or "" for el in root.xpath(path, namespaces=NS)]


def test_a_credit_note_is_a_ubl_credit_note_that_names_the_invoice_it_corrects() -> None:
    root = _tree("credit note")
    assert etree.QName(root).localname == "CreditNote"
    assert _text(root, "cbc:CreditNoteTypeCode") == ["381"]
    assert _text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == ["2026-0001"]
    assert root.xpath("cac:CreditNoteLine/cbc:CreditedQuantity", namespaces=NS)


def test_a_not_subject_invoice_shows_no_vat_number_but_keeps_the_legal_id() -> None:
    root = _tree("BE to US not subject")
    assert not root.xpath("//cac:PartyTaxScheme", namespaces=NS)
    supplier = "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"
    assert _text(root, supplier) == ["0403019261"]
    assert not root.xpath("//cac:ClassifiedTaxCategory/cbc:Percent", namespaces=NS)


def test_the_buyer_name_stands_in_when_there_is_no_reference() -> None:
    assert _text(_tree("no references at all"), "cbc:BuyerReference") == ["Brasserie Nord"]
    order_only = _tree("no buyer reference, order reference only")
    assert _text(order_only, "cbc:BuyerReference") == []
    assert _text(order_only, "cac:OrderReference/cbc:ID") == ["PO-9"]


def test_every_amount_has_two_decimals() -> None:
    root = _tree("rounding edges, 37 odd lines")
    amounts = root.xpath("//*[@currencyID][not(self::cbc:PriceAmount)]", namespaces=NS)
    assert amounts
    assert all(len((el.text or "").split(".")[1]) == 2 for el in amounts)


def test_the_belgian_seller_is_addressed_by_its_enterprise_number() -> None:
    root = _tree("domestic BE 21 %")
    endpoint = root.xpath("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", namespaces=NS)
    assert (endpoint[0].get("schemeID"), endpoint[0].text) == ("0208", "0403019261")
    assert _text(root, "cac:PaymentMeans/cbc:PaymentID") == ["+++000/2026/00159+++"]


def test_it_refuses_to_render_a_document_the_rules_would_reject() -> None:
    with pytest.raises(ValidationFailed):
        render_ubl(replace(CASES["domestic BE 21 %"], lines=()))


def test_the_validator_lists_the_rule_a_broken_document_breaks(einvoice_rules: object) -> None:
    xml = render_ubl(CASES["domestic BE 21 %"])
    broken = re.sub(rb"(<cbc:PayableAmount[^>]*>)", rb"\g<1>1", xml, count=1)
    with pytest.raises(AssertionError, match="BR-CO-16"):
        assert_valid_ubl(broken)


def test_the_validator_reports_schema_errors(einvoice_rules: object) -> None:
    xml = render_ubl(CASES["domestic BE 21 %"]).replace(b"<cbc:ID>2026-0001</cbc:ID>", b"", 1)
    with pytest.raises(AssertionError, match="XSD"):
        assert_valid_ubl(xml)
