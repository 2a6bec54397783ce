"""Cursor pagination, the same for every list: ``limit`` and ``cursor`` in, ``next_cursor`` out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from fracos.api.schemas import _text
from fracos.core.paging import KeyPart, Order, cursor_after, next_cursor

Cursor = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(_text),
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
