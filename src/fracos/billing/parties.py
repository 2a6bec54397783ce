"""Snapshots of the seller and buyer taken at issue, and the Party built from one."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fracos.billing.document import Party
from fracos.billing.identifiers import peppol_endpoint
from fracos.core.errors import ValidationFailed

PARTY_FIELDS = (
    "name",
    "legal_name",
    "street",
    "postcode",
    "city",
    "country",
    "vat_number",
    "enterprise_number",
    "peppol_id",
)


def seller_snapshot(practice: Any) -> dict[str, str]:
    snap = {key: str(getattr(practice, key) or "") for key in PARTY_FIELDS}
    snap.update(
        iban=practice.iban or "",
        bic=practice.bic or "",
        email=practice.email or "",
        phone=practice.phone or "",
        website=practice.website or "",
        locale=practice.locale or "en",
        # The logo it is issued with, by digest: a later logo never changes this invoice.
        logo=practice.logo_digest or "",
    )
    return snap


def buyer_snapshot(client: Any) -> dict[str, str]:
    snap = {key: str(getattr(client, key) or "") for key in PARTY_FIELDS}
    snap["email"] = client.billing_email or ""
    return snap


@lru_cache(maxsize=4096)
def _endpoint(
    country: str, vat: str | None, enterprise: str | None, peppol: str | None
) -> tuple[str, str] | None:
    # Pure and called for both parties of every document: month-end renders thousands.
    try:
        return peppol_endpoint(
            country=country, vat_number=vat, enterprise_number=enterprise, peppol_id=peppol
        )
    except ValidationFailed:
        return None  # reported when an e-invoice is asked for, not on every read


def party_from(snap: dict[str, str]) -> Party:
    endpoint = _endpoint(
        snap.get("country", ""),
        snap.get("vat_number") or None,
        snap.get("enterprise_number") or None,
        snap.get("peppol_id") or None,
    )
    return Party(
        name=snap.get("name", ""),
        legal_name=snap.get("legal_name", ""),
        street=snap.get("street", ""),
        postcode=snap.get("postcode", ""),
        city=snap.get("city", ""),
        country=snap.get("country", ""),
        vat_number=snap.get("vat_number") or None,
        company_id=snap.get("enterprise_number") or None,
        endpoint=endpoint,
        email=snap.get("email", ""),
    )
