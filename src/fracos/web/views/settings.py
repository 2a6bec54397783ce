"""Settings: the practice's identity and bank details, the playbook's numbers, the members."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fracos.clients.selectors import client_list
from fracos.core.errors import DomainError, PermissionDenied, ValidationFailed
from fracos.core.images import MAX_BYTES
from fracos.core.playbook import PlaybookSettings
from fracos.practice import services
from fracos.practice.selectors import logo_data_uri, members, practice_for, practice_logo
from fracos.web.access import actor_of, staff_view
from fracos.web.forms import Form
from fracos.web.views.common import page

IDENTITY = services.IDENTITY_FIELDS
# Dictionaries (stage probabilities) are edited from the command line.
PLAYBOOK = tuple(
    f.name
    for f in fields(PlaybookSettings)
    if not isinstance(getattr(PlaybookSettings(), f.name), dict)
)
MEMBER_FIELDS = ("email", "role", "client", "password")
ROLE_CHOICES = [
    ("leader", "Leader"),
    ("viewer", "Viewer"),
    ("owner", "Owner"),
    ("portal", "Client portal"),
]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _playbook_rows(form: Form) -> list[dict[str, Any]]:
    defaults = asdict(PlaybookSettings())
    return [
        {"name": n, "default": _text(defaults[n]), "label": n.replace("_", " ")} for n in PLAYBOOK
    ]


def _context(request: HttpRequest, **forms: Form) -> dict[str, Any]:
    actor = actor_of(request)
    practice = practice_for(actor)
    rules = practice.rules
    identity = forms.get("identity") or Form.initial(
        IDENTITY, {n: getattr(practice, n) for n in IDENTITY}
    )
    playbook = forms.get("playbook") or Form.initial(
        PLAYBOOK, {n: _text(getattr(rules, n)) for n in PLAYBOOK}
    )
    member_form = forms.get("member") or Form.initial(MEMBER_FIELDS, {"role": "leader"})
    logo = practice_logo(actor)
    return {
        "identity": identity,
        "logo": logo,
        "logo_uri": logo_data_uri(practice.pk, logo.digest) if logo else "",
        "logo_form": forms.get("logo") or Form.initial(("logo",), {}),
        "logo_max_kb": MAX_BYTES // 1024,
        "playbook": playbook,
        "playbook_rows": _playbook_rows(playbook),
        "stage_probabilities": rules.stage_probabilities,
        "members": members(actor) if actor.is_owner else [],
        "member_form": member_form,
        "role_choices": ROLE_CHOICES,
        "client_choices": [("", "— (practice members)")]
        + [(str(c.pk), c.name) for c in client_list(actor)],
    }


@staff_view
def settings_page(request: HttpRequest) -> HttpResponse:
    return page(request, "web/settings.html", _context(request), nav="settings")


@staff_view
def practice_save(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method != "POST":
        return redirect("settings")
    actor.require_owner()
    form = Form.bound(IDENTITY, request.POST)
    try:
        form.check_lengths()
        for name in IDENTITY:
            # core/clock.zone() turns an over-long time zone into an OSError, not a
            # ValidationFailed; no identity field is longer than 200 characters anyway.
            form.text(name, 200)
        services.practice_update(
            actor, **{k: v for k, v in form.values.items() if k in request.POST}
        )
    except PermissionDenied:
        raise
    except DomainError as error:
        form.fail(error)
        return page(
            request,
            "web/settings.html",
            _context(request, identity=form),
            nav="settings",
            status=422,
        )
    messages.success(request, "Practice details saved.")
    return redirect("settings")


@staff_view
def logo_save(request: HttpRequest) -> HttpResponse:
    """Upload (or, with action=remove, remove) the logo printed on invoices issued from now."""
    actor = actor_of(request)
    if request.method != "POST":
        return redirect("settings")
    actor.require_owner()
    form = Form.initial(("logo",), {})
    try:
        if request.POST.get("action") == "remove":
            services.practice_logo_remove(actor)
            messages.success(request, "Logo removed; invoices issued from now carry none.")
            return redirect("settings")
        services.practice_logo_set(actor, _uploaded_logo(request))
    except PermissionDenied:
        raise
    except DomainError as error:
        form.fail(error)
        return page(
            request, "web/settings.html", _context(request, logo=form), nav="settings", status=422
        )
    messages.success(request, "Logo saved; invoices issued from now carry it.")
    return redirect("settings")


def _uploaded_logo(request: HttpRequest) -> bytes:
    upload = request.FILES.get("logo")
    if upload is None:
        raise ValidationFailed("logo: choose an image file (PNG, JPEG or SVG)", field="logo")
    if (upload.size or 0) > MAX_BYTES:
        # Refused before reading it: the service would refuse it anyway.
        raise ValidationFailed(
            f"logo: the file is {(upload.size or 0) // 1024} KB; a logo may be "
            f"{MAX_BYTES // 1024} KB",
            field="logo",
        )
    return b"".join(upload.chunks())


@staff_view
def playbook_save(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method != "POST":
        return redirect("settings")
    actor.require_owner()
    form = Form.bound(PLAYBOOK, request.POST)
    current = practice_for(actor).rules
    try:
        form.check_lengths()
        changes = {
            n: form.get(n)
            for n in PLAYBOOK
            if n in request.POST and form.get(n) != _text(getattr(current, n))
        }
        services.playbook_update(actor, changes)
    except DomainError as error:
        form.fail(error)
        return page(
            request,
            "web/settings.html",
            _context(request, playbook=form),
            nav="settings",
            status=422,
        )
    messages.success(request, "Playbook settings saved.")
    return redirect("settings")


@staff_view
def member_add(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method != "POST":
        return redirect("settings")
    actor.require_owner()
    form = Form.bound(MEMBER_FIELDS, request.POST)
    try:
        form.check_lengths()
        services.member_add(
            actor,
            email=form.text("email", 150),
            role=form.get("role"),
            password=form.values.get("password") or None,
            client_id=form.integer("client"),
        )
    except DomainError as error:
        form.fail(error)
        form.values["password"] = ""  # never echo a password back into the page
        return page(
            request, "web/settings.html", _context(request, member=form), nav="settings", status=422
        )
    messages.success(request, f"Added {form.get('email')}.")
    return redirect("settings")


@staff_view
def member_remove(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        actor.require_owner()
        form = Form.bound(("email",), request.POST)
        try:
            form.check_lengths()
            services.member_remove(actor, email=form.text("email", 200))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Member removed.")
    return redirect("settings")
