"""The warm network, opportunities through their stages, and pilots that convert."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from fracos.engagements.models import Engagement
from fracos.pipeline.models import NetworkContact, Opportunity, StageChange
from fracos.pipeline.selectors import (
    board,
    next_steps_due,
    opportunity_get,
    pilot_stats,
    weighted_pipeline,
)
from fracos.pipeline.services import (
    contact_add,
    contact_set_top,
    contacts_import,
    opportunity_add,
    opportunity_move,
    outreach_log,
    pilot_close,
    pilot_convert,
    pilot_start,
)
from fracos.practice.services import playbook_update

LINKEDIN = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Sofie,Claes,https://www.linkedin.com/in/x,sofie@zeta.example,Zeta Robotics,CEO,12 Mar 2024
Pieter,Janssens,https://www.linkedin.com/in/y,,Northwind Freight,COO,03 Jan 2025
"""


def test_a_linkedin_export_imports_after_its_notes(cast):
    report = contacts_import(cast.owner, LINKEDIN)
    assert (report.added, report.bad) == (2, [])
    sofie = NetworkContact.objects.get(email="sofie@zeta.example")
    assert (sofie.name, sofie.organisation, sofie.connected_on) == (
        "Sofie Claes",
        "Zeta Robotics",
        date(2024, 3, 12),
    )
    again = contacts_import(cast.owner, LINKEDIN)
    assert again.added == 1 and again.skipped_existing == 1  # the one without an email


def test_a_csv_with_bad_rows_imports_nothing_and_lists_every_bad_row(cast):
    bad = LINKEDIN + ",,x,,Nobody Inc,,\nAn,Other,x,not-an-email,Co,CTO,yesterday\n"
    dry = contacts_import(cast.owner, bad, dry_run=True)
    assert [(b.line, b.reason) for b in dry.bad] == [
        (7, "no first or last name"),
        (8, "'not-an-email' is not an email address"),
    ]
    real = contacts_import(cast.owner, bad)
    assert real.added == 0 and len(real.bad) == 2
    assert not NetworkContact.objects.exists()


def test_the_top_list_holds_the_playbooks_twenty(cast):
    playbook_update(cast.owner, {"warm_network_size": 2})
    first = contact_add(cast.owner, name="A", top=True)
    contact_add(cast.owner, name="B", top=True)
    third = contact_add(cast.owner, name="C")
    with pytest.raises(RuleViolation, match="holds 2 contacts"):
        contact_set_top(cast.owner, third.pk, top=True)
    contact_set_top(cast.owner, first.pk, top=False)
    assert contact_set_top(cast.owner, third.pk, top=True).top


def test_next_steps_that_are_due_are_listed(cast):
    contact = contact_add(cast.owner, name="Sofie Claes")
    outreach_log(
        cast.owner,
        contact.pk,
        summary="Coffee",
        on=date(2026, 11, 10),
        next_step="Send outline",
        next_step_on=date(2026, 11, 17),
    )
    assert [o.next_step for o in next_steps_due(cast.owner, date(2026, 11, 18))] == ["Send outline"]
    assert next_steps_due(cast.owner, date(2026, 11, 16)) == []
    with pytest.raises(ValidationFailed, match="in the future"):
        outreach_log(cast.owner, contact.pk, summary="Later", on=date(2026, 12, 1))


def test_weighted_value_uses_the_stage_probability_per_currency(cast):
    opportunity_add(
        cast.owner,
        title="CTO",
        organisation="Zeta",
        monthly_value=Decimal("8000"),
        stage="conversation",
    )
    opportunity_add(
        cast.owner,
        title="CTO",
        organisation="Gotham",
        monthly_value=Decimal("10000"),
        currency="USD",
        stage="retainer_proposed",
    )
    assert weighted_pipeline(cast.owner) == {"EUR": Decimal("2000.00"), "USD": Decimal("7500.00")}
    column = next(c for c in board(cast.owner) if c.stage == "conversation")
    assert column.weighted == {"EUR": Decimal("2000.00")}


def test_won_needs_a_value_and_lost_a_reason_and_closed_stays_closed(cast):
    opportunity = opportunity_add(cast.owner, title="CTO", organisation="Zeta")
    with pytest.raises(ValidationFailed, match="needs its monthly value"):
        opportunity_move(cast.owner, opportunity.pk, "won")
    with pytest.raises(ValidationFailed, match="reason: required"):
        opportunity_move(cast.owner, opportunity.pk, "lost")
    opportunity_move(cast.owner, opportunity.pk, "won", monthly_value=Decimal("8000"))
    with pytest.raises(RuleViolation, match="already won"):
        opportunity_move(cast.owner, opportunity.pk, "conversation")
    assert [m.to_stage for m in StageChange.objects.filter(opportunity=opportunity)] == [
        "identified",
        "won",
    ]


