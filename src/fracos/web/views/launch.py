"""The 90-day launch plan, thought leadership, and the dashboard's winning-clients panel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.clients.selectors import client_list
from fracos.core.access import Actor
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.playbook import PlaybookSettings
from fracos.pipeline import selectors, services
from fracos.pipeline.choices import ActivityKind
from fracos.pipeline.launch import progress
from fracos.web.access import actor_of, staff_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of

THOUGHT_FIELDS = ("kind", "title", "on", "url")
THOUGHT_ALIASES = {"date": "on"}
START_FIELDS = ("start",)
FEEDBACK_FIELDS = ("client", "what_they_get", "wish_different", "would_recommend")


def winning_clients_panel(
    actor: Actor, today: date, rules: PlaybookSettings, weighted: dict[str, Decimal] | None = None
) -> dict[str, Any]:
    """What the dashboard shows of business development: due next steps, launch, pipeline."""
    launch = progress(actor)
    if launch is not None and not launch.active_on(today):
        launch = None
    if weighted is None:
        weighted = selectors.weighted_pipeline(actor, rules)
    return {
        "bd_due": selectors.next_steps_due(actor, today),
        "bd_launch": launch,
        "bd_weighted": sorted(weighted.items()),
    }


@staff_view
def launch_page(request: HttpRequest) -> HttpResponse:
    return _launch(request)


def _launch(request: HttpRequest, feedback: Form | None = None, status: int = 200) -> HttpResponse:
    actor = actor_of(request)
    form = Form.initial(START_FIELDS, {"start": today_of(request).isoformat()})
    if request.method == "POST" and feedback is None:
        form = Form.bound(START_FIELDS, request.POST)
        try:
            form.check_lengths()
            services.launch_start(actor, start=form.day("start"))
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, "Your 90-day launch plan has started.")
            return redirect("launch")
    current = progress(actor)
    months = []
    if current is not None:
        for month, title in (
            (1, "Foundation"),
            (2, "Outreach and pilots"),
            (3, "First engagement"),
        ):
            months.append(
                {
                    "month": month,
                    "title": title,
                    "items": [s for s in current.items if s.item.month == month],
                }
            )
    return page(
        request,
        "web/launch.html",
        {
            "plan": current,
            "months": months,
            "form": form,
            "today": today_of(request),
            "feedback": feedback or Form.initial(FEEDBACK_FIELDS, {}),
            "client_choices": [("", "Choose a client…")]
            + [(str(c.pk), c.name) for c in client_list(actor)],
        },
        nav="pipeline",
        status=status,
    )


@staff_view
def launch_feedback(request: HttpRequest) -> HttpResponse:
    """The playbook's three questions to the first client, answered."""
    actor = actor_of(request)
    if request.method != "POST":
        return redirect("launch")
    form = Form.bound(FEEDBACK_FIELDS, request.POST)
    try:
        form.check_lengths()
        client_id = form.integer("client")
        if client_id is None:
            raise ValidationFailed("client: choose the client", field="client")
        recorded = services.feedback_record(
            actor,
            client_id,
            what_they_get=form.text("what_they_get", 5000),
            wish_different=form.text("wish_different", 5000),
            would_recommend=form.text("would_recommend", 2000),
        )
    except DomainError as error:
        form.fail(error)
        return _launch(request, feedback=form, status=422)
    messages.success(request, f"Recorded {recorded.client.name}'s feedback.")
    return redirect("launch")


@staff_view
def launch_tick(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        try:
            services.launch_tick(
                actor, request.POST.get("item", "")[:40], undo=request.POST.get("undo") == "1"
            )
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("launch")


@staff_view
def thought_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = today_of(request)
    status = 200
    form = Form.initial(THOUGHT_FIELDS, {"kind": "post", "on": today.isoformat()})
    if request.method == "POST":
        form = Form.bound(THOUGHT_FIELDS, request.POST, THOUGHT_ALIASES)
        try:
            form.check_lengths()
            item = services.thought_add(
                actor,
                kind=form.get("kind"),
                title=form.text("title", 200),
                on=form.day("on"),
                url=form.text("url", 200),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, f"Recorded “{item.title}”.")
            return redirect("thought")
    due, last = selectors.thought_leadership_due(actor, today)
    return page(
        request,
        "web/thought.html",
        {
            "items": selectors.thought_leadership(actor),
            "due": due,
            "last": last,
            "interval": request.practice.rules.thought_leadership_interval_days,  # type: ignore[attr-defined]
            "form": form,
            "kind_choices": ActivityKind.choices,
        },
        nav="pipeline",
        status=status,
    )
