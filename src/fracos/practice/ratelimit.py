"""Counting failed sign-ins per client address (and per username), so guessing is slow.

A window per door and subject, kept in the database (practice.models.FailedAttempt says
why not the cache): the first failure starts the window, each failure counts one, and once
the count reaches the limit the subject is refused until the window ends, whatever it
sends. The API uses it for bearer tokens, the web for passwords.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest

from fracos.core import clock
from fracos.practice.compiled import compiled_sql
from fracos.practice.models import FailedAttempt

_PLACEHOLDER_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Limit:
    scope: str  # "api-token", "web-login": separate counters per door
    attempts: int = 10
    window_seconds: int = 60

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.window_seconds)


API_TOKEN = Limit("api-token")
WEB_LOGIN = Limit("web-login")
# Per typed username, whatever the address: a guesser spread over many addresses is slowed too.
WEB_LOGIN_USER = Limit("web-login-user")
# The current password on the change form: a borrowed session must not test passwords freely.
WEB_PASSWORD = Limit("web-password")


def client_address(request: HttpRequest) -> str:
    """The address the request came from, seen through ``FRACOS_TRUSTED_PROXIES`` proxies.

    Each proxy appends the address it was reached from to X-Forwarded-For, so with N
    proxies the client is the N-th entry from the right; anything left of it is whatever
    the client chose to send. Without trusted proxies the header is never read.
    """
    peer = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies: int = settings.FRACOS_TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return peer  # fewer hops than proxies: not the path we were told about
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return peer


def username_subject(username: str) -> str:
    """What a typed username is counted under; hashed, as it is sometimes a password."""
    return hashlib.sha256(username.strip().casefold().encode()).hexdigest()


def retry_after(limit: Limit, subject: str) -> int | None:
    """Seconds until ``subject`` may try again, or None when it is not blocked."""
    now = clock.now()
    # Every API call asks this: its SQL is compiled once (practice/compiled.py).
    sql = compiled_sql(
        "failed-attempt",
        lambda: (
            FailedAttempt.objects.filter(scope="")
            .filter(subject="")
            .filter(window_started_at__gt=_PLACEHOLDER_TIME)
            .filter(count__gte=0)
            .order_by()
            .values_list("window_started_at")[:1]
        ),
        ("", "", _PLACEHOLDER_TIME, 0),
    )
    cutoff = connection.ops.adapt_datetimefield_value(now - limit.window)
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit.scope, subject, cutoff, limit.attempts])
        row = cursor.fetchone()
    if row is None:
        return None
    started: datetime = row[0]
    if started.tzinfo is None:  # SQLite's, naive in UTC
        started = started.replace(tzinfo=UTC)
    return max(1, math.ceil((started + limit.window - now).total_seconds()))


def is_blocked(limit: Limit, subject: str) -> bool:
    """True when ``subject`` has failed ``limit.attempts`` times in the current window."""
    return retry_after(limit, subject) is not None


def record_failure(limit: Limit, subject: str) -> int:
    """Count one failure; returns the failures so far in this window."""
    now = clock.now()
    expired = now - limit.window
    count = _upsert(limit.scope, subject, now, expired)
    if count == 1:
        # A window began: the moment to drop the door's finished windows, by an indexed age.
        FailedAttempt.objects.filter(scope=limit.scope, window_started_at__lte=expired).delete()
    return count


def reset(limit: Limit, subject: str) -> None:
    FailedAttempt.objects.filter(scope=limit.scope, subject=subject).delete()


def _upsert(scope: str, subject: str, now: datetime, expired: datetime) -> int:
    # One statement, so concurrent failures in several processes each count: the row is
    # created, counted up, or restarted when its window has ended. SET reads the old row.
    # The count is read back in the same transaction, which holds the row (PostgreSQL) or
    # the database (SQLite) until it ends: not RETURNING, which SQLite before 3.35 lacks.
    quote = connection.ops.quote_name
    table = quote(FailedAttempt._meta.db_table)
    started, count = quote("window_started_at"), quote("count")
    sql = (
        f"INSERT INTO {table} (scope, subject, {started}, {count}) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (scope, subject) DO UPDATE SET "
        f"{count} = CASE WHEN {table}.{started} <= %s THEN 1 ELSE {table}.{count} + 1 END, "
        f"{started} = CASE WHEN {table}.{started} <= %s "
        f"THEN excluded.{started} ELSE {table}.{started} END"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [scope, subject, adapt(now), adapt(expired), adapt(expired)])
        cursor.execute(
            f"SELECT {count} FROM {table} WHERE scope = %s AND subject = %s", [scope, subject]
        )
        row = cursor.fetchone()
    return int(row[0])
