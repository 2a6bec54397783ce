"""Time: the week (days × clients), quick entry, editing and deleting entries, the header timer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from fracos.core import clock
from fracos.core.durations import format_duration, parse_duration
from fracos.core.errors import DomainError, NotFound, ValidationFailed
from fracos.timesheets import services
from fracos.timesheets.ledger import KIND_LABELS, parse_log_line
from fracos.timesheets.selectors import entries_between, entry_get, week
from fracos.web.access import actor_of, practice_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import is_htmx, page, timer_context, today_of
from fracos.web.weektable import week_rows

LOG_FIELDS = ("kind", "work_date", "line")
# Every field the ledger names for a log line is one input here: the line itself.
LOG_ALIASES = {
    "client": "line",
    "engagement": "line",
    "duration": "line",
    "note": "line",
    "entry": "line",
    "date": "work_date",
}
EDIT_FIELDS = ("client", "duration", "work_date", "note")
EDIT_ALIASES = {"engagement": "client", "date": "work_date", "entry": "duration"}
KIND_CHOICES = [("client", "Client work"), ("bd", "Business development"), ("admin", "Admin")]


def _day(request: HttpRequest) -> date:
    today = today_of(request)
    raw = request.GET.get("date") or request.POST.get("week") or ""
    try:
        day: date = clock.parse_date(raw) if raw else today
    except ValidationFailed:
        return today  # type: ignore[no-any-return]
    return day


def _week_context(request: HttpRequest, day: date, form: Form | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    today = today_of(request)
    if not clock.week_browsable(day):
        # Year 1 or 9999 has no previous or next week to link to: show this week instead.
        day = today
    view = week(actor, day, practice=practice_of(request))
    entries = entries_between(actor, view.period.start, view.period.end)
    if form is None:
        default = today if view.period.contains(today) else view.period.start
        form = Form.initial(LOG_FIELDS, {"kind": "client", "work_date": default.isoformat()})
    return {
        **week_rows(view),
        "entries": entries,
        "kind_labels": KIND_LABELS,
        "form": form,
        "kind_choices": KIND_CHOICES,
        "day_choices": [(d.isoformat(), f"{d:%a %d %b}") for d in view.days if d <= today],
        "previous": view.period.start - timedelta(days=7),
        "next": view.period.end,
        "is_current": view.period.contains(today),
        "this_week_url": reverse("time"),
    }


@staff_view
def week_page(request: HttpRequest) -> HttpResponse:
    return page(request, "web/time.html", _week_context(request, _day(request)), nav="time")


@staff_view
def log(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("time")
    actor = actor_of(request)
    form = Form.bound(LOG_FIELDS, request.POST, LOG_ALIASES)
    try:
        form.check_lengths()
        kind = form.get("kind") or "client"
        client, seconds, note = parse_log_line(form.text("line"), kind=kind)
        services.time_log(
            actor,
            seconds=seconds,
            kind=kind,
            client=client,
            work_date=form.day("work_date"),
            note=note,
            source="web",
        )
    except DomainError as error:
        if isinstance(error, NotFound) and error.field is None:
            raise
        form.fail(error)
        day = form.date_or_none("work_date") or _day(request)
        context = _week_context(request, day, form)
        if is_htmx(request):
            return render(request, "web/_partials/time_body.html", {**context, "can_write": True})
        return page(request, "web/time.html", context, nav="time", status=422)
    day = form.day("work_date") or today_of(request)
    if is_htmx(request):
        context = _week_context(request, day)
        context["logged"] = True
        return render(request, "web/_partials/time_body.html", {**context, "can_write": True})
    messages.success(request, "Time logged.")
    return redirect(f"{reverse('time')}?date={day.isoformat()}")


@writer_view
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_of(request)
    entry = entry_get(actor, entry_id)
    if request.method == "POST":
        form = Form.bound(EDIT_FIELDS, request.POST, EDIT_ALIASES)
        try:
            form.check_lengths()
            services.time_entry_update(
                actor,
                entry.pk,
                seconds=parse_duration(form.get("duration")),
                work_date=form.day("work_date", required=True),
                note=form.text("note", 2000),
                client=form.get("client") or None,
            )
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, "Entry updated.")
            return redirect(f"{reverse('time')}?date={form.get('work_date')}")
        status = 422
    else:
        form = Form.initial(
            EDIT_FIELDS,
            {
                "client": entry.client.name if entry.client else "",
                "duration": format_duration(entry.seconds),
                "work_date": entry.work_date.isoformat(),
                "note": entry.note,
            },
        )
        status = 200
    return page(
        request,
        "web/entry_edit.html",
        {"entry": entry, "form": form, "kind_labels": KIND_LABELS},
        nav="time",
        status=status,
    )


@staff_view
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("time")
    actor = actor_of(request)
    entry = entry_get(actor, entry_id)
    services.time_entry_delete(actor, entry.pk)
    messages.success(request, "Entry deleted.")
    return redirect(f"{reverse('time')}?date={entry.work_date.isoformat()}")


def _timer_response(request: HttpRequest, extra: dict[str, Any], status: int = 200) -> HttpResponse:
    if is_htmx(request):
        context = {**timer_context(request), **extra}
        return render(request, "web/_partials/timer.html", context, status=status)
    if "timer_error" in extra:
        messages.error(request, extra["timer_error"])
    back = request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = "/"
    return redirect(back)


@staff_view
def timer_start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("home")
    actor = actor_of(request)
    form = Form.bound(("client", "note"), request.POST)
    try:
        form.check_lengths()
        services.timer_start(actor, client=form.get("client"), note=form.text("note", 2000))
    except DomainError as error:
        if not form.get("client"):
            message = "client: type a client to time (e.g. acme)"
        else:
            message = error.message
        return _timer_response(request, {"timer_error": message, "timer_form": form}, 422)
    return _timer_response(request, {})


@staff_view
def timer_stop(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("home")
    try:
        services.timer_stop(actor_of(request))
    except DomainError as error:
        return _timer_response(request, {"timer_error": error.message}, 422)
    return _timer_response(request, {})
