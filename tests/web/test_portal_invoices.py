"""The client portal's invoices: its own client's issued ones with status and PDF, never
a draft, never another client's, never the practice's internal notes."""

from __future__ import annotations

import io

import pytest

from fracos.billing import services
from tests.billing.helpers import month, ready_practice
from tests.web.conftest import OWNER, PORTAL


@pytest.fixture
def billed(cast):
    """Acme: Nov issued and partly paid, Dec a draft; Brightwave: Nov issued."""
    from fracos.clients.services import client_update

    ready_practice(cast)
    client_update(cast.owner, cast.acme.pk, notes="INTERNAL-CLIENT-NOTE")
    nov = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-11"))
    nov = services.invoice_issue(cast.owner, invoice_id=nov.pk)
    services.payment_add(cast.owner, invoice_id=nov.pk, amount="1000")
    dec = services.invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-12"))
    other = services.invoice_draft(cast.owner, client_id=cast.brightwave.pk)
    services.invoice_line_add(
        cast.owner, invoice_id=other.pk, description="Review", quantity="1", unit_price="900"
    )
    other = services.invoice_issue(cast.owner, invoice_id=other.pk)
    return {"nov": nov, "dec": dec, "other": other}


def test_the_portal_lists_the_clients_issued_invoices_with_status(cast, billed, login):
    page = login(PORTAL).get("/portal/").content.decode()
    nov = billed["nov"]
    # 9,680.00 billed, 1,000.00 paid: 8,680.00 open, partly paid
    assert nov.number in page and "9,680.00 EUR" in page and "8,680.00 EUR" in page
    assert "Partly paid" in page and f'href="/portal/invoices/{nov.pk}/pdf"' in page
    assert billed["other"].number not in page  # Brightwave's
    assert f"/portal/invoices/{billed['dec'].pk}/" not in page and "draft" not in page.lower()
    assert "INTERNAL-CLIENT-NOTE" not in page


def test_the_portal_user_downloads_their_invoices_pdf(cast, billed, login):
    from pypdf import PdfReader

    response = login(PORTAL).get(f"/portal/invoices/{billed['nov'].pk}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="2026-0001.pdf"'
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Invoice 2026-0001" in text and "9.680,00" in text


@pytest.mark.parametrize("which", ["other", "dec"])
def test_another_clients_invoice_or_a_draft_is_not_found_in_the_portal(cast, billed, login, which):
    assert login(PORTAL).get(f"/portal/invoices/{billed[which].pk}/pdf").status_code == 404


def test_an_outsiders_invoice_is_not_found_in_the_portal(cast, billed, login):
    assert login(PORTAL).get("/portal/invoices/999999/pdf").status_code == 404


def test_staff_and_anonymous_visitors_do_not_get_the_portal_pdf(cast, billed, login):
    from django.test import Client

    url = f"/portal/invoices/{billed['nov'].pk}/pdf"
    assert login(OWNER).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_the_portal_pdf_refuses_a_post(cast, billed, login):
    response = login(PORTAL).post(f"/portal/invoices/{billed['nov'].pk}/pdf")
    assert response.status_code == 403
