"""The member's calendar feed: whether one is live, a new secret URL (shown once), revoking it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fracos.cadence.selectors import calendar_token_live
from fracos.cadence.services import calendar_token_issue, calendar_token_revoke
from fracos.web.access import actor_of, staff_view
from fracos.web.views.common import page


def feed_url(token: str) -> str:
    # The URL a calendar app can reach: the configured base URL, as `fracos calendar url` prints.
    return f"{settings.FRACOS_BASE_URL}{reverse('calendar-feed', args=[token])}"


def _page(request: HttpRequest, url: str = "") -> HttpResponse:
    context = {"live": calendar_token_live(actor_of(request)), "url": url}
    return page(request, "web/calendar.html", context, nav="cadence")


@staff_view
def calendar_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_view
def calendar_issue(request: HttpRequest) -> HttpResponse:
    """A new URL; any live one is revoked first (it cannot be shown again: only its hash is kept)."""
    if request.method != "POST":
        return redirect("calendar")
    token = calendar_token_issue(actor_of(request), rotate=True)
    return _page(request, feed_url(token))


@staff_view
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("calendar")
    count = calendar_token_revoke(actor_of(request))
    messages.success(
        request,
        "Calendar feed revoked: its URL stops working now." if count else "There was no live feed.",
    )
    return redirect("calendar")
