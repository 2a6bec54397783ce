from __future__ import annotations

import io

import facturx
import pytest
import weasyprint
from pypdf import PdfReader

from fracos.billing.cii import render_cii
from fracos.billing.facturx import make_facturx
from fracos.core.errors import ValidationFailed
from tests.billing.cases import invoice

HTML = "<html><head><title>Invoice 2026-0001</title></head><body><h1>Invoice</h1></body></html>"


@pytest.fixture(scope="module")
def pdf_a3() -> bytes:
    return bytes(weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/a-3b"))


def test_it_embeds_the_cii_xml_in_a_pdf_a3(pdf_a3: bytes) -> None:
    xml = render_cii(invoice())
    pdf = make_facturx(pdf_a3, xml)
    filename, embedded = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    assert embedded.strip() == xml.strip()
    metadata = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in xmp


def test_it_refuses_xml_that_is_not_factur_x(pdf_a3: bytes) -> None:
    with pytest.raises(ValidationFailed):
        make_facturx(pdf_a3, b"<Invoice/>")
