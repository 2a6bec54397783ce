"""Invoice pages: the filtered list, drafting, a draft's lines, issuing, documents,
payments and credit notes, each error beside its field with nothing written."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fracos.billing import services
from fracos.billing.models import Invoice, InvoiceLine, Payment
from tests.billing.helpers import month, ready_practice
from tests.web.conftest import OWNER, VIEWER

D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ready(cast):
    ready_practice(cast)
    return cast


@pytest.fixture
def draft(ready):
    """Acme's November: the 8,000.00 EUR retainer fee, 21 % VAT → 9,680.00 EUR."""
    return services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))


@pytest.fixture
def issued(ready, draft):
    return services.invoice_issue(ready.owner, invoice_id=draft.pk)


def rows() -> dict[str, Any]:
    """Everything an invoice form could write, to prove a refusal wrote nothing."""
    from fracos.practice.models import AuditEvent

    return {
        "invoices": list(Invoice.objects.order_by("pk").values()),
        "lines": list(InvoiceLine.objects.order_by("pk").values()),
        "payments": list(Payment.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.count(),
    }


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def text(response: Any) -> str:
    return str(response.content.decode())


# The list ------------------------------------------------------------------------------


def _many(ready: Any) -> dict[str, Invoice]:
    """Acme: Oct paid, Nov open; Brightwave (reverse charge): a Nov draft and Sep overdue."""
    from fracos.core import clock

    made = {}
    for label, day in (("2026-09", date(2026, 9, 30)), ("2026-10", date(2026, 10, 31))):
        d = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month(label))
        made[label] = services.invoice_issue(ready.owner, invoice_id=d.pk, issue_date=day)
    services.payment_add(
        ready.owner, invoice_id=made["2026-10"].pk, amount="9680", on=date(2026, 11, 10)
    )
    d = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    made["2026-11"] = services.invoice_issue(ready.owner, invoice_id=d.pk)
    made["draft"] = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-11")
    )
    services.invoice_line_add(
        ready.owner,
        invoice_id=made["draft"].pk,
        description="Architecture review",
        quantity="2",
        unit_price="1200",
    )
    assert clock.today("Europe/Brussels") == date(2026, 11, 18)
    return made


def test_the_list_shows_every_state_and_totals_per_currency(ready, login):
    made = _many(ready)
    page = text(login(OWNER).get("/invoices/"))
    assert "4 invoices and credit notes" in page
    # Sep: issued 30 Sep, due 30 days later (30 Oct): overdue on 18 Nov
    assert re.search(rf"{made['2026-09'].number}</a>.*?⚠ Overdue", page, re.S)
    assert f"Draft #{made['draft'].pk}" in page
    # The draft's live total: 2 × 1,200.00, reverse charge (no VAT)
    assert "2,400.00 EUR" in page
    # Invoiced 3 × 9,680.00 = 29,040.00; open Sep + Nov = 19,360.00
    assert "29,040.00 EUR" in page and "19,360.00 EUR" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=overdue", {"2026-09"}),
        ("status=paid", {"2026-10"}),
        ("status=open", {"2026-11"}),
        ("status=draft", {"draft"}),
        ("from=2026-10", {"2026-10"}),
        ("from=2026-09&to=2026-10", {"2026-09", "2026-10"}),
        ("from=2026-11", {"2026-11", "draft"}),
        ("client={brightwave}", {"draft"}),
    ],
)
def test_the_list_filters_by_state_client_and_period(ready, login, query, expected):
    made = _many(ready)
    page = text(login(OWNER).get("/invoices/?" + query.format(brightwave=ready.brightwave.pk)))
    shown = {key for key, inv in made.items() if f'href="/invoices/{inv.pk}/"' in page}
    assert shown == expected


def test_a_bad_filter_is_named_beside_its_field_and_the_rest_still_lists(ready, login):
    _many(ready)
    response = login(OWNER).get("/invoices/?from=November&status=bogus&client=x1")
    page = text(response)
    assert response.status_code == 200
    assert "from: &#x27;November&#x27; is not a month (YYYY-MM)" in page
    assert "status: &#x27;bogus&#x27; is not a state" in page
    assert 'value="November"' in page


