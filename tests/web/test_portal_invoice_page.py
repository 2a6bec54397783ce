"""The client portal's page for one invoice: by its number, the client's own issued
documents only, written as the PDF writes them, with what was paid and how to pay the rest."""

from __future__ import annotations

import pytest
from django.test import Client

from fracos.billing import services
from tests.billing.helpers import month, ready_practice
from tests.web.conftest import OWNER, PORTAL, VIEWER

BRIGHTWAVE_PORTAL = "portal@brightwave.example"


def eur(figure: str) -> str:
    """An amount as babel writes it in en_BE, the practice's locale: "9.680,00 €"."""
    return f"{figure}\xa0€"


@pytest.fixture
def billed(cast):
    """Acme: Nov issued (9,680.00), 1,000.00 paid, 100.00 + VAT credited; Dec a draft.
    Brightwave: one issued invoice, and a portal user of its own."""
    from fracos.clients.services import client_update
    from fracos.engagements.services import engagement_update
    from fracos.practice.services import member_add

    ready_practice(cast)
    client_update(cast.owner, cast.acme.pk, notes="INTERNAL-CLIENT-NOTE")
    engagement_update(cast.owner, cast.retainer.pk, notes="INTERNAL-ENGAGEMENT-NOTE")
    nov = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-11"))
    services.invoice_notes_set(cast.owner, invoice_id=nov.pk, notes="Thank you for your trust.")
    nov = services.invoice_issue(cast.owner, invoice_id=nov.pk)
    services.payment_add(cast.owner, invoice_id=nov.pk, amount="1000", reference="BANK-SECRET")
    note = services.invoice_credit(
        cast.owner, invoice_id=nov.pk, amount="100", reason="Goodwill for the late report"
    )
    dec = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-12"))
    other = services.invoice_draft(cast.owner, client_id=cast.brightwave.pk)
    services.invoice_line_add(
        cast.owner, invoice_id=other.pk, description="Review", quantity="1", unit_price="900"
    )
    other = services.invoice_issue(cast.owner, invoice_id=other.pk)
    member_add(
        cast.owner,
        email=BRIGHTWAVE_PORTAL,
        role="portal",
        password="bright-pass-123",
        client_id=cast.brightwave.pk,
    )
    cast.passwords[BRIGHTWAVE_PORTAL] = "bright-pass-123"
    return {"nov": nov, "note": note, "dec": dec, "other": other}


def url(number: str) -> str:
    return f"/portal/invoices/{number}/"


# Who may see it ----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(cast, billed):
    response = Client().get(url(billed["nov"].number))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", [OWNER, VIEWER])
def test_the_practices_own_members_do_not_get_portal_pages(cast, billed, login, who):
    assert login(who).get(url(billed["nov"].number)).status_code == 404


def test_another_clients_portal_user_is_refused_the_invoice(cast, billed, login):
    other = login(BRIGHTWAVE_PORTAL)
    assert other.get(url(billed["nov"].number)).status_code == 404
    assert other.get(url(billed["note"].number)).status_code == 404
    assert other.get(url(billed["other"].number)).status_code == 200  # its own is fine


def test_another_clients_number_is_not_found(cast, billed, login):
    assert login(PORTAL).get(url(billed["other"].number)).status_code == 404


@pytest.mark.parametrize("path", ["draft", "{dec}", "%23{dec}", "2026-9999", "{nov}x", "{nov}/pdf"])
def test_a_draft_or_an_unknown_number_is_not_found(cast, billed, login, path):
    wanted = path.format(dec=billed["dec"].pk, nov=billed["nov"].number)
    assert login(PORTAL).get(url(wanted)).status_code == 404


def test_the_portal_invoice_page_is_read_only(cast, billed, login):
    assert login(PORTAL).post(url(billed["nov"].number)).status_code == 403


# What it shows -----------------------------------------------------------------------


