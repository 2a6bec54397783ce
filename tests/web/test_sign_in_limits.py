"""Guessing passwords is slow: failed sign-ins are counted per address and per username."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from fracos.core import clock
from tests.conftest import NOW
from tests.web.conftest import LEADER, OWNER


def sign_in(browser: Client, email: str, password: str, **extra: str) -> Any:
    return browser.post("/login/", {"username": email, "password": password}, **extra)


def signed_in(browser: Client) -> bool:
    return "_auth_user_id" in browser.session


def test_the_right_password_is_refused_while_an_address_is_blocked(cast: Any) -> None:
    browser = Client()
    for _ in range(10):
        assert sign_in(browser, OWNER, "wrong-guess").status_code == 200
    refused = sign_in(browser, OWNER, cast.passwords[OWNER])
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert "Too many failed sign-ins; wait 60 seconds and try again." in page
    assert 'role="alert"' in page and f'value="{OWNER}"' in page
    assert not signed_in(browser)


def test_the_right_password_signs_in_once_the_window_ends(cast: Any) -> None:
    browser = Client()
    for _ in range(10):
        sign_in(browser, OWNER, "wrong-guess")
    with clock.freeze(NOW + timedelta(seconds=45)):
        waiting = sign_in(browser, OWNER, cast.passwords[OWNER])
        assert waiting.status_code == 429 and waiting["Retry-After"] == "15"
    with clock.freeze(NOW + timedelta(seconds=60)):
        assert sign_in(browser, OWNER, cast.passwords[OWNER]).status_code == 302
    assert signed_in(browser)


def test_another_address_is_not_held_up_by_a_guesser(cast: Any) -> None:
    guesser = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(10):
        sign_in(guesser, "nobody@example.com", "wrong-guess")
    assert sign_in(guesser, LEADER, cast.passwords[LEADER]).status_code == 429
    colleague = Client(REMOTE_ADDR="192.0.2.2")
    assert sign_in(colleague, LEADER, cast.passwords[LEADER]).status_code == 302


def test_a_guesser_spread_over_addresses_is_slowed_for_that_username(cast: Any) -> None:
    for host in range(10):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{host}"), OWNER, "wrong-guess")
    fresh = Client(REMOTE_ADDR="198.51.100.200")
    assert sign_in(fresh, OWNER.upper(), cast.passwords[OWNER]).status_code == 429
    assert sign_in(fresh, LEADER, cast.passwords[LEADER]).status_code == 302


def test_a_success_resets_the_addresss_count(cast: Any) -> None:
    browser = Client()
    for _ in range(9):
        sign_in(browser, "first@example.com", "wrong-guess")
    assert sign_in(browser, LEADER, cast.passwords[LEADER]).status_code == 302
    browser.logout()
    for _ in range(9):
        sign_in(browser, "second@example.com", "wrong-guess")
    assert sign_in(browser, OWNER, cast.passwords[OWNER]).status_code == 302


def test_an_empty_form_is_not_a_failed_sign_in(cast: Any) -> None:
    browser = Client()
    for _ in range(12):
        assert sign_in(browser, OWNER, "").status_code == 200
    assert sign_in(browser, OWNER, cast.passwords[OWNER]).status_code == 302


def test_behind_a_proxy_each_client_is_counted_by_its_forwarded_address(
    cast: Any, settings: Any
) -> None:
    settings.FRACOS_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(10):
        sign_in(proxy, "nobody@example.com", "x", HTTP_X_FORWARDED_FOR="203.0.113.7")
    right = cast.passwords[OWNER]
    assert sign_in(proxy, OWNER, right, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # A forged entry on the left is not the address the proxy saw.
    forged = "203.0.113.8, 203.0.113.7"
    assert sign_in(proxy, OWNER, right, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    assert sign_in(proxy, OWNER, right, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302


def test_a_wrong_current_password_is_counted_per_member(cast: Any, login: Any) -> None:
    browser = login(OWNER)
    change = {
        "new_password1": "a-much-longer-secret-42",
        "new_password2": "a-much-longer-secret-42",
    }
    for _ in range(10):
        assert browser.post("/password/", {"old_password": "nope", **change}).status_code == 200
    refused = browser.post("/password/", {"old_password": cast.passwords[OWNER], **change})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert 'id="id_old_password_error"' in page and "Too many failed attempts" in page
    assert Client().login(username=OWNER, password=cast.passwords[OWNER])
    # Another member's form is not held up.
    leader = login(LEADER)
    assert leader.post("/password/", {"old_password": "nope", **change}).status_code == 200
    with clock.freeze(NOW + timedelta(seconds=61)):
        done = browser.post("/password/", {"old_password": cast.passwords[OWNER], **change})
        assert done.status_code == 302


def test_a_signed_out_visitor_cannot_reach_the_password_form(cast: Any) -> None:
    from fracos.practice.models import FailedAttempt

    response = Client().post("/password/", {"old_password": "nope"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not FailedAttempt.objects.exists()