def test_the_list_pages_by_fifty(ready, login):
    from fracos.clients.services import client_add

    client = client_add(ready.owner, name="Zeta", country="BE", vat_number="BE0403019261")
    for _ in range(55):
        services.invoice_draft(ready.owner, client_id=client.pk, period=month("2026-11"))
    browser = login(OWNER)
    first = text(browser.get("/invoices/?status=draft"))
    assert "Page 1 of 2" in first and first.count("(draft)") == 50
    second = text(browser.get("/invoices/?status=draft&page=2"))
    assert second.count("(draft)") == 5 and "← Newer" in second


def test_every_page_counts_and_totals_all_matches_not_only_its_own(ready, login):
    from fracos.clients.services import client_add

    client = client_add(ready.owner, name="Zeta", country="BE", vat_number="BE0403019261")
    numbers = []
    for n in range(52):
        d = services.invoice_draft(ready.owner, client_id=client.pk, period=month("2026-11"))
        services.invoice_line_add(
            ready.owner, invoice_id=d.pk, description=f"Work {n}", quantity="1", unit_price="100"
        )
        numbers.append(services.invoice_issue(ready.owner, invoice_id=d.pk).number)
    browser = login(OWNER)
    second = text(browser.get(f"/invoices/?client={client.pk}&page=2"))
    # 52 × 100.00 + 21 % VAT, all still open: the totals are the filter's, on every page
    assert "52 invoices and credit notes" in second and "Page 2 of 2" in second
    assert second.count("6,292.00 EUR") == 2
    shown = {number for number in numbers if f">{number}</a>" in second}
    assert shown == set(numbers[:2])  # newest first: the last page holds the first two issued


@pytest.mark.parametrize("extra", [0, 30])
def test_the_list_query_count_does_not_grow_with_invoices(
    ready, login, django_assert_max_num_queries, extra
):
    for _ in range(extra):
        d = services.invoice_draft(ready.owner, client_id=ready.brightwave.pk)
        services.invoice_line_add(
            ready.owner, invoice_id=d.pk, description="Workshop", quantity="1", unit_price="100"
        )
        if _ % 2:
            services.invoice_issue(ready.owner, invoice_id=d.pk)
    browser = login(OWNER)
    with django_assert_max_num_queries(8):
        response = browser.get("/invoices/")
    assert response.status_code == 200


# Drafting ------------------------------------------------------------------------------


def test_drafting_from_a_client_and_month_opens_the_draft_with_its_lines(ready, login):
    response = login(OWNER).post(
        "/invoices/new/", {"client": str(ready.acme.pk), "period": "2026-11"}
    )
    draft = Invoice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/invoices/{draft.pk}/"
    page = text(login(OWNER).get(f"/invoices/{draft.pk}/"))
    assert "Fractional CTO — monthly retainer, November 2026" in page
    assert "VAT 21 % on 8,000.00 EUR" in page and "1,680.00 EUR" in page
    assert '<strong id="invoice-total">9,680.00 EUR</strong>' in page


def test_drafting_from_an_engagement_bills_its_client(ready, login):
    login(OWNER).post("/invoices/new/", {"engagement": str(ready.retainer.pk), "period": "2026-11"})
    assert Invoice.objects.get().client_id == ready.acme.pk


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"period": "2026-11"}, "client", "choose a client or an engagement"),
        ({"client": "{acme}", "period": "2026-13"}, "period", "is not a month"),
        ({"client": "{acme}", "period": "2026-11-05"}, "period", "is not a month"),
        ({"client": "{foreign}", "period": "2026-11"}, "client", "no client #"),
        ({"engagement": "{foreign_e}", "period": "2026-11"}, "engagement", "no engagement"),
        (
            {"client": "{brightwave}", "engagement": "{retainer}", "period": "2026-11"},
            "engagement",
            "belongs to another client",
        ),
    ],
)
def test_a_bad_draft_request_is_named_beside_its_field_and_writes_nothing(
    ready, login, payload, field, message
):
    from fracos.engagements.services import engagement_add

    foreign_e = engagement_add(
        ready.outsider,
        client_id=ready.foreign_client.pk,
        role_title="CTO",
        pricing_model="retainer",
        fee=D("1000"),
        hours_per_week=D("4"),
        start_date=date(2026, 1, 1),
    )
    ids = {
        "acme": ready.acme.pk,
        "brightwave": ready.brightwave.pk,
        "foreign": ready.foreign_client.pk,
        "foreign_e": foreign_e.pk,
        "retainer": ready.retainer.pk,
    }
    before = rows()
    data = {k: v.format(**ids) for k, v in payload.items()}
    response = login(OWNER).post("/invoices/new/", data)
    assert response.status_code == 422
    page = text(response)
    error = re.search(rf'id="id_{field}_error">([^<]*)<', page)
    assert error and message in error.group(1), page[-3000:]
    assert f'value="{data["period"]}"' in page
    assert rows() == before


