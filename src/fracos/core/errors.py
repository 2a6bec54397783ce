"""Domain errors, raised in logic and turned into one clear message at each edge.

Each carries the offending ``field`` (when there is one) so forms can show the
message beside the field and the API can name it in its JSON body.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; never a bug."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationFailed(DomainError):
    code = "validation_failed"
    http_status = 422


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class Ambiguous(DomainError):
    code = "ambiguous"
    http_status = 409


class PermissionDenied(DomainError):
    code = "forbidden"
    http_status = 403


class Conflict(DomainError):
    code = "conflict"
    http_status = 409


class RuleViolation(DomainError):
    """The request is well-formed but breaks a rule of the operating model."""

    code = "rule_violation"
    http_status = 409
