"""The practice's logo at the top of the invoice PDF, as issued, and in a valid Factur-X."""

from __future__ import annotations

import io

import facturx
import pytest
from pypdf import PdfReader

from fracos.billing import render, services
from fracos.practice.services import practice_logo_remove, practice_logo_set
from tests.billing.helpers import month, ready_practice
from tests.core.logos import SVG, SVG_FILL_OPERATOR, jpeg, png


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _issue(cast):  # type: ignore[no-untyped-def]
    draft = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-11"))
    return services.invoice_issue(cast.owner, invoice_id=draft.pk)


def _images(pdf: bytes) -> list[tuple[int, int, bool]]:
    """(width, height, has an alpha mask) of each image XObject on the first page but the
    EPC QR code (the one image drawn unsmoothed: /Interpolate false)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    found = []
    for ref in xobjects.values():
        image = ref.get_object()
        if image.get("/Subtype") == "/Image" and image.get("/Interpolate") != False:  # noqa: E712 (a PDF boolean object)
            found.append((int(image["/Width"]), int(image["/Height"]), "/SMask" in image))
    return found


def _page_drawing(pdf: bytes) -> bytes:
    return PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


def test_a_png_logo_is_embedded_as_an_image_at_the_top(ready):
    practice_logo_set(ready.owner, png(120, 60))
    issued = _issue(ready)
    assert render.pdf_context(issued)["logo"].startswith("data:image/png;base64,")
    assert _images(render.pdf_bytes(issued)) == [(120, 60, True)]


def test_a_jpeg_logo_is_embedded_as_an_image(ready):
    practice_logo_set(ready.owner, jpeg(90, 30))
    assert _images(render.pdf_bytes(_issue(ready))) == [(90, 30, False)]


def test_an_svg_logo_is_drawn_as_vectors(ready):
    practice_logo_set(ready.owner, SVG)
    pdf = render.pdf_bytes(_issue(ready))
    assert SVG_FILL_OPERATOR in _page_drawing(pdf)
    assert _images(pdf) == []


def test_without_a_logo_the_pdf_has_none(ready):
    issued = _issue(ready)
    assert render.pdf_context(issued)["logo"] == ""
    pdf = render.pdf_bytes(issued)
    assert _images(pdf) == [] and SVG_FILL_OPERATOR not in _page_drawing(pdf)


def test_an_issued_invoice_keeps_the_logo_it_was_issued_with(ready):
    practice_logo_set(ready.owner, SVG)
    first = _issue(ready)
    practice_logo_set(ready.owner, png(64, 64))
    assert SVG_FILL_OPERATOR in _page_drawing(render.pdf_bytes(first))
    assert _images(render.pdf_bytes(first)) == []
    practice_logo_remove(ready.owner)
    assert SVG_FILL_OPERATOR in _page_drawing(render.pdf_bytes(first))
    credit = services.invoice_credit(ready.owner, invoice_id=first.pk, amount="100")
    assert SVG_FILL_OPERATOR in _page_drawing(render.pdf_bytes(credit))  # the invoice's seller


def test_an_invoice_issued_after_removal_has_no_logo(ready):
    practice_logo_set(ready.owner, png())
    practice_logo_remove(ready.owner)
    assert _images(render.pdf_bytes(_issue(ready))) == []


def test_factur_x_with_a_transparent_png_logo_stays_a_pdf_a3_carrying_its_cii(ready):
    # PDF/A-3 (unlike PDF/A-1) allows transparency: WeasyPrint keeps the alpha as an SMask.
    practice_logo_set(ready.owner, png(120, 60, alpha=True))
    issued = _issue(ready)
    pdf = render.facturx_pdf(issued)
    assert _images(pdf) == [(120, 60, True)]
    filename, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml" and b"2026-0001" in xml
    reader = PdfReader(io.BytesIO(pdf))
    metadata = reader.xmp_metadata
    assert metadata is not None
    assert b"<pdfaid:part>3</pdfaid:part>" in metadata.stream.get_data()
    assert "/OutputIntents" in reader.trailer["/Root"]  # colours of the image are defined


def test_an_svg_that_would_fetch_a_file_never_reaches_an_invoice(ready):
    from fracos.core.errors import ValidationFailed
    from fracos.practice.models import Practice

    fetching = SVG.replace(b"</svg>", b'<image href="https://example.com/x.png"/></svg>')
    with pytest.raises(ValidationFailed, match="points outside itself"):
        practice_logo_set(ready.owner, fetching)
    assert Practice.objects.get(pk=ready.practice.pk).logo_digest == ""
    assert render.pdf_context(_issue(ready))["logo"] == ""
