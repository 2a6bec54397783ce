"""Interactive docs that work offline: ninja's bundled Swagger UI, served from this package.

Without ``ninja`` in INSTALLED_APPS, ninja renders its docs page from a CDN. Rather
than add an app to the settings for three files, the docs page here points at
``docs/assets/…`` and a small view streams those files from ninja's package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import DocsBase

from fracos.api.errors import error_response

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" href="{assets}favicon.png" type="image/png">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout"}
        assets = reverse("api-docs-asset", kwargs={"name": "x"})[:-1]
        html = PAGE.format(
            title=escape(api.title),
            assets=assets,
            # "</" cannot close the script element when escaped.
            settings=json.dumps(settings).replace("</", "<\\/"),
        )
        return HttpResponse(html)


def docs_asset(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in ASSETS:
        return error_response(404, "not_found", f"no API docs asset named {name!r}")
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
