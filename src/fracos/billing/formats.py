"""How an issued invoice writes its amounts, quantities and dates: in the seller's locale.

The PDF and the client portal's invoice page both read these, so a client sees
the same "5.876,64 €" on screen as on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from fracos.billing.models import Invoice
from fracos.core.money import from_minor


@dataclass(frozen=True, slots=True)
class InvoiceFormats:
    locale: str
    currency: str

    def money(self, value: Decimal) -> str:
        return str(format_currency(value, self.currency, locale=self.locale))

    def minor(self, value: int) -> str:
        return self.money(from_minor(value, self.currency))

    def qty(self, value: Decimal) -> str:
        return str(format_decimal(value, format="#,##0.####", locale=self.locale))

    def day(self, value: date | None) -> str:
        return str(format_date(value, "long", locale=self.locale)) if value else ""


def formats_for(invoice: Invoice) -> InvoiceFormats:
    """The locale the invoice was issued in (kept in its seller snapshot)."""
    return InvoiceFormats(str(invoice.seller.get("locale") or "en"), invoice.currency)
