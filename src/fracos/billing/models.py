from __future__ import annotations

from decimal import Decimal

from django.db import models

from fracos.billing.choices import InvoiceKind, InvoiceStatus, LineKind, PaymentMethod
from fracos.core.money import from_minor


class NumberSeries(models.Model):
    """The next number of one series of a practice; its row is the lock issuing takes."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    name = models.CharField(max_length=20)
    next_value = models.PositiveBigIntegerField(default=1)
    last_issue_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "name"], name="series_once_per_practice"),
            models.CheckConstraint(condition=models.Q(next_value__gte=1), name="series_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.next_value}"


class Invoice(models.Model):
    """An invoice or credit note; once issued its number, parties and lines never change."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    status = models.CharField(
        max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    series = models.CharField(max_length=20)
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    # NULL, not "", until issued: drafts must not collide in the unique number constraint.
    number = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)  # last day, inclusive
    currency = models.CharField(max_length=3)
    # Copies of the seller's and buyer's identity taken when issued.
    seller = models.JSONField(default=dict, blank=True)
    buyer = models.JSONField(default=dict, blank=True)
    payment_reference = models.CharField(max_length=40, blank=True)
    exemption_reason = models.CharField(max_length=200, blank=True)
    net_minor = models.BigIntegerField(default=0)
    tax_minor = models.BigIntegerField(default=0)
    total_minor = models.BigIntegerField(default=0)
    credited_invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    notes = models.TextField(blank=True)
    # Hours over each retainer in the month measured, reported whether billed or not.
    overage = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, default="manual")
    created_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "-seq", "-id"]
        indexes = [models.Index(fields=["practice", "status", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "series", "seq"],
                condition=models.Q(seq__isnull=False),
                name="invoice_seq_unique",
            ),
            models.UniqueConstraint(
                fields=["practice", "number"],
                condition=models.Q(number__isnull=False),
                name="invoice_number_unique",
            ),
            models.CheckConstraint(
                condition=(models.Q(status=InvoiceStatus.DRAFT) & models.Q(number__isnull=True))
                | (
                    ~models.Q(status=InvoiceStatus.DRAFT)
                    & models.Q(number__isnull=False)
                    & models.Q(seq__isnull=False)
                    & models.Q(issue_date__isnull=False)
                ),
                name="invoice_numbered_iff_issued",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=InvoiceKind.CREDIT_NOTE)
                    & models.Q(credited_invoice__isnull=False)
                )
                | (models.Q(kind=InvoiceKind.INVOICE) & models.Q(credited_invoice__isnull=True)),
                name="invoice_credit_note_names_its_invoice",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"draft #{self.pk}"

    @property
    def total(self) -> Decimal:
        return from_minor(self.total_minor, self.currency)

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=LineKind.choices, default=LineKind.OTHER)
    description = models.CharField(max_length=300)
    # Negative for a discount: EN 16931 allows a negative quantity, never a negative price.
    quantity = models.DecimalField(max_digits=14, decimal_places=4)
    unit_code = models.CharField(max_length=3, default="C62")
    unit_price_minor = models.BigIntegerField()
    vat_category = models.CharField(max_length=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # On a credit note: the invoice line it reverses (in whole or in part), so no line
    # is ever credited beyond what it billed.
    credited_line = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credited_by"
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_price_minor__gte=0), name="line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class BillingClaim(models.Model):
    """'This engagement's fee for 2026-11 is on line X': the unique key bills nothing twice."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE)
    key = models.CharField(max_length=40)  # "fee:2026-11", "days:2026-11", "milestone:7"
    line = models.ForeignKey(InvoiceLine, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "key"], name="claim_bill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}:{self.key}"


class Payment(models.Model):
    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    date = models.DateField()
    amount_minor = models.BigIntegerField()
    method = models.CharField(
        max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.TRANSFER
    )
    reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount_minor} on {self.date}"


class Reminder(models.Model):
    """One step of the chasing schedule, sent once: the unique pair is the guarantee."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    step = models.IntegerField()  # days relative to the due date
    sent_at = models.DateTimeField()
    to_email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "step"], name="reminder_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} step {self.step:+d}"
