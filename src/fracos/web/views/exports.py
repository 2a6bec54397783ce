"""Export links: the file `fracos export` writes, downloaded from a list page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from fracos.core.errors import ValidationFailed
from fracos.insights.export_files import export_file
from fracos.web.access import actor_of, staff_view


@staff_view
def export_download(request: HttpRequest, what: str) -> HttpResponse | StreamingHttpResponse:
    """?format=… and ?period=… as the command's options; an unknown list is a 404."""
    try:
        found = export_file(
            actor_of(request), what, request.GET.get("format"), request.GET.get("period")
        )
    except ValidationFailed as exc:
        # A hand-edited link: say what is wrong instead of handing out a file.
        return render(request, "web/export_refused.html", {"message": exc.message}, status=400)
    response = StreamingHttpResponse(
        (piece.encode() for piece in found.pieces), content_type=found.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
