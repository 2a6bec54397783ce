"""Opaque keyset cursors: the sort key of the last row a page showed, and nothing else.

A cursor is URL-safe base64 of a JSON list, e.g. ``["Acme Logistics", 12]``. It
is decoded against the shape the list expects, so a cursor made up by hand, or
one from another list, is refused as bad input instead of reaching a query.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from fracos.core.errors import ValidationFailed

KeyPart = str | int | date
MAX_ID = 2**63 - 1
MAX_TEXT = 300


@dataclass(frozen=True, slots=True)
class Order:
    """How a list is sorted: fields (``-`` descends) ending in ``id``, and their types."""

    fields: tuple[str, ...]
    shape: tuple[type, ...]

    def key_of(self, row: Any) -> tuple[KeyPart, ...]:
        return tuple(getattr(row, field.lstrip("-")) for field in self.fields)


def encode_cursor(parts: tuple[KeyPart, ...]) -> str:
    plain = [p.isoformat() if isinstance(p, date) else p for p in parts]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode()


def _part(value: object, kind: type) -> KeyPart:
    if kind is int and type(value) is int and 0 < value <= MAX_ID:
        return value
    if kind is str and isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(value)


def decode_cursor(text: str, shape: tuple[type, ...]) -> tuple[KeyPart, ...]:
    """The key parts of ``text``, typed as ``shape`` says (int, str or date)."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(text.encode("ascii")).decode())
        if not isinstance(raw, list) or len(raw) != len(shape):
            raise ValueError(raw)
        return tuple(_part(value, kind) for value, kind in zip(raw, shape, strict=True))
    except (ValueError, UnicodeError, binascii.Error, RecursionError):
        raise ValidationFailed("cursor: not a cursor this list returned", field="cursor") from None


def cursor_after(text: str | None, order: Order) -> tuple[KeyPart, ...] | None:
    return decode_cursor(text, order.shape) if text else None


def next_cursor(rows: list[Any], limit: int, order: Order) -> str | None:
    """The cursor of the page's last row when ``rows`` (asked as limit + 1) has more."""
    if len(rows) <= limit:
        return None
    return encode_cursor(order.key_of(rows[limit - 1]))
