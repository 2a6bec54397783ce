"""Positioning (statement, check, history), proof stories, thought leadership, the launch plan
and the dashboard's winning-clients panel."""

from __future__ import annotations

import pytest

from fracos.pipeline.models import LaunchPlan, Positioning, ProofStory, ThoughtLeadership
from tests.web.conftest import OWNER, VIEWER
from tests.web.pipeline_data import build

VAGUE = {
    "who": "Companies that need technology leadership",
    "what": "I help companies with technology strategy",
    "different": "Experienced and passionate",
    "outcome": "Better technology",
}


@pytest.fixture
def world(cast):
    return build(cast)


def test_the_positioning_page_shows_the_statement_and_every_rule_met(world, login):
    html = login(OWNER).get("/positioning/").content.decode()
    assert "Series A to B, that just raised and have no CTO yet" in html
    assert "The check: 8 of 8 rules met" in html


def test_a_vague_statement_is_saved_as_a_new_version_and_the_check_explains_it(world, login):
    browser = login(OWNER)
    response = browser.post("/positioning/edit/", VAGUE)
    assert response.status_code == 302
    assert Positioning.objects.count() == 2
    html = browser.get("/positioning/").content.decode()
    # Vague verbs (help), generic nouns (companies, technology strategy), no size, stage or
    # industry, clichés, no number: only the situation ("that need ...") is met.
    assert "The check: 1 of 8 rules met" in html
    assert "&#x27;what you do&#x27; uses vague verbs: help" in html
    assert "State the size you serve" in html
    assert "the outcome has no number or time frame" in html
    history = html.split('id="history-h"')[1]
    assert history.count("<tr><td>") == 2


def test_an_empty_part_is_refused_beside_its_field(world, login):
    response = login(OWNER).post("/positioning/edit/", {**VAGUE, "outcome": ""})
    assert response.status_code == 422
    assert b'id="id_outcome_error">outcome: required' in response.content
    assert b"Experienced and passionate" in response.content
    assert Positioning.objects.count() == 1


def test_the_proof_page_checks_each_story_and_counts_the_measurable_ones(world, login):
    html = login(OWNER).get("/proof/").content.decode()
    assert "2 stories, 1 with a measurable result" in html
    assert "✔ the result is measurable" in html
    assert "✗ the result has no number or concrete outcome" in html
    assert "Clients: logistics · Problems: cloud-costs" in html


def test_a_story_is_added_and_edited(world, login):
    browser = login(OWNER)
    response = browser.post(
        "/proof/new/",
        {
            "title": "Weekly releases",
            "situation": "Four releases a year.",
            "actions": "CI/CD and feature flags.",
            "result": "Weekly releases within 5 months.",
            "client_tags": "saas",
            "problem_tags": "delivery",
        },
    )
    assert response["Location"] == "/proof/"
    story = ProofStory.objects.get(title="Weekly releases")
    browser.post(
        f"/proof/{story.pk}/edit/",
        {
            "title": "Weekly releases",
            "situation": "Four releases a year.",
            "actions": "CI/CD.",
            "result": "Shipped weekly.",
        },
    )
    story.refresh_from_db()
    assert story.actions == "CI/CD." and story.result == "Shipped weekly." and not story.client_tags


def test_a_story_without_a_result_is_refused(world, login):
    response = login(OWNER).post(
        "/proof/new/", {"title": "T", "situation": "S", "actions": "A", "result": ""}
    )
    assert response.status_code == 422 and b"result: required" in response.content
    assert ProofStory.objects.count() == 2


def test_thought_leadership_is_due_until_one_is_recorded(world, login):
    browser = login(OWNER)
    assert "Due:" in browser.get("/thought/").content.decode()
    response = browser.post(
        "/thought/",
        {"kind": "article", "title": "Board metrics", "on": "2026-11-02", "url": "https://x.be/a"},
    )
    assert response["Location"] == "/thought/"
    html = browser.get("/thought/").content.decode()
    # 16 days ago, against a 30-day cadence.
    assert "Done:" in html and "the last was on 2 Nov 2026" in html
    refused = browser.post("/thought/", {"kind": "tweet", "title": "x"})
    assert (
        refused.status_code == 422 and b"kind: &#x27;tweet&#x27; is not one of" in refused.content
    )
    assert ThoughtLeadership.objects.count() == 1


