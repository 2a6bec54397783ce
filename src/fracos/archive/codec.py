"""Column values to JSON and back, by the column's kind: exact, and the same on every database."""

from __future__ import annotations

import base64
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models


def encode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return value.isoformat()
    if kind == "DateField":
        return value.isoformat()
    if kind == "DecimalField":
        return str(value)  # never a float: "1.2500" stays "1.2500"
    if kind == "BinaryField":
        # PostgreSQL hands back a memoryview, SQLite bytes: the same base64 text from both.
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return datetime.fromisoformat(value)
    if kind == "DateField":
        return date.fromisoformat(value)
    if kind == "DecimalField":
        return Decimal(value)
    if kind == "BinaryField":
        return base64.b64decode(value, validate=True)
    return value
