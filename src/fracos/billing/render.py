"""An issued invoice as PDF (WeasyPrint), Peppol UBL, CII and Factur-X."""

from __future__ import annotations

import atexit
import base64
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fracos.billing.bridge import invoice_document
from fracos.billing.cii import render_cii
from fracos.billing.document import InvoiceDocument, compute_totals
from fracos.billing.facturx import make_facturx
from fracos.billing.formats import formats_for
from fracos.billing.identifiers import epc_qr_payload, epc_qr_png, epc_qr_svg
from fracos.billing.models import Invoice
from fracos.billing.ubl import render_ubl
from fracos.core.errors import RuleViolation, ValidationFailed
from fracos.practice.selectors import logo_data_uri

CATEGORY_WORDS = {
    "S": "VAT",
    "K": "Reverse charge",
    "O": "Not subject to VAT",
    "E": "Exempt",
    "Z": "Zero rated",
    "AE": "Reverse charge",
}


def _issued(invoice: Invoice) -> None:
    if invoice.number is None:
        raise RuleViolation(
            f"invoice: #{invoice.pk} is a draft; issue it first (`fracos invoice issue "
            f"{invoice.pk}`)",
            field="invoice",
        )


def ubl_xml(invoice: Invoice) -> bytes:
    _issued(invoice)
    return render_ubl(invoice_document(invoice))


def cii_xml(invoice: Invoice) -> bytes:
    _issued(invoice)
    return render_cii(invoice_document(invoice))


def pdf_context(invoice: Invoice) -> dict[str, Any]:
    doc: InvoiceDocument = invoice_document(invoice)
    totals = compute_totals(doc)
    formats = formats_for(invoice)
    money, qty, day = formats.money, formats.qty, formats.day

    lines = [
        {
            "description": line.description,
            "period": (
                f"{day(line.period_start)} – {day(line.period_end)}" if line.period_start else ""
            ),
            "quantity": qty(line.quantity),
            "unit": {"MON": "month", "DAY": "day", "HUR": "h"}.get(line.unit_code, ""),
            "unit_price": money(line.unit_price),
            "vat": f"{qty(line.vat_rate)} %" if line.vat_category == "S" else line.vat_category,
            "net": money(net),
        }
        for line, net in zip(doc.lines, totals.line_nets, strict=True)
    ]
    groups = [
        {
            "label": (
                f"{CATEGORY_WORDS['S']} {qty(g.rate)} %"
                if g.category == "S"
                else CATEGORY_WORDS.get(g.category, g.category)
            ),
            "taxable": money(g.taxable),
            "tax": money(g.tax),
            "reason": g.exemption_reason,
        }
        for g in totals.groups
    ]
    seller = invoice.seller
    payload = payment_qr_payload(invoice, totals.payable)
    qr = (
        "data:image/png;base64," + base64.b64encode(epc_qr_png(payload)).decode() if payload else ""
    )
    return {
        "invoice": invoice,
        "doc": doc,
        "title": "Credit note" if invoice.kind == "credit_note" else "Invoice",
        "seller": seller,
        "buyer": invoice.buyer,
        "issue_date": day(doc.issue_date),
        "due_date": day(doc.due_date),
        "period": (f"{day(doc.period_start)} – {day(doc.period_end)}" if doc.period_start else ""),
        "lines": lines,
        "groups": groups,
        "net": money(totals.tax_exclusive),
        "tax": money(totals.tax_total),
        "total": money(totals.tax_inclusive),
        "payable": money(totals.payable),
        "qr_png": qr,
        "logo": logo_data_uri(invoice.practice_id, seller.get("logo", "")),
        "ogm": invoice.payment_reference if invoice.payment_reference.startswith("+++") else "",
        "reference": invoice.payment_reference,
        "preceding": doc.preceding_invoice_number,
    }


