"""What every staff page shares: the header timer, the role flags, htmx detection."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fracos.clients.selectors import client_list
from fracos.core import clock
from fracos.core.money import Money, from_minor
from fracos.timesheets.ledger import TimerRef
from fracos.timesheets.selectors import timer_status
from fracos.web.access import actor_of


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def timer_context(
    request: HttpRequest, timer: TimerRef | None = None, clients: list[Any] | None = None
) -> dict[str, Any]:
    actor = actor_of(request)
    practice = request.practice  # type: ignore[attr-defined]
    running = timer if timer is not None else timer_status(actor, practice=practice)
    since = ""
    if running:
        since = f"{running.started_at.astimezone(clock.zone(practice.timezone)):%H:%M}"
    return {
        "timer": running,
        "timer_since": since,
        "timer_clients": (clients if clients is not None else client_list(actor))
        if running is None and actor.can_write
        else [],
        "can_write": actor.can_write,
    }


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    nav: str,
    status: int = 200,
    clients: list[Any] | None = None,
) -> HttpResponse:
    """Render a staff page; ``clients`` (the active ones) saves the timer a query."""
    actor = actor_of(request)
    full = {
        "staff": True,
        "nav": nav,
        "role": actor.role,
        "can_write": actor.can_write,
        "is_owner": actor.is_owner,
        "practice": request.practice,  # type: ignore[attr-defined]
        **timer_context(request, clients=clients),
        **context,
    }
    return render(request, template, full, status=status)


def money(minor: int, currency: str) -> str:
    return str(Money(from_minor(minor, currency), currency))


def today_of(request: HttpRequest) -> Any:
    return clock.today(request.practice.timezone)  # type: ignore[attr-defined]
