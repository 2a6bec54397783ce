from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import defaults

from fracos.api.errors import error_response

urlpatterns = [
    path("api/v1/", include("fracos.api.urls")),
    path("", include("fracos.cadence.urls")),
    path("", include("fracos.web.urls")),
]


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """What Django refuses before any view runs: JSON under /api/, its HTML page elsewhere."""
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return error_response(413, "too_large", "the request body is larger than this server takes")
    if isinstance(exception, DisallowedHost):
        # Not the value itself: it is whatever the client sent, and this server did not ask.
        message = "the Host header is not a name this server answers to (FRACOS_ALLOWED_HOSTS)"
        return error_response(400, "bad_host", message, "Host")
    return error_response(400, "bad_request", "the request could not be read")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return error_response(404, "not_found", f"nothing at {request.path}")


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_api(request):
        return defaults.server_error(request)
    return error_response(500, "server_error", "something went wrong on the server; try again")


handler400 = bad_request
handler404 = not_found
handler500 = server_error