# A draft's lines -----------------------------------------------------------------------


def test_a_line_added_with_htmx_returns_the_lines_with_new_totals(ready, login, draft):
    response = login(OWNER).post(
        f"/invoices/{draft.pk}/lines/",
        {"description": "Train to Ghent", "quantity": "1", "unit_price": "42.80"},
        **HTMX,
    )
    page = text(response)
    assert response.status_code == 200 and page.startswith('<div id="invoice-lines">')
    # 8,042.80 net, VAT 21 % = 1,688.99 (1,688.988 rounded half up), total 9,731.79
    assert "8,042.80 EUR" in page and "1,688.99 EUR" in page and "9,731.79 EUR" in page


def test_a_discount_is_a_negative_price_and_a_custom_rate_is_kept(ready, login, draft):
    browser = login(OWNER)
    browser.post(
        f"/invoices/{draft.pk}/lines/",
        {"description": "Loyalty discount", "quantity": "1", "unit_price": "-500"},
    )
    browser.post(
        f"/invoices/{draft.pk}/lines/",
        {"description": "Book", "quantity": "2", "unit_price": "25", "vat_rate": "6"},
    )
    page = text(browser.get(f"/invoices/{draft.pk}/"))
    # 8,000 − 500 = 7,500 at 21 % (1,575.00) + 50 at 6 % (3.00) → 9,128.00
    assert "VAT 21 % on 7,500.00 EUR" in page and "VAT 6 % on 50.00 EUR" in page
    assert '<strong id="invoice-total">9,128.00 EUR</strong>' in page
    assert "-500.00" in page


def test_a_line_is_edited_inline_and_removed(ready, login, draft):
    browser = login(OWNER)
    line = draft.lines.get()
    form = text(browser.get(f"/invoices/{draft.pk}/?edit={line.pk}", **HTMX))
    assert 'id="id_edit_description"' in form and 'value="8000.00"' in form
    response = browser.post(
        f"/invoices/{draft.pk}/lines/{line.pk}/",
        {
            "description": "Retainer, November",
            "quantity": "1",
            "unit_price": "7500",
            "vat_rate": "21",
        },
        **HTMX,
    )
    assert "9,075.00 EUR" in text(response)  # 7,500 × 1.21
    line.refresh_from_db()
    assert (line.description, line.unit_price_minor) == ("Retainer, November", 750000)
    removed = browser.post(f"/invoices/{draft.pk}/lines/{line.pk}/remove/", **HTMX)
    assert "No lines yet" in text(removed) and not draft.lines.exists()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"description": "", "quantity": "1", "unit_price": "10"}, "description", "1 to 300"),
        ({"description": "x" * 301, "quantity": "1", "unit_price": "10"}, "description", "300"),
        ({"description": "Taxi", "quantity": "0", "unit_price": "10"}, "quantity", "non-zero"),
        ({"description": "Taxi", "quantity": "1", "unit_price": "1.234"}, "unit_price", "decimals"),
        ({"description": "Taxi", "quantity": "1", "unit_price": "ten"}, "unit_price", ""),
        (
            {"description": "Taxi", "quantity": "1", "unit_price": "10", "vat_rate": "150"},
            "vat_rate",
            "not a VAT rate",
        ),
    ],
)
def test_a_bad_line_is_named_beside_its_field_keeps_the_input_and_writes_nothing(
    ready, login, draft, payload, field, message
):
    before = rows()
    response = login(OWNER).post(f"/invoices/{draft.pk}/lines/", payload, **HTMX)
    assert response.status_code == 200  # htmx swaps in only a 2xx answer
    page = text(response)
    error = re.search(rf'id="id_new_{field}_error">([^<]*)<', page)
    assert error and message in error.group(1)
    assert f'value="{payload["unit_price"]}"' in page
    assert rows() == before


def test_a_bad_inline_edit_keeps_the_row_open_with_the_error(ready, login, draft):
    line = draft.lines.get()
    before = rows()
    response = login(OWNER).post(
        f"/invoices/{draft.pk}/lines/{line.pk}/",
        {"description": "Fee", "quantity": "-", "unit_price": "8000", "vat_rate": "21"},
        **HTMX,
    )
    assert response.status_code == 200
    assert 'id="id_edit_quantity_error"' in text(response) and 'value="-"' in text(response)
    assert rows() == before


