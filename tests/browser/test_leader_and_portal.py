"""In a real browser: a leader signs in, adds a client and a retainer, logs time two ways,
invoices the month and records a payment; portal users see their own engagement and
invoice and nothing of another client's."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PASSWORD, ROOT, Watch, shoot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sign_in(browser: Any, server: Any, email: str, watch: Watch, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch.attach(page)
    page.goto(server.url + "/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def _pdf_text(path: Any) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _invoice_the_month(page: Any, server: Any, client_id: str) -> tuple[str, str]:
    """Draft Echo's November, add an expense inline, issue it, download the PDF, record a
    payment; returns the invoice's id and number."""
    from playwright.sync_api import expect

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Invoices").click()
    expect(page.get_by_role("heading", name="Invoices", exact=True)).to_be_visible()
    shoot(page, "invoices")
    page.get_by_role("link", name="Draft an invoice").click()
    page.locator("#id_client").select_option(client_id)
    page.locator("#id_period").fill("2026-11")
    shoot(page, "invoice-new")
    page.get_by_role("button", name="Draft the invoice").click()
    expect(
        page.get_by_role("cell", name=re.compile("^Fractional CTO — monthly retainer, November"))
    ).to_be_visible()
    invoice_id = re.search(r"/invoices/(\d+)/", page.url).group(1)  # type: ignore[union-attr]
    # The retainer began on 2 November: 5,000.00 × 29/30 = 4,833.33, at 21 % VAT: 5,848.33
    expect(page.locator("#invoice-total")).to_have_text("5,848.33 EUR")
    # An expense line, added in place by htmx: 4,856.73 + 1,019.91 VAT = 5,876.64
    page.locator("#id_new_description").fill("Train to Leuven")
    page.locator("#id_new_unit_price").fill("23.40")
    page.get_by_role("button", name="Add line").click()
    expect(page.locator("#invoice-total")).to_have_text("5,876.64 EUR")
    expect(page.get_by_role("cell", name=re.compile("^Train to Leuven"))).to_be_visible()
    expect(page.locator("#id_new_description")).to_be_focused()  # ready for the next line
    shoot(page, "invoice-draft")
    page.get_by_role("link", name="Issue…").click()
    expect(page.get_by_text("5,876.64 EUR")).to_be_visible()
    shoot(page, "invoice-issue")
    page.get_by_role("button", name="Issue invoice").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"Invoice \d{4}-\d{4}"))
    number = heading.inner_text().split()[-1]
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert download.value.suggested_filename == f"{number}.pdf"
    text = _pdf_text(download.value.path())
    assert f"Invoice {number}" in text and "5.876,64" in text  # the PDF speaks en_BE
    page.locator("#id_amount").fill("3000")
    page.locator("#id_reference").fill("BANK-0042")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Payment of 3000 EUR recorded.")).to_be_visible()
    expect(page.get_by_text("2,876.64 EUR").first).to_be_visible()  # still open
    shoot(page, "invoice")
    nav.get_by_role("link", name="Receivables").click()
    expect(page.get_by_role("row", name=re.compile("Echo Media"))).to_contain_text("2,876.64 EUR")
    shoot(page, "receivables")
    # On a phone nothing is wider than the screen but the scrolling tables.
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/invoices/", f"/invoices/{invoice_id}/", "/receivables/"):
        page.goto(server.url + path)
        assert _fits(page, 375), path
    shoot(page, "receivables-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    return invoice_id, number


def _fits(page: Any, width: int) -> bool:
    return bool(page.evaluate(f"document.documentElement.scrollWidth <= {width}"))


def test_a_leader_runs_the_week_and_clients_see_only_their_portal(server, browser):
    from playwright.sync_api import expect

    watch = Watch()
    page = _sign_in(browser, server, "lena@peeters.example", watch)
    expect(page.get_by_role("heading", name="Peeters Tech Leadership")).to_be_visible()
    expect(page.get_by_text("This month (2026-11)")).to_be_visible()
    shoot(page, "dashboard", ROOT / "docs" / "screenshots" / "dashboard.png")

    # The skip link is the first stop for keyboard users.
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()

    # A new client, through the form.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    shoot(page, "clients")
    page.get_by_role("link", name="Add a client").click()
    page.locator("#id_name").fill("Echo Media")
    page.locator("#id_city").fill("Leuven")
    shoot(page, "client-new")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", name="Echo Media")).to_be_visible()
    client_id = re.search(r"/clients/(\d+)/", page.url).group(1)  # type: ignore[union-attr]
    shoot(page, "client")

    # A retainer engagement: the form shows only the chosen model's fields.
    page.get_by_role("link", name="New engagement").click()
    expect(page.locator("#id_client")).to_have_value(client_id)
    page.locator("#id_pricing_model").select_option("day_rate")
    expect(page.locator("#id_day_rate")).to_be_visible()
    expect(page.locator("#id_fee")).to_be_hidden()
    page.locator("#id_pricing_model").select_option("retainer")
    expect(page.locator("#id_day_rate")).to_be_hidden()
    page.locator("#id_role_title").fill("Fractional CTO")
    page.locator("#id_fee").fill("5000")
    page.locator("#id_days_per_week").fill("1")
    page.locator("#id_dedicated_days").fill("fri")
    page.locator("#id_start_date").fill("2026-11-02")
    page.locator("#id_responsibilities").fill("Platform strategy and hiring")
    page.locator("#id_notes").fill("INTERNAL: budget is tight")
    shoot(page, "engagement-new")
    page.get_by_role("button", name="Add engagement").click()
    expect(page.get_by_text("5000.00 EUR/month").first).to_be_visible()
    engagement_id = re.search(r"/engagements/(\d+)/", page.url).group(1)  # type: ignore[union-attr]
    shoot(page, "engagement")

    # Time from the week view's quick entry (htmx swaps the week in place).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Time").click()
    page.locator("#id_line").fill("echo 2h Kick-off workshop")
    page.get_by_role("button", name="Log", exact=True).click()
    expect(page.get_by_text("Time logged.")).to_be_visible()
    expect(page.get_by_role("cell", name="Kick-off workshop")).to_be_visible()
    shoot(page, "time")

    # Time from the header timer.
    page.locator("#timer_client").fill("echo")
    page.locator("#timer_note").fill("Architecture call")
    page.get_by_role("button", name="Start timer").click()
    expect(page.locator("#timer")).to_contain_text("Echo Media (Fractional CTO)")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("button", name="Stop timer")).to_be_visible()
    page.get_by_role("button", name="Stop timer").click()
    expect(page.get_by_role("button", name="Start timer")).to_be_visible()
    page.goto(server.url + "/time/")
    expect(page.get_by_role("cell", name="Architecture call")).to_be_visible()

    # The small screen: nothing wider than 375 px but the scrolling tables.
    for path in ("/", "/time/", f"/engagements/{engagement_id}/"):
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(server.url + path)
        assert _fits(page, 375), path
    shoot(page, "engagement-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    invoice_id, number = _invoice_the_month(page, server, client_id)
    page.context.close()

    # A portal user for the new client sees its scope and hours, not internal notes.
    server.fracos(
        "user", "add", "cto-office@echo.example", "--portal", "echo", "--password", PASSWORD
    )
    portal = _sign_in(browser, server, "cto-office@echo.example", watch)
    expect(portal).to_have_url(server.url + "/portal/")
    expect(portal.get_by_text("Platform strategy and hiring")).to_be_visible()
    # 1 day a week × 8 h × 52/12 = 34h40m a month; from 2 November, 29 of 30 days: 33h30m
    expect(portal.get_by_text("used of 33h30m available this month")).to_be_visible()
    assert "INTERNAL" not in portal.content() and "Kick-off workshop" not in portal.content()
    shoot(portal, "portal")
    # …and its invoice, partly paid, with the PDF to download.
    invoices = portal.get_by_role("region", name="Invoices")
    expect(invoices.get_by_role("row", name=re.compile(number))).to_contain_text("Partly paid")
    with portal.expect_download() as download:
        invoices.get_by_role("link", name=f"PDF of {number}").click()
    text = _pdf_text(download.value.path())
    assert f"Invoice {number}" in text and "5.876,64" in text
    portal.locator("#invoices-h").scroll_into_view_if_needed()
    shoot(portal, "portal-invoices")
    # …and opens the invoice's own page: as on paper, what was paid, how to pay the rest.
    invoices.get_by_role("link", name=number, exact=True).click()
    expect(portal).to_have_url(f"{server.url}/portal/invoices/{number}/")
    expect(portal.get_by_role("heading", name=f"Invoice {number}")).to_be_visible()
    expect(portal.locator("#invoice-total")).to_have_text("5.876,64\xa0€")
    expect(portal.locator("#invoice-open")).to_have_text("2.876,64\xa0€")
    expect(portal.get_by_text("Partly paid").first).to_be_visible()
    payments = portal.get_by_role("region", name="Payments received")
    expect(payments).to_contain_text("3.000,00\xa0€")
    expect(portal.get_by_role("region", name="How to pay")).to_contain_text(
        "Structured communication"
    )
    expect(portal.get_by_role("img", name=re.compile("EPC QR code"))).to_be_visible()
    assert "BANK-0042" not in portal.content() and "Audit trail" not in portal.content()
    # Echo has no VAT or enterprise number: no Peppol e-invoice, and the page says why.
    expect(portal.locator("#e-invoice-problem")).to_contain_text("needs a Peppol address")
    expect(portal.get_by_role("link", name=f"UBL e-invoice of {number}")).to_have_count(0)
    with portal.expect_download() as download:
        portal.get_by_role("link", name=f"PDF of {number}").click()
    assert download.value.suggested_filename == f"{number}.pdf"
    shoot(portal, "portal-invoice")
    portal.set_viewport_size({"width": 375, "height": 800})
    assert _fits(portal, 375)
    shoot(portal, "portal-invoice-375")
    portal.context.close()

    # Another client's portal user is refused the first client's pages.
    refused = [
        f"/engagements/{engagement_id}/",
        f"/clients/{client_id}/",
        "/time/",
        f"/invoices/{invoice_id}/",
        f"/portal/invoices/{invoice_id}/pdf",
        f"/portal/invoices/{number}/",
    ]
    watch.expected_404.update(refused)
    other = _sign_in(browser, server, "portal@acme.example", watch)
    expect(other.get_by_role("heading", name="Acme Logistics").first).to_be_visible()
    assert "Echo" not in other.content() and number not in other.content()
    for path in refused:
        response = other.goto(server.url + path)
        assert response is not None and response.status == 404, path
    shoot(other, "portal-refused")
    other.context.close()

    assert watch.problems == []
