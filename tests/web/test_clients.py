"""Clients: listing, adding, editing, archiving, contacts, and one client's page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fracos.clients.models import Client as ClientRow
from fracos.clients.models import Contact
from tests.web.conftest import LEADER, OWNER, counts


def test_the_list_shows_active_clients_with_engagements_and_hours(cast, login):
    from fracos.timesheets.services import time_log

    time_log(cast.owner, seconds=5400, client="acme", work_date=date(2026, 11, 3))
    page = login(OWNER).get("/clients/").content.decode()
    assert "Acme Logistics" in page and "Brightwave Health" in page
    assert '<td class="num">1</td><td class="num">1h30m</td>' in page
    assert "Foreign Client" not in page


def test_archived_clients_appear_only_when_asked(cast, login):
    from fracos.clients.services import client_archive

    client_archive(cast.owner, cast.brightwave.pk)
    browser = login(OWNER)
    assert "Brightwave" not in browser.get("/clients/").content.decode()
    assert "Brightwave" in browser.get("/clients/?all=1").content.decode()


def test_a_leader_adds_a_client(cast, login):
    response = login(LEADER).post(
        "/clients/new/",
        {"name": "Cobalt Fintech", "country": "BE", "vat_number": "BE0812345603", "size": "11-50"},
    )
    client = ClientRow.objects.get(name="Cobalt Fintech")
    assert response.status_code == 302 and response["Location"] == f"/clients/{client.pk}/"
    assert (client.vat_number, client.currency, client.size) == ("BE0812345603", "EUR", "11-50")


def test_a_duplicate_name_is_refused_beside_the_name(cast, login):
    before = counts()
    response = login(OWNER).post("/clients/new/", {"name": "acme logistics", "city": "Ghent"})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_name_error"' in page and "exists already" in page
    assert 'value="Ghent"' in page
    assert counts() == before


def test_an_invalid_vat_number_is_refused_beside_it(cast, login):
    response = login(OWNER).post("/clients/new/", {"name": "Zeta", "vat_number": "BE0000000001"})
    assert 'id="id_vat_number_error"' in response.content.decode()
    assert not ClientRow.objects.filter(name="Zeta").exists()


def test_a_client_is_edited(cast, login):
    response = login(OWNER).post(
        f"/clients/{cast.acme.pk}/edit/",
        {"name": "Acme Logistics", "country": "BE", "city": "Antwerp", "notes": "Pays late"},
    )
    assert response.status_code == 302
    cast.acme.refresh_from_db()
    assert (cast.acme.city, cast.acme.notes, cast.acme.vat_number) == ("Antwerp", "Pays late", "")


def test_a_client_is_archived(cast, login):
    login(OWNER).post(f"/clients/{cast.brightwave.pk}/archive/")
    cast.brightwave.refresh_from_db()
    assert cast.brightwave.status == "archived"


def test_the_client_page_shows_contacts_engagements_and_adds_a_contact(cast, login):
    browser = login(OWNER)
    response = browser.post(
        f"/clients/{cast.acme.pk}/",
        {"contact_name": "Ann CEO", "contact_email": "ann@acme.example", "contact_role": "CEO"},
    )
    assert response.status_code == 302
    page = browser.get(f"/clients/{cast.acme.pk}/").content.decode()
    assert "Ann CEO" in page and "mailto:ann@acme.example" in page
    assert f'href="/engagements/{cast.retainer.pk}/"' in page


def test_a_contact_without_a_name_is_refused_beside_it(cast, login):
    response = login(OWNER).post(f"/clients/{cast.acme.pk}/", {"contact_email": "a@b.example"})
    assert response.status_code == 422
    assert 'id="id_contact_name_error"' in response.content.decode()
    assert not Contact.objects.exists()


def test_the_client_list_query_count_does_not_grow_with_clients(
    cast, login, django_assert_max_num_queries
):
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    for n in range(30):
        client = client_add(cast.owner, name=f"Client {n:02d}")
        engagement_add(
            cast.owner,
            client_id=client.pk,
            role_title="Advisor",
            pricing_model="retainer",
            fee=Decimal("1000"),
            start_date=date(2026, 1, 1),
        )
    browser = login(OWNER)
    with django_assert_max_num_queries(12):
        page = browser.get("/clients/").content.decode()
    assert page.count('<th scope="row"><a href="/clients/') == 32
