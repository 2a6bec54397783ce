from __future__ import annotations

from django.db import models

from fracos.cadence.choices import SummaryStatus, TouchpointKind


class Touchpoint(models.Model):
    """A conversation held with a client: a check-in, a review or a renewal talk."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="touchpoints"
    )
    member = models.ForeignKey("practice.Member", null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=8, choices=TouchpointKind.choices)
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    # A review's gathered material (the quarter's summaries and outcomes), in Markdown.
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["engagement", "kind", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=TouchpointKind.values), name="touchpoint_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.held_on}"


class Summary(models.Model):
    """A monthly progress summary: drafted from the logged work, edited, then sent."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="summaries"
    )
    period_start = models.DateField()
    period_end = models.DateField()  # the day after the period, like clock.Period.end
    title = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=5, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    created_by = models.ForeignKey(
        "practice.Member", null=True, blank=True, on_delete=models.SET_NULL
    )
    drafted_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "period_start"], name="summary_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="summary_period_not_empty",
            ),
            models.CheckConstraint(
                condition=(models.Q(status=SummaryStatus.SENT) & models.Q(sent_at__isnull=False))
                | (models.Q(status=SummaryStatus.DRAFT) & models.Q(sent_at__isnull=True)),
                name="summary_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CadenceOverride(models.Model):
    """An engagement's own cadence, where it differs from the practice's playbook."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="cadence_override"
    )
    checkin_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    summary_interval_months = models.PositiveSmallIntegerField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"cadence of engagement #{self.engagement_id}"


class CalendarToken(models.Model):
    """The secret in a member's calendar-feed URL; only its SHA-256 is stored."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    member = models.ForeignKey(
        "practice.Member", on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"calendar token of member #{self.member_id}"
