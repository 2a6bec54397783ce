"""Engagements: the list, the five pricing models' form, ending one, and one engagement's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.billing.selectors import invoice_state, invoices_of_engagement
from fracos.clients.selectors import client_list
from fracos.core import clock
from fracos.core.errors import DomainError, ValidationFailed
from fracos.core.money import from_minor
from fracos.engagements import services
from fracos.engagements.choices import BillingTiming, OveragePolicy, PilotBilling, PricingModel
from fracos.engagements.models import Engagement
from fracos.engagements.selectors import (
    engagement_get,
    engagement_list,
)
from fracos.insights.rates import effective_rate, usage_of
from fracos.timesheets.retainer import month_work
from fracos.timesheets.selectors import entries_of_engagement
from fracos.web.access import actor_of, practice_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of
from fracos.web.views.invoices import invoice_rows

EDIT_FIELDS = services.EDITABLE
NEW_FIELDS = ("client", "pricing_model", *EDIT_FIELDS)
ALIASES = {
    "weeks": "pilot_weeks",
    "equity": "equity_percent",
    "end": "end_date",
    "start": "start_date",
    "days": "dedicated_days",
    "milestones": "fee",
}
END_FIELDS = ("end_date", "reason")
END_ALIASES = {"end": "end_date"}


def _values(form: Form, names: tuple[str, ...]) -> dict[str, Any]:
    """The typed strings as the service's input: dates parsed, weekdays split, the rest as text."""
    form.check_lengths()
    values: dict[str, Any] = {name: form.get(name) for name in names}
    for name in ("start_date", "end_date"):
        values[name] = form.day(name, required=name == "start_date")
    values["dedicated_days"] = clock.parse_weekdays(
        form.get("dedicated_days"), field="dedicated_days"
    )
    for name in ("responsibilities", "exclusions", "change_policy", "ending_terms", "notes"):
        values[name] = form.values.get(name, "").strip()
    return values


def _choices(actor: Any) -> dict[str, Any]:
    return {
        "client_choices": [("", "Choose a client…")]
        + [(str(c.pk), c.name) for c in client_list(actor)],
        "model_choices": PricingModel.choices,
        "timing_choices": BillingTiming.choices,
        "overage_choices": OveragePolicy.choices,
        "pilot_billing_choices": PilotBilling.choices,
    }


@staff_view
def engagement_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "active")
    if status not in ("active", "ended", "proposed", "all"):
        status = "active"
    engagements = engagement_list(actor, status=None if status == "all" else status)
    rules = request.practice.rules  # type: ignore[attr-defined]
    month = clock.month_of(today_of(request))
    work = month_work(actor, engagements, month, rules)
    rows = [
        {"engagement": e, "usage": usage_of(e, work, rules), "price": _price(e)}
        for e in engagements
    ]
    return page(
        request,
        "web/engagements.html",
        {"rows": rows, "status": status, "month": month},
        nav="engagements",
    )


def _price(e: Engagement) -> str:
    amount = from_minor(e.fee_minor, e.currency)
    if e.pricing_model in (PricingModel.RETAINER, PricingModel.EQUITY):
        text = f"{amount} {e.currency}/month"
        if e.pricing_model == PricingModel.EQUITY and e.equity_percent is not None:
            text += f" + {e.equity_percent.normalize()}% equity"
        return text
    if e.pricing_model == PricingModel.DAY_RATE:
        return f"{from_minor(e.day_rate_minor, e.currency)} {e.currency}/day"
    if e.pricing_model == PricingModel.PILOT:
        return f"{amount} {e.currency} for {e.pilot_weeks} weeks"
    return f"{amount} {e.currency} project fee"


@writer_view
def engagement_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        form = Form.bound(NEW_FIELDS, request.POST, ALIASES)
        try:
            values = _values(form, EDIT_FIELDS)
            client_id = form.integer("client")
            if client_id is None:
                raise ValidationFailed("client: choose a client", field="client")
            engagement = services.engagement_add(
                actor, client_id=client_id, pricing_model=form.get("pricing_model"), **values
            )
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, f"Added {engagement}.")
            return redirect("engagement", engagement.pk)
        status = 422
    else:
        form = Form.initial(
            NEW_FIELDS,
            {
                "client": request.GET.get("client", ""),
                "pricing_model": "retainer",
                "start_date": today_of(request).isoformat(),
                "notice_days": "30",
                "billing_timing": "advance",
                "overage_policy": "none",
                "rollover_periods": "1",
                "pilot_billing": "full",
            },
        )
        status = 200
    return page(
        request,
        "web/engagement_form.html",
        {"form": form, "engagement": None, **_choices(actor)},
        nav="engagements",
        status=status,
    )


@writer_view
def engagement_edit(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = actor_of(request)
    engagement = engagement_get(actor, engagement_id)
    if request.method == "POST":
        form = Form.bound(EDIT_FIELDS, request.POST, ALIASES)
        try:
            services.engagement_update(actor, engagement.pk, **_values(form, EDIT_FIELDS))
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, "Engagement saved.")
            return redirect("engagement", engagement.pk)
        status = 422
    else:
        current = services.current_values(engagement)
        current["dedicated_days"] = ",".join(engagement.weekdays)
        for name in ("fee", "day_rate", "overage_rate"):
            current[name] = "" if not current[name] else current[name]
        form = Form.initial(EDIT_FIELDS, current)
        status = 200
    return page(
        request,
        "web/engagement_form.html",
        {
            "form": form,
            "engagement": engagement,
            "model": engagement.pricing_model,
            **_choices(actor),
        },
        nav="engagements",
        status=status,
    )


@writer_view
def engagement_end(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = actor_of(request)
    engagement = engagement_get(actor, engagement_id)
    if request.method == "POST":
        form = Form.bound(END_FIELDS, request.POST, END_ALIASES)
        try:
            form.check_lengths()
            services.engagement_end(
                actor,
                engagement.pk,
                on=form.day("end_date"),
                reason=form.text("reason", 200),
            )
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, "Engagement ended.")
            return redirect("engagement", engagement.pk)
        status = 422
    else:
        form = Form.initial(END_FIELDS, {"end_date": today_of(request).isoformat()})
        status = 200
    return page(
        request,
        "web/engagement_end.html",
        {"form": form, "engagement": engagement},
        nav="engagements",
        status=status,
    )


@staff_view
def engagement_detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    actor = actor_of(request)
    engagement = engagement_get(actor, engagement_id)
    rules = request.practice.rules  # type: ignore[attr-defined]
    month = clock.month_of(today_of(request))
    usage = usage_of(engagement, month_work(actor, [engagement], month, rules), rules)
    return page(
        request,
        "web/engagement.html",
        {
            "e": engagement,
            "price": _price(engagement),
            "usage": usage,
            "rate": effective_rate(engagement, usage.used, rules),
            "month": month,
            "rules": rules,
            "phases": list(engagement.phases.all()),
            "deliverables": list(engagement.deliverables.select_related("phase")),
            "milestones": [
                (m, from_minor(m.amount_minor, engagement.currency))
                for m in engagement.milestones.all()
            ],
            "entries": entries_of_engagement(actor, engagement.pk),
            "invoices": invoice_rows(
                [
                    (i, invoice_state(i, today_of(request)))
                    for i in invoices_of_engagement(actor, engagement.pk)
                ],
                practice_of(request),
            ),
        },
        nav="engagements",
    )