def test_the_launch_plan_starts_ticks_itself_and_by_hand(world, login):
    browser = login(OWNER)
    assert b"Start the plan" in browser.get("/launch/").content
    response = browser.post("/launch/", {"start": "2026-11-02"})
    assert response["Location"] == "/launch/"
    html = browser.get("/launch/").content.decode()
    # Two items tick themselves: the positioning passes every rule, and the one top
    # contact (Jan) has a logged conversation. 2 of 11 is 18 %.
    assert "2 of 11 done (18 %)" in html
    assert html.count("ticked itself") == 2
    browser.post("/launch/tick/", {"item": "profile"})
    html = browser.get("/launch/").content.decode()
    assert "3 of 11 done (27 %)" in html and "ticked by hand" in html
    browser.post("/launch/tick/", {"item": "profile", "undo": "1"})
    assert "2 of 11 done (18 %)" in browser.get("/launch/").content.decode()
    again = browser.post("/launch/", {"start": "2026-11-02"})
    assert again.status_code == 422 and LaunchPlan.objects.count() == 1


def test_ticking_an_unknown_item_changes_nothing(world, login):
    browser = login(OWNER)
    browser.post("/launch/", {"start": "2026-11-02"})
    response = browser.post("/launch/tick/", {"item": "bogus"}, follow=True)
    assert b"is not one of positioning" in response.content
    assert LaunchPlan.objects.get().ticked == {}


def test_the_dashboard_shows_the_weighted_pipeline_the_due_steps_and_the_launch(world, login):
    browser = login(OWNER)
    html = browser.get("/").content.decode()
    # EUR: 2000 + 6750 + 3000 + 0 (identified, no value); USD 1250, kept apart.
    assert "<strong>11750.00 EUR</strong> · <strong>1250.00 USD</strong>" in html
    assert "Jan Peeters</a>: Send pilot outline (17 Nov)" in html
    assert "90-day launch plan" not in html
    browser.post("/launch/", {"start": "2026-11-02"})
    assert "2 of 11 done (18 %)" in browser.get("/").content.decode()


def test_the_navigation_has_pipeline_and_network_and_the_pipeline_pages_share_a_subnav(
    world, login
):
    html = login(VIEWER).get("/positioning/").content.decode()
    main = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/pipeline/" aria-current="page">Pipeline' in main
    assert 'href="/network/">Network' in main
    sub = html.split('aria-label="Winning clients"')[1].split("</nav>")[0]
    for label in ("Board", "Pilots", "Proposals", "Proof stories", "90-day launch"):
        assert label in sub
    assert 'aria-current="page">Positioning' in sub


def test_the_first_clients_feedback_ticks_the_last_item(world, login):
    from fracos.pipeline.models import ClientFeedback

    browser = login(OWNER)
    browser.post("/launch/", {"start": "2026-11-02"})
    refused = browser.post(
        "/launch/feedback/",
        {"client": str(world.cast.acme.pk), "what_they_get": "A roadmap", "wish_different": ""},
    )
    assert refused.status_code == 422 and b"wish_different: required" in refused.content
    assert b"A roadmap" in refused.content and not ClientFeedback.objects.exists()
    response = browser.post(
        "/launch/feedback/",
        {
            "client": str(world.cast.acme.pk),
            "what_they_get": "A roadmap the board trusts",
            "wish_different": "More time on hiring",
            "would_recommend": "Yes, already did",
        },
    )
    assert response["Location"] == "/launch/"
    # Positioning, outreach and now feedback tick themselves: 3 of 11 is 27 %.
    assert "3 of 11 done (27 %)" in browser.get("/launch/").content.decode()
