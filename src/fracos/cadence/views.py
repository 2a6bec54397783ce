"""The one web view of the cadence: a member's calendar feed, authorised by its secret token."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fracos.cadence.feed import calendar_for_token
from fracos.core.errors import NotFound


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        body = calendar_for_token(token)
    except NotFound:
        raise Http404("no such calendar feed") from None
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
