"""Proposals from an opportunity (Markdown and PDF), sending and accepting them; scope documents."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.core.errors import DomainError, ValidationFailed
from fracos.engagements.selectors import engagement_get
from fracos.pipeline import selectors, services
from fracos.pipeline.documents import markdown_pdf, proposal_markdown, scope_markdown
from fracos.pipeline.services import ProposalOption
from fracos.web.access import actor_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of

NEW_FIELDS = (
    "title",
    "pilot_fee",
    "pilot_weeks",
    "pilot_deliverable",
    "retainer",
    "day_rate",
    "project_fee",
    "days_per_week",
    "hours_per_week",
    "responsibilities",
    "exclusions",
    "change_policy",
    "ending_terms",
    "terms",
)
ALIASES = {"options": "pilot_fee", "opportunity": "title"}
ACCEPT_FIELDS = ("option", "start")


def _options(form: Form) -> list[ProposalOption]:
    options = []
    pilot = form.amount("pilot_fee")
    if pilot is not None:
        weeks = form.integer("pilot_weeks")
        if weeks is not None and not 1 <= weeks <= 52:
            raise ValidationFailed("pilot_weeks: 1–52 weeks", field="pilot_weeks")
        deliverable = form.text("pilot_deliverable", 200)
        options.append(
            ProposalOption(
                f"Pilot: {deliverable or 'one deliverable'}", "pilot", pilot, weeks, deliverable
            )
        )
    for name, label, model in (
        ("retainer", "Monthly retainer", "retainer"),
        ("day_rate", "Day rate", "day_rate"),
        ("project_fee", "Project", "project"),
    ):
        amount = form.amount(name)
        if amount is not None:
            if amount > services.MAX_MONTHLY_VALUE:
                raise ValidationFailed(f"{name}: {amount} is implausibly large", field=name)
            options.append(ProposalOption(label, model, amount))
    if pilot is not None and pilot > services.MAX_MONTHLY_VALUE:
        raise ValidationFailed(f"pilot_fee: {pilot} is implausibly large", field="pilot_fee")
    return options


def _per_week(form: Form, name: str, high: Decimal) -> Decimal | None:
    value = form.amount(name)
    if value is not None and not Decimal(0) < value <= high:
        raise ValidationFailed(f"{name}: between 0 and {high}", field=name)
    return value


@writer_view
def proposal_new(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    actor = actor_of(request)
    opportunity = selectors.opportunity_get(actor, opportunity_id)
    all_stories = selectors.stories(actor)
    status = 200
    if request.method == "POST":
        form = Form.bound(NEW_FIELDS, request.POST, ALIASES)
        chosen = request.POST.getlist("stories")
        try:
            form.check_lengths()
            story_ids = []
            for raw in chosen:
                if not raw.isdigit() or len(raw) > 12:
                    raise ValidationFailed(f"stories: {raw[:40]!r} is not a story", field="stories")
                story_ids.append(int(raw))
            proposal = services.proposal_create(
                actor,
                opportunity.pk,
                options=_options(form),
                title=form.text("title", 200),
                days_per_week=_per_week(form, "days_per_week", Decimal(7)),
                hours_per_week=_per_week(form, "hours_per_week", Decimal(168)),
                responsibilities=form.text("responsibilities", 5000),
                exclusions=form.text("exclusions", 5000),
                change_policy=form.text("change_policy", 5000),
                ending_terms=form.text("ending_terms", 5000),
                terms=form.text("terms", 5000),
                story_ids=tuple(story_ids),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, f"Proposal “{proposal.title}” created.")
            return redirect("proposal", proposal.pk)
    else:
        form = Form.initial(NEW_FIELDS, {})
        chosen = [str(s.pk) for s in opportunity.stories.all()]
    return page(
        request,
        "web/proposal_form.html",
        {"form": form, "o": opportunity, "stories": all_stories, "chosen": chosen},
        nav="pipeline",
        status=status,
    )


@staff_view
def proposal_index(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "web/proposals.html",
        {"proposals": selectors.proposals(actor_of(request))},
        nav="pipeline",
    )


def _proposal_page(request: HttpRequest, proposal_id: int, form: Form, status: int) -> HttpResponse:
    actor = actor_of(request)
    proposal = services.proposal_get(actor, proposal_id)
    return page(
        request,
        "web/proposal.html",
        {
            "p": proposal,
            "markdown": proposal_markdown(actor, proposal),
            "option_choices": [
                (str(i), o.get("label", f"Option {i}"))
                for i, o in enumerate(proposal.options, start=1)
            ],
            "form": form,
        },
        nav="pipeline",
        status=status,
    )


@staff_view
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    form = Form.initial(ACCEPT_FIELDS, {"option": "1", "start": today_of(request).isoformat()})
    return _proposal_page(request, proposal_id, form, 200)


@staff_view
def proposal_send(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_of(request)
    proposal = services.proposal_get(actor, proposal_id)
    if request.method == "POST":
        try:
            services.proposal_send(actor, proposal.pk)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Marked as sent; the opportunity moved on.")
    return redirect("proposal", proposal.pk)


@staff_view
def proposal_accept(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_of(request)
    proposal = services.proposal_get(actor, proposal_id)
    if request.method != "POST":
        return redirect("proposal", proposal.pk)
    form = Form.bound(ACCEPT_FIELDS, request.POST)
    try:
        form.check_lengths()
        option = form.integer("option")
        if option is None:
            raise ValidationFailed("option: choose a pricing option", field="option")
        engagement = services.proposal_accept(
            actor, proposal.pk, option=option, start=form.day("start")
        )
    except DomainError as error:
        form.fail(error)
        return _proposal_page(request, proposal.pk, form, 422)
    messages.success(request, f"Accepted: {engagement} is created with the proposal's scope.")
    return redirect("engagement", engagement.pk)


def _download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view
def proposal_download(request: HttpRequest, proposal_id: int, kind: str) -> HttpResponse:
    actor = actor_of(request)
    proposal = services.proposal_get(actor, proposal_id)
    if kind not in ("md", "pdf"):
        raise Http404("proposals come as .md or .pdf")
    name = f"proposal-{proposal.pk}"
    if kind == "pdf":
        pdf = markdown_pdf(proposal_markdown(actor, proposal, for_html=True), proposal.title)
        return _download(pdf, f"{name}.pdf", "application/pdf")
    text = proposal_markdown(actor, proposal)
    return _download(text.encode(), f"{name}.md", "text/markdown; charset=utf-8")


@staff_view
def scope_download(request: HttpRequest, engagement_id: int, kind: str) -> HttpResponse:
    actor = actor_of(request)
    engagement = engagement_get(actor, engagement_id)
    if kind not in ("md", "pdf"):
        raise Http404("a scope of work comes as .md or .pdf")
    name = f"scope-of-work-{engagement.pk}"
    if kind == "pdf":
        pdf = markdown_pdf(
            scope_markdown(actor, engagement, for_html=True), f"Scope of work: {engagement}"
        )
        return _download(pdf, f"{name}.pdf", "application/pdf")
    text = scope_markdown(actor, engagement)
    return _download(text.encode(), f"{name}.md", "text/markdown; charset=utf-8")
