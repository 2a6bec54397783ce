from __future__ import annotations

from decimal import Decimal

from django.db import models

from fracos.core.money import from_minor
from fracos.engagements.choices import (
    BillingTiming,
    DayPart,
    EngagementStatus,
    OveragePolicy,
    PilotBilling,
    PricingModel,
    Weekday,
)


class Engagement(models.Model):
    """A part-time senior role at one client, priced by one of the playbook's models."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="engagements"
    )
    role_title = models.CharField(max_length=100)
    pricing_model = models.CharField(max_length=10, choices=PricingModel.choices)
    currency = models.CharField(max_length=3)
    # The monthly fee (retainer, equity's cash part), the project fee or the pilot fee.
    fee_minor = models.BigIntegerField(default=0)
    day_rate_minor = models.BigIntegerField(default=0)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    days_per_week = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    dedicated_days = models.CharField(max_length=40, blank=True)  # "mon,tue"
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    notice_days = models.PositiveIntegerField(default=30)
    status = models.CharField(
        max_length=10, choices=EngagementStatus.choices, default=EngagementStatus.ACTIVE
    )
    ended_reason = models.CharField(max_length=200, blank=True)
    billing_timing = models.CharField(
        max_length=8, choices=BillingTiming.choices, default=BillingTiming.ADVANCE
    )
    overage_policy = models.CharField(
        max_length=10, choices=OveragePolicy.choices, default=OveragePolicy.NONE
    )
    overage_rate_minor = models.BigIntegerField(default=0)
    rollover_periods = models.PositiveSmallIntegerField(default=1)
    # Pilot
    pilot_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    pilot_deliverable = models.CharField(max_length=200, blank=True)
    pilot_billing = models.CharField(
        max_length=6, choices=PilotBilling.choices, default=PilotBilling.FULL
    )
    converts_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="converted_from"
    )
    # Equity + reduced retainer
    equity_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    equity_shares = models.PositiveBigIntegerField(null=True, blank=True)
    vesting_months = models.PositiveSmallIntegerField(null=True, blank=True)
    cliff_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Scope of work
    responsibilities = models.TextField(blank=True)
    exclusions = models.TextField(blank=True)
    change_policy = models.TextField(blank=True)
    ending_terms = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-status", "start_date", "id"]
        indexes = [models.Index(fields=["practice", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="engagement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_minor__gte=0) & models.Q(day_rate_minor__gte=0),
                name="engagement_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.client}"

    @property
    def fee(self) -> Decimal:
        return from_minor(self.fee_minor, self.currency)

    @property
    def day_rate(self) -> Decimal:
        return from_minor(self.day_rate_minor, self.currency)

    @property
    def overage_rate(self) -> Decimal:
        return from_minor(self.overage_rate_minor, self.currency)

    @property
    def weekdays(self) -> tuple[str, ...]:
        return tuple(day for day in self.dedicated_days.split(",") if day)


class Milestone(models.Model):
    """A billable step of a project fee."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    amount_minor = models.BigIntegerField()
    due_date = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    """A stage of the engagement, e.g. assessment then execution support."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=100)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Deliverable(models.Model):
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="deliverables"
    )
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class WeekPlanSlot(models.Model):
    """A weekday, or half of one, dedicated to an engagement in the weekly plan.

    ``Engagement.dedicated_days`` stays the list of weekdays with any slot (the
    time ledger reads it); the slots add the half-days. See engagements/plan.py.
    """

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="plan_slots")
    weekday = models.CharField(max_length=3, choices=Weekday.choices)
    part = models.CharField(max_length=4, choices=DayPart.choices, default=DayPart.FULL)

    class Meta:
        ordering = ["engagement_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "weekday", "part"], name="plan_slot_once_per_engagement"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__in=Weekday.values), name="plan_slot_weekday_known"
            ),
            models.CheckConstraint(
                condition=models.Q(part__in=DayPart.values), name="plan_slot_part_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.part}"
