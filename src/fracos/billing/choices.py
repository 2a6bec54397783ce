from django.db import models


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class InvoiceStatus(models.TextChoices):
    """What is stored; whether an issued invoice is paid or overdue is computed (see state)."""

    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    CREDITED = "credited", "Credited in full"


class InvoiceState(models.TextChoices):
    """What a person wants to know about an invoice today."""

    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    PARTLY_PAID = "partly_paid", "Partly paid"
    PAID = "paid", "Paid"
    OVERDUE = "overdue", "Overdue"
    CREDITED = "credited", "Credited"
    CREDIT_NOTE = "credit_note", "Credit note"


class LineKind(models.TextChoices):
    FEE = "fee", "Fee"
    DAYS = "days", "Days worked"
    OVERAGE = "overage", "Hours over the retainer"
    MILESTONE = "milestone", "Milestone"
    EXPENSE = "expense", "Expense"
    DISCOUNT = "discount", "Discount"
    OTHER = "other", "Other"
    CREDIT = "credit", "Credit"


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", "Bank transfer"
    CARD = "card", "Card"
    CASH = "cash", "Cash"
    OTHER = "other", "Other"


SERIES_INVOICE = "invoice"
SERIES_CREDIT_NOTE = "credit_note"
