"""Checks of the identifiers a practice and its clients carry (python-stdnum)."""

from __future__ import annotations

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

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


def validate_country(code: str, *, field: str = "country") -> str:
    upper = (code or "").strip().upper()
    if upper not in COUNTRIES:
        raise ValidationFailed(
            f"{field}: {code!r} is not a known ISO 3166 country code (e.g. BE, NL, US)",
            field=field,
        )
    return upper


def validate_vat(number: str, *, field: str = "vat_number") -> str:
    """An EU VAT number in compact form with its country prefix ('BE0403019261')."""
    text = (number or "").strip()
    try:
        compact = str(eu_vat.validate(text))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {number!r} is not a valid EU VAT number ({_reason(exc)})", field=field
        ) from None
    return compact


def validate_enterprise_number(number: str, *, field: str = "enterprise_number") -> str:
    """A Belgian enterprise (KBO/BCE) number as ten digits."""
    try:
        # The enterprise number is the Belgian VAT number without its BE prefix.
        return str(be_vat.validate((number or "").strip()))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {number!r} is not a valid Belgian enterprise number ({_reason(exc)})",
            field=field,
        ) from None


def validate_iban(number: str, *, field: str = "iban") -> str:
    try:
        return str(stdnum_iban.validate((number or "").strip()))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {number!r} is not a valid IBAN ({_reason(exc)})", field=field
        ) from None


def validate_bic(code: str, *, field: str = "bic") -> str:
    try:
        return str(stdnum_bic.validate((code or "").strip()))
    except ValidationError as exc:
        raise ValidationFailed(
            f"{field}: {code!r} is not a valid BIC ({_reason(exc)})", field=field
        ) from None


def _reason(exc: ValidationError) -> str:
    return str(exc.message if hasattr(exc, "message") else exc).rstrip(".").lower()
