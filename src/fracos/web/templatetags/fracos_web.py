"""Template helpers: a labelled, accessible form field; durations; SVG-friendly numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from fracos.core.durations import format_duration
from fracos.web.forms import Form

register = template.Library()


@register.inclusion_tag("web/_partials/field.html")
def field(
    form: Form,
    name: str,
    label: str,
    type: str = "text",
    choices: Sequence[tuple[str, str]] = (),
    help: str = "",
    required: bool = False,
    autocomplete: str = "",
    prefix: str = "",
    extra: str = "",
) -> dict[str, Any]:
    """label + input (or textarea/select) + help + the error, tied together for screen readers."""
    ident = f"id_{prefix}{name}"
    return {
        "id": ident,
        "name": name,
        "label": label,
        "type": type,
        "choices": [(str(v), str(t)) for v, t in choices],
        "value": form.values.get(name, ""),
        "error": form.errors.get(name, ""),
        "help": help,
        "required": required,
        "autocomplete": autocomplete,
        "extra": extra,
    }


@register.filter
def duration(seconds: int | None) -> str:
    return format_duration(int(seconds or 0))


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
