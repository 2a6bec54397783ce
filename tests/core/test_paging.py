"""Keyset cursors: what goes in comes out, typed; anything else is refused as bad input."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.core.errors import ValidationFailed
from fracos.core.paging import Order, decode_cursor, encode_cursor, next_cursor

BY_NAME = Order(("name", "id"), (str, int))


def test_a_cursor_round_trips_its_key() -> None:
    text = encode_cursor(("Acme Logistics", 12))
    assert decode_cursor(text, (str, int)) == ("Acme Logistics", 12)
    assert decode_cursor(encode_cursor((date(2026, 11, 2), 7)), (date, int)) == (
        date(2026, 11, 2),
        7,
    )


@pytest.mark.parametrize(
    "parts",
    [
        ["Acme"],  # too short
        ["Acme", 0],  # ids start at one
        ["Acme", True],  # a boolean is not an id
        ["Acme", 2**63],  # beyond a database id
        [12, 12],  # wrong type of key
        ["x" * 301, 1],  # longer than any sorted name
        {"name": "Acme"},
    ],
)
def test_a_cursor_of_the_wrong_shape_is_refused(parts: object) -> None:
    import base64
    import json

    text = base64.urlsafe_b64encode(json.dumps(parts).encode()).decode()
    with pytest.raises(ValidationFailed) as refused:
        decode_cursor(text, (str, int))
    assert refused.value.field == "cursor"


@pytest.mark.parametrize("text", ["%%%", "not base64!", "", "WyIyMDI2LTEzLTAxIiwgMV0="])
def test_garbage_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        decode_cursor(text, (date, int))


class Row:
    def __init__(self, name: str, id: int) -> None:
        self.name, self.id = name, id


def test_the_next_cursor_points_at_the_last_row_shown_only_when_there_is_more() -> None:
    rows = [Row("Ann", 3), Row("Bob", 1), Row("Cas", 2)]
    assert next_cursor(rows, 3, BY_NAME) is None
    assert decode_cursor(next_cursor(rows, 2, BY_NAME) or "", (str, int)) == ("Bob", 1)
