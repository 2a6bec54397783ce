"""The failure counters behind every sign-in door, and the client address they count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import RequestFactory

from fracos.core import clock
from fracos.practice import ratelimit
from fracos.practice.models import FailedAttempt
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

LIMIT = ratelimit.Limit("test", attempts=3, window_seconds=60)


def test_failures_count_up_to_a_block_that_says_how_long_it_lasts() -> None:
    assert [ratelimit.record_failure(LIMIT, "192.0.2.1") for _ in range(2)] == [1, 2]
    assert ratelimit.retry_after(LIMIT, "192.0.2.1") is None
    assert ratelimit.record_failure(LIMIT, "192.0.2.1") == 3
    with clock.freeze(NOW + timedelta(seconds=20.5)):
        assert ratelimit.retry_after(LIMIT, "192.0.2.1") == 40
    assert not ratelimit.is_blocked(LIMIT, "192.0.2.2")
    assert not ratelimit.is_blocked(ratelimit.Limit("other", attempts=3), "192.0.2.1")


def test_the_window_starts_at_the_first_failure_and_a_new_one_starts_afresh() -> None:
    for _ in range(3):
        ratelimit.record_failure(LIMIT, "192.0.2.1")
    with clock.freeze(NOW + timedelta(seconds=60)):
        assert not ratelimit.is_blocked(LIMIT, "192.0.2.1")
        assert ratelimit.record_failure(LIMIT, "192.0.2.1") == 1
    assert FailedAttempt.objects.get(subject="192.0.2.1").window_started_at == NOW + timedelta(
        seconds=60
    )


def test_finished_windows_are_pruned_when_a_new_one_begins() -> None:
    ratelimit.record_failure(LIMIT, "192.0.2.1")
    ratelimit.record_failure(ratelimit.Limit("other"), "192.0.2.1")
    with clock.freeze(NOW + timedelta(minutes=5)):
        ratelimit.record_failure(LIMIT, "192.0.2.9")
    assert sorted(FailedAttempt.objects.values_list("scope", "subject")) == [
        ("other", "192.0.2.1"),
        ("test", "192.0.2.9"),
    ]


def test_a_reset_forgets_one_subject_at_one_door() -> None:
    for subject in ("192.0.2.1", "192.0.2.2"):
        for _ in range(3):
            ratelimit.record_failure(LIMIT, subject)
    ratelimit.reset(LIMIT, "192.0.2.1")
    assert not ratelimit.is_blocked(LIMIT, "192.0.2.1")
    assert ratelimit.is_blocked(LIMIT, "192.0.2.2")


def test_a_username_is_counted_by_a_digest_of_its_folded_form() -> None:
    subject = ratelimit.username_subject(" Owner@Example.com ")
    assert subject == ratelimit.username_subject("owner@example.com")
    assert len(subject) == 64 and "owner" not in subject


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxies: the header is anyone's
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left entry is the client's say
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:DB8::0:1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_nth_forwarded_entry_from_the_right(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.FRACOS_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == expected


def test_a_proxy_count_that_is_not_a_number_stops_the_start(monkeypatch: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from fracos import settings as fracos_settings

    monkeypatch.setenv("FRACOS_TRUSTED_PROXIES", "one")
    with pytest.raises(ImproperlyConfigured, match="FRACOS_TRUSTED_PROXIES: 'one' is not a whole"):
        fracos_settings._count("FRACOS_TRUSTED_PROXIES", 0)


@pytest.mark.django_db(transaction=True)
def test_failures_from_concurrent_workers_all_count() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor == "sqlite":
        # The test database is shared-cache memory, whose table locks refuse a second
        # writer instead of waiting; a SQLite file serialises writers, one statement each.
        pytest.skip("concurrent writers need PostgreSQL or a SQLite file")

    def fail_ten_times(_: int) -> list[int]:
        try:
            return [ratelimit.record_failure(LIMIT, "192.0.2.1") for _ in range(10)]
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        counts = [count for batch in pool.map(fail_ten_times, range(4)) for count in batch]
    # Each failure saw its own count: none was lost to another worker's write.
    assert sorted(counts) == list(range(1, 41))
    assert FailedAttempt.objects.get(subject="192.0.2.1").count == 40
