"""Cursor pagination, the same for every list: ``limit`` and ``cursor`` in, ``next_cursor`` out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, StringConstraints

from fracos.core.paging import (
    MAX_ID,
    MAX_TEXT,
    KeyPart,
    Order,
    cursor_after,
    encode_cursor,
    next_cursor,
)

# The longest cursor a list can hand out: a text key part at its longest, of characters
# JSON escapes as surrogate pairs (12 bytes each), and the largest id. Any more, or anything
# but base64's URL-safe alphabet, is not a cursor, and is refused as such before a
# multibyte one, percent-encoded, outgrows the request line (cli/serve.py).
MAX_CURSOR = len(encode_cursor(("\U0001f600" * MAX_TEXT, MAX_ID)))

Cursor = Annotated[
    str,
    StringConstraints(max_length=MAX_CURSOR, pattern=r"^[A-Za-z0-9_=-]+$"),
    Field(description="The `next_cursor` of the previous page."),
]


class PageQuery(Schema):
    cursor: Cursor | None = None
    limit: int = Field(100, ge=1, le=500, description="Items per page (1–500).")

    def after(self, order: Order) -> tuple[KeyPart, ...] | None:
        return cursor_after(self.cursor, order)


def page(
    found: Sequence[Any], query: PageQuery, order: Order, shape: Callable[[Any], Any]
) -> dict[str, Any]:
    """``found`` was asked for ``limit + 1`` rows: the extra one says there is a next page."""
    return {
        "items": [shape(row) for row in found[: query.limit]],
        "next_cursor": next_cursor(list(found), query.limit, order),
    }


NEXT_CURSOR = Field(description="Pass as `cursor` for the next page; null at the end.")
