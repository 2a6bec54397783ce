"""Identifiers an e-invoice carries: VAT numbers, Peppol endpoints, OGM, IBAN, EPC QR.

Pure functions over python-stdnum and segno; every refusal is a
``ValidationFailed`` naming the field and what is wrong with it.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import segno

from fracos.core.errors import ValidationFailed
from fracos.core.identifiers import (  # re-exported: billing's callers find them here too
    VAT_SCHEMES,
    parse_peppol_id,
    validate_be_enterprise_number,
    validate_bic,
    validate_iban,
    validate_vat,
)
from fracos.core.money import round_money, validate_currency

_OGM = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")
EPC_MAX_AMOUNT = Decimal("999999999.99")

__all__ = [
    "VAT_SCHEMES",
    "epc_qr_payload",
    "epc_qr_png",
    "epc_qr_svg",
    "parse_peppol_id",
    "peppol_endpoint",
    "structured_communication",
    "validate_be_enterprise_number",
    "validate_bic",
    "validate_iban",
    "validate_structured_communication",
    "validate_vat",
]


def _endpoint_from_vat(vat: str) -> tuple[str, str] | None:
    prefix, digits = vat[:2], vat[2:]
    if prefix in VAT_SCHEMES:
        return VAT_SCHEMES[prefix], vat
    if prefix == "DK":
        return "0184", vat  # DK CVR, written "DK" + 8 digits like the VAT number
    if prefix == "SE":
        return "0007", digits[:10]  # the organisation number inside SE…01
    if prefix == "FI":
        return "0216", "0037" + digits  # OVT code: 0037 + business id
    return None


def peppol_endpoint(
    *,
    country: str,
    vat_number: str | None,
    enterprise_number: str | None,
    peppol_id: str | None,
) -> tuple[str, str] | None:
    """The (scheme, id) a party receives Peppol documents at, or None if unknown.

    An explicit Peppol id wins; a Belgian enterprise number comes next because
    it is what Belgian access points register; then the VAT number.
    """
    if peppol_id:
        return parse_peppol_id(peppol_id)
    if enterprise_number and (country or "").upper() == "BE":
        return "0208", validate_be_enterprise_number(enterprise_number)
    if vat_number:
        return _endpoint_from_vat(validate_vat(vat_number))
    return None


def _ogm_check(base: int) -> int:
    return base % 97 or 97


def structured_communication(seq: int) -> str:
    """Belgian structured communication (OGM/VCS) "+++123/4567/89012+++" for ``seq``."""
    if not 0 < seq < 10**10:
        raise ValidationFailed(
            f"payment_reference: {seq} must be between 1 and 9999999999", field="payment_reference"
        )
    digits = f"{seq:010d}{_ogm_check(seq):02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def validate_structured_communication(text: str, *, field: str = "payment_reference") -> str:
    """Return the OGM in its canonical "+++…+++" form, accepting "***" or bare digits."""
    cleaned = (text or "").strip().replace("*", "+")
    digits = re.sub(r"[+/\s]", "", cleaned)
    if not re.fullmatch(r"\d{12}", digits):
        raise ValidationFailed(
            f"{field}: {text!r} is not a structured communication (+++123/4567/89012+++)",
            field=field,
        )
    if _ogm_check(int(digits[:10])) != int(digits[10:]):
        raise ValidationFailed(f"{field}: {text!r} has wrong check digits (a typo?)", field=field)
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def epc_qr_payload(
    *,
    name: str,
    iban: str,
    bic: str | None,
    amount: Decimal,
    currency: str,
    remittance: str,
    structured: bool,
) -> str:
    """The EPC069-12 (version 002) "SEPA credit transfer" QR payload.

    A structured remittance is a creditor reference; for a Belgian OGM only
    its 12 digits are written, which is what Belgian banking apps read.
    """
    if validate_currency(currency) != "EUR":
        raise ValidationFailed("currency: an EPC QR code can only ask for euros", field="currency")
    value = round_money(amount, "EUR")
    if not Decimal("0.01") <= value <= EPC_MAX_AMOUNT:
        raise ValidationFailed(
            f"amount: {amount} must be between 0.01 and {EPC_MAX_AMOUNT} for an EPC QR code",
            field="amount",
        )
    holder = " ".join((name or "").split())
    if not holder or len(holder) > 70:
        raise ValidationFailed(
            "name: the beneficiary name must be 1 to 70 characters", field="name"
        )
    if structured:
        reference = remittance.strip()
        if _OGM.match(reference) or re.fullmatch(r"[*+]{3}[\d/]+[*+]{3}", reference):
            reference = re.sub(r"\D", "", validate_structured_communication(reference))
        if not reference or len(reference) > 35:
            raise ValidationFailed(
                "payment_reference: a structured reference must be 1 to 35 characters",
                field="payment_reference",
            )
        structured_ref, text_ref = reference, ""
    else:
        text_ref = " ".join(remittance.split())
        if len(text_ref) > 140:
            raise ValidationFailed(
                "payment_reference: a remittance text must be at most 140 characters",
                field="payment_reference",
            )
        structured_ref = ""
    lines = [
        "BCD",
        "002",
        "1",  # UTF-8
        "SCT",
        validate_bic(bic) if bic else "",
        holder,
        validate_iban(iban),
        f"EUR{value}",
        "",  # purpose code
        structured_ref,
        text_ref,
    ]
    # Why: EPC069-12 ends the payload at the last populated element.
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def epc_qr_svg(payload: str) -> str:
    """An SVG of the payload at error level M, as EPC069-12 requires."""
    qr = segno.make(payload, error="m", micro=False, encoding="utf-8")
    out = io.BytesIO()
    qr.save(out, kind="svg", xmldecl=False, border=4, scale=4)
    return out.getvalue().decode("utf-8")


def epc_qr_png(payload: str) -> bytes:
    """A PNG of the payload at error level M, one pixel per module with a 4-module border.

    Why a bitmap for the PDF: WeasyPrint draws it as one tiny image, where the
    SVG's path of several hundred segments cost a tenth of the PDF's time;
    shown at its size without smoothing it is exactly as sharp.
    """
    qr = segno.make(payload, error="m", micro=False, encoding="utf-8")
    out = io.BytesIO()
    qr.save(out, kind="png", border=4, scale=1)
    return out.getvalue()
