"""One monthly progress summary: edit it (with a live preview), mark it sent, email it, its PDF;
and the quarterly review page that gathers an engagement's summaries and outcomes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fracos.cadence import services
from fracos.cadence.choices import TouchpointKind
from fracos.cadence.models import Summary
from fracos.cadence.pdf import summary_pdf
from fracos.cadence.selectors import (
    review_material,
    summary_get,
    summary_list,
    summary_recipient,
    touchpoint_list,
)
from fracos.core.errors import DomainError, ValidationFailed
from fracos.engagements.selectors import engagement_get
from fracos.web.access import actor_of, staff_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of
from fracos.web.views.portal import summary_html

REVIEW_FIELDS = ("notes", "held_on")


def _body(form: Form) -> str:
    # The service bounds the length (a summary may be long); NUL bytes never reach it.
    body = form.values.get("body", "")
    if "\x00" in body:
        raise ValidationFailed("body: contains a NUL character", field="body")
    return body


def _summary_context(
    request: HttpRequest, summary: Summary, edit: Form | None = None, mail: Form | None = None
) -> dict[str, Any]:
    actor = actor_of(request)
    edit = edit or Form.initial(("body",), {"body": summary.body})
    return {
        "summary": summary,
        "last_day": summary.period_end - timedelta(days=1),
        "edit": edit,
        "preview": summary_html(edit.values.get("body", "")),
        "mail": mail or Form.initial(("to",), {"to": summary_recipient(actor, summary)}),
        "editable": summary.status == "draft",
    }


def _summary_page(
    request: HttpRequest, summary: Summary, status: int = 200, **forms: Form
) -> HttpResponse:
    context = _summary_context(request, summary, **forms)
    return page(request, "web/summary.html", context, nav="cadence", status=status)


@staff_view
def summary_detail(request: HttpRequest, summary_id: int) -> HttpResponse:
    actor = actor_of(request)
    summary = summary_get(actor, summary_id)
    if request.method != "POST":
        return _summary_page(request, summary)
    form = Form.bound(("body",), request.POST)
    try:
        services.summary_edit(actor, summary.pk, body=_body(form))
    except DomainError as error:
        form.fail(error)
        return _summary_page(request, summary_get(actor, summary_id), 422, edit=form)
    messages.success(request, "Summary saved.")
    return redirect(reverse("summary", args=[summary.pk]))


@staff_view
def summary_preview(request: HttpRequest) -> HttpResponse:
    """The Markdown as the client will see it, escaped exactly as the portal escapes it."""
    if request.method != "POST":
        return redirect("cadence")
    form = Form.bound(("body",), request.POST)
    try:
        body = _body(form)
        if len(body) > services.BODY_LIMIT:
            raise ValidationFailed(
                f"body: longer than {services.BODY_LIMIT:,} characters", field="body"
            )
    except DomainError as error:
        return render(request, "web/_partials/summary_preview.html", {"error": error.message})
    return render(request, "web/_partials/summary_preview.html", {"preview": summary_html(body)})


@staff_view
def summary_send(request: HttpRequest, summary_id: int) -> HttpResponse:
    actor = actor_of(request)
    summary = summary_get(actor, summary_id)
    if request.method != "POST":
        return redirect(reverse("summary", args=[summary.pk]))
    try:
        services.summary_send(actor, summary.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Marked sent: {summary.engagement.client.name} can read it in the portal."
        )
    return redirect(reverse("summary", args=[summary.pk]))


@staff_view
def summary_email(request: HttpRequest, summary_id: int) -> HttpResponse:
    actor = actor_of(request)
    summary = summary_get(actor, summary_id)
    if request.method != "POST":
        return redirect(reverse("summary", args=[summary.pk]))
    form = Form.bound(("to",), request.POST)
    try:
        form.check_lengths()
        services.summary_email(actor, summary.pk, to=form.text("to", 254))
    except DomainError as error:
        form.fail(error)
        return _summary_page(request, summary, 422, mail=form)
    messages.success(request, f"Emailed the summary as a PDF to {form.get('to')}.")
    return redirect(reverse("summary", args=[summary.pk]))


@staff_view
def summary_download(request: HttpRequest, summary_id: int) -> HttpResponse:
    summary = summary_get(actor_of(request), summary_id)
    response = HttpResponse(
        summary_pdf(summary.title, summary.body), content_type="application/pdf"
    )
    name = f"summary-{summary.engagement.client.name}-{summary.period_start:%Y-%m}"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
    response["Content-Disposition"] = f'attachment; filename="{safe}.pdf"'
    return response


def _review_context(
    request: HttpRequest, engagement_id: int, form: Form | None = None
) -> dict[str, Any]:
    actor = actor_of(request)
    engagement = engagement_get(actor, engagement_id)
    today = today_of(request)
    reviews = touchpoint_list(actor, engagement_id=engagement.pk, kind=TouchpointKind.REVIEW)
    return {
        "e": engagement,
        "material": summary_html(review_material(actor, engagement, today)),
        "summaries": summary_list(actor, engagement_id=engagement.pk),
        "reviews": [{"review": r, "html": summary_html(r.body)} for r in reversed(reviews)],
        "form": form or Form.initial(REVIEW_FIELDS, {}),
    }


@staff_view
def review(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """GET: the material a review held today would gather; POST: record the review."""
    actor = actor_of(request)
    if request.method != "POST":
        context = _review_context(request, engagement_id)
        return page(request, "web/review.html", context, nav="cadence")
    engagement = engagement_get(actor, engagement_id)
    form = Form.bound(REVIEW_FIELDS, request.POST, {"date": "held_on"})
    try:
        form.check_lengths()
        services.review_record(
            actor,
            engagement_id=engagement.pk,
            notes=form.values.get("notes", ""),
            held_on=form.day("held_on"),
        )
    except DomainError as error:
        form.fail(error)
        context = _review_context(request, engagement.pk, form)
        return page(request, "web/review.html", context, nav="cadence", status=422)
    messages.success(request, f"Review with {engagement.client.name} recorded.")
    return redirect(reverse("review", args=[engagement.pk]))
