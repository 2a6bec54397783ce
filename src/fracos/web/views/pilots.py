"""Pilots: start one for an opportunity (the discount shown), convert it, close it; the stats."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fracos.core import clock
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.money import from_minor
from fracos.engagements.selectors import engagement_get
from fracos.pipeline import selectors, services
from fracos.pipeline.models import Opportunity
from fracos.web.access import actor_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import is_htmx, page

START_FIELDS = ("fee", "weeks", "deliverable", "start", "dedicated_days")
CONVERT_FIELDS = ("retainer", "days_per_week", "hours_per_week", "start")
CONVERT_ALIASES = {"fee": "retainer", "engagement": "retainer"}
CLOSE_FIELDS = ("reason",)


def _weeks(form: Form) -> int:
    weeks = form.integer("weeks")
    if weeks is None or not 1 <= weeks <= 52:
        raise ValidationFailed(
            "weeks: a pilot runs 1–52 weeks (the playbook says 4–8)", field="weeks"
        )
    return weeks


def _terms(form: Form, opportunity: Opportunity) -> dict[str, Any] | None:
    """The pilot's monthly equivalent and discount for what is typed so far, or None."""
    try:
        fee = form.amount("fee")
        weeks = _weeks(form)
    except DomainError:
        return None
    if fee is None or fee <= 0 or fee > services.MAX_MONTHLY_VALUE:
        return None
    monthly, discount = selectors.pilot_terms(
        fee, weeks, opportunity.monthly_value_minor, opportunity.currency
    )
    return {
        "monthly": monthly,
        "discount": discount,
        "currency": opportunity.currency,
        "retainer": from_minor(opportunity.monthly_value_minor, opportunity.currency),
    }


@writer_view
def pilot_start(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    actor = actor_of(request)
    opportunity = selectors.opportunity_get(actor, opportunity_id)
    rules = request.practice.rules  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        form = Form.bound(START_FIELDS, request.POST)
        try:
            form.check_lengths()
            fee = form.amount("fee")
            if fee is None:
                raise ValidationFailed("fee: the pilot's fixed fee is required", field="fee")
            offer = services.pilot_start(
                actor,
                opportunity.pk,
                fee=fee,
                weeks=_weeks(form),
                deliverable=form.text("deliverable", 200),
                start=form.day("start"),
                dedicated_days=clock.parse_weekdays(
                    form.get("dedicated_days"), field="dedicated_days"
                )
                if form.get("dedicated_days")
                else (),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            note = (
                f", {offer.discount_pct} % below the retainer"
                if offer.discount_pct is not None
                else ""
            )
            messages.success(
                request,
                f"Pilot started: ≈ {offer.monthly_equivalent} {opportunity.currency} a month"
                f"{note}; ends {offer.engagement.end_date:%d %b %Y}.",
            )
            for warning in offer.warnings:
                messages.warning(request, warning)
            return redirect("opportunity", opportunity.pk)
    else:
        form = Form.bound(START_FIELDS, request.GET)
        if not form.get("weeks"):
            form.values["weeks"] = str(rules.pilot_weeks_min + 2)
    context = {"form": form, "o": opportunity, "terms": _terms(form, opportunity), "rules": rules}
    if is_htmx(request) and request.method == "GET":
        return render(request, "web/_partials/pilot_terms.html", context)
    return page(request, "web/pilot_start.html", context, nav="pipeline", status=status)


@staff_view
def pilots_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    stats = selectors.pilot_stats(actor)
    return page(
        request,
        "web/pilots.html",
        {
            "stats": stats,
            "pilots": selectors.pilots(actor),
            "origins": selectors.opportunities_of_pilots(actor),
        },
        nav="pipeline",
    )


@writer_view
def pilot_convert(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = actor_of(request)
    pilot = engagement_get(actor, engagement_id)
    status = 200
    if request.method == "POST":
        form = Form.bound(CONVERT_FIELDS, request.POST, CONVERT_ALIASES)
        try:
            form.check_lengths()
            fee = form.amount("retainer")
            if fee is None:
                raise ValidationFailed(
                    "retainer: the monthly retainer is required", field="retainer"
                )
            retainer = services.pilot_convert(
                actor,
                pilot.pk,
                fee=fee,
                start=form.day("start"),
                days_per_week=form.amount("days_per_week"),
                hours_per_week=form.amount("hours_per_week"),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(
                request, f"Pilot converted into a retainer from {retainer.start_date:%d %b %Y}."
            )
            return redirect("engagement", retainer.pk)
    else:
        form = Form.initial(CONVERT_FIELDS, {})
    return page(
        request,
        "web/pilot_convert.html",
        {"form": form, "pilot": pilot},
        nav="pipeline",
        status=status,
    )


@writer_view
def pilot_close(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = actor_of(request)
    pilot = engagement_get(actor, engagement_id)
    status = 200
    if request.method == "POST":
        form = Form.bound(CLOSE_FIELDS, request.POST)
        try:
            form.check_lengths()
            services.pilot_close(actor, pilot.pk, reason=form.text("reason", 150))
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, "Pilot closed without converting.")
            return redirect("pilots")
    else:
        form = Form.initial(CLOSE_FIELDS, {})
    return page(
        request,
        "web/pilot_close.html",
        {"form": form, "pilot": pilot},
        nav="pipeline",
        status=status,
    )
