"""Keyset pagination of a selector's query: rows after a cursor, in a stable order.

Every paged list orders by one or more fields ending in the primary key, so
"after this row" is exact even while rows are added, and costs an index seek
instead of an OFFSET.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from fracos.core.paging import KeyPart, Order

M = TypeVar("M", bound=Model)


def _after(order: Sequence[str], key: tuple[KeyPart, ...]) -> Q:
    """Rows strictly after ``key`` in ``order`` (fields with "-" descend)."""
    condition: Q | None = None
    for i, field in enumerate(order):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": key[i]})
        for before, value in zip(order[:i], key[:i], strict=True):
            step &= Q(**{before.lstrip("-"): value})
        condition = step if condition is None else condition | step
    assert condition is not None  # an order has at least the primary key
    return condition


def keyset(
    qs: QuerySet[M], order: Order, *, after: tuple[KeyPart, ...] | None, limit: int | None
) -> list[M]:
    """Up to ``limit`` rows of ``qs`` after ``after``; the order ends with the pk."""
    if after is not None:
        qs = qs.filter(_after(order.fields, after))
    qs = qs.order_by(*order.fields)
    return list(qs[:limit] if limit is not None else qs)
