"""Counting failed sign-ins per client address, so guessing tokens or passwords is slow.

A fixed window in Django's cache (local memory unless the deployment configures a
shared one): each failure increments a counter that expires with its window; once
the counter reaches the limit, the address is refused until the window ends. The
API uses it for bearer tokens; the web login can use the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str  # "api-token", "web-login": separate counters per door
    attempts: int = 10
    window_seconds: int = 60

    def key(self, address: str) -> str:
        return f"fracos:failures:{self.scope}:{address}"


API_TOKEN = Limit("api-token")
WEB_LOGIN = Limit("web-login")


def is_blocked(limit: Limit, address: str) -> bool:
    """True when ``address`` has failed ``limit.attempts`` times in the current window."""
    return int(cache.get(limit.key(address), 0)) >= limit.attempts


def record_failure(limit: Limit, address: str) -> int:
    """Count one failure; returns the failures so far in this window."""
    key = limit.key(address)
    # add() only sets when absent, so the window starts at the first failure.
    cache.add(key, 0, timeout=limit.window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=limit.window_seconds)
        return 1


def reset(limit: Limit, address: str) -> None:
    cache.delete(limit.key(address))
