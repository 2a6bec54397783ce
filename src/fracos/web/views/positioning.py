"""Positioning (the statement, its check, its history) and the proof stories."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.core.errors import DomainError
from fracos.pipeline import selectors, services
from fracos.web.access import actor_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import page

PARTS = ("who", "what", "different", "outcome")
STORY_FIELDS = ("title", "situation", "actions", "result", "client_tags", "problem_tags")


@staff_view
def positioning_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    current = selectors.positioning_current(actor)
    findings = selectors.positioning_findings(current) if current else []
    return page(
        request,
        "web/positioning.html",
        {
            "current": current,
            "findings": findings,
            "passed": sum(f.ok for f in findings),
            "history": selectors.positioning_history(actor),
        },
        nav="pipeline",
    )


@writer_view
def positioning_edit(request: HttpRequest) -> HttpResponse:
    """Saving writes a new version; the earlier ones stay as the history."""
    actor = actor_of(request)
    status = 200
    if request.method == "POST":
        form = Form.bound(PARTS, request.POST)
        try:
            form.check_lengths()
            saved = services.positioning_save(actor, **{p: form.text(p, 2000) for p in PARTS})
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            failing = sum(not f.ok for f in selectors.positioning_findings(saved))
            messages.success(
                request,
                "Saved a new version of your positioning"
                + (f"; {failing} rule(s) still to meet." if failing else "; it meets every rule."),
            )
            return redirect("positioning")
    else:
        current = selectors.positioning_current(actor)
        form = Form.initial(PARTS, {p: getattr(current, p) for p in PARTS} if current else {})
    return page(request, "web/positioning_form.html", {"form": form}, nav="pipeline", status=status)


@staff_view
def proof_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows: list[dict[str, Any]] = [
        {"story": s, "finding": selectors.story_finding(s), "proposals": used}
        for s, used in selectors.stories_with_proposals(actor)
    ]
    return page(
        request,
        "web/proof.html",
        {"rows": rows, "measurable": sum(r["finding"].ok for r in rows)},
        nav="pipeline",
    )


def _story_form(request: HttpRequest, story_id: int | None) -> HttpResponse:
    actor = actor_of(request)
    story = selectors.story_get(actor, story_id) if story_id is not None else None
    status = 200
    if request.method == "POST":
        form = Form.bound(STORY_FIELDS, request.POST)
        try:
            form.check_lengths()
            values = {
                "title": form.text("title", 200),
                "situation": form.text("situation", 5000),
                "actions": form.text("actions", 5000),
                "result": form.text("result", 2000),
                "client_tags": form.text("client_tags", 200),
                "problem_tags": form.text("problem_tags", 200),
            }
            if story is None:
                saved = services.story_add(actor, **values)
            else:
                saved = services.story_update(actor, story.pk, **values)
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            finding = selectors.story_finding(saved)
            note = "" if finding.ok else f" Note: {finding.message}. {finding.advice}"
            messages.success(request, f"Saved “{saved.title}”.{note}")
            return redirect("proof")
    else:
        form = Form.initial(
            STORY_FIELDS, {f: getattr(story, f) for f in STORY_FIELDS} if story else {}
        )
    return page(
        request,
        "web/story_form.html",
        {"form": form, "story": story},
        nav="pipeline",
        status=status,
    )


@writer_view
def story_new(request: HttpRequest) -> HttpResponse:
    return _story_form(request, None)


@writer_view
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    return _story_form(request, story_id)
