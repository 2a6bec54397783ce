"""The weekly plan: which engagement owns each weekday and half-day; assign or clear a slot."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fracos.core.errors import DomainError, ValidationFailed
from fracos.engagements import services
from fracos.engagements.plan import (
    DAY_NAMES,
    WORKDAYS,
    Booking,
    Slot,
    overview,
    parse_slots,
    with_slot,
    without,
)
from fracos.engagements.selectors import week_plan
from fracos.web.access import actor_of, practice_of, staff_view
from fracos.web.forms import Form
from fracos.web.views.common import is_htmx, page, today_of

FIELDS = ("weekday", "part", "engagement")
ALIASES = {"days": "weekday", "plan": "weekday"}
PART_CHOICES = [("full", "Whole day"), ("am", "Morning"), ("pm", "Afternoon")]
CLEAR = ""


def _bookings(request: HttpRequest) -> list[tuple[Any, Booking]]:
    return week_plan(actor_of(request), today_of(request))


def plan_grid(slots: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Weekday rows × morning/afternoon cells, each naming its client or empty (free).

    Monday to Friday always; a weekend day only when an engagement holds it."""
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for slot in slots:
        for half in ("am", "pm") if slot["part"] == "full" else (slot["part"],):
            held[(slot["weekday"], half)] = slot

    def cell(day: str, half: str) -> dict[str, Any]:
        slot = held.get((day, half))
        return {
            "part": half,
            "client": slot["client"] if slot else "",
            "whole": slot is not None and slot["part"] == "full",
        }

    return [
        {"weekday": d, "name": name, "halves": [cell(d, "am"), cell(d, "pm")]}
        for d, name in DAY_NAMES.items()
        if d in WORKDAYS or (d, "am") in held or (d, "pm") in held
    ]


def plan_context(
    request: HttpRequest,
    form: Form | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    plan = _bookings(request)
    bookings = [b for _, b in plan]
    data = overview(bookings, practice_of(request).rules)
    grid = plan_grid(data["slots"])
    return {
        "grid": grid,
        "data": data,
        "warnings": warnings if warnings is not None else data["warnings"],
        "form": form or Form.initial(FIELDS, {"weekday": "mon", "part": "full"}),
        "day_choices": list(DAY_NAMES.items()),
        "part_choices": PART_CHOICES,
        "engagement_choices": [(CLEAR, "— nobody (clear the slot)")]
        + [(str(e.pk), f"{e.client.name} — {e.role_title} (#{e.pk})") for e, _ in plan],
    }


@staff_view
def plan_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _change(request)
    return page(request, "web/plan.html", plan_context(request), nav="time")


def _slot(form: Form) -> Slot:
    weekday, part = form.get("weekday"), form.get("part") or "full"
    if weekday not in DAY_NAMES:
        raise ValidationFailed(f"weekday: {weekday[:20]!r} is not a weekday", field="weekday")
    if part not in dict(PART_CHOICES):
        raise ValidationFailed(f"part: {part[:20]!r} is not a day or half-day", field="part")
    return parse_slots(weekday if part == "full" else f"{weekday}-{part}", field="weekday")[0]


def _assign(request: HttpRequest, slot: Slot, engagement_id: int) -> list[str]:
    current = next((b.slots for e, b in _bookings(request) if e.pk == engagement_id), ())
    return services.plan_set(
        actor_of(request), engagement_id=engagement_id, slots=with_slot(current, slot)
    )


def _clear(request: HttpRequest, slot: Slot) -> list[str]:
    actor = actor_of(request)
    holders = [b for _, b in _bookings(request) if any(s.clashes(slot) for s in b.slots)]
    if not holders:
        raise ValidationFailed(f"weekday: {slot.words} is already free", field="weekday")
    warnings: list[str] = []
    for booking in holders:
        left = without(booking.slots, slot)
        if left:
            warnings = services.plan_set(actor, engagement_id=booking.engagement_id, slots=left)
        else:
            services.plan_clear(actor, engagement_id=booking.engagement_id)
            warnings = []
    return warnings


def _change(request: HttpRequest) -> HttpResponse:
    form = Form.bound(FIELDS, request.POST, ALIASES)
    try:
        form.check_lengths()
        slot = _slot(form)
        engagement_id = form.integer("engagement")
        if engagement_id is None:
            warnings = _clear(request, slot)
            done = f"{slot.words} is free now."
        else:
            warnings = _assign(request, slot, engagement_id)
            done = f"{slot.words} planned."
    except DomainError as error:
        form.fail(error)
        context = plan_context(request, form)
        if is_htmx(request):
            return render(request, "web/_partials/plan_body.html", {**context, "can_write": True})
        return page(request, "web/plan.html", context, nav="time", status=422)
    if is_htmx(request):
        context = plan_context(request, Form.initial(FIELDS, form.values), warnings)
        context["done"] = done
        return render(request, "web/_partials/plan_body.html", {**context, "can_write": True})
    messages.success(request, done)
    for warning in warnings:
        messages.warning(request, f"Warning: {warning}")
    return redirect("plan")
