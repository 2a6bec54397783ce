from __future__ import annotations

import pytest

from fracos.billing.cii import render_cii
from tests.billing.cases import documents
from tests.billing.einvoice_validator import assert_valid_cii

CASES = documents()


@pytest.mark.parametrize("name", list(CASES))
def test_every_document_is_valid_en16931_cii(name: str, einvoice_rules: object) -> None:
    assert_valid_cii(render_cii(CASES[name]))


def test_the_validator_reports_cii_schema_errors(einvoice_rules: object) -> None:
    xml = render_cii(CASES["domestic BE 21 %"]).replace(b"<ram:TypeCode>380", b"<ram:Bogus>380", 1)
    xml = xml.replace(b"380</ram:TypeCode>", b"380</ram:Bogus>", 1)
    with pytest.raises(AssertionError, match="XSD"):
        assert_valid_cii(xml)


def test_a_not_subject_cii_invoice_shows_no_vat_registration() -> None:
    xml = render_cii(CASES["BE to US not subject"])
    assert b"SpecifiedTaxRegistration" not in xml
    assert b"<ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>" in xml


def test_a_cii_credit_note_refers_to_the_invoice_it_corrects() -> None:
    xml = render_cii(CASES["credit note"])
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml
    assert b"<ram:IssuerAssignedID>2026-0001</ram:IssuerAssignedID>" in xml
