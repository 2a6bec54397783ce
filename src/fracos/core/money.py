"""Money: the only place in Fractional OS that rounds.

Amounts are ``Decimal`` in Python and integers of minor units plus an ISO 4217
code in the database. Rounding is half-up to the currency's minor unit, as
EN 16931 requires (per line, then per VAT category).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fracos.core.errors import ValidationFailed

# ISO 4217 minor units for the currencies a practice is likely to bill in.
# Anything not listed is refused rather than guessed.
MINOR_UNITS: dict[str, int] = {
    "EUR": 2,
    "USD": 2,
    "GBP": 2,
    "CHF": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "PLN": 2,
    "CZK": 2,
    "HUF": 2,
    "RON": 2,
    "BGN": 2,
    "CAD": 2,
    "AUD": 2,
    "NZD": 2,
    "SGD": 2,
    "HKD": 2,
    "ZAR": 2,
    "INR": 2,
    "BRL": 2,
    "MXN": 2,
    "ILS": 2,
    "AED": 2,
    "CNY": 2,
    "TRY": 2,
    "ISK": 0,
    "JPY": 0,
    "KRW": 0,
    "CLP": 0,
    "BHD": 3,
    "KWD": 3,
    "JOD": 3,
    "OMR": 3,
    "TND": 3,
}


def validate_currency(code: str) -> str:
    """Return the upper-cased ISO 4217 code, or raise naming the bad value."""
    upper = (code or "").strip().upper()
    if upper not in MINOR_UNITS:
        raise ValidationFailed(
            f"unknown currency {code!r}: use an ISO 4217 code such as EUR, USD or GBP",
            field="currency",
        )
    return upper


def minor_units(currency: str) -> int:
    return MINOR_UNITS[validate_currency(currency)]


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def round_to(amount: Decimal, places: int) -> Decimal:
    """Round half-up to ``places`` decimals (quantities, rates, percentages)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal major units to an integer of minor units (rounding first)."""
    return int(round_money(amount, currency).scaleb(minor_units(currency)))


def from_minor(value: int, currency: str) -> Decimal:
    return Decimal(value).scaleb(-minor_units(currency)).quantize(quantum(currency))


def allocate_minor(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` minor units in proportion to ``weights`` (largest remainder).

    The shares add up to ``total`` exactly, and none exceeds its weight when
    ``0 <= total <= sum(weights)``: the whole units go first, then the left-over
    units, one each, to the largest fractions (the earlier on a tie).
    """
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("weights must add up to more than zero")
    shares = [total * w // whole for w in weights]
    fractions = [total * w % whole for w in weights]
    left = total - sum(shares)
    for index in sorted(range(len(weights)), key=lambda i: -fractions[i])[:left]:
        shares[index] += 1
    return shares


def parse_amount(text: str | int | Decimal, *, field: str = "amount") -> Decimal:
    """Parse a user-typed amount ("8000", "8,000.50", "1 200") into a Decimal."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace("_", "")
        if cleaned.count(",") and cleaned.count("."):
            cleaned = cleaned.replace(",", "")
        elif cleaned.count(",") == 1 and len(cleaned.split(",")[1]) != 3:
            cleaned = cleaned.replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationFailed(f"{field}: {text!r} is not an amount", field=field) from None
    if not value.is_finite():
        raise ValidationFailed(f"{field}: {text!r} is not an amount", field=field)
    return value


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        code = validate_currency(currency)
        return cls(round_money(parse_amount(amount), code), code)

    @classmethod
    def from_minor(cls, value: int, currency: str) -> Money:
        return cls(from_minor(value, currency), validate_currency(currency))

    @property
    def minor(self) -> int:
        return to_minor(self.amount, self.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValidationFailed(
                f"cannot combine {self.currency} and {other.currency} without a conversion"
            )

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
