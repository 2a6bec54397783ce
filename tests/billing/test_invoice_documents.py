"""Invoices made through the Django services render as valid UBL, CII, PDF and Factur-X."""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader

from fracos.billing import render, services
from fracos.billing.models import Invoice
from fracos.clients.services import client_add, client_update
from fracos.engagements.services import engagement_add
from fracos.practice.services import playbook_update, practice_update
from tests.billing.einvoice_validator import assert_valid_cii, assert_valid_ubl
from tests.billing.helpers import log, month, ready_practice

D = Decimal


@pytest.fixture
def ready(cast):  # type: ignore[no-untyped-def]
    ready_practice(cast)
    return cast


def _both_valid(invoice: Invoice) -> None:
    assert_valid_ubl(render.ubl_xml(invoice))
    assert_valid_cii(render.cii_xml(invoice))


def _issue_with_lines(
    actor, client_id: int, lines: list[tuple[str, str, str]], period: str
) -> Invoice:  # type: ignore[no-untyped-def]
    draft = services.invoice_draft(actor, client_id=client_id, period=month(period))
    for description, quantity, price in lines:
        services.invoice_line_add(
            actor, invoice_id=draft.pk, description=description, quantity=quantity, unit_price=price
        )
    return services.invoice_issue(actor, invoice_id=draft.pk)


def test_a_domestic_invoice_at_the_standard_rate_is_valid(ready, einvoice_rules):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    _both_valid(services.invoice_issue(ready.owner, invoice_id=draft.pk))


def test_an_intra_eu_reverse_charge_invoice_is_valid(ready, einvoice_rules):
    log(ready, ready.day_rate, "2026-11-05", "8")
    draft = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-11")
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert issued.tax_minor == 0 and issued.total_minor == 120000
    _both_valid(issued)


def test_a_non_eu_client_in_dollars_is_not_subject_to_vat_and_valid(ready, einvoice_rules):
    us = client_add(
        ready.owner,
        name="Gadget Corp",
        country="US",
        currency="USD",
        city="Austin",
        peppol_id="0088:4035811991021",
    )
    issued = _issue_with_lines(
        ready.owner, us.pk, [("Advisory, 3 sessions", "3", "1333.33")], "2026-11"
    )
    assert (issued.currency, issued.net_minor, issued.tax_minor) == ("USD", 399999, 0)
    assert issued.lines.get().vat_category == "O"
    _both_valid(issued)


def test_a_small_business_exempt_practice_states_its_ground_and_is_valid(ready, einvoice_rules):
    playbook_update(
        ready.owner,
        {
            "vat_exempt": True,
            "vat_exemption_reason": "Small business exemption, art. 56bis BE VAT Code",
        },
    )
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert (issued.lines.get().vat_category, issued.tax_minor) == ("E", 0)
    assert "56bis" in render.ubl_xml(issued).decode()
    _both_valid(issued)


def test_many_odd_lines_round_per_line_then_per_rate(ready, einvoice_rules):
    lines = [(f"Item {n}", "0.333", "19.99") for n in range(17)]  # 6.65667 → 6.66 each
    lines += [("Tiny", "3", "0.01"), ("Odd hours", "2.675", "77.77"), ("Discount", "1", "-0.05")]
    issued = _issue_with_lines(ready.owner, ready.acme.pk, lines, "2027-02")
    # 8000 + 17 × 6.66 + 0.03 + 208.03 (2.675 × 77.77 = 208.03475) − 0.05 = 8321.23
    # VAT 21 % of 8321.23 = 1747.4583 → 1747.46
    assert (issued.net_minor, issued.tax_minor, issued.total_minor) == (832123, 174746, 1006869)
    _both_valid(issued)


def test_a_seven_day_month_at_a_day_rate_with_cents(ready, einvoice_rules):
    from fracos.engagements.services import engagement_update

    engagement_update(ready.owner, ready.day_rate.pk, day_rate="1187.65", dedicated_days="")
    for day in range(1, 8):  # 1–7 October 2026, every day
        log(ready, ready.day_rate, f"2026-10-{day:02d}", "6")
    draft = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-10")
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert issued.net_minor == 831355  # 7 × 1187.65
    _both_valid(issued)


