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


FORMAT_NAMES = {
    "csv": "CSV",
    "json": "JSON",
    "toggl-csv": "Toggl CSV",
    "hledger": "hledger journal",
    "beancount": "Beancount journal",
}


@register.inclusion_tag("web/_partials/export_links.html")
def export_links(what: str, label: str = "Export", span: Any = None) -> dict[str, Any]:
    """Plain download links for each format ``what`` exports in (no script needed);
    ``span`` (a clock.Period) narrows them to the period a page shows."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from fracos.insights.export_files import FORMATS

    base = reverse("export", args=[what])
    period = f"{span.start}..{span.last_day}" if span is not None else ""
    links = []
    for fmt in FORMATS[what]:
        query = {"format": fmt, **({"period": period} if period else {})}
        links.append({"href": f"{base}?{urlencode(query)}", "name": FORMAT_NAMES[fmt]})
    return {"label": label, "links": links}
