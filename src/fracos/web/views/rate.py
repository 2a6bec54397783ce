"""The rate calculator: `fracos rate` as a page, recomputed live as the leader types."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.money import parse_amount, validate_currency
from fracos.core.pricing import (
    Quote,
    check_days_per_week,
    check_premium,
    check_salary,
    check_working_days,
    parse_percent,
    quote,
)
from fracos.web.access import practice_of, staff_view
from fracos.web.forms import Form
from fracos.web.views.common import is_htmx, page

FIELDS = ("salary", "premium", "days", "currency", "days_per_week")
LABELS = {
    "salary": ("Full-time annual salary of the role", "e.g. 150000"),
    "premium": ("Premium (%)", "e.g. 50"),
    "days": ("Working days a year", ""),
    "currency": ("Currency", "ISO 4217, e.g. EUR"),
    "days_per_week": (
        "Committed days a week",
        "Optional: for a monthly fee and the client's saving, e.g. 2",
    ),
}
LONGEST = 40  # no figure a person types here is longer


def _days(text: str) -> int:
    if not text.isdigit() or len(text) > 4:
        raise ValidationFailed(f"days: {text[:20]!r} is not a whole number of days", field="days")
    return check_working_days(int(text))


def _checked(form: Form) -> dict[str, Any]:
    """Each field parsed and checked on its own, so every bad one gets its message."""
    parsers: dict[str, Callable[[str], Any]] = {
        "salary": lambda t: check_salary(parse_amount(t, field="salary")),
        "premium": lambda t: check_premium(parse_percent(t)),
        "days": _days,
        "currency": validate_currency,
        "days_per_week": lambda t: check_days_per_week(parse_amount(t, field="days_per_week")),
    }
    values: dict[str, Any] = {}
    for name, parse in parsers.items():
        text = form.get(name)
        if not text:
            if name == "salary":
                form.errors[name] = "salary: enter the role's full-time annual salary"
            continue
        try:
            if len(text) > LONGEST or "\x00" in text:
                raise ValidationFailed(f"{name}: not a figure", field=name)
            values[name] = parse(text)
        except DomainError as error:
            form.errors[name] = error.message
    return values


def rate_quote(form: Form, rules: Any, home_currency: str) -> Quote | None:
    """The quote, or None with each bad field's message in ``form.errors``; an empty
    optional field takes the playbook's figure (premium, days) or the practice's currency."""
    values = _checked(form)
    if form.errors:
        return None
    return quote(
        salary=values["salary"],
        rules=rules,
        currency=values.get("currency", home_currency),
        premium_pct=values.get("premium"),
        working_days=values.get("days"),
        days_per_week=values.get("days_per_week"),
    )


@staff_view
def rate_page(request: HttpRequest) -> HttpResponse:
    practice = practice_of(request)
    rules = practice.rules
    asked = "salary" in request.GET
    if asked:
        form = Form.bound(FIELDS, request.GET)
        result = rate_quote(form, rules, practice.currency)
    else:
        form = Form.initial(
            FIELDS,
            {
                "premium": rules.premium_default_pct,
                "days": rules.working_days_per_year,
                "currency": practice.currency,
            },
        )
        result = None
    rows = [
        {
            "name": name,
            "label": LABELS[name][0],
            "help": LABELS[name][1],
            "value": form.values.get(name, ""),
            "error": form.errors.get(name, ""),
        }
        for name in FIELDS
    ]
    context = {
        "form": form,
        "rows": rows,
        "q": result,
        "asked": asked,
        "rules": rules,
        "zero": Decimal(0),
    }
    if is_htmx(request):
        # Only the messages beside the fields come along (out of band): swapping the
        # inputs themselves would lose what was typed while the request was out.
        return render(request, "web/_partials/rate_result.html", {**context, "oob": True})
    return page(request, "web/rate.html", context, nav="time", status=422 if form.errors else 200)