def test_several_currencies_render_with_their_own_minor_units(ready, einvoice_rules):
    # EN 16931 allows at most 2 decimals on amounts, so 3-decimal currencies (KWD) are not e-invoiced.
    for name, currency, price, expected in (
        ("Tokyo KK", "JPY", "150000", 450000),
        ("Zurich AG", "CHF", "1999.95", 599985),
        ("London Ltd", "GBP", "0.35", 105),
    ):
        other = client_add(
            ready.owner, name=name, country="US", currency=currency, peppol_id="0088:4035811991021"
        )
        issued = _issue_with_lines(ready.owner, other.pk, [("Advice", "3", price)], "2026-11")
        assert issued.net_minor == expected
        _both_valid(issued)


def test_a_credit_note_is_valid_and_references_its_invoice(ready, einvoice_rules):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    note = services.invoice_credit(ready.owner, invoice_id=issued.pk, amount="250.50")
    xml = render.ubl_xml(note).decode()
    assert "<cac:BillingReference>" in xml and "2026-0001" in xml
    _both_valid(note)


def test_the_pdf_shows_identity_bank_details_ogm_and_a_qr_code(ready):
    practice_update(ready.owner, locale="nl_BE")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    html_context = render.pdf_context(issued)
    prefix = "data:image/png;base64,"
    assert html_context["qr_png"].startswith(prefix)
    pages = PdfReader(io.BytesIO(render.pdf_bytes(issued))).pages
    text = "".join(page.extract_text() for page in pages)
    # The page carries the context's QR code, module for module, drawn without smoothing.
    (image,) = pages[0].images
    assert image.indirect_reference is not None
    assert image.indirect_reference.get_object()["/Interpolate"].value is False
    qr = Image.open(io.BytesIO(base64.b64decode(html_context["qr_png"][len(prefix) :])))
    assert list(image.image.convert("1").getdata()) == list(qr.convert("1").getdata())
    for needle in (
        "Invoice 2026-0001",
        "Peeters Tech Leadership BV",
        "BE0403019261",
        "BE71096123456769",
        "+++260/0000/00170+++",
        "Acme Logistics NV",
        "18 november 2026",  # Dutch (Belgium) long date
        "9.680,00",  # Dutch (Belgium) number format
    ):
        assert needle in text, needle


def test_later_practice_edits_do_not_change_the_pdf_of_an_issued_invoice(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    practice_update(ready.owner, legal_name="Renamed BV", iban="BE17001700431521")
    client_update(ready.owner, ready.acme.pk, legal_name="Someone Else NV")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render.pdf_bytes(issued))).pages)
    assert "Peeters Tech Leadership BV" in text and "Renamed BV" not in text
    assert "Acme Logistics NV" in text and "Someone Else" not in text


