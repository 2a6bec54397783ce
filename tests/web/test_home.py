"""The signed-in page with the practice and its week, and who may see it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fracos.timesheets.services import time_log


def _signed_in(email: str, password: str) -> Client:
    browser = Client()
    assert browser.login(username=email, password=password)
    return browser


def test_anonymous_visitors_are_sent_to_sign_in(cast):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_the_login_page_signs_a_member_in(cast):
    browser = Client()
    response = browser.post(
        "/login/", {"username": "owner@example.com", "password": "owner-pass-123"}
    )
    assert response.status_code == 302
    assert browser.get("/").status_code == 200


def test_a_wrong_password_shows_an_error_beside_the_form(cast):
    response = Client().post("/login/", {"username": "owner@example.com", "password": "nope"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content


def test_the_home_page_shows_the_practice_and_this_weeks_time(cast, django_assert_max_num_queries):
    time_log(cast.owner, seconds=7 * 3600, client="acme", work_date=date(2026, 11, 16))
    browser = _signed_in("owner@example.com", "owner-pass-123")
    # A first view (nothing cached): the panels read each figure once, 25 queries at most
    # (the health checks included), with 2 to spare; a repeat view is test_dashboard_cache's.
    with django_assert_max_num_queries(27):
        response = browser.get("/")
    page = response.content.decode()
    assert "Peeters Tech Leadership" in page
    assert "Week 2026-W47" in page
    assert "Acme Logistics" in page and "7h" in page
    assert "No business-development time" in page


@pytest.mark.parametrize("email", ["viewer@example.com", "leader@example.com"])
def test_staff_roles_can_read_the_week(cast, email):
    assert _signed_in(email, cast.passwords[email]).get("/").status_code == 200


def test_an_outsider_sees_only_their_own_practice(cast):
    time_log(cast.owner, seconds=3600, client="acme")
    page = _signed_in("out@example.com", "out-pass-123").get("/").content.decode()
    assert "Other Practice" in page
    assert "Acme Logistics" not in page and "Peeters" not in page


def test_a_portal_user_is_refused_the_leaders_page(cast):
    assert _signed_in("portal@acme.example", "portal-pass-123").get("/").status_code == 404


def test_a_bad_week_date_falls_back_to_this_week(cast):
    page = _signed_in("owner@example.com", "owner-pass-123").get("/?date=garbage")
    assert page.status_code == 200 and b"2026-W47" in page.content