def test_without_htmx_a_bad_line_answers_422_with_the_whole_page(ready, login, draft):
    before = rows()
    response = login(OWNER).post(
        f"/invoices/{draft.pk}/lines/", {"description": "", "quantity": "1", "unit_price": "5"}
    )
    assert response.status_code == 422 and "<!doctype html>" in text(response)
    assert 'id="id_new_description_error"' in text(response)
    assert rows() == before


def test_reverse_charge_lines_offer_no_vat_rate_and_refuse_one(ready, login):
    draft = services.invoice_draft(ready.owner, client_id=ready.brightwave.pk)
    browser = login(OWNER)
    page = text(browser.get(f"/invoices/{draft.pk}/"))
    assert 'id="id_new_vat_rate"' not in page
    response = browser.post(
        f"/invoices/{draft.pk}/lines/",
        {"description": "Workshop", "quantity": "1", "unit_price": "100", "vat_rate": "21"},
    )
    assert response.status_code == 422 and "carry no VAT (category K" in text(response)


def test_notes_are_saved_on_a_draft_and_a_draft_can_be_deleted(ready, login, draft):
    browser = login(OWNER)
    browser.post(f"/invoices/{draft.pk}/notes/", {"notes": "Thank you for your trust."})
    draft.refresh_from_db()
    assert draft.notes == "Thank you for your trust."
    response = browser.post(f"/invoices/{draft.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/invoices/"
    assert not Invoice.objects.filter(pk=draft.pk).exists()


# Issuing -------------------------------------------------------------------------------


def test_issuing_asks_for_confirmation_then_numbers_the_invoice(ready, login, draft):
    browser = login(OWNER)
    confirm = text(browser.get(f"/invoices/{draft.pk}/issue/"))
    assert "Issue draft #" in confirm and "9,680.00 EUR" in confirm
    assert Invoice.objects.get().status == "draft"
    response = browser.post(f"/invoices/{draft.pk}/issue/")
    draft.refresh_from_db()
    assert draft.number == "2026-0001" and response["Location"] == f"/invoices/{draft.pk}/"
    page = text(browser.get(f"/invoices/{draft.pk}/"))
    assert "Invoice 2026-0001" in page and "invoice.issued" in page
    assert 'id="id_new_description"' not in page  # frozen: no line form


def test_issuing_twice_is_refused_at_the_form(ready, login, issued):
    before = rows()
    response = login(OWNER).post(f"/invoices/{issued.pk}/issue/")
    assert response.status_code == 422
    assert "is already issued as 2026-0001" in text(response)
    assert rows() == before


def test_an_empty_draft_cannot_be_issued(ready, login, draft):
    services.invoice_line_remove(ready.owner, invoice_id=draft.pk, line_id=draft.lines.get().pk)
    before = rows()
    response = login(OWNER).post(f"/invoices/{draft.pk}/issue/")
    assert response.status_code == 422
    assert "has no lines, and an empty invoice cannot be issued" in text(response)
    assert rows() == before


def test_a_client_missing_the_identity_its_tax_case_needs_cannot_be_issued(ready, login):
    from fracos.clients.services import client_update

    draft = services.invoice_draft(ready.owner, client_id=ready.brightwave.pk)
    services.invoice_line_add(
        ready.owner, invoice_id=draft.pk, description="Workshop", quantity="1", unit_price="100"
    )
    client_update(ready.owner, ready.brightwave.pk, vat_number="")
    browser = login(OWNER)
    page = text(browser.get(f"/invoices/{draft.pk}/"))
    assert "This draft cannot be issued yet" in page
    assert "reverse-charge invoice, which needs the client&#x27;s VAT number" in page
    before = rows()
    response = browser.post(f"/invoices/{draft.pk}/issue/")
    assert response.status_code == 422
    assert "needs the client&#x27;s VAT number" in text(response)
    assert rows() == before


# Documents -----------------------------------------------------------------------------


def test_the_pdf_carries_the_number_and_total_under_its_file_name(ready, login, issued):
    response = login(OWNER).get(f"/invoices/{issued.pk}/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="2026-0001.pdf"'
    content = pdf_text(response.content)
    # The practice's locale (nl-BE) writes amounts with a decimal comma
    assert "Invoice 2026-0001" in content and "Total EUR 9.680,00" in content


def test_ubl_and_facturx_downloads_have_their_types_and_names(ready, login, issued):
    browser = login(OWNER)
    ubl = browser.get(f"/invoices/{issued.pk}/ubl")
    assert ubl["Content-Type"] == "application/xml"
    assert ubl["Content-Disposition"] == 'attachment; filename="2026-0001.xml"'
    assert b"<cbc:ID>2026-0001</cbc:ID>" in ubl.content
    fx = browser.get(f"/invoices/{issued.pk}/facturx")
    assert fx["Content-Type"] == "application/pdf"
    assert fx["Content-Disposition"] == 'attachment; filename="2026-0001-facturx.pdf"'
    import facturx

    name, xml = facturx.get_xml_from_pdf(fx.content, check_xsd=False)
    assert name == "factur-x.xml" and b"2026-0001" in xml


def test_a_draft_has_no_documents(ready, login, draft):
    for kind in ("pdf", "ubl", "facturx"):
        assert login(OWNER).get(f"/invoices/{draft.pk}/{kind}").status_code == 404


def test_sending_emails_the_pdf_and_is_recorded(ready, login, issued, mailoutbox):
    response = login(OWNER).post(f"/invoices/{issued.pk}/send/")
    assert response.status_code == 302
    assert mailoutbox[0].to == ["finance@acme.example"]
    assert mailoutbox[0].attachments[0][0] == "2026-0001.pdf"
    assert "invoice.sent" in text(login(OWNER).get(f"/invoices/{issued.pk}/"))


def test_sending_without_a_billing_email_says_so_and_records_nothing(
    ready, login, draft, mailoutbox
):
    from fracos.clients.services import client_update

    client_update(ready.owner, ready.acme.pk, billing_email="")
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    before = rows()
    response = login(OWNER).post(f"/invoices/{issued.pk}/send/")
    assert response.status_code == 422 and "has no billing email" in text(response)
    assert mailoutbox == [] and rows() == before


# Payments and credit notes -------------------------------------------------------------


def test_a_payment_moves_the_invoice_to_partly_paid_then_paid(ready, login, issued):
    browser = login(OWNER)
    browser.post(
        f"/invoices/{issued.pk}/payments/",
        {"amount": "4000", "date": "2026-11-17", "method": "transfer", "reference": "BANK-1"},
    )
    page = text(browser.get(f"/invoices/{issued.pk}/"))
    assert "Partly paid" in page and "5,680.00 EUR" in page and "BANK-1" in page
    browser.post(f"/invoices/{issued.pk}/payments/", {"amount": "5680", "date": ""})
    page = text(browser.get(f"/invoices/{issued.pk}/"))
    assert "state-paid" in page and "Record a payment" not in page


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"amount": "9680.01"}, "amount", "more than the 9680.00 EUR open"),
        ({"amount": ""}, "amount", "how much was received"),
        ({"amount": "-5"}, "amount", "more than zero"),
        ({"amount": "12,5x"}, "amount", "is not an amount"),
        ({"amount": "10", "date": "2026-02-30"}, "date", ""),
        ({"amount": "10", "date": "2026-12-01"}, "date", "in the future"),
        ({"amount": "10", "method": "barter"}, "method", "is not one of"),
    ],
)
def test_a_bad_payment_is_named_beside_its_field_and_writes_nothing(
    ready, login, issued, payload, field, message
):
    before = rows()
    response = login(OWNER).post(f"/invoices/{issued.pk}/payments/", payload)
    assert response.status_code == 422
    page = text(response)
    error = re.search(rf'id="id_{field}_error">([^<]*)<', page)
    assert error and message in error.group(1), page[-2000:]
    assert f'value="{payload["amount"]}"' in page
    assert rows() == before


