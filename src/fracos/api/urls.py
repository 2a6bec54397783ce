"""/api/v1/: the API, its docs' assets, and JSON (not HTML) for unknown paths and methods."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path

from fracos.api.docs import docs_asset
from fracos.api.errors import error_response
from fracos.api.main import api


def unknown(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error_response(404, "not_found", f"no API endpoint at /api/v1/{rest}")


JSON = "application/json"


def json_refusal(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """``view`` with ninja's plain-text 405 (a method the path does not take) as a JSON error."""

    @wraps(view)
    def refusing(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(JSON):
            return response
        # ninja lists the methods from a set: sorted, the header is the same on every run.
        allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",")))
        refused = error_response(
            405,
            "method_not_allowed",
            f"{request.method} is not allowed on {request.path}; use {allowed}",
        )
        refused["Allow"] = allowed
        return refused

    return refusing


def _api_patterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_refusal(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("docs/assets/<str:name>", docs_asset, name="api-docs-asset"),
    path("", _api_patterns()),
    re_path(r"^(?P<rest>.*)$", unknown),
]
