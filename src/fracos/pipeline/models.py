from __future__ import annotations

from django.db import models

from fracos.pipeline.choices import ActivityKind, Channel, Stage, Warmth


class Positioning(models.Model):
    """One version of the four-part positioning statement; the newest is current."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    who = models.TextField()
    what = models.TextField()
    different = models.TextField()
    outcome = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Positioning of {self.created_at:%Y-%m-%d}"


class ProofStory(models.Model):
    """A career example: situation, actions and a measurable result."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    situation = models.TextField()
    actions = models.TextField()
    result = models.TextField()
    client_tags = models.CharField(max_length=200, blank=True)
    problem_tags = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class NetworkContact(models.Model):
    """A person in the warm network; the top 20 get outreach first."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    how_known = models.CharField(max_length=200, blank=True)
    warmth = models.PositiveSmallIntegerField(choices=Warmth.choices, default=Warmth.WARM)
    fits_profile = models.BooleanField(default=False)
    top = models.BooleanField(default=False)
    connected_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=40, default="manual")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "email"],
                condition=~models.Q(email=""),
                name="network_contact_email_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Outreach(models.Model):
    """One conversation with a contact, and what happens next."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    contact = models.ForeignKey(NetworkContact, on_delete=models.CASCADE, related_name="outreach")
    on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    summary = models.TextField()
    next_step = models.CharField(max_length=200, blank=True)
    next_step_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on} {self.channel}"


class Opportunity(models.Model):
    """A possible engagement moving through the pipeline's stages."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    contact = models.ForeignKey(
        NetworkContact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED)
    currency = models.CharField(max_length=3)
    monthly_value_minor = models.BigIntegerField(default=0)
    probability = models.PositiveSmallIntegerField(null=True, blank=True)  # overrides the stage's
    expected_start = models.DateField(null=True, blank=True)
    next_step = models.CharField(max_length=200, blank=True)
    next_step_on = models.DateField(null=True, blank=True)
    lost_reason = models.CharField(max_length=200, blank=True)
    pilot_engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stories = models.ManyToManyField(ProofStory, blank=True, related_name="opportunities")
    created_at = models.DateTimeField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_value_minor__gte=0), name="opportunity_value_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True) | models.Q(probability__lte=100),
                name="opportunity_probability_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"


class StageChange(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    on = models.DateField()

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class ThoughtLeadership(models.Model):
    """A post, article, talk or panel: the light, regular inbound activity."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    on = models.DateField()
    url = models.URLField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return self.title


class Proposal(models.Model):
    """A proposal for an opportunity: positioning, proof, scope, pricing options and terms."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(max_length=200)
    # [{"label": ..., "pricing_model": "retainer"|"pilot"|..., "fee": "8000.00", "weeks": 6}]
    options = models.JSONField(default=list)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    days_per_week = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    responsibilities = models.TextField(blank=True)
    exclusions = models.TextField(blank=True)
    change_policy = models.TextField(blank=True)
    ending_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    status = models.CharField(max_length=10, default="draft")  # draft, sent, accepted, declined
    accepted_option = models.PositiveSmallIntegerField(null=True, blank=True)
    engagement = models.ForeignKey(
        "engagements.Engagement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DocumentTemplate(models.Model):
    """A practice's own version of a document template (proposal, scope of work)."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20)
    body = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "kind"], name="document_template_once")
        ]

    def __str__(self) -> str:
        return self.kind


class LaunchPlan(models.Model):
    """The 90-day launch plan of a leader starting out."""

    practice = models.OneToOneField(
        "practice.Practice", on_delete=models.CASCADE, related_name="launch_plan"
    )
    start_date = models.DateField()
    ticked = models.JSONField(default=dict, blank=True)  # item key -> ISO date ticked by hand
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Launch plan from {self.start_date}"


class ClientFeedback(models.Model):
    """The three questions the playbook asks the first client."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    what_they_get = models.TextField()
    wish_different = models.TextField()
    would_recommend = models.TextField()
    on = models.DateField()

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"Feedback of {self.client_id} on {self.on}"
