"""What the user typed, and the domain's verdict on it, for re-rendering a form.

Forms are validated by the services, not here: a view collects the raw
strings, calls the service, and on a ``DomainError`` puts the message beside
the field the error names (or above the form), keeping every value typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from fracos.core import clock
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.money import parse_amount

MAX_INPUT = 20000  # anything longer is refused before it reaches a service


@dataclass
class Form:
    fields: tuple[str, ...]
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Error fields named by the domain that a form shows under another name.
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def bound(
        cls,
        fields: Iterable[str],
        data: Mapping[str, Any],
        aliases: dict[str, str] | None = None,
    ) -> Form:
        names = tuple(fields)
        values = {name: str(data.get(name, "")) for name in names}
        return cls(names, values, aliases=aliases or {})

    @classmethod
    def initial(cls, fields: Iterable[str], values: Mapping[str, Any]) -> Form:
        names = tuple(fields)
        return cls(names, {n: "" if values.get(n) is None else str(values.get(n)) for n in names})

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def text(self, name: str, limit: int = MAX_INPUT) -> str:
        value = self.get(name)
        if len(value) > limit:
            raise ValidationFailed(f"{name}: longer than {limit:,} characters", field=name)
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        raw = self.get(name)
        if not raw:
            if required:
                raise ValidationFailed(f"{name}: a date is required (YYYY-MM-DD)", field=name)
            return None
        return clock.parse_date(raw, field=name)

    def date_or_none(self, name: str) -> date | None:
        try:
            return self.day(name)
        except ValidationFailed:
            return None

    def integer(self, name: str) -> int | None:
        raw = self.get(name)
        if not raw:
            return None
        if not raw.isdigit() or len(raw) > 12:
            raise ValidationFailed(f"{name}: {raw[:40]!r} is not a valid choice", field=name)
        return int(raw)

    def amount(self, name: str) -> Decimal | None:
        """A typed amount ("8000", "8,000.50"), or None when left empty; the service checks range."""
        raw = self.text(name, 40)
        return parse_amount(raw, field=name) if raw else None

    def checked(self, name: str) -> bool:
        return self.get(name) not in ("", "0", "False", "false", "off")

    def check_lengths(self) -> None:
        """Refuse what no field accepts: huge values and NUL characters (PostgreSQL rejects them)."""
        for name in self.fields:
            value = self.values.get(name, "")
            if len(value) > MAX_INPUT:
                raise ValidationFailed(f"{name}: longer than {MAX_INPUT:,} characters", field=name)
            if "\x00" in value:
                raise ValidationFailed(f"{name}: contains a NUL character", field=name)

    def fail(self, error: DomainError) -> None:
        name = self.aliases.get(error.field or "", error.field or "")
        if name in self.fields:
            self.errors[name] = error.message
        else:
            self.problems.append(error.message)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.problems)
