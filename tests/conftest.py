"""The shared cast: an owner, a leader, a viewer, a portal user and an outsider practice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from fracos.core import clock
from fracos.core.access import Actor

# A fixed "today": Wednesday 18 November 2026, 10:00 in Brussels.
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    # Real hashing costs ~0.3 s a password; the cast has six.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Cached figures are keyed by the data version, which restarts with every test database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[datetime]:
    with clock.freeze(NOW):
        yield NOW


@dataclass
class Cast:
    practice: Any
    owner: Actor
    leader: Actor
    viewer: Actor
    portal: Actor
    outsider: Actor
    acme: Any
    brightwave: Any
    retainer: Any
    day_rate: Any
    foreign_client: Any
    passwords: dict[str, str]


@pytest.fixture
def cast(db: None) -> Cast:
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add
    from fracos.practice.selectors import actor_for_member
    from fracos.practice.services import member_add, practice_create

    practice, owner_member = practice_create(
        name="Peeters Tech Leadership",
        owner_email="owner@example.com",
        owner_password="owner-pass-123",
    )
    owner = actor_for_member(owner_member)
    acme = client_add(owner, name="Acme Logistics", country="BE", vat_number="BE0765432146")
    brightwave = client_add(owner, name="Brightwave Health", country="NL")
    retainer = engagement_add(
        owner,
        client_id=acme.pk,
        role_title="Fractional CTO",
        pricing_model="retainer",
        fee=Decimal("8000"),
        days_per_week=Decimal("2"),
        dedicated_days=("mon", "tue"),
        start_date=date(2026, 1, 1),
    )
    day_rate = engagement_add(
        owner,
        client_id=brightwave.pk,
        role_title="Fractional CTO",
        pricing_model="day_rate",
        day_rate=Decimal("1200"),
        hours_per_week=Decimal("8"),
        dedicated_days=("thu",),
        start_date=date(2026, 5, 1),
    )
    leader = actor_for_member(
        member_add(owner, email="leader@example.com", role="leader", password="leader-pass-123")
    )
    viewer = actor_for_member(
        member_add(owner, email="viewer@example.com", role="viewer", password="viewer-pass-123")
    )
    portal = actor_for_member(
        member_add(
            owner,
            email="portal@acme.example",
            role="portal",
            password="portal-pass-123",
            client_id=acme.pk,
        )
    )
    _other, other_owner = practice_create(
        name="Other Practice", owner_email="out@example.com", owner_password="out-pass-123"
    )
    outsider = actor_for_member(other_owner)
    foreign = client_add(outsider, name="Foreign Client")
    return Cast(
        practice,
        owner,
        leader,
        viewer,
        portal,
        outsider,
        acme,
        brightwave,
        retainer,
        day_rate,
        foreign,
        {
            "owner@example.com": "owner-pass-123",
            "leader@example.com": "leader-pass-123",
            "viewer@example.com": "viewer-pass-123",
            "portal@acme.example": "portal-pass-123",
            "out@example.com": "out-pass-123",
        },
    )
