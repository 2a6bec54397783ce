"""Signing in and out, changing a password, resetting a forgotten one by email."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from tests.web.conftest import OWNER


def test_a_member_changes_their_password(cast, login):
    browser = login(OWNER)
    response = browser.post(
        "/password/",
        {
            "old_password": cast.passwords[OWNER],
            "new_password1": "a-much-longer-secret-42",
            "new_password2": "a-much-longer-secret-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    assert Client().login(username=OWNER, password="a-much-longer-secret-42")


def test_a_wrong_old_password_is_shown_beside_it(cast, login):
    response = login(OWNER).post(
        "/password/", {"old_password": "nope", "new_password1": "x", "new_password2": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_old_password_error"' in page


def test_a_forgotten_password_is_reset_through_an_emailed_link(cast):
    browser = Client()
    assert browser.post("/password/reset/", {"email": OWNER}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [OWNER]
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = browser.get(link, follow=True)
    assert b"Set a new password" in form.content
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
    )
    assert done.status_code == 302
    assert Client().login(username=OWNER, password="brand-new-secret-77")


def test_a_member_added_without_a_password_can_set_one_by_reset(cast):
    from fracos.practice.services import member_add

    member_add(cast.owner, email="new@example.com", role="viewer")
    Client().post("/password/reset/", {"email": "new@example.com"})
    assert len(mail.outbox) == 1


def test_an_unknown_email_gets_the_same_answer_and_no_mail(cast):
    response = Client().post("/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and mail.outbox == []


def test_signing_out_ends_the_session(cast, login):
    browser = login(OWNER)
    assert browser.post("/logout/").status_code == 302
    assert browser.get("/").status_code == 302