def test_a_pilot_starts_below_the_retainer_and_converts_once(cast):
    opportunity = opportunity_add(
        cast.owner,
        title="Fractional CTO",
        organisation="Zeta Robotics",
        monthly_value=Decimal("8000"),
        stage="pilot_proposed",
    )
    offer = pilot_start(
        cast.owner,
        opportunity.pk,
        fee=Decimal("6000"),
        weeks=6,
        deliverable="Team assessment",
        start=date(2026, 11, 2),
    )
    # 6000 over 6 weeks is 1000 a week, 4333.33 a month: 45.83 % below 8000.
    assert offer.monthly_equivalent == Decimal("4333.33")
    assert offer.discount_pct == Decimal("45.83")
    pilot = offer.engagement
    assert (pilot.client.name, pilot.end_date) == ("Zeta Robotics", date(2026, 12, 13))
    assert opportunity_get(cast.owner, opportunity.pk).stage == "pilot_running"
    with pytest.raises(RuleViolation, match="convert it with"):
        opportunity_move(cast.owner, opportunity.pk, "won", monthly_value=Decimal("8000"))
    retainer = pilot_convert(cast.owner, pilot.pk, fee=Decimal("8000"), days_per_week=Decimal("2"))
    assert (retainer.pricing_model, retainer.client_id, retainer.start_date) == (
        "retainer",
        pilot.client_id,
        date(2026, 12, 14),
    )
    pilot.refresh_from_db()
    assert pilot.converts_to_id == retainer.pk
    won = opportunity_get(cast.owner, opportunity.pk)
    assert (won.stage, won.engagement_id) == ("won", retainer.pk)
    with pytest.raises(Conflict, match="already converted"):
        pilot_convert(cast.owner, pilot.pk, fee=Decimal("8000"))
    stats = pilot_stats(cast.owner)
    assert (stats.converted, stats.conversion_rate, stats.average_days_to_convert) == (
        1,
        Decimal(100),
        Decimal(42),
    )


def test_a_pilot_that_does_not_convert_closes_with_a_reason(cast):
    opportunity = opportunity_add(
        cast.owner, title="CTO", organisation="Zeta", monthly_value=Decimal("8000")
    )
    pilot = pilot_start(
        cast.owner,
        opportunity.pk,
        fee=Decimal("5000"),
        weeks=5,
        deliverable="Audit",
        start=date(2026, 10, 1),
    ).engagement
    pilot_close(cast.owner, pilot.pk, reason="Budget frozen")
    pilot.refresh_from_db()
    assert pilot.status == "ended" and pilot.ended_reason == "Not converted: Budget frozen"
    assert opportunity_get(cast.owner, opportunity.pk).lost_reason == "Budget frozen"
    with pytest.raises(RuleViolation, match="closed without converting"):
        pilot_convert(cast.owner, pilot.pk, fee=Decimal("8000"))
    assert pilot_stats(cast.owner).conversion_rate == Decimal(0)


def test_pilot_warnings_explain_the_playbook(cast):
    opportunity = opportunity_add(
        cast.owner, title="CTO", organisation="Zeta", monthly_value=Decimal("3000")
    )
    offer = pilot_start(
        cast.owner, opportunity.pk, fee=Decimal("9000"), weeks=10, deliverable="Audit"
    )
    assert any("below the eventual retainer" in w for w in offer.warnings)
    assert any("Pilots run 4–8 weeks" in w for w in offer.warnings)


def test_a_viewer_and_an_outsider_are_refused(cast):
    opportunity = opportunity_add(cast.owner, title="CTO", organisation="Zeta")
    with pytest.raises(PermissionDenied):
        opportunity_add(cast.viewer, title="CTO", organisation="Zeta")
    with pytest.raises(PermissionDenied):
        contacts_import(cast.viewer, LINKEDIN)
    with pytest.raises(NotFound):
        opportunity_move(cast.outsider, opportunity.pk, "contacted")
    with pytest.raises(PermissionDenied):
        board(cast.portal)
    assert weighted_pipeline(cast.outsider) == {}
    assert Opportunity.objects.count() == 1
    assert not Engagement.objects.filter(pricing_model="pilot").exists()