def payment_qr(invoice: Invoice, amount: Decimal) -> str:
    """The EPC ("scan to pay") QR code as SVG for paying ``amount``, or "" when there is none."""
    payload = payment_qr_payload(invoice, amount)
    return epc_qr_svg(payload) if payload else ""


def payment_qr_payload(invoice: Invoice, amount: Decimal) -> str:
    """What the EPC ("scan to pay") QR code for paying ``amount`` says, or "" when there is none."""
    seller = invoice.seller
    if invoice.kind != "invoice" or invoice.currency != "EUR" or not seller.get("iban"):
        return ""
    if amount <= 0:
        return ""
    try:
        return epc_qr_payload(
            name=seller.get("legal_name") or seller.get("name", ""),
            iban=seller["iban"],
            bic=seller.get("bic") or None,
            amount=amount,
            currency=invoice.currency,
            remittance=invoice.payment_reference or invoice.number or "",
            structured=invoice.payment_reference.startswith("+++"),
        )
    except ValidationFailed:
        return ""  # an amount or name the EPC format cannot carry: no QR, still an invoice


def pdf_bytes(invoice: Invoice, *, variant: str | None = None) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    _issued(invoice)
    context = pdf_context(invoice)
    html = render_to_string("billing/invoice.html", context)
    kwargs: dict[str, Any] = {"pdf_variant": variant} if variant else {}
    shared = _shared()
    # Subsetting in HarfBuzz costs less than embedding whole fonts (WeasyPrint then reads
    # every glyph's width in Python) and makes PDFs a fifth the size. Without it, subsetting
    # runs in fontTools and costs more: the bundled fonts are small enough to embed whole,
    # unless a character they lack falls back to a system font, which must be subset.
    kwargs["full_fonts"] = not shared.fast_subsetting and shared.covers(html)
    document = HTML(string=html).write_pdf(
        stylesheets=[shared.stylesheet], font_config=shared.fonts, **kwargs
    )
    return bytes(document)


FONTS = Path(__file__).parent / "templates" / "billing" / "fonts"
FONT_FACES = (("DejaVuSans-Latin.ttf", "normal"), ("DejaVuSans-Bold-Latin.ttf", "bold"))


@dataclass(frozen=True)
class _Shared:
    fonts: Any
    stylesheet: Any
    codepoints: frozenset[int]
    fast_subsetting: bool

    def covers(self, html: str) -> bool:
        return all(ord(c) < 0x20 or ord(c) in self.codepoints for c in set(html))


_SHARED: list[_Shared] = []


def _shared() -> _Shared:
    """Fonts and stylesheet, built once per process: each costs more than laying out a page."""
    if not _SHARED:
        from fontTools.ttLib import TTFont
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        faces = "".join(
            f'@font-face {{ font-family: "Invoice Sans"; font-weight: {weight}; '
            f'src: url("{(FONTS / name).as_uri()}"); }}\n'
            for name, weight in FONT_FACES
        )
        codepoints = frozenset.intersection(
            *(frozenset(TTFont(FONTS / name, lazy=True).getBestCmap()) for name, _ in FONT_FACES)
        )
        fonts = FontConfiguration()
        css = (Path(__file__).parent / "templates" / "billing" / "invoice.css").read_text()
        stylesheet = CSS(string=faces + css, font_config=fonts)
        _SHARED.append(_Shared(fonts, stylesheet, codepoints, _harfbuzz_subsets()))
        # Let WeasyPrint remove its copy of the fonts while the interpreter still can.
        atexit.register(_SHARED.clear)
    return _SHARED[0]


def _harfbuzz_subsets() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (C) rather than fontTools (Python)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except ImportError:  # another WeasyPrint layout: assume the slow path
        return False
    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def warm_up() -> None:
    """Load the fonts and stylesheet now, e.g. before forking processes that render PDFs."""
    _shared()


def facturx_pdf(invoice: Invoice) -> bytes:
    _issued(invoice)
    return make_facturx(pdf_bytes(invoice, variant="pdf/a-3b"), cii_xml(invoice))
