"""Every write to practices and members."""

from __future__ import annotations

import getpass
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from fracos.core.identifiers import (
    parse_peppol_id,
    validate_be_enterprise_number,
    validate_bic,
    validate_country,
    validate_iban,
    validate_vat,
)
from fracos.core.images import logo_media_type
from fracos.core.money import validate_currency
from fracos.core.playbook import PlaybookSettings
from fracos.core.text import check_line
from fracos.practice.choices import Role
from fracos.practice.compiled import first_with_related
from fracos.practice.models import ApiToken, AuditEvent, Member, Practice, PracticeLogo


def _check_name(name: str, *, field: str = "name", limit: int = 200) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationFailed(f"{field}: required", field=field)
    if len(cleaned) > limit:
        raise ValidationFailed(f"{field}: longer than {limit} characters", field=field)
    return cleaned


@transaction.atomic
def practice_create(
    *,
    name: str,
    currency: str = "EUR",
    timezone: str = "Europe/Brussels",
    country: str = "BE",
    locale: str = "en_BE",
    owner_email: str | None = None,
    owner_password: str | None = None,
) -> tuple[Practice, Member]:
    """A new practice with its owner (by default the person at this terminal)."""
    name = _check_name(name)
    currency = validate_currency(currency)
    clock.zone(timezone)
    country = validate_country(country)
    base = slugify(name)[:50] or "practice"
    slug, n = base, 1
    while Practice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    practice = Practice.objects.create(
        slug=slug,
        name=name,
        currency=currency,
        timezone=timezone,
        country=country,
        locale=locale,
        legal_name=name,
        created_at=clock.now(),
    )
    user = user_ensure(owner_email or f"{getpass.getuser()}@localhost", owner_password)
    member = Member.objects.create(
        practice=practice, user=user, role="owner", created_at=clock.now()
    )
    return practice, member


