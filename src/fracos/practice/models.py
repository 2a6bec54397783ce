from __future__ import annotations

from django.conf import settings
from django.db import models

from fracos.core.playbook import PlaybookSettings
from fracos.practice.choices import Role


class Practice(models.Model):
    """The tenant: one fractional leader's business, or one firm's."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3, default="EUR")
    timezone = models.CharField(max_length=64, default="Europe/Brussels")
    locale = models.CharField(max_length=16, default="en_BE")
    country = models.CharField(max_length=2, default="BE")
    legal_name = models.CharField(max_length=200, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    enterprise_number = models.CharField(max_length=20, blank=True)
    iban = models.CharField(max_length=34, blank=True)
    bic = models.CharField(max_length=11, blank=True)
    peppol_id = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    playbook = models.JSONField(default=dict, blank=True)
    # The SHA-256 of the current PracticeLogo's image; blank when there is none.
    logo_digest = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def rules(self) -> PlaybookSettings:
        return PlaybookSettings.from_stored(self.playbook)


class PracticeLogo(models.Model):
    """An image the practice has used as its logo, kept by its SHA-256.

    Its own table so that the practice row, read by every request, stays small; and
    never changed, since an issued invoice names the logo it was issued with
    (its seller snapshot keeps the digest) and must render the same ever after.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="logos")
    digest = models.CharField(max_length=64)
    media_type = models.CharField(max_length=20)
    content = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "digest"], name="logo_once_per_practice"),
        ]

    def __str__(self) -> str:
        return f"{self.media_type} {self.digest[:12]}"

    @property
    def size(self) -> int:
        return len(self.content)


class Member(models.Model):
    """A person's role in one practice; portal members see one client only."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEADER)
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="portal_members",
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], name="member_once_per_practice"),
            models.CheckConstraint(
                condition=(models.Q(role=Role.PORTAL) & models.Q(client__isnull=False))
                | (~models.Q(role=Role.PORTAL) & models.Q(client__isnull=True)),
                name="member_portal_has_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) @ {self.practice_id}"

    @property
    def can_write(self) -> bool:
        return self.role in (Role.OWNER, Role.LEADER)


class AuditEvent(models.Model):
    """Who did what to which record; appended, never changed."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=60)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["practice", "subject_type", "subject_id"])]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_type}#{self.subject_id}"


class ApiToken(models.Model):
    """A personal access token for the JSON API; only its SHA-256 is kept."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the token, shown in lists so a person can tell tokens apart.
    prefix = models.CharField(max_length=12)
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="api_token_name_once_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FailedAttempt(models.Model):
    """Failed sign-ins counted for one door (``scope``) and one ``subject`` in a window.

    In the database, not Django's cache: the cache is per process (settings.CACHES), and
    gunicorn runs several, so a guesser spread across workers would get N tries in each.
    A row per subject, counted up by one upsert (practice/ratelimit.py), stays exact under
    concurrent failures on SQLite and PostgreSQL alike; the database cache backend's incr()
    is a read then a write, which loses counts between processes.
    """

    scope = models.CharField(max_length=20)
    # A client address, or the SHA-256 of a typed username: people type passwords there too.
    subject = models.CharField(max_length=64)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "subject"], name="failed_attempt_once"),
        ]
        # Pruning deletes by age.
        indexes = [models.Index(fields=["window_started_at"], name="failed_attempt_age")]

    def __str__(self) -> str:
        return f"{self.scope} {self.subject}: {self.count}"
