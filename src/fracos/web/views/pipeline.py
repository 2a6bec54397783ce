"""The pipeline: the board (drag, or "Move to" from the keyboard), and one opportunity's pages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fracos.core.access import Actor
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.money import from_minor
from fracos.core.playbook import PlaybookSettings
from fracos.pipeline import selectors, services
from fracos.pipeline.choices import OPEN_STAGES, Stage
from fracos.pipeline.models import Opportunity
from fracos.web.access import actor_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import is_htmx, page

MOVE_FIELDS = ("stage", "reason", "monthly_value")
NEW_FIELDS = (
    "title",
    "organisation",
    "contact",
    "monthly_value",
    "currency",
    "stage",
    "probability",
    "expected_start",
    "next_step",
    "next_step_on",
)
EDIT_FIELDS = services.OPPORTUNITY_EDITABLE
ALIASES = {"value": "monthly_value", "opportunity": "title"}
# A new opportunity starts early; later stages are reached by moving it (or starting a pilot).
START_STAGES = [(s.value, s.label) for s in OPEN_STAGES if s != Stage.PILOT_RUNNING]
STAGE_CHOICES = [(s.value, s.label) for s in Stage]


@dataclass(frozen=True)
class Card:
    opportunity: Opportunity
    value: Decimal
    probability: int
    weighted: Decimal


@dataclass(frozen=True)
class CardError:
    """A refused move, shown on the card with the small form that asks for what was missing."""

    message: str
    stage: str
    reason: str = ""
    monthly_value: str = ""

    @property
    def needs(self) -> str:
        if self.stage == Stage.LOST:
            return "reason"
        if self.stage == Stage.WON:
            return "value"
        return ""


def card_of(opportunity: Opportunity, rules: PlaybookSettings) -> Card:
    return Card(
        opportunity,
        from_minor(opportunity.monthly_value_minor, opportunity.currency),
        selectors.probability(opportunity, rules.stage_probabilities),
        selectors.weighted_value(opportunity, rules.stage_probabilities),
    )


def _board_context(request: HttpRequest, errors: dict[int, CardError] | None = None) -> Any:
    actor = actor_of(request)
    rules = request.practice.rules  # type: ignore[attr-defined]
    columns = [
        {
            "stage": column.stage,
            "cards": [card_of(o, rules) for o in column.cards],
            "weighted": sorted(column.weighted.items()),
        }
        for column in selectors.board(actor, rules)
    ]
    return {
        "columns": columns,
        "stage_choices": STAGE_CHOICES,
        "errors": errors or {},
        "open_stages": [s.value for s in OPEN_STAGES],
    }


@staff_view
def board_page(request: HttpRequest) -> HttpResponse:
    return page(request, "web/pipeline.html", _board_context(request), nav="pipeline")


@staff_view
def opportunity_move(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """One endpoint for the drag and the "Move to" select: the service decides, nothing half-done."""
    actor = actor_of(request)
    opportunity = selectors.opportunity_get(actor, opportunity_id)
    if request.method != "POST":
        return redirect("opportunity", opportunity.pk)
    form = Form.bound(MOVE_FIELDS, request.POST, ALIASES)
    error: CardError | None = None
    try:
        form.check_lengths()
        moved = services.opportunity_move(
            actor,
            opportunity.pk,
            form.get("stage"),
            reason=form.text("reason", 200),
            monthly_value=form.amount("monthly_value"),
        )
    except DomainError as failure:
        error = CardError(
            failure.message, form.get("stage")[:40], form.get("reason"), form.get("monthly_value")
        )
    back_to_detail = request.POST.get("from") == "detail"
    if back_to_detail:
        if error is None:
            messages.success(request, f"{moved.title} is now {moved.get_stage_display().lower()}.")
            return redirect("opportunity", opportunity.pk)
        return _detail(request, opportunity.pk, move_error=error, status=422)
    errors = {opportunity.pk: error} if error else {}
    context = _board_context(request, errors)
    context["moved"] = opportunity.pk
    if is_htmx(request):
        # htmx swaps only 2xx answers: a refused move is still a board to show, with its error.
        return render(request, "web/_partials/pipeline_board.html", {**context, "can_write": True})
    if error is None:
        messages.success(request, f"{moved.title} is now {moved.get_stage_display().lower()}.")
        return redirect("pipeline")
    return page(request, "web/pipeline.html", context, nav="pipeline", status=422)


def _contact_choices(actor: Actor) -> list[tuple[str, str]]:
    return [("", "No contact")] + [
        (str(c.pk), f"{c.name} ({c.organisation})" if c.organisation else c.name)
        for c in selectors.contacts(actor)
    ]


def _probability(form: Form) -> int | None:
    raw = form.get("probability").rstrip("%").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 3:
        raise ValidationFailed("probability: a whole percentage, 0–100", field="probability")
    return int(raw)


@writer_view
def opportunity_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        form = Form.bound(NEW_FIELDS, request.POST, ALIASES)
        try:
            form.check_lengths()
            created = services.opportunity_add(
                actor,
                title=form.text("title", 200),
                organisation=form.text("organisation", 200),
                contact_id=form.integer("contact"),
                monthly_value=form.amount("monthly_value") or Decimal(0),
                currency=form.text("currency", 3) or None,
                stage=form.get("stage") or Stage.IDENTIFIED,
                probability=_probability(form),
                expected_start=form.day("expected_start"),
                next_step=form.text("next_step", 200),
                next_step_on=form.day("next_step_on"),
            )
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, f"Added {created}.")
            return redirect("opportunity", created.pk)
        status = 422
    else:
        form = Form.initial(NEW_FIELDS, {"contact": request.GET.get("contact", "")})
        status = 200
    return page(
        request,
        "web/opportunity_form.html",
        {
            "form": form,
            "opportunity": None,
            "contact_choices": _contact_choices(actor),
            "start_stages": START_STAGES,
        },
        nav="pipeline",
        status=status,
    )


@writer_view
def opportunity_edit(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    actor = actor_of(request)
    opportunity = selectors.opportunity_get(actor, opportunity_id)
    if request.method == "POST":
        form = Form.bound(EDIT_FIELDS, request.POST, ALIASES)
        try:
            form.check_lengths()
            services.opportunity_update(
                actor,
                opportunity.pk,
                title=form.text("title", 200),
                organisation=form.text("organisation", 200),
                monthly_value=form.amount("monthly_value") or Decimal(0),
                probability=_probability(form),
                expected_start=form.day("expected_start"),
                next_step=form.text("next_step", 200),
                next_step_on=form.day("next_step_on"),
            )
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, "Opportunity saved.")
            return redirect("opportunity", opportunity.pk)
        status = 422
    else:
        values = {f: getattr(opportunity, f, "") for f in EDIT_FIELDS}
        values["monthly_value"] = from_minor(opportunity.monthly_value_minor, opportunity.currency)
        form = Form.initial(EDIT_FIELDS, values)
        status = 200
    return page(
        request,
        "web/opportunity_form.html",
        {"form": form, "opportunity": opportunity},
        nav="pipeline",
        status=status,
    )


def _detail(
    request: HttpRequest,
    opportunity_id: int,
    *,
    move_error: CardError | None = None,
    story_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request)
    opportunity = selectors.opportunity_get(actor, opportunity_id)
    rules = request.practice.rules  # type: ignore[attr-defined]
    used = list(opportunity.stories.all())
    pilot = opportunity.pilot_engagement
    terms = None
    if pilot is not None and pilot.pilot_weeks:
        terms = selectors.pilot_terms(
            pilot.fee, pilot.pilot_weeks, opportunity.monthly_value_minor, opportunity.currency
        )
    return page(
        request,
        "web/opportunity.html",
        {
            "o": opportunity,
            "card": card_of(opportunity, rules),
            "moves": list(opportunity.moves.all()),
            "stories_used": used,
            "story_choices": [
                (str(s.pk), s.title) for s in selectors.stories(actor) if s not in used
            ],
            "story_form": story_form or Form.initial(("story",), {}),
            "proposals": selectors.proposals_of(actor, opportunity.pk),
            "pilot": pilot,
            "pilot_terms": terms,
            "stage_choices": STAGE_CHOICES,
            "move_error": move_error,
            "is_open": opportunity.stage in OPEN_STAGES,
        },
        nav="pipeline",
        status=status,
    )


@staff_view
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    return _detail(request, opportunity_id)


@staff_view
def opportunity_story(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Use a proof story for this opportunity's proposals, or stop using it."""
    actor = actor_of(request)
    opportunity = selectors.opportunity_get(actor, opportunity_id)
    if request.method != "POST":
        return redirect("opportunity", opportunity.pk)
    form = Form.bound(("story",), request.POST)
    try:
        form.check_lengths()
        story_id = form.integer("story")
        if story_id is None:
            raise ValidationFailed("story: choose a proof story", field="story")
        if request.POST.get("remove") == "1":
            services.opportunity_detach_story(actor, opportunity.pk, story_id)
        else:
            services.opportunity_attach_story(actor, opportunity.pk, story_id)
    except DomainError as error:
        form.fail(error)
        return _detail(request, opportunity.pk, story_form=form, status=422)
    return redirect("opportunity", opportunity.pk)
