"""The five pricing models, the scope of work, and who may change them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from fracos.engagements.selectors import engagement_get, engagement_list
from fracos.engagements.services import (
    MilestoneSpec,
    engagement_add,
    engagement_end,
    engagement_update,
)


def _add(actor, client, **values):
    values.setdefault("role_title", "Fractional CTO")
    values.setdefault("start_date", date(2026, 11, 1))
    return engagement_add(actor, client_id=client.pk, **values)


def test_a_retainer_stores_its_fee_in_minor_units(cast):
    assert cast.retainer.fee_minor == 800000
    assert cast.retainer.fee == Decimal("8000.00")
    assert cast.retainer.weekdays == ("mon", "tue")
    assert cast.retainer.currency == "EUR"


def test_a_pilot_ends_after_its_weeks(cast):
    pilot = _add(
        cast.owner,
        cast.acme,
        pricing_model="pilot",
        fee=Decimal("6000"),
        pilot_weeks=6,
        pilot_deliverable="Team assessment",
    )
    assert pilot.end_date == date(2026, 12, 12)
    assert pilot.pilot_deliverable == "Team assessment"


def test_an_equity_engagement_records_its_stake(cast):
    equity = _add(
        cast.owner,
        cast.acme,
        pricing_model="equity",
        fee=Decimal("4000"),
        equity_percent="0.5",
        vesting_months=48,
        cliff_months=12,
    )
    assert (equity.equity_percent, equity.vesting_months, equity.cliff_months) == (
        Decimal("0.5"),
        48,
        12,
    )


def test_a_project_fee_is_split_into_milestones_that_add_up(cast):
    project = _add(
        cast.owner,
        cast.acme,
        pricing_model="project",
        fee=Decimal("15000"),
        milestones=[
            MilestoneSpec("Assessment", Decimal("5000")),
            MilestoneSpec("Roadmap", Decimal("10000")),
        ],
    )
    assert [m.amount_minor for m in project.milestones.all()] == [500000, 1000000]
    with pytest.raises(ValidationFailed, match="add up to 9000"):
        _add(
            cast.owner,
            cast.acme,
            pricing_model="project",
            fee=Decimal("15000"),
            milestones=[MilestoneSpec("Only", Decimal("9000"))],
        )


def test_the_client_currency_is_the_default(cast):
    from fracos.clients.services import client_add

    us = client_add(cast.owner, name="Gotham Analytics", country="US", currency="USD")
    engagement = _add(cast.owner, us, pricing_model="day_rate", day_rate=Decimal("1500"))
    assert engagement.currency == "USD" and engagement.day_rate_minor == 150000


def test_ending_an_engagement_twice_is_refused(cast):
    engagement_end(cast.owner, cast.retainer.pk, on=date(2026, 11, 30), reason="Renewal declined")
    with pytest.raises(RuleViolation, match="already ended"):
        engagement_end(cast.owner, cast.retainer.pk)


def test_the_scope_of_work_can_be_edited(cast):
    updated = engagement_update(
        cast.owner,
        cast.retainer.pk,
        responsibilities="Architecture; hiring",
        exclusions="Coding",
        overage_policy="bill",
        overage_rate=Decimal("150"),
    )
    assert updated.overage_rate_minor == 15000
    assert updated.exclusions == "Coding"
    with pytest.raises(ValidationFailed, match="overage rate"):
        engagement_update(cast.owner, cast.retainer.pk, overage_rate=Decimal("0"))


def test_a_viewer_cannot_change_engagements(cast):
    with pytest.raises(PermissionDenied):
        engagement_end(cast.viewer, cast.retainer.pk)
    with pytest.raises(PermissionDenied):
        _add(cast.viewer, cast.acme, pricing_model="day_rate", day_rate=Decimal("1000"))


def test_an_outsider_cannot_see_or_touch_another_practices_engagements(cast):
    with pytest.raises(NotFound):
        engagement_get(cast.outsider, cast.retainer.pk)
    with pytest.raises(NotFound):
        engagement_end(cast.outsider, cast.retainer.pk)
    with pytest.raises(NotFound):
        _add(cast.outsider, cast.acme, pricing_model="day_rate", day_rate=Decimal("1000"))
    assert engagement_list(cast.outsider) == []


def test_a_portal_user_sees_only_their_clients_engagements(cast):
    assert [e.pk for e in engagement_list(cast.portal)] == [cast.retainer.pk]
    with pytest.raises(NotFound):
        engagement_get(cast.portal, cast.day_rate.pk)


@pytest.mark.parametrize("model", ["pilot", "retainer"])
def test_a_start_at_the_end_of_the_calendar_is_refused_by_field_not_overflowed(cast, model):
    from fracos.engagements.models import Engagement

    before = Engagement.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        engagement_add(
            cast.owner,
            client_id=cast.acme.pk,
            role_title="CTO",
            pricing_model=model,
            fee=Decimal("6000"),
            pilot_weeks=6,
            start_date=date(9999, 12, 31),
        )
    assert refused.value.field == "start_date"
    assert "9999-12-31 is too far ahead (latest 2999-12-31)" in refused.value.message
    assert Engagement.objects.count() == before
