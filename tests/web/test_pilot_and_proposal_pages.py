"""Pilots (start with the discount shown, convert, close, stats) and proposals (Markdown, PDF, accept)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.engagements.models import Engagement
from fracos.pipeline.models import Proposal
from tests.web.conftest import OWNER, VIEWER
from tests.web.pipeline_data import build


@pytest.fixture
def world(cast):
    return build(cast)


def _start_pilot(browser, world, **extra):
    return browser.post(
        f"/pipeline/{world.zeta.pk}/pilot/",
        {"fee": "6000", "weeks": "6", "deliverable": "Team assessment", **extra},
    )


def test_the_pilot_form_previews_the_monthly_equivalent_and_the_discount(world, login):
    response = login(OWNER).get(
        f"/pipeline/{world.zeta.pk}/pilot/?fee=6000&weeks=6", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    # 6000 / 6 weeks × 52/12 = 4333.33 a month; (8000 − 4333.33) / 8000 = 45.83 % below.
    assert html.startswith('<p id="pilot-terms"')
    assert "4333.33 EUR a month" in html and "45.83 % below" in html
    assert "8000.00 EUR" in html


def test_starting_a_pilot_makes_an_engagement_and_shows_the_discount(world, login):
    browser = login(OWNER)
    response = _start_pilot(browser, world)
    assert response["Location"] == f"/pipeline/{world.zeta.pk}/"
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "pilot_running"
    pilot = world.zeta.pilot_engagement
    assert pilot.pricing_model == "pilot" and pilot.end_date == date(2026, 12, 29)
    page = browser.get(response["Location"]).content.decode()
    assert "Pilot started: ≈ 4333.33 EUR a month, 45.83 % below the retainer" in page
    assert "45.83 % below" in page and "Convert into a retainer" in page


def test_a_pilot_without_a_deliverable_is_refused_and_nothing_is_created(world, login):
    before = Engagement.objects.count()
    response = login(OWNER).post(
        f"/pipeline/{world.zeta.pk}/pilot/", {"fee": "6000", "weeks": "6", "deliverable": ""}
    )
    assert response.status_code == 422 and b"deliverable: required" in response.content
    assert b'value="6000"' in response.content
    assert Engagement.objects.count() == before


def test_converting_a_pilot_creates_the_retainer_and_wins_the_opportunity(world, login):
    browser = login(OWNER)
    _start_pilot(browser, world)
    world.zeta.refresh_from_db()
    pilot = world.zeta.pilot_engagement
    response = browser.post(
        f"/pipeline/pilots/{pilot.pk}/convert/", {"retainer": "8000", "days_per_week": "2"}
    )
    pilot.refresh_from_db()
    retainer = pilot.converts_to
    assert response["Location"] == f"/engagements/{retainer.pk}/"
    assert retainer.pricing_model == "retainer" and retainer.start_date == date(2026, 12, 30)
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "won"
    again = browser.post(f"/pipeline/pilots/{pilot.pk}/convert/", {"retainer": "8000"})
    assert again.status_code == 422 and b"was already converted" in again.content
    stats = browser.get("/pipeline/pilots/").content.decode()
    # One pilot, converted: 100 %; from 18 Nov to the retainer's 30 Dec is 42 days.
    assert "100 %" in stats and "42 days" in stats and "Converted" in stats


def test_closing_a_pilot_loses_the_opportunity_and_halves_the_conversion_rate(world, login):
    from fracos.pipeline.services import pilot_convert, pilot_start

    browser = login(OWNER)
    converted = pilot_start(
        world.cast.owner, world.northwind.pk, fee=Decimal("5000"), weeks=4, deliverable="Audit"
    )
    pilot_convert(world.cast.owner, converted.engagement.pk, fee=Decimal("9000"))
    _start_pilot(browser, world)
    world.zeta.refresh_from_db()
    pilot = world.zeta.pilot_engagement
    refused = browser.post(f"/pipeline/pilots/{pilot.pk}/close/", {"reason": ""})
    assert refused.status_code == 422 and b"reason: required" in refused.content
    browser.post(f"/pipeline/pilots/{pilot.pk}/close/", {"reason": "Budget frozen"})
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "lost" and world.zeta.lost_reason == "Budget frozen"
    stats = browser.get("/pipeline/pilots/").content.decode()
    assert "50 %" in stats and "Not converted: Budget frozen" in stats


def test_a_proposal_is_written_with_chosen_stories_and_downloads_as_markdown_and_pdf(world, login):
    browser = login(OWNER)
    response = browser.post(
        f"/pipeline/{world.zeta.pk}/proposals/new/",
        {
            "retainer": "8000",
            "pilot_fee": "6000",
            "pilot_weeks": "6",
            "pilot_deliverable": "Team assessment",
            "days_per_week": "2",
            "responsibilities": "Engineering team and roadmap",
            "exclusions": "Hands-on coding",
            "stories": [str(world.story.pk)],
        },
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/pipeline/proposals/{proposal.pk}/"
    assert len(proposal.options) == 2 and list(world.zeta.stories.all()) == [world.story]
    page = browser.get(response["Location"]).content.decode()
    assert "Cloud bill under control" in page and "Engineering team and roadmap" in page
    markdown = browser.get(f"/pipeline/proposals/{proposal.pk}/proposal.md")
    assert markdown["Content-Disposition"] == f'attachment; filename="proposal-{proposal.pk}.md"'
    text = markdown.content.decode()
    assert "8000 EUR a month" in text and "6000 EUR for a 6-week pilot" in text
    pdf = browser.get(f"/pipeline/proposals/{proposal.pk}/proposal.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    proof = browser.get("/proof/").content.decode()
    assert proposal.title in proof  # the story lists the proposal that used it


def test_a_proposal_without_any_pricing_option_is_refused(world, login):
    response = login(OWNER).post(
        f"/pipeline/{world.zeta.pk}/proposals/new/", {"responsibilities": "All"}
    )
    assert response.status_code == 422 and b"at least one pricing option" in response.content
    assert not Proposal.objects.exists()


def test_accepting_a_proposal_creates_the_engagement_with_its_scope(world, login):
    from fracos.pipeline.services import ProposalOption, proposal_create

    proposal = proposal_create(
        world.cast.owner,
        world.northwind.pk,
        options=[ProposalOption("Monthly retainer", "retainer", Decimal("9000"))],
        days_per_week=Decimal("2"),
        responsibilities="Run engineering",
    )
    browser = login(OWNER)
    sent = browser.post(f"/pipeline/proposals/{proposal.pk}/send/")
    assert sent.status_code == 302
    response = browser.post(
        f"/pipeline/proposals/{proposal.pk}/accept/", {"option": "1", "start": "2027-01-04"}
    )
    engagement = Engagement.objects.get(responsibilities="Run engineering")
    assert response["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.fee_minor == 900000 and engagement.start_date == date(2027, 1, 4)
    world.northwind.refresh_from_db()
    assert world.northwind.stage == "won"
    again = browser.post(f"/pipeline/proposals/{proposal.pk}/accept/", {"option": "1"})
    assert again.status_code == 422 and b"was already accepted" in again.content
    page = browser.get(f"/engagements/{engagement.pk}/").content.decode()
    assert f"/engagements/{engagement.pk}/scope.pdf" in page
    scope = browser.get(f"/engagements/{engagement.pk}/scope.md").content.decode()
    assert "Run engineering" in scope
    assert browser.get(f"/engagements/{engagement.pk}/scope.pdf").content.startswith(b"%PDF")


def test_accepting_an_option_that_does_not_exist_is_refused(world, login):
    from fracos.pipeline.services import ProposalOption, proposal_create

    proposal = proposal_create(
        world.cast.owner,
        world.northwind.pk,
        options=[ProposalOption("Monthly retainer", "retainer", Decimal("9000"))],
    )
    before = Engagement.objects.count()
    response = login(OWNER).post(f"/pipeline/proposals/{proposal.pk}/accept/", {"option": "3"})
    assert response.status_code == 422 and b"choose 1" in response.content
    assert Engagement.objects.count() == before


def test_a_viewer_reads_a_proposal_but_gets_no_accept_form(world, login):
    from fracos.pipeline.services import ProposalOption, proposal_create

    proposal = proposal_create(
        world.cast.owner,
        world.northwind.pk,
        options=[ProposalOption("Monthly retainer", "retainer", Decimal("9000"))],
    )
    page = login(VIEWER).get(f"/pipeline/proposals/{proposal.pk}/").content.decode()
    assert "9000 EUR a month" in page and "Accept and create" not in page