def test_factur_x_is_a_pdf_carrying_its_cii(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    reader = PdfReader(io.BytesIO(render.facturx_pdf(issued)))
    assert "factur-x.xml" in reader.attachments
    assert b"2026-0001" in reader.attachments["factur-x.xml"][0]


def test_no_qr_code_for_an_invoice_in_another_currency(ready):
    us = client_add(ready.owner, name="Gadget Corp", country="US", currency="USD")
    issued = _issue_with_lines(ready.owner, us.pk, [("Advice", "1", "100")], "2026-11")
    assert render.pdf_context(issued)["qr_png"] == ""
    assert issued.payment_reference.startswith("+++")


def test_an_e_invoice_without_a_peppol_address_says_what_is_missing(ready):
    from fracos.core.errors import ValidationFailed

    us = client_add(ready.owner, name="Gadget Corp", country="US", currency="USD")
    issued = _issue_with_lines(ready.owner, us.pk, [("Advice", "1", "100")], "2026-11")
    with pytest.raises(ValidationFailed, match="Peppol address") as caught:
        render.ubl_xml(issued)
    assert caught.value.field == "endpoint"


def test_a_pilot_engagement_bills_in_full_at_the_start(ready, einvoice_rules):
    engagement_add(
        ready.owner,
        client_id=ready.acme.pk,
        role_title="Pilot",
        pricing_model="pilot",
        fee=D("6000"),
        pilot_weeks=6,
        start_date=date(2026, 11, 2),
    )
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert issued.net_minor == 1400000
    _both_valid(issued)


def _mixed_rates_invoice(ready) -> Invoice:  # type: ignore[no-untyped-def]
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    for description, quantity, price, rate in (
        ("Books", "3", "19.99", "6"),
        ("Workshop room", "1", "250", "21"),
        ("Loyalty discount", "1", "-120.35", "21"),
    ):
        services.invoice_line_add(
            ready.owner,
            invoice_id=draft.pk,
            description=description,
            quantity=quantity,
            unit_price=price,
            vat_rate=rate,
        )
    return services.invoice_issue(ready.owner, invoice_id=draft.pk)


def test_partial_credit_notes_over_several_vat_rates_are_valid(ready, einvoice_rules):
    invoice = _mixed_rates_invoice(ready)
    _fee, books, room, _discount = list(invoice.lines.all())
    by_amount = services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="1234.56")
    assert {line.vat_rate for line in by_amount.lines.all()} == {D("21"), D("6")}
    assert any(line.quantity < 0 for line in by_amount.lines.all())  # the discount's share
    _both_valid(by_amount)
    by_units = services.invoice_credit(
        ready.owner, invoice_id=invoice.pk, lines=[(books.pk, D("1.5")), (room.pk, None)]
    )
    _both_valid(by_units)
    rest = services.invoice_credit(ready.owner, invoice_id=invoice.pk)
    _both_valid(rest)
    assert Invoice.objects.get(pk=invoice.pk).status == "credited"


def test_a_partial_reverse_charge_credit_is_valid(ready, einvoice_rules):
    for day in ("2026-11-05", "2026-11-06", "2026-11-09"):
        log(ready, ready.day_rate, day, "8")
    draft = services.invoice_draft(
        ready.owner, client_id=ready.brightwave.pk, period=month("2026-11")
    )
    services.invoice_line_add(
        ready.owner, invoice_id=draft.pk, description="Travel", quantity="1", unit_price="311.17"
    )
    invoice = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    days = invoice.lines.first()
    note = services.invoice_credit(ready.owner, invoice_id=invoice.pk, lines=[(days.pk, D(1))])
    assert (note.net_minor, note.tax_minor) == (120000, 0)
    _both_valid(note)
    _both_valid(services.invoice_credit(ready.owner, invoice_id=invoice.pk, amount="99.99"))


def test_last_months_overage_beside_this_months_fee_is_valid(ready, einvoice_rules):
    from fracos.engagements.services import engagement_update

    engagement_update(ready.owner, ready.retainer.pk, overage_policy="bill", overage_rate="150")
    for n in range(10):
        log(ready, ready.retainer, f"2026-10-{5 + n:02d}", "8")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    assert [line.kind for line in issued.lines.all()] == ["fee", "overage"]
    # The document's period spans October's overage and November's fee (PEPPOL-EN16931-R110).
    xml = render.ubl_xml(issued).decode()
    assert "<cbc:StartDate>2026-10-01</cbc:StartDate>" in xml
    _both_valid(issued)


def _fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_a_latin_invoice_embeds_only_the_bundled_fonts_whole(ready):
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    services.invoice_line_add(
        ready.owner,
        invoice_id=draft.pk,
        description="Łódź – Zürich, “Ørsted” workshop € 1½ day",
        quantity="1",
        unit_price="10",
    )
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    pdf = render.pdf_bytes(issued)
    assert _fonts(pdf) == {"Invoice-Sans", "Invoice-Sans-Bold"}
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Łódź – Zürich, “Ørsted” workshop € 1½ day" in text


def test_a_name_the_bundled_fonts_lack_falls_back_to_a_system_font(ready):
    client_update(ready.owner, ready.acme.pk, legal_name="Ακμή Logistics ΑΕ")
    draft = services.invoice_draft(ready.owner, client_id=ready.acme.pk, period=month("2026-11"))
    issued = services.invoice_issue(ready.owner, invoice_id=draft.pk)
    pdf = render.pdf_bytes(issued)
    assert "Invoice-Sans" in _fonts(pdf) and len(_fonts(pdf)) > 2
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ακμή Logistics ΑΕ" in text
