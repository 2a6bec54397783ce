"""Checks of the identifiers a practice and its clients carry (python-stdnum)."""

from __future__ import annotations

import re

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

EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)

# ISO 3166-1 alpha-2 codes accepted for addresses; a typo is refused, not stored.
COUNTRIES = EU_COUNTRIES | frozenset(
    [
        "AD",
        "AE",
        "AR",
        "AU",
        "BR",
        "CA",
        "CH",
        "CL",
        "CN",
        "CO",
        "GB",
        "GG",
        "HK",
        "IL",
        "IM",
        "IN",
        "IS",
        "JE",
        "JP",
        "KR",
        "LI",
        "MA",
        "MC",
        "MX",
        "MY",
        "NG",
        "NO",
        "NZ",
        "PH",
        "QA",
        "RS",
        "SA",
        "SG",
        "SM",
        "TH",
        "TR",
        "TW",
        "UA",
        "US",
        "UY",
        "VN",
        "ZA",
    ]
)

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


def validate_country(code: str, *, field: str = "country") -> str:
    upper = (code or "").strip().upper()
    if upper not in COUNTRIES:
        raise ValidationFailed(
            f"{field}: {code!r} is not a known ISO 3166 country code (e.g. BE, NL, US)",
            field=field,
        )
    return upper


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