def test_a_partial_credit_note_then_the_rest_credits_the_invoice(ready, login, issued):
    browser = login(OWNER)
    browser.post(f"/invoices/{issued.pk}/credit/", {"credit_amount": "500", "reason": "Goodwill"})
    page = text(browser.get(f"/invoices/{issued.pk}/"))
    # 500 net + 21 % = 605.00; open 9,680 − 605 = 9,075.00
    assert "CN-2026-0001" in page and "605.00 EUR" in page  # the credit note and its total
    assert "9,075.00 EUR" in page
    browser.post(f"/invoices/{issued.pk}/credit/", {"credit_amount": ""})
    issued.refresh_from_db()
    assert issued.status == "credited"
    assert Invoice.objects.filter(kind="credit_note").count() == 2


def test_a_credit_larger_than_the_invoice_is_refused_beside_the_amount(ready, login, issued):
    before = rows()
    response = login(OWNER).post(f"/invoices/{issued.pk}/credit/", {"credit_amount": "8000.01"})
    assert response.status_code == 422
    error = re.search(r'id="id_credit_amount_error">([^<]*)<', text(response))
    assert error and "is more than the 8000.00 EUR (excluding VAT) left to credit" in error.group(1)
    assert 'value="8000.01"' in text(response)
    assert rows() == before


