from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from fracos.clients.choices import ClientStatus, CompanySize, CompanyStage


class Client(models.Model):
    """An organisation the practice serves (or has served)."""

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="clients"
    )
    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    size = models.CharField(max_length=10, choices=CompanySize.choices, blank=True)
    stage = models.CharField(max_length=12, choices=CompanyStage.choices, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    revenue_band = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, default="BE")
    currency = models.CharField(max_length=3, default="EUR")
    vat_number = models.CharField(max_length=20, blank=True)
    enterprise_number = models.CharField(max_length=20, blank=True)
    peppol_id = models.CharField(max_length=60, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    billing_email = models.EmailField(blank=True)
    payment_terms_days = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "practice", name="client_name_unique_per_practice"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at a client organisation."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=100, blank=True)
    is_billing = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
