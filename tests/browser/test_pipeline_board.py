"""In a real browser: the pipeline board. A card dragged to another column stays there after a
reload; the keyboard's "Move to" does the same; losing asks for a reason; no console errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PASSWORD, ROOT, Watch, shoot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sign_in(browser: Any, server: Any, watch: Watch, width: int = 1400) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch.attach(page)
    page.goto(server.url + "/login/")
    page.locator("#id_username").fill("lena@peeters.example")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def _card(page: Any, stage: str, organisation: str) -> Any:
    return page.locator(f"section.column[data-stage='{stage}'] li.opp-card").filter(
        has_text=organisation
    )


def test_a_leader_drags_a_card_and_moves_another_from_the_keyboard(server, browser):
    from playwright.sync_api import expect

    watch = Watch()
    page = _sign_in(browser, server, watch)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pipeline").click()
    expect(page.get_by_role("heading", name="Pipeline", exact=True)).to_be_visible()
    tulip = _card(page, "identified", "Tulip Learning")
    expect(tulip).to_have_count(1)
    shoot(page, "pipeline-board", ROOT / "docs" / "screenshots" / "pipeline-board.png")

    # Drag: Tulip Learning from Identified to Contacted (HTML5 drag and drop).
    tulip.drag_to(page.locator("section.column[data-stage='contacted']"))
    expect(_card(page, "contacted", "Tulip Learning")).to_have_count(1)
    expect(_card(page, "identified", "Tulip Learning")).to_have_count(0)
    page.reload()
    expect(_card(page, "contacted", "Tulip Learning")).to_have_count(1)

    # Keyboard: Lumen Health's "Move to" select, Tab to its button, Enter.
    lumen = _card(page, "contacted", "Lumen Health")
    select = lumen.get_by_label("Move to")
    select.focus()
    select.select_option("conversation")
    page.keyboard.press("Tab")
    expect(lumen.get_by_role("button", name="Move")).to_be_focused()
    page.keyboard.press("Enter")
    moved = _card(page, "conversation", "Lumen Health")
    expect(moved).to_have_count(1)
    # The keyboard stays with the card it moved.
    expect(moved.get_by_role("link", name="Technology due diligence")).to_be_focused()

    # Losing needs a reason: the card asks for it, nothing moves until it is given.
    zeta = _card(page, "conversation", "Zeta Robotics")
    zeta.get_by_label("Move to").select_option("lost")
    zeta.get_by_role("button", name="Move").click()
    expect(zeta.get_by_role("alert")).to_contain_text("reason: required")
    reason = zeta.get_by_label("Why was it lost?")
    expect(reason).to_be_focused()
    shoot(page, "pipeline-lost-reason")
    reason.fill("Chose a full-time hire")
    page.keyboard.press("Enter")
    expect(_card(page, "lost", "Zeta Robotics")).to_contain_text("Chose a full-time hire")

    page.reload()
    expect(_card(page, "conversation", "Lumen Health")).to_have_count(1)
    expect(_card(page, "lost", "Zeta Robotics")).to_have_count(1)
    expect(_card(page, "contacted", "Tulip Learning")).to_have_count(1)
    assert watch.problems == []


def test_the_board_stacks_on_a_phone_and_the_move_control_still_works(server, browser):
    from playwright.sync_api import expect

    watch = Watch()
    page = _sign_in(browser, server, watch, width=390)
    page.goto(server.url + "/pipeline/")
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    tulip = _card(page, "identified", "Tulip Learning")
    tulip.get_by_label("Move to").select_option("contacted")
    tulip.get_by_role("button", name="Move").click()
    expect(_card(page, "contacted", "Tulip Learning")).to_have_count(1)
    shoot(page, "pipeline-phone")
    assert watch.problems == []