# Viewers -------------------------------------------------------------------------------


def test_a_viewer_reads_an_issued_invoice_without_a_form(ready, login, issued):
    page = text(login(VIEWER).get(f"/invoices/{issued.pk}/"))
    assert "9,680.00 EUR" in page and f'href="/invoices/{issued.pk}/pdf"' in page
    assert "Record a payment" not in page and "Create a credit note" not in page
    assert login(VIEWER).get(f"/invoices/{issued.pk}/pdf").status_code == 200


def test_a_viewer_reads_a_draft_without_line_forms(ready, login, draft):
    page = text(login(VIEWER).get(f"/invoices/{draft.pk}/?edit={draft.lines.get().pk}"))
    assert "Add a line" not in page and "Remove" not in page and "Issue…" not in page
    assert 'id="id_edit_description"' not in page


# Clients and engagements ---------------------------------------------------------------


def test_the_client_and_engagement_pages_list_their_invoices(ready, login, issued):
    other = services.invoice_draft(ready.owner, client_id=ready.brightwave.pk)
    browser = login(OWNER)
    for url in (f"/clients/{ready.acme.pk}/", f"/engagements/{ready.retainer.pk}/"):
        page = text(browser.get(url))
        assert f'<a href="/invoices/{issued.pk}/">2026-0001</a>' in page, url
        assert "18 Nov 2026" in page and "9,680.00 EUR" in page and "Open" in page
        assert f'href="/invoices/{other.pk}/"' not in page


def test_an_engagement_page_links_to_drafting_its_invoice(ready, login):
    page = text(login(OWNER).get(f"/engagements/{ready.retainer.pk}/"))
    assert f'href="/invoices/new/?engagement={ready.retainer.pk}"' in page
    form = text(login(OWNER).get(f"/invoices/new/?engagement={ready.retainer.pk}"))
    assert f'<option value="{ready.retainer.pk}" selected>' in form


@pytest.mark.parametrize("extra", [0, 15])
def test_an_invoice_page_query_count_does_not_grow_with_lines_and_payments(
    ready, login, django_assert_max_num_queries, draft, extra
):
    for n in range(extra):
        services.invoice_line_add(
            ready.owner, invoice_id=draft.pk, description=f"Call {n}", quantity="1", unit_price="10"
        )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    for _ in range(extra):
        services.payment_add(ready.owner, invoice_id=issued.pk, amount="10")
    browser = login(OWNER)
    with django_assert_max_num_queries(12):
        assert browser.get(f"/invoices/{issued.pk}/").status_code == 200


def test_changing_a_line_of_an_issued_invoice_is_refused_above_the_lines(ready, login, issued):
    line = issued.lines.get()
    before = rows()
    browser = login(OWNER)
    for url, data in (
        (f"/invoices/{issued.pk}/lines/", {"description": "Extra", "unit_price": "5"}),
        (f"/invoices/{issued.pk}/lines/{line.pk}/", {"description": "X", "unit_price": "5"}),
        (f"/invoices/{issued.pk}/lines/{line.pk}/remove/", {}),
    ):
        response = browser.post(url, data)
        assert response.status_code == 422, url
        problem = re.search(r'id="lines-problem">([^<]*)<', text(response))
        assert problem and "issued invoices never change" in problem.group(1), url
    assert rows() == before


def test_a_line_of_another_invoice_is_refused(ready, login, draft):
    other = services.invoice_draft(ready.owner, client_id=ready.brightwave.pk)
    foreign = services.invoice_line_add(
        ready.owner, invoice_id=other.pk, description="Call", quantity="1", unit_price="10"
    )
    before = rows()
    response = login(OWNER).post(f"/invoices/{draft.pk}/lines/{foreign.pk}/remove/", **HTMX)
    assert f"has no line #{foreign.pk}" in text(response)
    assert rows() == before
