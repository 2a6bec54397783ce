"""Identifiers an e-invoice carries: VAT numbers, Peppol endpoints, OGM, IBAN, EPC QR.

Pure functions over python-stdnum and segno; every refusal is a
``ValidationFailed`` naming the field and what is wrong with it.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import segno
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from fracos.core.errors import ValidationFailed
from fracos.core.money import round_money, validate_currency

# Peppol EAS codes for a party identified by its VAT number, taken from the
# code list the Peppol BIS 3.0 rules accept. Keys are VAT prefixes (Greece is EL).
# DK, FI and SE have no VAT scheme in that list: their registry numbers, which
# the VAT number embeds, are used instead (see _endpoint_from_vat).
VAT_SCHEMES: dict[str, str] = {
    "AT": "9914", "BE": "9925", "BG": "9926", "CY": "9928", "CZ": "9929",
    "DE": "9930", "EE": "9931", "EL": "9933", "ES": "9920", "FR": "9957",
    "HR": "9934", "HU": "9910", "IE": "9935", "IT": "0211", "LT": "9937",
    "LU": "9938", "LV": "9939", "MT": "9943", "NL": "9944", "PL": "9945",
    "PT": "9946", "RO": "9947", "SI": "9949", "SK": "9950",
}  # fmt: skip

_PEPPOL_ID = re.compile(r"^(\d{4}):(\S{1,50})$")
_OGM = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")
EPC_MAX_AMOUNT = Decimal("999999999.99")


def _reason(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return "its check digits are wrong (a typo?)"
    if isinstance(exc, InvalidComponent):
        return "its country prefix is unknown or a part of it is invalid"
    if isinstance(exc, InvalidLength):
        return "it has the wrong number of characters"
    if isinstance(exc, InvalidFormat):
        return "it is not in the expected format"
    return "it is not valid"


def validate_vat(number: str, *, field: str = "vat_number") -> str:
    """Return the compact EU VAT number with its country prefix ("BE0403019261")."""
    try:
        return str(eu_vat.validate(number or ""))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {number!r} is not a valid EU VAT number: {_reason(exc)}", field=field
        ) from None


def validate_be_enterprise_number(number: str, *, field: str = "enterprise_number") -> str:
    """Return a Belgian enterprise number (KBO/BCE) as its 10 compact digits."""
    try:
        return str(be_vat.validate(number or ""))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {number!r} is not a valid Belgian enterprise number: {_reason(exc)}",
            field=field,
        ) from None


def validate_iban(number: str, *, field: str = "iban") -> str:
    try:
        return str(stdnum_iban.validate(number or ""))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {number!r} is not a valid IBAN: {_reason(exc)}", field=field
        ) from None


def validate_bic(code: str, *, field: str = "bic") -> str:
    try:
        return str(stdnum_bic.validate(code or ""))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {code!r} is not a valid BIC: {_reason(exc)}", field=field
        ) from None


def parse_peppol_id(text: str, *, field: str = "peppol_id") -> tuple[str, str]:
    """Split "0208:0403019261" into (scheme, id); the scheme is a 4-digit EAS code."""
    match = _PEPPOL_ID.match((text or "").strip())
    if match is None:
        raise ValidationFailed(
            f"{field}: {text!r} is not a Peppol id: write SCHEME:ID, e.g. 0208:0403019261",
            field=field,
        )
    scheme, ident = match.groups()
    if scheme == "0208":
        ident = validate_be_enterprise_number(ident, field=field)
    elif scheme in VAT_SCHEMES.values() and scheme != "0211":
        ident = validate_vat(ident, field=field)
    return scheme, ident


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
