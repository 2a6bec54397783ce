"""Proposals from positioning, proof and scope; the 90-day launch plan ticking itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from fracos.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from fracos.engagements.models import Engagement
from fracos.pipeline.documents import markdown_pdf, proposal_markdown, scope_markdown
from fracos.pipeline.launch import progress
from fracos.pipeline.selectors import opportunity_get
from fracos.pipeline.services import (
    ProposalOption,
    contact_add,
    feedback_record,
    launch_start,
    launch_tick,
    opportunity_add,
    positioning_save,
    proposal_accept,
    proposal_create,
    proposal_send,
    story_add,
    template_set,
)

RETAINER = ProposalOption("Monthly retainer", "retainer", Decimal("8000"))
PILOT = ProposalOption("Pilot", "pilot", Decimal("6000"), 6, "Team assessment")


def _proposal(cast, *options):
    positioning_save(
        cast.owner,
        who="B2B SaaS scale-ups of 20-150 people without a CTO",
        what="I build and lead the engineering team",
        different="Hired 40 engineers in Belgium in three years, two migrations",
        outcome="A senior team of 8 in 6 months",
    )
    story = story_add(
        cast.owner,
        title="Cloud bill",
        situation="Costs doubled",
        actions="Rightsized",
        result="Cut cloud costs by 38 %",
    )
    contact = contact_add(cast.owner, name="Sofie Claes", organisation="Zeta Robotics", role="CEO")
    opportunity = opportunity_add(
        cast.owner,
        title="Fractional CTO",
        contact_id=contact.pk,
        monthly_value=Decimal("8000"),
        stage="conversation",
    )
    return proposal_create(
        cast.owner,
        opportunity.pk,
        options=list(options or [RETAINER]),
        days_per_week=Decimal("2"),
        responsibilities="Architecture; hiring",
        exclusions="Hands-on coding",
        story_ids=(story.pk,),
    )


def test_a_proposal_gathers_positioning_proof_scope_and_pricing(cast):
    text = proposal_markdown(cast.owner, _proposal(cast, PILOT, RETAINER))
    assert "**For Zeta Robotics** — attention of Sofie Claes, CEO" in text
    assert "I build and lead the engineering team" in text
    assert "**Result:** Cut cloud costs by 38 %" in text
    assert "**Not included:** Hands-on coding" in text
    assert "**Time included:** 2 days a week" in text
    assert "1. **Pilot** — 6000 EUR for a 6-week pilot" in text
    assert "2. **Monthly retainer** — 8000 EUR a month" in text


def test_the_proposal_pdf_carries_the_same_text(cast):
    proposal = _proposal(cast)
    pdf = markdown_pdf(proposal_markdown(cast.owner, proposal, for_html=True), proposal.title)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Zeta Robotics" in text and "Cut cloud costs by 38 %" in text


def test_a_practice_template_replaces_the_default(cast):
    proposal = _proposal(cast)
    template_set(
        cast.owner, "proposal", "# {{ proposal.title }}\nFor {{ opportunity.organisation }}"
    )
    assert proposal_markdown(cast.owner, proposal) == (
        "# Fractional CTO for Zeta Robotics\nFor Zeta Robotics\n"
    )
    with pytest.raises(ValidationFailed, match="template"):
        template_set(cast.owner, "proposal", "{% if %}")
    with pytest.raises(PermissionDenied):
        template_set(cast.viewer, "proposal", "x")


def test_accepting_a_retainer_option_creates_the_engagement_with_its_scope(cast):
    proposal = _proposal(cast)
    proposal_send(cast.owner, proposal.pk)
    assert opportunity_get(cast.owner, proposal.opportunity_id).stage == "retainer_proposed"
    engagement = proposal_accept(cast.owner, proposal.pk, start=date(2026, 12, 1))
    assert (engagement.client.name, engagement.pricing_model, engagement.fee) == (
        "Zeta Robotics",
        "retainer",
        Decimal("8000.00"),
    )
    assert (engagement.exclusions, engagement.days_per_week) == ("Hands-on coding", Decimal("2"))
    opportunity = opportunity_get(cast.owner, proposal.opportunity_id)
    assert (opportunity.stage, opportunity.engagement_id) == ("won", engagement.pk)
    with pytest.raises(Conflict, match="already accepted"):
        proposal_accept(cast.owner, proposal.pk)


def test_accepting_a_pilot_option_starts_the_pilot(cast):
    proposal = _proposal(cast, PILOT, RETAINER)
    pilot = proposal_accept(cast.owner, proposal.pk, option=1, start=date(2026, 11, 23))
    assert (pilot.pricing_model, pilot.pilot_weeks, pilot.responsibilities) == (
        "pilot",
        6,
        "Architecture; hiring",
    )
    assert opportunity_get(cast.owner, proposal.opportunity_id).stage == "pilot_running"


def test_a_scope_of_work_is_rendered_for_an_engagement(cast):
    text = scope_markdown(cast.owner, cast.retainer)
    assert "# Scope of work: Fractional CTO" in text
    assert "8000.00 EUR a month, from 2026-01-01" in text
    assert "2 days a week; dedicated days: Mon, Tue" in text


def test_bad_proposals_are_refused(cast):
    opportunity = opportunity_add(cast.owner, title="CTO", organisation="Zeta")
    with pytest.raises(ValidationFailed, match="at least one pricing option"):
        proposal_create(cast.owner, opportunity.pk, options=[])
    with pytest.raises(ValidationFailed, match="weeks and its one deliverable"):
        proposal_create(
            cast.owner, opportunity.pk, options=[ProposalOption("Pilot", "pilot", Decimal("5000"))]
        )
    with pytest.raises(NotFound):
        proposal_create(cast.outsider, opportunity.pk, options=[RETAINER])


def test_the_launch_plan_ticks_items_from_the_data_and_by_hand(cast):
    launch_start(cast.owner, start=date(2026, 10, 1))
    before = {s.item.key: s.done for s in progress(cast.owner).items}
    assert not before["positioning"] and not before["feedback"] and not before["profile"]
    _proposal(cast)  # a passing positioning and one story
    launch_tick(cast.owner, "profile")
    feedback_record(
        cast.owner,
        cast.acme.pk,
        what_they_get="Clarity",
        wish_different="More",
        would_recommend="Yes",
    )
    after = {s.item.key: s for s in progress(cast.owner).items}
    assert after["positioning"].done and not after["positioning"].by_hand
    assert after["profile"].done and after["profile"].by_hand
    assert after["feedback"].done
    assert not after["proof"].done  # one story is not the 3 the playbook asks for
    with pytest.raises(Conflict):
        launch_start(cast.owner)
    with pytest.raises(ValidationFailed, match="is not one of"):
        launch_tick(cast.owner, "world-domination")
    assert progress(cast.outsider) is None
    assert Engagement.objects.filter(practice=cast.practice).count() == 2
