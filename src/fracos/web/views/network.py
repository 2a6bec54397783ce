"""The warm network: contacts, the top list, outreach and next steps, and the CSV import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.core.errors import DomainError, ValidationFailed
from fracos.pipeline import selectors, services
from fracos.pipeline.choices import Channel, Warmth
from fracos.web.access import actor_of, staff_view, writer_view
from fracos.web.forms import Form
from fracos.web.views.common import page, today_of

CONTACT_FIELDS = (
    "name",
    "organisation",
    "role",
    "email",
    "how_known",
    "warmth",
    "fits_profile",
    "top",
)
EDIT_FIELDS = ("organisation", "role", "how_known", "warmth", "fits_profile")
OUTREACH_FIELDS = ("on", "channel", "summary", "next_step", "next_step_on")
OUTREACH_ALIASES = {"date": "on", "contact": "summary"}
WARMTH_CHOICES = [(str(w.value), w.label) for w in Warmth]
# The import refuses files larger than this before reading them: a LinkedIn export of
# 30,000 connections is about 3 MB.
MAX_CSV_BYTES = 5 * 1024 * 1024


def _warmth_filter(raw: str) -> int | None:
    names = {w.label.lower(): int(w.value) for w in Warmth}
    return names.get(raw.strip().lower())


@staff_view
def network_index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rules = request.practice.rules  # type: ignore[attr-defined]
    top_only = request.GET.get("top") == "1"
    fit_only = request.GET.get("fit") == "1"
    warmth = _warmth_filter(request.GET.get("warmth", ""))
    rows = list(
        selectors.contacts_listed(actor, top_only=top_only, fit_only=fit_only, warmth=warmth)
    )
    return page(
        request,
        "web/network.html",
        {
            "contacts": rows,
            "top_only": top_only,
            "fit_only": fit_only,
            "warmth": request.GET.get("warmth", "") if warmth else "",
            "top_count": selectors.top_count(actor),
            "top_target": rules.warm_network_size,
            "due": selectors.next_steps_due(actor, today_of(request)),
            "today": today_of(request),
        },
        nav="network",
    )


@writer_view
def contact_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = 200
    if request.method == "POST":
        form = Form.bound(CONTACT_FIELDS, request.POST)
        try:
            form.check_lengths()
            contact = services.contact_add(
                actor,
                name=form.text("name", 200),
                organisation=form.text("organisation", 200),
                role=form.text("role", 200),
                email=form.text("email", 200),
                how_known=form.text("how_known", 200),
                warmth=form.get("warmth") or "warm",
                fits_profile=form.checked("fits_profile"),
                top=form.checked("top"),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, f"Added {contact.name}.")
            return redirect("contact", contact.pk)
    else:
        form = Form.initial(CONTACT_FIELDS, {"warmth": str(int(Warmth.WARM))})
    return page(
        request,
        "web/contact_form.html",
        {"form": form, "contact": None, "warmth_choices": WARMTH_CHOICES},
        nav="network",
        status=status,
    )


@writer_view
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = actor_of(request)
    contact = selectors.contact_get(actor, contact_id)
    status = 200
    if request.method == "POST":
        form = Form.bound(EDIT_FIELDS, request.POST)
        try:
            form.check_lengths()
            services.contact_update(
                actor,
                contact.pk,
                organisation=form.text("organisation", 200),
                role=form.text("role", 200),
                how_known=form.text("how_known", 200),
                warmth=form.get("warmth"),
                fits_profile=form.checked("fits_profile"),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, f"Saved {contact.name}.")
            return redirect("contact", contact.pk)
    else:
        values: dict[str, Any] = {f: getattr(contact, f) for f in EDIT_FIELDS}
        values["fits_profile"] = "1" if contact.fits_profile else ""
        form = Form.initial(EDIT_FIELDS, values)
    return page(
        request,
        "web/contact_form.html",
        {"form": form, "contact": contact, "warmth_choices": WARMTH_CHOICES},
        nav="network",
        status=status,
    )


@staff_view
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The contact, their outreach log, and (for writers) the form to log the next conversation."""
    actor = actor_of(request)
    contact = selectors.contact_get(actor, contact_id)
    status = 200
    if request.method == "POST":
        form = Form.bound(OUTREACH_FIELDS, request.POST, OUTREACH_ALIASES)
        try:
            form.check_lengths()
            channel = form.get("channel") or Channel.EMAIL
            if channel not in Channel.values:
                raise ValidationFailed(
                    f"channel: {channel[:40]!r} is not a channel", field="channel"
                )
            services.outreach_log(
                actor,
                contact.pk,
                summary=form.text("summary", 5000),
                channel=channel,
                on=form.day("on"),
                next_step=form.text("next_step", 200),
                next_step_on=form.day("next_step_on"),
            )
        except DomainError as error:
            form.fail(error)
            status = 422
        else:
            messages.success(request, f"Logged the conversation with {contact.name}.")
            return redirect("contact", contact.pk)
    else:
        form = Form.initial(
            OUTREACH_FIELDS, {"on": today_of(request).isoformat(), "channel": "email"}
        )
    return page(
        request,
        "web/contact.html",
        {
            "c": contact,
            "log": selectors.outreach_of(actor, contact.pk),
            "form": form,
            "channel_choices": Channel.choices,
            "top_count": selectors.top_count(actor),
            "top_target": request.practice.rules.warm_network_size,  # type: ignore[attr-defined]
            "today": today_of(request),
        },
        nav="network",
        status=status,
    )


@staff_view
def contact_top(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = actor_of(request)
    contact = selectors.contact_get(actor, contact_id)
    if request.method == "POST":
        choice = request.POST.get("top", "")
        on = choice == "1"
        try:
            if choice not in ("0", "1"):
                raise ValidationFailed("top: say 1 (on the list) or 0 (off it)", field="top")
            services.contact_set_top(actor, contact.pk, top=on)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{contact.name} is {'on' if on else 'off'} the top list.")
    return redirect("contact", contact.pk)


def _uploaded_text(request: HttpRequest) -> str:
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size is not None and upload.size > MAX_CSV_BYTES:
            raise ValidationFailed("file: larger than 5 MB", field="file")
        raw = upload.read()
    else:
        raw = request.POST.get("csv_text", "").encode()
        if len(raw) > MAX_CSV_BYTES:
            raise ValidationFailed("file: larger than 5 MB", field="file")
    if not raw.strip():
        raise ValidationFailed("file: choose a CSV file", field="file")
    try:
        text: str = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed(
            "file: not UTF-8 text (export it as CSV, UTF-8)", field="file"
        ) from None
    if "\x00" in text:
        raise ValidationFailed("file: not a CSV file (it holds NUL bytes)", field="file")
    return text


@writer_view
def network_import(request: HttpRequest) -> HttpResponse:
    """Upload, check (a dry run listing every bad row), then import all or nothing."""
    actor = actor_of(request)
    context: dict[str, Any] = {"report": None, "error": "", "csv_text": "", "imported": False}
    status = 200
    if request.method == "POST":
        dry_run = request.POST.get("action") != "import"
        try:
            text = _uploaded_text(request)
            report = services.contacts_import(actor, text, dry_run=dry_run)
        except DomainError as error:
            context["error"] = error.message
            status = 422
        else:
            context.update(report=report, dry_run=dry_run, csv_text=text)
            if report.bad:
                status = 422
            elif not dry_run:
                messages.success(
                    request,
                    f"Imported {report.added} contact(s); {report.skipped_existing} already known.",
                )
                return redirect("network")
    return page(request, "web/network_import.html", context, nav="network", status=status)
