"""/api/v1/: the API, its docs' assets, and JSON (not HTML) for unknown paths."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from fracos.api.docs import docs_asset
from fracos.api.errors import error_response
from fracos.api.main import api


def unknown(request: HttpRequest, rest: str = "") -> JsonResponse:
    return error_response(404, "not_found", f"no API endpoint at /api/v1/{rest}")


urlpatterns = [
    path("docs/assets/<str:name>", docs_asset, name="api-docs-asset"),
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
