"""The warm network: the list and its filters, the top list, outreach, and the CSV import."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fracos.pipeline.models import NetworkContact, Outreach
from tests.web.conftest import OWNER, VIEWER
from tests.web.pipeline_data import build

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Sofie,Claes,https://x,sofie@zeta.example,Zeta Robotics,CEO,12 Mar 2021\n"
    "Jan,Peeters,https://x,jan@zeta.example,Zeta Robotics,CEO,01 Feb 2020\n"
    "Tom,De Smet,https://x,,Kettle Payments,CFO,\n"
)
BAD = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    "Sofie,Claes,sofie@zeta.example,Zeta Robotics,CEO,12 Mar 2021\n"
    ",,nobody@x.example,Ghost,,\n"
    "Pieter,Janssens,not-an-email,Northwind,COO,\n"
    "Anna,Müller,anna@hafen.example,Hafen,VP,32 Foo 2020\n"
)


@pytest.fixture
def world(cast):
    return build(cast)


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("Connections.csv", text.encode(), content_type="text/csv")


def test_the_list_shows_the_top_count_against_the_playbook_and_what_is_due(world, login):
    html = login(OWNER).get("/network/").content.decode()
    assert "<strong>1 of 20</strong>" in html
    assert "Jan Peeters" in html and "Ann Smet" in html
    # Jan's next step was due on 17 Nov; today is 18 Nov.
    assert "Send pilot outline" in html and "since 17 Nov" in html
    assert "10 Nov 2026" in html  # Jan's last conversation


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?top=1", "Jan Peeters", "Ann Smet"),
        ("?fit=1", "Jan Peeters", "Ann Smet"),
        ("?warmth=warm", "Ann Smet", "Jan Peeters"),
        ("?warmth=hot", "Jan Peeters", "Ann Smet"),
    ],
)
def test_the_filters_narrow_the_list(world, login, query, shown, hidden):
    html = login(OWNER).get("/network/" + query).content.decode()
    table = html.split("<tbody>")[1]
    assert shown in table and hidden not in table


def test_the_contacts_list_reads_a_bounded_number_of_queries(
    world, login, django_assert_max_num_queries
):
    from fracos.pipeline.services import contact_add, outreach_log

    for i in range(50):
        contact = contact_add(world.cast.owner, name=f"Person {i:02}", organisation=f"Org {i}")
        outreach_log(world.cast.owner, contact.pk, summary="Hello", on=date(2026, 11, 1))
    browser = login(OWNER)
    with django_assert_max_num_queries(12):
        response = browser.get("/network/")
    assert response.content.decode().count("/network/") >= 52


def test_adding_a_contact_to_the_top_list(world, login):
    browser = login(OWNER)
    response = browser.post(
        "/network/new/",
        {
            "name": "Sofie Claes",
            "organisation": "Zeta Robotics",
            "email": "sofie@zeta.example",
            "warmth": "3",
            "fits_profile": "1",
            "top": "1",
        },
    )
    sofie = NetworkContact.objects.get(name="Sofie Claes")
    assert response["Location"] == f"/network/{sofie.pk}/"
    assert sofie.top and sofie.fits_profile and sofie.warmth == 3
    assert "<strong>2 of 20</strong>" in browser.get("/network/").content.decode()


def test_a_duplicate_email_is_refused_beside_the_field(world, login):
    response = login(OWNER).post(
        "/network/new/", {"name": "Other Jan", "email": "jan@zeta.example", "warmth": "2"}
    )
    assert response.status_code == 422
    assert b"a contact with jan@zeta.example exists already" in response.content
    assert b'value="Other Jan"' in response.content
    assert NetworkContact.objects.count() == 2


def test_the_top_list_holds_the_playbooks_twenty(world, login):
    from fracos.pipeline.services import contact_add

    for i in range(19):
        contact_add(world.cast.owner, name=f"Top {i}", top=True)
    browser = login(OWNER)
    response = browser.post(f"/network/{world.ann.pk}/top/", {"top": "1"}, follow=True)
    assert b"the top list holds 20 contacts" in response.content
    world.ann.refresh_from_db()
    assert not world.ann.top
    browser.post(f"/network/{world.jan.pk}/top/", {"top": "0"})
    browser.post(f"/network/{world.ann.pk}/top/", {"top": "1"})
    world.ann.refresh_from_db()
    assert world.ann.top


def test_logging_a_conversation_with_a_next_step(world, login):
    browser = login(OWNER)
    response = browser.post(
        f"/network/{world.ann.pk}/",
        {
            "on": "2026-11-18",
            "channel": "call",
            "summary": "Talked about their due diligence",
            "next_step": "Send a proposal",
            "next_step_on": "2026-11-18",
        },
    )
    assert response.status_code == 302
    page = browser.get(f"/network/{world.ann.pk}/").content.decode()
    assert "Talked about their due diligence" in page and "Call" in page
    assert "Next: Send a proposal · 18 Nov 2026" in page
    due = browser.get("/").content.decode()
    assert "Ann Smet</a>: Send a proposal" in due


def test_a_conversation_in_the_future_or_without_a_summary_is_refused(world, login):
    browser = login(OWNER)
    before = Outreach.objects.count()
    future = browser.post(
        f"/network/{world.ann.pk}/", {"on": "2026-12-01", "channel": "call", "summary": "x"}
    )
    assert future.status_code == 422 and b"is in the future" in future.content
    empty = browser.post(f"/network/{world.ann.pk}/", {"on": "2026-11-18", "channel": "call"})
    assert empty.status_code == 422 and b"summary: required" in empty.content
    assert Outreach.objects.count() == before


def test_editing_a_contact(world, login):
    browser = login(OWNER)
    browser.post(
        f"/network/{world.ann.pk}/edit/",
        {"organisation": "Lumen", "role": "CTO", "how_known": "Meetup", "warmth": "3"},
    )
    world.ann.refresh_from_db()
    assert (world.ann.organisation, world.ann.role, world.ann.warmth) == ("Lumen", "CTO", 3)


def test_the_import_dry_run_reports_without_writing_and_the_import_writes(world, login):
    browser = login(OWNER)
    check = browser.post("/network/import/", {"action": "check", "file": _upload(LINKEDIN)})
    html = check.content.decode()
    assert check.status_code == 200
    # Sofie and Tom are new; Jan's email is known already.
    assert "3 rows: 2 new contacts to import, 1 already known." in html
    assert NetworkContact.objects.count() == 2
    response = browser.post("/network/import/", {"action": "import", "csv_text": LINKEDIN})
    assert response["Location"] == "/network/"
    assert NetworkContact.objects.count() == 4
    sofie = NetworkContact.objects.get(email="sofie@zeta.example")
    assert sofie.connected_on == date(2021, 3, 12) and sofie.source == "csv"


def test_an_import_with_bad_rows_lists_each_with_its_line_and_writes_nothing(world, login):
    browser = login(OWNER)
    for action in ("check", "import"):
        response = browser.post("/network/import/", {"action": action, "file": _upload(BAD)})
        html = response.content.decode()
        assert response.status_code == 422
        assert "3 bad rows: nothing imported" in html
        assert '<td class="num">3</td><td>no first or last name</td>' in html
        assert '<td class="num">4</td><td>&#x27;not-an-email&#x27; is not an email address' in html
        assert '<td class="num">5</td><td>&#x27;Connected On&#x27; &#x27;32 Foo 2020&#x27;' in html
        assert NetworkContact.objects.count() == 2


def test_an_import_of_nothing_or_of_binary_is_refused(world, login):
    browser = login(OWNER)
    empty = browser.post("/network/import/", {"action": "check"})
    assert empty.status_code == 422 and b"choose a CSV file" in empty.content
    binary = browser.post(
        "/network/import/",
        {"action": "check", "file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")},
    )
    assert binary.status_code == 422 and b"not UTF-8 text" in binary.content


def test_a_viewer_reads_a_contact_without_the_outreach_form(world, login):
    page = login(VIEWER).get(f"/network/{world.jan.pk}/").content.decode()
    assert "Coffee: they struggle to hire seniors." in page and "Log it" not in page
