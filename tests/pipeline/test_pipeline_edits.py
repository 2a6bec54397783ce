"""Editing an opportunity and a proof story; the value ceiling; pilot terms; listing selectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.core.errors import NotFound, PermissionDenied, ValidationFailed
from fracos.pipeline.selectors import (
    contacts_listed,
    pilot_terms,
    proposals_of,
    stories_with_proposals,
)
from fracos.pipeline.services import (
    ProposalOption,
    contact_add,
    opportunity_add,
    opportunity_attach_story,
    opportunity_detach_story,
    opportunity_move,
    opportunity_update,
    outreach_log,
    proposal_create,
    story_add,
    story_update,
)


@pytest.fixture
def opportunity(cast):
    return opportunity_add(
        cast.owner, title="Fractional CTO", organisation="Zeta", monthly_value=Decimal("8000")
    )


def test_an_opportunity_is_edited_but_keeps_its_stage(cast, opportunity):
    opportunity_update(
        cast.leader,
        opportunity.pk,
        title="CTO, 2 days",
        monthly_value=Decimal("8500.50"),
        probability=30,
        expected_start=date(2027, 1, 4),
        next_step="Call",
    )
    opportunity.refresh_from_db()
    assert opportunity.title == "CTO, 2 days" and opportunity.monthly_value_minor == 850050
    assert opportunity.probability == 30 and opportunity.stage == "identified"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"monthly_value": Decimal("-1")}, "monthly_value"),
        ({"monthly_value": Decimal("100000000.01")}, "monthly_value"),
        ({"probability": 101}, "probability"),
        ({"stage": "won"}, "stage"),
    ],
)
def test_a_bad_edit_names_its_field_and_changes_nothing(cast, opportunity, changes, field):
    with pytest.raises(ValidationFailed) as caught:
        opportunity_update(cast.owner, opportunity.pk, **changes)
    assert caught.value.field == field
    opportunity.refresh_from_db()
    assert opportunity.title == "Fractional CTO" and opportunity.monthly_value_minor == 800000


def test_a_won_opportunity_keeps_a_value(cast, opportunity):
    opportunity_move(cast.owner, opportunity.pk, "won")
    with pytest.raises(ValidationFailed):
        opportunity_update(cast.owner, opportunity.pk, monthly_value=Decimal(0))


def test_an_implausible_value_is_refused_when_adding_or_winning(cast, opportunity):
    with pytest.raises(ValidationFailed, match="implausibly large"):
        opportunity_add(cast.owner, title="X", organisation="Y", monthly_value=Decimal("1e300"))
    with pytest.raises(ValidationFailed, match="implausibly large"):
        opportunity_move(cast.owner, opportunity.pk, "won", monthly_value=Decimal("1e12"))


def test_viewers_and_outsiders_cannot_edit(cast, opportunity):
    with pytest.raises(PermissionDenied):
        opportunity_update(cast.viewer, opportunity.pk, title="x")
    with pytest.raises(NotFound):
        opportunity_update(cast.outsider, opportunity.pk, title="x")
    story = story_add(cast.owner, title="T", situation="S", actions="A", result="Cut 5 %")
    with pytest.raises(NotFound):
        story_update(cast.outsider, story.pk, title="x", situation="s", actions="a", result="r")
    with pytest.raises(PermissionDenied):
        opportunity_detach_story(cast.viewer, opportunity.pk, story.pk)


def test_a_story_is_rewritten_and_detached_from_an_opportunity(cast, opportunity):
    story = story_add(cast.owner, title="T", situation="S", actions="A", result="Cut 5 %")
    opportunity_attach_story(cast.owner, opportunity.pk, story.pk)
    story_update(cast.owner, story.pk, title="T2", situation="S2", actions="A2", result="Cut 6 %")
    story.refresh_from_db()
    assert (story.title, story.result) == ("T2", "Cut 6 %")
    opportunity_detach_story(cast.owner, opportunity.pk, story.pk)
    assert not opportunity.stories.exists()


def test_pilot_terms_are_the_monthly_equivalent_and_the_discount():
    # 6000 over 6 weeks = 1000 a week × 52/12 = 4333.33; (8000 − 4333.33) / 8000 = 45.83 %.
    assert pilot_terms(Decimal("6000"), 6, 800000, "EUR") == (
        Decimal("4333.33"),
        Decimal("45.83"),
    )
    assert pilot_terms(Decimal("6000"), 6, 0, "EUR") == (Decimal("4333.33"), None)


def test_stories_list_the_proposals_of_the_opportunities_that_use_them(cast, opportunity):
    story = story_add(cast.owner, title="T", situation="S", actions="A", result="Cut 5 %")
    unused = story_add(cast.owner, title="U", situation="S", actions="A", result="Cut 5 %")
    proposal = proposal_create(
        cast.owner,
        opportunity.pk,
        options=[ProposalOption("Retainer", "retainer", Decimal("8000"))],
        story_ids=(story.pk,),
    )
    assert stories_with_proposals(cast.owner) == [(story, [proposal]), (unused, [])]
    assert proposals_of(cast.owner, opportunity.pk) == [proposal]
    assert proposals_of(cast.outsider, opportunity.pk) == []


def test_the_contacts_list_filters_and_carries_the_last_conversation(cast):
    jan = contact_add(cast.owner, name="Jan", warmth="hot", fits_profile=True, top=True)
    contact_add(cast.owner, name="Ann", warmth="cold")
    outreach_log(cast.owner, jan.pk, summary="a", on=date(2026, 11, 2))
    outreach_log(cast.owner, jan.pk, summary="b", on=date(2026, 11, 9))
    listed = list(contacts_listed(cast.owner))
    assert [c.name for c in listed] == ["Jan", "Ann"]
    assert listed[0].last_on == date(2026, 11, 9) and listed[1].last_on is None
    assert [c.name for c in contacts_listed(cast.owner, warmth=1)] == ["Ann"]
    assert [c.name for c in contacts_listed(cast.owner, fit_only=True)] == ["Jan"]
    assert list(contacts_listed(cast.outsider)) == []
