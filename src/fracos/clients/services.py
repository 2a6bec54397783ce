"""Every write to clients and their contacts."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from fracos.clients.choices import ClientStatus, CompanySize, CompanyStage
from fracos.clients.models import Client, Contact
from fracos.clients.selectors import client_get
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import Conflict, ValidationFailed
from fracos.core.text import check_line, check_text
from fracos.practice.models import Practice
from fracos.practice.services import audit_record, clean_identity

CLIENT_FIELDS = {
    "name",
    "legal_name",
    "size",
    "stage",
    "industry",
    "revenue_band",
    "country",
    "currency",
    "vat_number",
    "enterprise_number",
    "peppol_id",
    "street",
    "postcode",
    "city",
    "billing_email",
    "payment_terms_days",
    "notes",
}


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - CLIENT_FIELDS
    if unknown:
        raise ValidationFailed(f"unknown client field(s): {', '.join(sorted(unknown))}")
    identity = {
        k: v
        for k, v in changes.items()
        if k
        in {
            "name",
            "legal_name",
            "country",
            "currency",
            "vat_number",
            "enterprise_number",
            "peppol_id",
            "street",
            "postcode",
            "city",
        }
    }
    cleaned = clean_identity(identity)
    if "size" in changes and changes["size"] not in (None, *CompanySize.values):
        raise ValidationFailed(
            f"size: {changes['size']!r} is not one of {', '.join(v for v in CompanySize.values if v)}",
            field="size",
        )
    if "stage" in changes and changes["stage"] not in (None, *CompanyStage.values):
        raise ValidationFailed(
            f"stage: {changes['stage']!r} is not one of "
            f"{', '.join(v for v in CompanyStage.values if v)}",
            field="stage",
        )
    for key in ("size", "stage", "industry", "revenue_band", "notes"):
        if key in changes:
            value = str(changes[key] or "").strip()
            check = check_text if key == "notes" else check_line
            check(value, field=key)
            if key != "notes" and len(value) > 100:
                raise ValidationFailed(f"{key}: longer than 100 characters", field=key)
            cleaned[key] = value
    if "billing_email" in changes:
        email = check_line(str(changes["billing_email"] or "").strip(), field="billing_email")
        if email and ("@" not in email or len(email) > 200):
            raise ValidationFailed(
                f"billing_email: {email!r} is not an email address", field="billing_email"
            )
        cleaned["billing_email"] = email
    if "payment_terms_days" in changes:
        raw = changes["payment_terms_days"]
        if raw in (None, ""):
            cleaned["payment_terms_days"] = None
        else:
            try:
                days = int(raw)
            except (TypeError, ValueError):
                days = -1
            if not 0 <= days <= 365:
                raise ValidationFailed(
                    "payment_terms_days: must be 0–365 days", field="payment_terms_days"
                )
            cleaned["payment_terms_days"] = days
    return cleaned


@transaction.atomic
def client_add(actor: Actor, **fields: Any) -> Client:
    actor.require_write()
    practice = Practice.objects.get(pk=actor.practice_id)
    fields.setdefault("country", practice.country)
    fields.setdefault("currency", practice.currency)
    cleaned = _clean(fields)
    if "name" not in cleaned:
        raise ValidationFailed("name: required", field="name")
    _check_unique_name(actor, cleaned["name"])
    try:
        with transaction.atomic():
            client = Client.objects.create(
                practice_id=actor.practice_id, created_at=clock.now(), **cleaned
            )
    except IntegrityError:
        raise Conflict(f"name: a client named {cleaned['name']!r} exists", field="name") from None
    audit_record(actor, "client.created", "client", client.pk, {"name": client.name})
    return client


def _check_unique_name(actor: Actor, name: str, exclude: int | None = None) -> None:
    clash = Client.objects.filter(practice_id=actor.practice_id, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise Conflict(f"name: a client named {name!r} exists already", field="name")


@transaction.atomic
def client_update(actor: Actor, client_id: int, **changes: Any) -> Client:
    actor.require_write()
    client = client_get(actor, client_id)
    cleaned = _clean(changes)
    if "name" in cleaned:
        _check_unique_name(actor, cleaned["name"], exclude=client.pk)
    for key, value in cleaned.items():
        setattr(client, key, value)
    client.save(update_fields=list(cleaned) or None)
    audit_record(actor, "client.updated", "client", client.pk, {"fields": sorted(cleaned)})
    return client


@transaction.atomic
def client_archive(actor: Actor, client_id: int) -> Client:
    actor.require_write()
    client = client_get(actor, client_id)
    client.status = ClientStatus.ARCHIVED
    client.save(update_fields=["status"])
    audit_record(actor, "client.archived", "client", client.pk)
    return client


@transaction.atomic
def contact_add(
    actor: Actor,
    client_id: int,
    *,
    name: str,
    email: str = "",
    role: str = "",
    phone: str = "",
    is_billing: bool = False,
) -> Contact:
    actor.require_write()
    client = client_get(actor, client_id)
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed("name: required, at most 200 characters", field="name")
    # A billing contact's name and email reach invoices and their e-mails.
    for key, value in (("name", name), ("email", email), ("role", role), ("phone", phone)):
        check_line(value or "", field=key)
    if email and "@" not in email:
        raise ValidationFailed(f"email: {email!r} is not an email address", field="email")
    return Contact.objects.create(
        practice_id=actor.practice_id,
        client=client,
        name=name,
        email=email.strip(),
        role=role.strip()[:100],
        phone=phone.strip()[:40],
        is_billing=is_billing,
        created_at=clock.now(),
    )