def test_it_shows_the_invoice_as_on_paper_with_what_was_paid_and_credited(cast, billed, login):
    nov, note = billed["nov"], billed["note"]
    page = login(PORTAL).get(url(nov.number)).content.decode()
    assert f"<h1>Invoice {nov.number}</h1>" in page
    # The seller's locale (en_BE), as on the PDF: 8,000.00 + 21 % = 9,680.00
    assert f"VAT 21 % on {eur('8.000,00')}" in page and eur("1.680,00") in page
    assert f'id="invoice-total">{eur("9.680,00")}<' in page
    assert "Fractional CTO — monthly retainer, November 2026" in page
    assert '<td class="num">1 month</td>' in page and "21 %" in page
    assert "1 November 2026 – 30 November 2026" in page  # the period as the PDF writes it
    # 1,000.00 paid and 121.00 credited: 8,559.00 still to pay
    assert eur("1.000,00") in page and "Bank transfer" in page
    assert f'id="invoice-open">{eur("8.559,00")}<' in page
    assert f'<a href="/portal/invoices/{note.number}/">{note.number}</a>' in page
    assert eur("121,00") in page
    # Status as a word and an icon the screen reader skips
    assert '<span class="state-icon" aria-hidden="true">◐</span> Partly paid' in page
    assert "Thank you for your trust." in page  # the note printed on the invoice


def test_it_shows_how_to_pay_what_is_left_with_the_qr_code(cast, billed, login):
    nov = billed["nov"]
    page = login(PORTAL).get(url(nov.number)).content.decode()
    assert "How to pay" in page and "BE71096123456769" in page and "GKCCBEBB" in page
    assert nov.payment_reference.startswith("+++") and nov.payment_reference in page
    assert "<svg" in page and f"EPC QR code to pay {eur('8.559,00')}" in page


def test_it_links_the_three_documents(cast, billed, login):
    nov = billed["nov"]
    browser = login(PORTAL)
    page = browser.get(url(nov.number)).content.decode()
    for kind, content_type in (
        ("pdf", "application/pdf"),
        ("ubl", "application/xml"),
        ("facturx", "application/pdf"),
    ):
        href = f"/portal/invoices/{nov.pk}/{kind}"
        assert f'href="{href}"' in page
        response = browser.get(href)
        assert response.status_code == 200 and response["Content-Type"] == content_type
    ubl = browser.get(f"/portal/invoices/{nov.pk}/ubl").content
    assert nov.number.encode() in ubl


@pytest.mark.parametrize("kind", ["ubl", "facturx"])
def test_an_e_invoice_that_cannot_be_made_comes_back_with_the_reason(cast, login, kind):
    from fracos.clients.services import client_add
    from fracos.practice.services import member_add

    ready_practice(cast)
    # A client with no VAT or enterprise number: Peppol has nowhere to send it.
    delta = client_add(cast.owner, name="Delta Bakery", country="BE")
    member_add(
        cast.owner,
        email="d@delta.example",
        role="portal",
        password="delta-pass-1",
        client_id=delta.pk,
    )
    cast.passwords["d@delta.example"] = "delta-pass-1"
    draft = services.invoice_draft(cast.owner, client_id=delta.pk)
    services.invoice_line_add(
        cast.owner, invoice_id=draft.pk, description="Advice", quantity="1", unit_price="500"
    )
    issued = services.invoice_issue(cast.owner, invoice_id=draft.pk)
    browser = login("d@delta.example")
    response = browser.get(f"/portal/invoices/{issued.pk}/{kind}")
    assert response.status_code == 302 and response["Location"] == url(issued.number)
    page = browser.get(url(issued.number)).content.decode()
    assert "is not available: endpoint: the buyer needs a Peppol address" in page
    # The page offers no link that could only fail, and says why.
    assert f"/portal/invoices/{issued.pk}/{kind}" not in page
    assert "No e-invoice (UBL, Factur-X) for this one: endpoint: the buyer needs" in page
    assert browser.get(f"/portal/invoices/{issued.pk}/pdf").status_code == 200


