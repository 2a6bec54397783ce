"""Clients: the list, adding, editing and archiving, and one client's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.billing.selectors import invoices_filtered
from fracos.clients import services
from fracos.clients.choices import CompanySize, CompanyStage
from fracos.clients.selectors import client_get, client_list, contacts_of
from fracos.core import clock
from fracos.core.errors import DomainError
from fracos.engagements.selectors import engagement_list
from fracos.timesheets.selectors import report
from fracos.web.access import actor_of, practice_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of
from fracos.web.views.invoices import invoice_rows

CLIENT_FIELDS = (
    "name",
    "legal_name",
    "country",
    "currency",
    "vat_number",
    "enterprise_number",
    "peppol_id",
    "street",
    "postcode",
    "city",
    "billing_email",
    "payment_terms_days",
    "size",
    "stage",
    "industry",
    "notes",
)
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_role", "contact_phone")
CONTACT_ALIASES = {"name": "contact_name", "email": "contact_email"}


def _choices() -> dict[str, object]:
    return {"size_choices": CompanySize.choices, "stage_choices": CompanyStage.choices}


@staff_view
def client_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    show_all = request.GET.get("all") == "1"
    clients = client_list(actor, include_archived=show_all)
    active: dict[int, int] = {}
    for engagement in engagement_list(actor, status="active"):
        active[engagement.client_id] = active.get(engagement.client_id, 0) + 1
    month = clock.month_of(today_of(request))
    hours = {
        row.key["client_id"]: row.seconds
        for row in report(actor, month, practice=practice_of(request), by="client").rows
        if row.key.get("client_id") is not None
    }
    rows = [
        {"client": c, "active": active.get(c.pk, 0), "month": hours.get(c.pk, 0)} for c in clients
    ]
    return page(
        request,
        "web/clients.html",
        {"rows": rows, "show_all": show_all, "month": month},
        nav="clients",
    )


@writer_view
def client_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        form = Form.bound(CLIENT_FIELDS, request.POST)
        try:
            form.check_lengths()
            values = {k: v for k, v in form.values.items() if v.strip()}
            client = services.client_add(actor, **values)
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, f"Added {client.name}.")
            return redirect("client", client.pk)
        status = 422
    else:
        form = Form.initial(CLIENT_FIELDS, {"country": request.practice.country})  # type: ignore[attr-defined]
        status = 200
    return page(
        request,
        "web/client_form.html",
        {"form": form, "client": None, **_choices()},
        nav="clients",
        status=status,
    )


@writer_view
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = actor_of(request)
    client = client_get(actor, client_id)
    if request.method == "POST":
        form = Form.bound(CLIENT_FIELDS, request.POST)
        try:
            form.check_lengths()
            values = {
                k: v
                for k, v in form.values.items()
                if v.strip() or k not in ("country", "currency")
            }
            services.client_update(actor, client.pk, **values)
        except DomainError as error:
            form.fail(error)
        else:
            messages.success(request, f"Saved {form.get('name') or client.name}.")
            return redirect("client", client.pk)
        status = 422
    else:
        form = Form.initial(CLIENT_FIELDS, {f: getattr(client, f) for f in CLIENT_FIELDS})
        status = 200
    return page(
        request,
        "web/client_form.html",
        {"form": form, "client": client, **_choices()},
        nav="clients",
        status=status,
    )


@staff_view
def client_archive(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = actor_of(request)
    client = client_get(actor, client_id)
    if request.method == "POST":
        try:
            services.client_archive(actor, client.pk)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Archived {client.name}.")
    return redirect("client", client.pk)


@staff_view
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = actor_of(request)
    client = client_get(actor, client_id)
    contact_form = Form.initial(CONTACT_FIELDS, {})
    status = 200
    if request.method == "POST":
        contact_form = Form.bound(CONTACT_FIELDS, request.POST, CONTACT_ALIASES)
        try:
            contact_form.check_lengths()
            services.contact_add(
                actor,
                client.pk,
                name=contact_form.text("contact_name", 200),
                email=contact_form.text("contact_email", 200),
                role=contact_form.text("contact_role", 100),
                phone=contact_form.text("contact_phone", 40),
            )
        except DomainError as error:
            contact_form.fail(error)
            status = 422
        else:
            messages.success(request, "Contact added.")
            return redirect("client", client.pk)
    return page(
        request,
        "web/client.html",
        {
            "client": client,
            "contacts": contacts_of(actor, client.pk),
            "engagements": engagement_list(actor, client_id=client.pk),
            "invoices": invoice_rows(
                invoices_filtered(actor, today=today_of(request), client_id=client.pk),
                practice_of(request),
            ),
            "contact_form": contact_form,
        },
        nav="clients",
        status=status,
    )
