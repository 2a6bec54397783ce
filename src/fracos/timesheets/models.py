from __future__ import annotations

from django.db import models

from fracos.timesheets.choices import EntryKind


class TimeEntry(models.Model):
    """Time worked on one local date; client work points at an engagement."""

    # No index of their own on practice and engagement: entry_report_cover and
    # entry_engagement_date start with them, and every index costs each insert.
    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE, db_index=False)
    member = models.ForeignKey("practice.Member", on_delete=models.PROTECT)
    kind = models.CharField(max_length=6, choices=EntryKind.choices, default=EntryKind.CLIENT)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
        db_index=False,
    )
    # Denormalised from the engagement so that reports group without a join.
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    work_date = models.DateField()
    started_at = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    tags = models.CharField(max_length=200, blank=True)
    billable = models.BooleanField(default=True)
    source = models.CharField(max_length=20, default="cli")
    external_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["work_date", "id"]
        indexes = [
            # Covers every report query, so reports never read the table itself.
            models.Index(
                fields=["practice", "work_date", "kind", "client", "engagement", "seconds"],
                name="entry_report_cover",
            ),
            models.Index(fields=["engagement", "work_date"], name="entry_engagement_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seconds__gt=0), name="entry_positive"),
            models.CheckConstraint(
                condition=(models.Q(kind=EntryKind.CLIENT) & models.Q(engagement__isnull=False))
                | (~models.Q(kind=EntryKind.CLIENT) & models.Q(engagement__isnull=True)),
                name="entry_client_work_has_engagement",
            ),
            models.UniqueConstraint(
                fields=["practice", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="entry_import_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_date} {self.seconds}s"


class Timer(models.Model):
    """The running timer; the unique member makes 'one at a time' a database fact."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    member = models.OneToOneField("practice.Member", on_delete=models.CASCADE, related_name="timer")
    kind = models.CharField(max_length=6, choices=EntryKind.choices, default=EntryKind.CLIENT)
    engagement = models.ForeignKey(
        "engagements.Engagement", null=True, blank=True, on_delete=models.CASCADE
    )
    client = models.ForeignKey("clients.Client", null=True, blank=True, on_delete=models.CASCADE)
    note = models.TextField(blank=True)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"timer since {self.started_at}"
