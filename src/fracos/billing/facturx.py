"""Factur-X / ZUGFeRD: a PDF/A-3b invoice with its CII XML attached as factur-x.xml."""

from __future__ import annotations

import facturx

from fracos.core.errors import ValidationFailed


def make_facturx(pdf_bytes: bytes, cii_xml: bytes) -> bytes:
    """Embed ``cii_xml`` into a PDF/A-3b (e.g. WeasyPrint ``pdf_variant="pdf/a-3b"``).

    The factur-x package checks the XML against the EN 16931 schema first and
    writes the XMP metadata that tells readers the PDF carries an e-invoice.
    """
    try:
        result = facturx.generate_from_binary(
            pdf_bytes, cii_xml, flavor="factur-x", level="en16931", check_xsd=True
        )
    except Exception as exc:  # factur-x raises bare Exceptions for bad XML or PDF
        raise ValidationFailed(f"factur-x: cannot embed the invoice XML: {exc}") from exc
    return bytes(result)
