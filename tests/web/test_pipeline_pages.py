"""The pipeline board, moving cards (htmx, plain form, refused moves), and opportunity pages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from fracos.pipeline.models import Opportunity, StageChange
from tests.web.conftest import OWNER, VIEWER
from tests.web.pipeline_data import build

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(cast):
    return build(cast)


def _column(html: str, stage: str) -> str:
    """The HTML of one board column."""
    match = re.search(rf'<section class="column stage-{stage}".*?</section>', html, flags=re.DOTALL)
    assert match, stage
    return match.group(0)


def test_the_board_shows_each_stage_with_its_cards_and_weighted_totals_per_currency(world, login):
    html = login(OWNER).get("/pipeline/").content.decode()
    conversation = _column(html, "conversation")
    # Zeta 8000 EUR × 25 % and Hafen 5000 USD × 25 %: never summed across currencies.
    assert "Weighted 2000.00 EUR" in conversation
    assert "Weighted 1250.00 USD" in conversation
    assert "Zeta Robotics" in conversation and "Hafen Logistik" in conversation
    assert "8000.00 EUR" in conversation and "4 Jan 2027" in conversation
    assert "Send pilot outline" in conversation
    # Northwind 9000 × 75 %; Lumen 6000 × its own 50 %.
    assert "Weighted 6750.00 EUR" in _column(html, "retainer_proposed")
    contacted = _column(html, "contacted")
    assert "Weighted 3000.00 EUR" in contacted and "50 %" in contacted
    assert "Weighted 0" in _column(html, "won")
    for stage in ("identified", "pilot_proposed", "pilot_running", "lost"):
        assert f'data-stage="{stage}"' in html


def test_dragging_a_card_posts_its_form_and_the_board_comes_back_with_it_moved(world, login):
    browser = login(OWNER)
    response = browser.post(f"/pipeline/{world.zeta.pk}/move/", {"stage": "pilot_proposed"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="board"')
    assert f'id="opp-{world.zeta.pk}"' in _column(html, "pilot_proposed")
    # 8000 × 40 %: the pilot-proposed column's total follows the card.
    assert "Weighted 3200.00 EUR" in _column(html, "pilot_proposed")
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "pilot_proposed"
    assert StageChange.objects.filter(opportunity=world.zeta, to_stage="pilot_proposed").exists()


def test_the_move_to_form_without_javascript_redirects_to_the_board(world, login):
    response = login(OWNER).post(f"/pipeline/{world.lumen.pk}/move/", {"stage": "conversation"})
    assert response.status_code == 302 and response["Location"] == "/pipeline/"
    world.lumen.refresh_from_db()
    assert world.lumen.stage == "conversation"


def test_losing_without_a_reason_asks_for_one_on_the_card_and_writes_nothing(world, login):
    browser = login(OWNER)
    moves = StageChange.objects.count()
    response = browser.post(f"/pipeline/{world.zeta.pk}/move/", {"stage": "lost"}, **HTMX)
    assert response.status_code == 200
    card = _column(response.content.decode(), "conversation")
    assert "reason: required" in card
    assert f'id="reason-{world.zeta.pk}"' in card and "Why was it lost?" in card
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "conversation" and StageChange.objects.count() == moves
    browser.post(
        f"/pipeline/{world.zeta.pk}/move/",
        {"stage": "lost", "reason": "Hired a full-time CTO"},
        **HTMX,
    )
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "lost" and world.zeta.lost_reason == "Hired a full-time CTO"


def test_winning_without_a_value_asks_for_the_value_and_then_wins(world, login):
    browser = login(OWNER)
    response = browser.post(f"/pipeline/{world.empty.pk}/move/", {"stage": "won"})
    assert response.status_code == 422
    assert b"a won opportunity needs its monthly value" in response.content
    assert f'id="value-{world.empty.pk}"'.encode() in response.content
    world.empty.refresh_from_db()
    assert world.empty.stage == "identified"
    browser.post(f"/pipeline/{world.empty.pk}/move/", {"stage": "won", "monthly_value": "4500"})
    world.empty.refresh_from_db()
    assert world.empty.stage == "won" and world.empty.monthly_value_minor == 450000


def test_a_card_cannot_be_dropped_on_pilot_running_without_starting_a_pilot(world, login):
    response = login(OWNER).post(
        f"/pipeline/{world.zeta.pk}/move/", {"stage": "pilot_running"}, **HTMX
    )
    assert b"start the pilot" in response.content
    assert f'href="/pipeline/{world.zeta.pk}/pilot/"'.encode() in response.content
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "conversation"


def test_an_unknown_stage_is_refused_on_the_card(world, login):
    response = login(OWNER).post(f"/pipeline/{world.zeta.pk}/move/", {"stage": "bogus"}, **HTMX)
    assert b"is not one of identified" in response.content
    world.zeta.refresh_from_db()
    assert world.zeta.stage == "conversation"


def test_a_viewer_sees_the_board_without_drag_handles_or_move_forms(world, login):
    html = login(VIEWER).get("/pipeline/").content.decode()
    assert "Zeta Robotics" in html
    assert 'draggable="true"' not in html and "Move to" not in html


def test_closed_cards_are_not_draggable(world, login):
    browser = login(OWNER)
    browser.post(f"/pipeline/{world.zeta.pk}/move/", {"stage": "lost", "reason": "No budget"})
    html = browser.get("/pipeline/").content.decode()
    lost = _column(html, "lost")
    assert "No budget" in lost and 'draggable="true"' not in lost


def test_the_board_reads_a_bounded_number_of_queries_however_many_cards(
    world, login, django_assert_max_num_queries
):
    from fracos.pipeline.services import opportunity_add

    for i in range(40):
        opportunity_add(
            world.cast.owner,
            title=f"Role {i}",
            organisation=f"Org {i}",
            monthly_value=Decimal(1000 + i),
            stage=("identified", "contacted", "conversation")[i % 3],
        )
    browser = login(OWNER)
    with django_assert_max_num_queries(12):
        response = browser.get("/pipeline/")
    assert response.content.decode().count('class="opp-card') == 45


def test_a_new_opportunity_is_added_from_a_contact_and_shown(world, login):
    browser = login(OWNER)
    response = browser.post(
        "/pipeline/new/",
        {
            "title": "Head of Engineering",
            "contact": str(world.ann.pk),
            "monthly_value": "7,000",
            "stage": "conversation",
            "probability": "",
            "expected_start": "2027-02-01",
            "next_step": "Call back",
            "next_step_on": "2026-11-25",
        },
    )
    created = Opportunity.objects.get(title="Head of Engineering")
    assert response["Location"] == f"/pipeline/{created.pk}/"
    assert created.organisation == "Lumen Health" and created.monthly_value_minor == 700000
    page = browser.get(f"/pipeline/{created.pk}/").content.decode()
    # 7000 × the conversation stage's 25 %.
    assert "1750.00 EUR" in page and "Ann Smet" in page and "Call back" in page


def test_a_new_opportunity_with_bad_input_keeps_what_was_typed(world, login):
    response = login(OWNER).post(
        "/pipeline/new/", {"title": "", "organisation": "Acme", "monthly_value": "-3"}
    )
    assert response.status_code == 422
    assert b"value: negative" in response.content or b"title: required" in response.content
    assert b'value="Acme"' in response.content
    assert not Opportunity.objects.filter(organisation="Acme").exists()


def test_editing_an_opportunity_changes_its_facts_but_not_its_stage(world, login):
    browser = login(OWNER)
    form = browser.get(f"/pipeline/{world.zeta.pk}/edit/").content.decode()
    assert 'value="8000.00"' in form
    response = browser.post(
        f"/pipeline/{world.zeta.pk}/edit/",
        {
            "title": "Fractional CTO, 2 days",
            "organisation": "Zeta Robotics",
            "monthly_value": "8500",
            "probability": "30",
            "expected_start": "2027-01-11",
            "next_step": "Pilot call",
            "next_step_on": "2026-11-24",
        },
    )
    assert response.status_code == 302
    world.zeta.refresh_from_db()
    assert world.zeta.title == "Fractional CTO, 2 days" and world.zeta.probability == 30
    assert world.zeta.stage == "conversation"
    # 8500 × 30 %
    assert "2550.00 EUR" in browser.get(f"/pipeline/{world.zeta.pk}/").content.decode()


def test_the_detail_page_moves_and_shows_the_stage_history(world, login):
    browser = login(OWNER)
    refused = browser.post(f"/pipeline/{world.zeta.pk}/move/", {"stage": "lost", "from": "detail"})
    assert refused.status_code == 422 and b"reason: required" in refused.content
    browser.post(
        f"/pipeline/{world.zeta.pk}/move/", {"stage": "retainer_proposed", "from": "detail"}
    )
    page = browser.get(f"/pipeline/{world.zeta.pk}/").content.decode()
    assert "Conversation → Retainer proposed" in page


def test_proof_stories_are_attached_to_an_opportunity_and_detached(world, login):
    browser = login(OWNER)
    browser.post(f"/pipeline/{world.zeta.pk}/story/", {"story": str(world.story.pk)})
    assert list(world.zeta.stories.all()) == [world.story]
    browser.post(f"/pipeline/{world.zeta.pk}/story/", {"story": str(world.story.pk), "remove": "1"})
    assert list(world.zeta.stories.all()) == []
