"""The web's access helper: every view gets its Actor here, or the visitor is turned away."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from fracos.core.access import Actor
from fracos.core.errors import PermissionDenied
from fracos.practice.selectors import actor_for_member, member_for_user

View = Callable[..., HttpResponse]


def staff_view(view: View) -> View:
    """Signed-in practice members only; portal users and strangers see nothing (404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            member = member_for_user(request.user)
        except PermissionDenied:
            raise Http404("no practice") from None
        actor = actor_for_member(member)
        if not actor.is_staff:
            raise Http404("not for portal users")
        request.actor = actor  # type: ignore[attr-defined]
        request.practice = member.practice  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]
