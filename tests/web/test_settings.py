"""Settings: the practice's details, the playbook's numbers with their defaults, the members."""

from __future__ import annotations

from fracos.practice.models import Member, Practice
from tests.web.conftest import LEADER, OWNER, VIEWER, counts

IDENTITY = {
    "name": "Peeters Tech Leadership",
    "legal_name": "Peeters Tech Leadership BV",
    "country": "BE",
    "currency": "EUR",
    "timezone": "Europe/Brussels",
    "locale": "en_BE",
    "iban": "BE17001700431521",
    "bic": "GEBABEBB",
}


def test_the_owner_saves_legal_and_bank_details(cast, login):
    response = login(OWNER).post("/settings/practice/", IDENTITY)
    assert response.status_code == 302
    practice = Practice.objects.get(pk=cast.practice.pk)
    assert (practice.legal_name, practice.iban, practice.bic) == (
        "Peeters Tech Leadership BV",
        "BE17001700431521",
        "GEBABEBB",
    )


def test_a_bad_iban_is_refused_beside_it(cast, login):
    response = login(OWNER).post("/settings/practice/", {**IDENTITY, "iban": "BE00123"})
    assert response.status_code == 422
    assert 'id="id_iban_error"' in response.content.decode()
    assert Practice.objects.get(pk=cast.practice.pk).iban == ""


def test_the_playbook_shows_each_setting_with_its_default_and_saves_changes(cast, login):
    browser = login(OWNER)
    page = browser.get("/settings/").content.decode()
    assert 'id="id_pb_retainer_warn_pct_help">Default: 80<' in page
    values = {}
    import re

    for name, value in re.findall(r'id="id_pb_(\w+)" name="\w+" type="text" value="([^"]*)"', page):
        values[name] = value
    values["renewal_warn_days"] = "90"
    assert browser.post("/settings/playbook/", values).status_code == 302
    assert Practice.objects.get(pk=cast.practice.pk).playbook == {"renewal_warn_days": 90}


def test_a_playbook_value_out_of_range_is_refused_beside_it(cast, login):
    response = login(OWNER).post("/settings/playbook/", {"retainer_warn_pct": "120"})
    assert response.status_code == 422
    assert 'id="id_pb_retainer_warn_pct_error"' in response.content.decode()
    assert Practice.objects.get(pk=cast.practice.pk).playbook == {}


def test_a_leader_reads_settings_but_cannot_change_them(cast, login):
    browser = login(LEADER)
    page = browser.get("/settings/").content.decode()
    assert "Only the practice's owner" in page and "Save playbook" not in page
    assert "Members" not in page
    before = counts()
    assert browser.post("/settings/practice/", IDENTITY).status_code == 403
    assert browser.post("/settings/playbook/", {"renewal_warn_days": "5"}).status_code == 403
    assert (
        browser.post(
            "/settings/members/add/", {"email": "a@b.example", "role": "owner"}
        ).status_code
        == 403
    )
    assert counts() == before


def test_the_owner_adds_and_removes_members(cast, login):
    browser = login(OWNER)
    response = browser.post(
        "/settings/members/add/",
        {"email": "sam@example.com", "role": "portal", "client": str(cast.brightwave.pk)},
    )
    assert response.status_code == 302
    member = Member.objects.get(user__username="sam@example.com")
    assert (member.role, member.client_id) == ("portal", cast.brightwave.pk)
    assert (
        browser.post("/settings/members/remove/", {"email": "sam@example.com"}).status_code == 302
    )
    assert not Member.objects.filter(user__username="sam@example.com").exists()


def test_a_portal_member_for_another_practices_client_is_refused(cast, login):
    before = counts()
    response = login(OWNER).post(
        "/settings/members/add/",
        {
            "email": "sam@example.com",
            "role": "portal",
            "client": str(cast.foreign_client.pk),
            "password": "x" * 12,
        },
    )
    page = response.content.decode()
    assert response.status_code == 422 and 'id="id_m_client_error"' in page
    assert "x" * 12 not in page
    assert counts() == before


def test_the_last_owner_cannot_be_removed_from_the_web(cast, login):
    browser = login(OWNER)
    response = browser.post("/settings/members/remove/", {"email": OWNER}, follow=True)
    assert "is the last owner" in response.content.decode()
    assert Member.objects.filter(user__username=OWNER).exists()


def test_a_viewer_sees_settings_read_only(cast, login):
    page = login(VIEWER).get("/settings/").content.decode()
    assert '<fieldset class="cols bare" disabled>' in page and "Save practice" not in page


def test_the_settings_page_query_count_does_not_grow_with_members(
    cast, login, django_assert_max_num_queries
):
    from fracos.practice.services import member_add

    for n in range(25):
        member_add(cast.owner, email=f"viewer{n}@example.com", role="viewer")
    browser = login(OWNER)
    with django_assert_max_num_queries(12):
        page = browser.get("/settings/").content.decode()
    assert page.count('action="/settings/members/remove/"') == 4 + 25
