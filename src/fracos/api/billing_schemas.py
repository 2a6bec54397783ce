"""Shapes of invoices, credit notes, payments and receivables in the API."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from fracos.api.schemas import Amount, Id, Money, Str3, Str100, Str200

NEXT = "Pass as `cursor` for the next page; null at the end."
InvoiceStatusName = Literal["draft", "issued", "credited"]
State = Literal["draft", "open", "partly_paid", "paid", "overdue", "credited", "credit_note"]


class InvoiceOut(Schema):
    id: int
    number: str | None
    kind: Literal["invoice", "credit_note"]
    status: InvoiceStatusName
    state: State = Field(description="What the invoice is today: open, paid, overdue, …")
    client_id: int
    client: str
    issue_date: date | None
    due_date: date | None
    period_start: date | None
    period_end: date | None
    currency: str
    net: Money
    tax: Money
    total: Money
    paid: Money
    credited: Money
    open: Money = Field(description="Still owed (negative: owed back to the client).")
    payment_reference: str
    credits_invoice_id: int | None = Field(description="For a credit note: the invoice it credits.")
    sent_at: datetime | None


class InvoicePage(Schema):
    items: list[InvoiceOut]
    next_cursor: str | None = Field(description=NEXT)


class LineOut(Schema):
    id: int
    position: int
    kind: str
    description: str
    quantity: str = Field(description="Decimal string; negative for a discount.")
    unit_code: str
    unit_price: Money
    net: Money
    vat_category: str
    vat_rate: str
    engagement_id: int | None
    period_start: date | None
    period_end: date | None


class VatGroupOut(Schema):
    category: str
    rate: str
    taxable: Money
    tax: Money
    exemption_reason: str


class PaymentOut(Schema):
    id: int
    invoice_id: int
    date: dt.date
    amount: Money
    method: str
    reference: str


class PaymentPage(Schema):
    items: list[PaymentOut]
    next_cursor: str | None = Field(description=NEXT)


class ReceivedOut(PaymentOut):
    invoice: str | None = Field(description="The invoice's number.")
    client_id: int
    client: str


class ReceivedPage(Schema):
    items: list[ReceivedOut]
    next_cursor: str | None = Field(description=NEXT)


class CreditNoteRef(Schema):
    id: int
    number: str | None
    issue_date: date | None
    net: Money
    total: Money


class InvoiceDetail(InvoiceOut):
    notes: str
    lines: list[LineOut]
    vat_breakdown: list[VatGroupOut]
    payments: list[PaymentOut]
    credit_notes: list[CreditNoteRef]
    overage: list[dict[str, Any]] = Field(description="Hours over each retainer that month.")


class InvoiceDraftIn(Schema):
    client_id: Id
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")] | None = Field(
        None, description="The month to invoice, YYYY-MM (default: this month)."
    )


LineKindName = Literal["fee", "days", "overage", "milestone", "expense", "discount", "other"]


class LinePatch(Schema):
    description: Str200 | None = None
    quantity: Amount | None = None
    unit_price: Amount | None = Field(None, description="Excluding VAT; negative for a discount.")
    vat_rate: Amount | None = Field(None, description="Percent (default: the client's VAT case).")


class LineIn(Schema):
    description: Str200
    quantity: Amount = "1"
    unit_price: Amount = Field(description="Excluding VAT; negative for a discount.")
    vat_rate: Amount | None = Field(None, description="Percent (default: the client's VAT case).")
    kind: LineKindName | None = None
    unit_code: Str3 = "C62"


class IssueIn(Schema):
    issue_date: date | None = Field(None, description="Default: today.")


class CreditIn(Schema):
    amount: Amount | None = Field(None, description="Excluding VAT (default: all that is left).")
    reason: Str200 = ""


class SentOut(Schema):
    sent_to: str


class PaymentIn(Schema):
    amount: Amount
    date: dt.date | None = Field(None, description="Day received (default: today).")
    method: Literal["transfer", "card", "cash", "other"] = "transfer"
    reference: Str100 = ""


class ReceivableOut(Schema):
    client_id: int
    client: str
    currency: str
    current: Money
    late_1_30: Money
    late_31_60: Money
    late_61_90: Money
    late_90_plus: Money
    total: Money


class ReceivablesOut(Schema):
    as_of: date
    items: list[ReceivableOut]
