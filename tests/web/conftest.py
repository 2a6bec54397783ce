"""Signed-in browsers for the cast, and helpers the web tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.cli.conftest import fracos, in_practice  # noqa: F401  (the CLI fixtures, for `fracos user`)

Login = Callable[[str], Client]

OWNER, LEADER, VIEWER, PORTAL, OUTSIDER = (
    "owner@example.com",
    "leader@example.com",
    "viewer@example.com",
    "portal@acme.example",
    "out@example.com",
)


@pytest.fixture
def login(cast: Any) -> Login:
    def sign_in(email: str) -> Client:
        browser = Client()
        assert browser.login(username=email, password=cast.passwords[email])
        return browser

    return sign_in


def counts() -> dict[str, int]:
    """How many rows each table a form could write holds: the 'nothing written' check."""
    from django.contrib.auth import get_user_model

    from fracos.billing.models import Invoice, InvoiceLine, Payment
    from fracos.clients.models import Client as ClientRow
    from fracos.clients.models import Contact
    from fracos.engagements.models import Engagement
    from fracos.pipeline import models as pipeline
    from fracos.practice.models import AuditEvent, Member, Practice
    from fracos.timesheets.models import TimeEntry, Timer

    return {
        model.__name__: model.objects.count()
        for model in (
            ClientRow,
            Contact,
            Engagement,
            TimeEntry,
            Timer,
            Member,
            AuditEvent,
            Practice,
            get_user_model(),
            pipeline.Positioning,
            pipeline.ProofStory,
            pipeline.NetworkContact,
            pipeline.Outreach,
            pipeline.Opportunity,
            pipeline.StageChange,
            pipeline.ThoughtLeadership,
            pipeline.Proposal,
            pipeline.LaunchPlan,
            pipeline.ClientFeedback,
            Invoice,
            InvoiceLine,
            Payment,
        )
    }


def snapshot() -> dict[str, Any]:
    """Counts plus the editable rows' contents, to prove a refused edit changed nothing."""
    from fracos.billing.models import Invoice, InvoiceLine
    from fracos.clients.models import Client as ClientRow
    from fracos.engagements.models import Engagement
    from fracos.pipeline.models import LaunchPlan, NetworkContact, Opportunity, ProofStory
    from fracos.practice.models import Practice
    from fracos.timesheets.models import TimeEntry

    return {
        "invoices": list(Invoice.objects.order_by("pk").values()),
        "lines": list(InvoiceLine.objects.order_by("pk").values()),
        "counts": counts(),
        "clients": list(ClientRow.objects.order_by("pk").values()),
        "engagements": list(Engagement.objects.order_by("pk").values()),
        "entries": list(TimeEntry.objects.order_by("pk").values()),
        "practices": list(Practice.objects.order_by("pk").values()),
        "opportunities": list(Opportunity.objects.order_by("pk").values()),
        "network": list(NetworkContact.objects.order_by("pk").values()),
        "stories": list(ProofStory.objects.order_by("pk").values()),
        "launch": list(LaunchPlan.objects.order_by("pk").values()),
    }