def user_ensure(email: str, password: str | None = None) -> Any:
    """The Django user for an email, created when new (unusable password unless given)."""
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 150:
        raise ValidationFailed(f"email: {email!r} is not an email address", field="email")
    users = get_user_model()
    user = users.objects.filter(username=email).first()
    if user is None:
        user = users(username=email, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


# In form order: the settings page lays its fields out in this order.
IDENTITY_FIELDS = (
    "name",
    "legal_name",
    "street",
    "postcode",
    "city",
    "country",
    "currency",
    "timezone",
    "locale",
    "vat_number",
    "enterprise_number",
    "iban",
    "bic",
    "peppol_id",
    "email",
    "phone",
    "website",
)


# Fields an identity cannot do without, even though the others may be cleared.
REQUIRED_IDENTITY = frozenset({"name", "country", "currency", "timezone"})


def clean_identity(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate identity fields shared by practices and clients; blank clears a field."""
    cleaned: dict[str, Any] = {}
    for key, raw in changes.items():
        value = check_line("" if raw is None else str(raw).strip(), field=key)
        if key in REQUIRED_IDENTITY and not value:
            # Every invoice and total needs these: a blank one would break them later.
            raise ValidationFailed(f"{key}: required", field=key)
        if key in ("name", "legal_name"):
            value = _check_name(value, field=key) if key == "name" or value else ""
        elif key == "country":
            value = validate_country(value)
        elif key == "currency":
            value = validate_currency(value)
        elif key == "timezone":
            clock.zone(value)
        elif value and key == "vat_number":
            value = validate_vat(value)
        elif value and key == "enterprise_number":
            value = validate_be_enterprise_number(value)
        elif value and key == "iban":
            value = validate_iban(value)
        elif value and key == "bic":
            value = validate_bic(value)
        elif value and key == "peppol_id":
            value = ":".join(parse_peppol_id(value))
        elif value and key == "email" and "@" not in value:
            raise ValidationFailed(f"email: {value!r} is not an email address", field="email")
        if len(value) > 200:
            raise ValidationFailed(f"{key}: longer than 200 characters", field=key)
        cleaned[key] = value
    return cleaned


@transaction.atomic
def practice_update(actor: Actor, **changes: Any) -> Practice:
    actor.require_owner()
    unknown = set(changes) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValidationFailed(f"unknown practice field(s): {', '.join(sorted(unknown))}")
    cleaned = clean_identity(changes)
    practice = Practice.objects.select_for_update().get(pk=actor.practice_id)
    for key, value in cleaned.items():
        setattr(practice, key, value)
    practice.save(update_fields=list(cleaned))
    audit_record(actor, "practice.updated", "practice", practice.pk, {"fields": sorted(cleaned)})
    return practice


@transaction.atomic
def practice_logo_set(actor: Actor, content: bytes) -> PracticeLogo:
    """Make `content` (PNG, JPEG or a self-contained SVG) the logo on invoices issued from now."""
    actor.require_owner()
    media_type = logo_media_type(content)
    digest = hashlib.sha256(content).hexdigest()
    practice = Practice.objects.select_for_update().get(pk=actor.practice_id)
    # Earlier logos stay: invoices issued with them keep rendering with them.
    logo, _ = PracticeLogo.objects.get_or_create(
        practice=practice,
        digest=digest,
        defaults={"media_type": media_type, "content": content, "created_at": clock.now()},
    )
    practice.logo_digest = digest
    practice.save(update_fields=["logo_digest"])
    audit_record(
        actor,
        "practice.logo_set",
        "practice",
        practice.pk,
        {"media_type": media_type, "size": len(content), "digest": digest},
    )
    return logo


@transaction.atomic
def practice_logo_remove(actor: Actor) -> bool:
    """No logo on invoices issued from now; False when there was none."""
    actor.require_owner()
    practice = Practice.objects.select_for_update().get(pk=actor.practice_id)
    if not practice.logo_digest:
        return False
    practice.logo_digest = ""
    practice.save(update_fields=["logo_digest"])
    audit_record(actor, "practice.logo_removed", "practice", practice.pk)
    return True


@transaction.atomic
def playbook_update(actor: Actor, changes: dict[str, Any]) -> PlaybookSettings:
    actor.require_owner()
    practice = Practice.objects.select_for_update().get(pk=actor.practice_id)
    settings = practice.rules.updated(changes)
    practice.playbook = settings.to_stored()
    practice.save(update_fields=["playbook"])
    audit_record(actor, "playbook.updated", "practice", practice.pk, {"changes": sorted(changes)})
    return settings


@transaction.atomic
def member_add(
    actor: Actor,
    *,
    email: str,
    role: str,
    password: str | None = None,
    client_id: int | None = None,
) -> Member:
    actor.require_owner()
    if role not in Role.values:
        raise ValidationFailed(
            f"role: {role!r} is not one of {', '.join(Role.values)}", field="role"
        )
    if role == Role.PORTAL:
        # A portal member sees one client, and only a client of this very practice.
        clients = Member._meta.get_field("client").related_model
        if (
            client_id is None
            or not clients._default_manager.filter(  # type: ignore[union-attr]
                pk=client_id, practice_id=actor.practice_id
            ).exists()
        ):
            raise ValidationFailed(
                "client: a portal user needs one of your clients", field="client"
            )
    elif client_id is not None:
        raise ValidationFailed("client: only portal users belong to a client", field="client")
    if password is not None and len(password) > 128:
        raise ValidationFailed("password: longer than 128 characters", field="password")
    user = user_ensure(email, password)
    if Member.objects.filter(practice_id=actor.practice_id, user=user).exists():
        raise Conflict(f"email: {email} is already a member of this practice", field="email")
    member = Member.objects.create(
        practice_id=actor.practice_id,
        user=user,
        role=role,
        client_id=client_id,
        created_at=clock.now(),
    )
    audit_record(actor, "member.added", "member", member.pk, {"email": user.email, "role": role})
    return member


@transaction.atomic
def member_remove(actor: Actor, *, email: str) -> None:
    """Take someone out of the practice; the last owner stays, or nobody could manage it."""
    actor.require_owner()
    address = (email or "").strip().lower()
    member = (
        Member.objects.select_for_update()
        .filter(practice_id=actor.practice_id, user__username=address)
        .first()
    )
    if member is None:
        raise NotFound(
            f"email: {address or email!r} is not a member of this practice", field="email"
        )
    if member.role == Role.OWNER:
        owners = Member.objects.select_for_update().filter(
            practice_id=actor.practice_id, role=Role.OWNER
        )
        if owners.count() <= 1:
            raise RuleViolation(
                f"email: {address} is the last owner; add another owner before removing them",
                field="email",
            )
    # Time entries point at the member (PROTECT): keep the history, drop the access.
    member_id = member.pk
    try:
        with transaction.atomic():
            member.delete()
    except ProtectedError:
        raise RuleViolation(
            f"email: {address} has logged time in this practice; their entries keep "
            "them on record (make them a viewer instead)",
            field="email",
        ) from None
    # Someone removing themselves leaves no member to credit the event to.
    by = None if member_id == actor.member_id else actor
    audit_record(
        by, "member.removed", "member", member_id, {"email": address}, practice_id=actor.practice_id
    )


def audit_record(
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: int,
    data: dict[str, Any] | None = None,
    *,
    practice_id: int | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        practice_id=practice_id if practice_id is not None else actor.practice_id,  # type: ignore[union-attr]
        actor_id=actor.member_id if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data or {},
        at=clock.now(),
    )


# -- personal access tokens ----------------------------------------------------------------

TOKEN_PREFIX = "fos_"
# A token used within this long is not written again: every API call would otherwise be a write.
TOKEN_TOUCH_EVERY = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(actor: Actor, *, name: str, read_only: bool = False) -> tuple[ApiToken, str]:
    """A new token for the acting member; the raw token is returned once and never stored.

    Any member may hold tokens for themselves: what a token can reach is what its member can.
    """
    name = _check_name(name, limit=60)
    if ApiToken.objects.filter(
        member_id=actor.member_id, name=name, revoked_at__isnull=True
    ).exists():
        raise Conflict(f"name: you already have a token named {name!r}", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member_id=actor.member_id,
        name=name,
        token_hash=token_hash(raw),
        prefix=raw[:12],
        # A viewer's or portal user's token can never write, whatever was asked for.
        read_only=read_only or not actor.can_write,
        created_at=clock.now(),
    )
    audit_record(actor, "token.created", "api_token", token.pk, {"name": name})
    return token, raw


@transaction.atomic
def token_revoke(actor: Actor, ident: str) -> ApiToken:
    """Revoke one of the acting member's tokens, by id or by name."""
    live = ApiToken.objects.filter(member_id=actor.member_id, revoked_at__isnull=True)
    text = (ident or "").strip().lstrip("#")
    token = live.filter(name=text).first()
    if token is None and text.isdigit() and len(text) < 19:
        token = live.filter(pk=int(text)).first()
    if token is None:
        raise NotFound(f"token: you have no live token {ident!r}", field="token")
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor, "token.revoked", "api_token", token.pk, {"name": token.name})
    return token


def token_authenticate(raw: str) -> ApiToken:
    """The live token matching ``raw`` (its member loaded), noting when it was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        raise PermissionDenied("the token is not valid")
    # Every API call runs this read: its SQL is compiled once (``practice/compiled.py``).
    token: ApiToken | None = first_with_related(
        "api-token",
        ApiToken,
        lambda: (
            ApiToken.objects.select_related("member")
            .filter(token_hash="")
            .filter(revoked_at__isnull=True)
            .order_by("pk")[:1]
        ),
        ("",),
        [token_hash(raw)],
        "member",
    )
    if token is None:
        raise PermissionDenied("the token is not valid or was revoked")
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
