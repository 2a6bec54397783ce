"""Cached figures for the heavy pages, keyed by the data version so no write is ever missed.

The caller's key names everything the figures depend on besides the data
(practice, member, role, practice-local date, the page's parameters); the data
version (``insights/freshness.py``), read from the database on every call, is
added to it, so any committed write by any process makes the next view
recompute. The cache is per process (LocMem); the timeout only bounds memory
and the one gap freshness leaves (a process dying between commit and bump).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from fracos.insights.freshness import data_version

T = TypeVar("T")
TIMEOUT = 300


def cached_figures(key: str, compute: Callable[[], T]) -> T:
    version = data_version()
    if version is None:
        return compute()
    full = f"{key}:v{version}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, TIMEOUT)
    return found  # type: ignore[no-any-return]
