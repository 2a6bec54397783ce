"""Bearer tokens: who is calling, and whether this token may write."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest
from ninja.security import HttpBearer

from fracos.api.errors import TooManyFailures
from fracos.core.access import VIEWER, Actor
from fracos.core.errors import PermissionDenied
from fracos.practice import ratelimit
from fracos.practice.selectors import actor_for_member
from fracos.practice.services import token_authenticate

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        address = ratelimit.client_address(request)
        wait = ratelimit.retry_after(ratelimit.API_TOKEN, address)
        if wait is not None:
            raise TooManyFailures(wait)
        try:
            found = token_authenticate(token)
        except PermissionDenied:
            ratelimit.record_failure(ratelimit.API_TOKEN, address)
            return None
        actor = actor_for_member(found.member)
        if found.read_only:
            if request.method not in SAFE_METHODS:
                raise PermissionDenied("this token is read-only")
            if actor.can_write:
                # Belt and braces: a read-only token acts as a viewer everywhere.
                actor = replace(actor, role=VIEWER)
        return actor


def actor_of(request: HttpRequest) -> Actor:
    actor = getattr(request, "auth", None)
    if not isinstance(actor, Actor):
        raise PermissionDenied("sign in with a token first")
    return actor
