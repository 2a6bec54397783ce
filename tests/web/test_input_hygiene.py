"""Forms refuse text that would break invoices beside its field; dates at the calendar's edge
never make a page fail."""

from __future__ import annotations

import pytest

from fracos.clients.models import Client as ClientRow
from fracos.practice.models import Practice
from tests.web.conftest import OUTSIDER, OWNER, counts

PRACTICE = {
    "name": "Peeters Tech Leadership",
    "legal_name": "Peeters Tech Leadership BV",
    "country": "BE",
    "currency": "EUR",
    "timezone": "Europe/Brussels",
    "locale": "en_BE",
}


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"name": "Newline\nCorp"}, "name"),
        ({"name": "Zed", "currency": "XYZ"}, "currency"),
        ({"name": "Zed", "street": "Main\u0002 St"}, "street"),
        ({"name": "Zed", "notes": "bell\u0007"}, "notes"),
    ],
)
def test_a_new_client_with_breaking_text_is_refused_beside_the_field(cast, login, form, field):
    before = counts()
    response = login(OWNER).post("/clients/new/", form)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    assert counts() == before


def test_a_blank_currency_on_edit_keeps_the_clients_currency_and_invoices_still_list(cast, login):
    from fracos.billing.services import invoice_draft
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    invoice_draft(cast.owner, client_id=cast.acme.pk)
    browser = login(OWNER)
    edited = browser.post(
        f"/clients/{cast.acme.pk}/edit/",
        {"name": "Acme Logistics", "country": "BE", "currency": ""},
    )
    assert edited.status_code == 302
    assert ClientRow.objects.get(pk=cast.acme.pk).currency == "EUR"
    assert browser.get("/invoices/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [("currency", ""), ("timezone", ""), ("country", ""), ("legal_name", "Peeters\u0002 BV")],
)
def test_practice_details_that_would_break_invoices_are_refused_beside_the_field(
    cast, login, field, value
):
    response = login(OWNER).post("/settings/practice/", {**PRACTICE, field: value})
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.content.decode()
    practice = Practice.objects.get(pk=cast.practice.pk)
    assert (practice.currency, practice.timezone, practice.country, practice.legal_name) == (
        "EUR",
        "Europe/Brussels",
        "BE",
        "Peeters Tech Leadership",
    )


def test_an_invoice_line_with_a_control_character_is_refused_and_not_added(cast, login):
    from fracos.billing.models import InvoiceLine
    from fracos.billing.services import invoice_draft
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    draft = invoice_draft(cast.owner, client_id=cast.acme.pk)
    response = login(OWNER).post(
        f"/invoices/{draft.pk}/lines/", {"description": "Line\u0002ctrl", "unit_price": "100"}
    )
    assert response.status_code == 422
    assert "description: contains a control character" in response.content.decode()
    assert InvoiceLine.objects.filter(invoice=draft).count() == 1


def test_an_outsider_cannot_edit_this_practices_client(cast, login):
    response = login(OUTSIDER).post(
        f"/clients/{cast.acme.pk}/edit/", {"name": "Ours\nnow", "country": "BE"}
    )
    assert response.status_code == 404
    assert ClientRow.objects.get(pk=cast.acme.pk).name == "Acme Logistics"


EDGE_DAYS = ["0001-01-01", "0001-01-07", "9999-12-25", "9999-12-31"]


@pytest.mark.parametrize("day", EDGE_DAYS)
def test_the_time_page_at_the_calendars_edge_shows_this_week(cast, login, day):
    response = login(OWNER).get(f"/time/?date={day}")
    assert response.status_code == 200
    assert "Week 2026-W47" in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-08", "9999-12-24"])
def test_the_last_weeks_the_calendar_can_link_around_still_show(cast, login, day):
    response = login(OWNER).get(f"/time/?date={day}")
    assert response.status_code == 200
    assert "Week 2026-W47" not in response.content.decode()


def test_logging_on_a_day_at_the_calendars_edge_is_refused_without_a_500(cast, login):
    before = counts()
    response = login(OWNER).post(
        "/time/log/", {"kind": "client", "work_date": "0001-01-01", "line": "acme 1h"}
    )
    assert response.status_code == 422
    assert counts() == before


@pytest.mark.parametrize("day", EDGE_DAYS)
def test_the_dashboard_at_the_calendars_edge_shows_this_week(cast, login, day):
    response = login(OWNER).get(f"/?date={day}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["from=9999-12", "to=9999-12", "from=0001-01&to=9999-12", "from=0000-01"]
)
def test_the_invoice_list_filtered_beyond_the_calendar_says_so_beside_the_filter(
    cast, login, query
):
    response = login(OWNER).get(f"/invoices/?{query}")
    page = response.content.decode()
    assert 'id="id_from_error"' in page or 'id="id_to_error"' in page


def test_the_invoice_list_filtered_to_the_first_month_answers(cast, login):
    assert login(OWNER).get("/invoices/?from=0001-01").status_code == 200


def test_an_outsider_sees_none_of_this_practices_time_at_any_date(cast, login):
    from datetime import date

    from fracos.timesheets.services import time_log

    time_log(cast.owner, seconds=3600, client="acme", work_date=date(2026, 11, 16), note="Ours")
    page = login(OUTSIDER).get("/time/?date=0001-01-01").content.decode()
    assert "Ours" not in page and "Acme" not in page
