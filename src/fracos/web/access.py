"""The web's access helpers: every view gets its Actor here, or the visitor is turned away.

- ``staff_view``: the practice's own members. Anonymous visitors go to sign in,
  portal users and strangers get 404, a viewer's POST gets 403.
- ``writer_view``: a form page; like ``staff_view`` but a viewer gets 403 even on GET.
- ``portal_view``: client-portal users only; everyone else gets 404.

Inside a view, ``NotFound`` becomes 404 (another practice's id leaks nothing)
and ``PermissionDenied`` the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from fracos.core.access import Actor
from fracos.core.errors import NotFound, PermissionDenied
from fracos.practice.models import Member, Practice
from fracos.practice.selectors import actor_for_member, member_for_user

View = Callable[..., HttpResponseBase]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/403.html", {"message": message}, status=403)


def _member(request: HttpRequest) -> Member | None:
    try:
        return member_for_user(request.user)
    except PermissionDenied:
        return None


def _guarded(request: HttpRequest, view: View, *args: Any, **kwargs: Any) -> HttpResponseBase:
    try:
        return view(request, *args, **kwargs)
    except NotFound:
        raise Http404("not found") from None
    except PermissionDenied as exc:
        return forbidden(request, exc.message)


def staff_view(view: View) -> View:
    """Signed-in practice members only; portal users and strangers see nothing (404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        member = _member(request)
        if member is None:
            raise Http404("no practice")
        actor = actor_for_member(member)
        if not actor.is_staff:
            raise Http404("not for portal users")
        request.actor = actor  # type: ignore[attr-defined]
        request.practice = member.practice  # type: ignore[attr-defined]
        if request.method not in ("GET", "HEAD") and not actor.can_write:
            return forbidden(request, f"a {actor.role} can look but not change anything")
        return _guarded(request, view, *args, **kwargs)

    return wrapper


def writer_view(view: View) -> View:
    """A page that exists to change something (a form): owners and leaders only, even to GET."""

    @wraps(view)
    def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        actor = actor_of(request)
        if not actor.can_write:
            return forbidden(request, f"a {actor.role} can look but not change anything")
        return view(request, *args, **kwargs)

    return staff_view(inner)


def portal_view(view: View) -> View:
    """Signed-in client-portal users only, each narrowed to their own client."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        member = _member(request)
        if member is None or member.role != "portal" or member.client_id is None:
            raise Http404("the portal is for clients")
        request.actor = actor_for_member(member)  # type: ignore[attr-defined]
        request.practice = member.practice  # type: ignore[attr-defined]
        if request.method not in ("GET", "HEAD"):
            return forbidden(request, "the client portal is read-only")
        return _guarded(request, view, *args, **kwargs)

    return wrapper


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def practice_of(request: HttpRequest) -> Practice:
    """The signed-in member's practice, fetched with the membership (no extra query)."""
    return request.practice  # type: ignore[attr-defined, no-any-return]