@pytest.mark.parametrize("kind", ["ubl", "facturx"])
def test_another_clients_or_a_drafts_documents_are_not_found(cast, billed, login, kind):
    browser = login(PORTAL)
    assert browser.get(f"/portal/invoices/{billed['other'].pk}/{kind}").status_code == 404
    assert browser.get(f"/portal/invoices/{billed['dec'].pk}/{kind}").status_code == 404


def test_it_never_shows_the_practices_internal_notes(cast, billed, login):
    page = login(PORTAL).get(url(billed["nov"].number)).content.decode()
    for secret in (
        "INTERNAL-CLIENT-NOTE",
        "INTERNAL-ENGAGEMENT-NOTE",
        "Audit trail",
        "BANK-SECRET",
    ):
        assert secret not in page
    assert "Hours over the retainer" not in page


def test_a_credit_note_links_back_to_the_invoice_it_credits(cast, billed, login):
    nov, note = billed["nov"], billed["note"]
    page = login(PORTAL).get(url(note.number)).content.decode()
    assert f"<h1>Credit note {note.number}</h1>" in page and "Goodwill" in page
    assert f'<a href="/portal/invoices/{nov.number}/">{nov.number}</a>' in page
    assert "↺</span> Credit note" in page
    assert "How to pay" not in page and "<svg" not in page and "Payments received" not in page


def test_a_paid_invoice_has_nothing_left_to_pay(cast, billed, login):
    other = billed["other"]
    services.payment_add(cast.owner, invoice_id=other.pk, amount="900")
    page = login(BRIGHTWAVE_PORTAL).get(url(other.number)).content.decode()
    assert "✓</span> Paid" in page and "How to pay" not in page and "<svg" not in page
    # Brightwave is Dutch: reverse charge, no VAT, as on its PDF
    assert "Reverse charge" in page


def test_a_number_with_slashes_has_its_page(cast, login):
    from fracos.practice.services import playbook_update

    ready_practice(cast)
    playbook_update(cast.owner, {"invoice_number_pattern": "INV/{year}/{seq:03d}"})
    draft = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(cast.owner, invoice_id=draft.pk)
    assert "/" in issued.number
    browser = login(PORTAL)
    home = browser.get("/portal/").content.decode()
    assert f'href="/portal/invoices/{issued.number}/"' in home
    page = browser.get(url(issued.number))
    assert page.status_code == 200 and f"Invoice {issued.number}" in page.content.decode()


# The portal's list leads to it ------------------------------------------------------


def test_the_portal_home_links_each_invoice_to_its_page(cast, billed, login):
    page = login(PORTAL).get("/portal/").content.decode()
    for key in ("nov", "note"):
        number = billed[key].number
        assert f'<a href="/portal/invoices/{number}/">{number}</a>' in page
    assert '<span class="state-icon" aria-hidden="true">◐</span> Partly paid' in page


# How much it asks of the database ----------------------------------------------------


def test_the_invoice_page_keeps_to_a_few_queries(
    cast, billed, login, django_assert_max_num_queries
):
    browser = login(PORTAL)
    with django_assert_max_num_queries(7):
        assert browser.get(url(billed["nov"].number)).status_code == 200
    # Many lines, payments and credit notes cost no more queries than one of each.
    draft = services.invoice_draft(cast.owner, client_id=cast.acme.pk)
    for n in range(8):
        services.invoice_line_add(
            cast.owner, invoice_id=draft.pk, description=f"Work {n}", quantity="1", unit_price="100"
        )
    busy = services.invoice_issue(cast.owner, invoice_id=draft.pk)
    for _ in range(3):
        services.payment_add(cast.owner, invoice_id=busy.pk, amount="10")
        services.invoice_credit(cast.owner, invoice_id=busy.pk, amount="10")
    with django_assert_max_num_queries(7):
        assert browser.get(url(busy.number)).status_code == 200
