"""One JSON shape for every error: ``{"error": {"code", "message", "field"}}``."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from fracos.core.errors import DomainError

log = logging.getLogger(__name__)

ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)


class ErrorDetail(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Schema):
    error: ErrorDetail


ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys(ERROR_STATUSES, ErrorOut)


class TooManyFailures(Exception):
    """The client address failed to authenticate too often; it waits for the window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def error_response(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "field": field}}, status=status
    )


def _domain(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(exc.http_status, exc.code, exc.message, exc.field)


def _validation(request: HttpRequest, exc: Any) -> HttpResponse:
    first: dict[str, Any] = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "payload")]
    field = loc[-1] if loc else None
    where = ".".join(loc) or "request"
    message = f"{where}: {first.get('msg', 'is not valid')}"
    return error_response(422, "validation_failed", message, field)


def _auth(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(
        401, "unauthorized", "send a valid token as `Authorization: Bearer <token>`"
    )


def _http(request: HttpRequest, exc: Any) -> HttpResponse:
    codes = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 429: "throttled"}
    return error_response(exc.status_code, codes.get(exc.status_code, "error"), str(exc))


def _throttled(request: HttpRequest, exc: Any) -> HttpResponse:
    response = error_response(
        429,
        "too_many_failures",
        "too many failed authentications from this address; "
        f"wait {exc.retry_after} s before trying again",
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(DomainError, _domain)
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(AuthenticationError, _auth)
    api.add_exception_handler(HttpError, _http)
    api.add_exception_handler(TooManyFailures, _throttled)
