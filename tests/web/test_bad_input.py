"""Every form, fed empty, huge, negative, malformed and foreign values: never a 500, nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.billing.helpers import month
from tests.web.conftest import OWNER, snapshot

BAD_VALUES = {
    "empty": "",
    "too_long": "x" * 10_000,
    "negative": "-5",
    "malformed": "%%not\x00valid%%",
    "not_a_date": "2026-02-30",
    "not_a_number": "NaN",
    "foreign_id": "{foreign}",
}


def forms(
    cast: Any, entry_id: int, inv: dict[str, int] | None = None
) -> dict[str, tuple[str, dict[str, str]]]:
    """Each form's URL and a valid submission of it."""
    inv = inv or {"draft": 0, "line": 0, "issued": 0}
    return {
        "time_log": (
            "/time/log/",
            {"kind": "client", "work_date": "2026-11-18", "line": "acme 1h Review"},
        ),
        "time_edit": (
            f"/time/{entry_id}/edit/",
            {"client": "acme", "duration": "2h", "work_date": "2026-11-17", "note": "n"},
        ),
        "timer_start": ("/timer/start/", {"client": "acme", "note": "n"}),
        "client_new": (
            "/clients/new/",
            {"name": "Zeta", "country": "BE", "payment_terms_days": "30"},
        ),
        "client_edit": (
            f"/clients/{cast.acme.pk}/edit/",
            {"name": "Acme Logistics", "country": "BE", "size": "51-200", "stage": "scaleup"},
        ),
        "contact_add": (
            f"/clients/{cast.acme.pk}/",
            {"contact_name": "Ann", "contact_email": "ann@acme.example", "contact_role": "CEO"},
        ),
        "engagement_new": (
            "/engagements/new/",
            {
                "client": str(cast.brightwave.pk),
                "pricing_model": "retainer",
                "role_title": "CTO",
                "fee": "5000",
                "days_per_week": "1",
                "dedicated_days": "fri",
                "start_date": "2026-11-02",
                "notice_days": "30",
                "overage_policy": "none",
                "billing_timing": "advance",
                "rollover_periods": "1",
                "pilot_billing": "full",
            },
        ),
        "engagement_edit": (
            f"/engagements/{cast.retainer.pk}/edit/",
            {
                "role_title": "CTO",
                "fee": "8000",
                "days_per_week": "2",
                "dedicated_days": "mon,tue",
                "start_date": "2026-01-01",
                "notice_days": "30",
                "overage_policy": "none",
                "billing_timing": "advance",
                "rollover_periods": "1",
                "pilot_billing": "full",
            },
        ),
        "engagement_end": (
            f"/engagements/{cast.day_rate.pk}/end/",
            {"end_date": "2026-11-18", "reason": "Done"},
        ),
        "practice": (
            "/settings/practice/",
            {"name": "Peeters", "country": "BE", "currency": "EUR", "timezone": "Europe/Brussels"},
        ),
        "playbook": ("/settings/playbook/", {"renewal_warn_days": "90", "retainer_warn_pct": "75"}),
        "member_add": (
            "/settings/members/add/",
            {
                "email": "new@example.com",
                "role": "portal",
                "client": str(cast.acme.pk),
                "password": "",
            },
        ),
        "member_remove": ("/settings/members/remove/", {"email": "viewer@example.com"}),
        "login": ("/login/", {"username": OWNER, "password": cast.passwords[OWNER]}),
        "password_change": (
            "/password/",
            {
                "old_password": "owner-pass-123",
                "new_password1": "n3w-pass-wörd-x",
                "new_password2": "n3w-pass-wörd-x",
            },
        ),
        "password_reset": ("/password/reset/", {"email": OWNER}),
        "invoice_new": (
            "/invoices/new/",
            {"client": str(cast.acme.pk), "engagement": "", "period": "2026-11"},
        ),
        "invoice_line_add": (
            f"/invoices/{inv['draft']}/lines/",
            {"description": "Taxi", "quantity": "1", "unit_price": "42.80", "vat_rate": "21"},
        ),
        "invoice_line_edit": (
            f"/invoices/{inv['draft']}/lines/{inv['line']}/",
            {"description": "Fee", "quantity": "1", "unit_price": "7500", "vat_rate": "21"},
        ),
        "invoice_notes": (f"/invoices/{inv['draft']}/notes/", {"notes": "Thank you"}),
        "payment_add": (
            f"/invoices/{inv['issued']}/payments/",
            {"amount": "100", "date": "2026-11-17", "method": "transfer", "reference": "R1"},
        ),
        "invoice_credit": (
            f"/invoices/{inv['issued']}/credit/",
            {"credit_amount": "100", "reason": "Goodwill"},
        ),
    }


FORM_NAMES = [
    "time_log",
    "time_edit",
    "timer_start",
    "client_new",
    "client_edit",
    "contact_add",
    "engagement_new",
    "engagement_edit",
    "engagement_end",
    "practice",
    "playbook",
    "member_add",
    "member_remove",
    "login",
    "password_change",
    "password_reset",
    "invoice_new",
    "invoice_line_add",
    "invoice_line_edit",
    "invoice_notes",
    "payment_add",
    "invoice_credit",
]
# Submitting an empty end form means "end it today, no reason": a valid request; an
# empty credit note form credits the whole invoice.
VALID_WHEN_EMPTY = {"engagement_end", "invoice_credit"}
# A note printed on an invoice is free text: "-5" or "NaN" is a valid note.
FREE_TEXT = {"invoice_notes"}
# Forms whose fields name no row: another practice's id is just a valid number there
# (their invoice is in the URL, which test_access proves an outsider cannot reach).
NO_FOREIGN_KEY = {"invoice_line_add", "invoice_line_edit", "invoice_credit"}


@pytest.fixture
def setup(cast, login):
    from fracos.billing.services import invoice_draft, invoice_issue
    from fracos.timesheets.services import time_log
    from tests.billing.helpers import ready_practice

    entry = time_log(cast.owner, seconds=3600, client="acme")
    ready_practice(cast)
    issued = invoice_issue(
        cast.owner, invoice_id=invoice_draft(cast.owner, client_id=cast.acme.pk).pk
    )
    draft = invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-12"))
    inv = {"draft": draft.pk, "line": draft.lines.get().pk, "issued": issued.pk}
    return cast, login(OWNER), forms(cast, entry.id, inv)


# Signing in and asking for a reset are for visitors: a signed-in browser is just redirected.
ANONYMOUS = {"login", "password_reset"}


def _browser(signed_in: Client, name: str) -> Client:
    return Client() if name in ANONYMOUS else signed_in


def _fill(value: str, cast: Any) -> str:
    return value.replace("{foreign}", str(cast.foreign_client.pk))


@pytest.mark.parametrize("name", FORM_NAMES)
@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
def test_a_form_filled_entirely_with_bad_values_writes_nothing(setup, name, kind):
    cast, browser, all_forms = setup
    if kind == "empty" and name in VALID_WHEN_EMPTY:
        pytest.skip("an empty end form is a valid request")
    if kind == "foreign_id" and name in NO_FOREIGN_KEY:
        pytest.skip("no field of this form names a row")
    url, valid = all_forms[name]
    payload = {field: _fill(BAD_VALUES[kind], cast) for field in valid}
    before = snapshot()
    response = _browser(browser, name).post(url, payload)
    assert response.status_code < 500
    if name in FREE_TEXT and kind not in ("too_long", "malformed"):
        return
    assert snapshot() == before


@pytest.mark.parametrize("name", FORM_NAMES)
def test_each_field_alone_gets_each_bad_value_without_a_500(setup, name):
    """One field at a time: either a clean refusal that wrote nothing, or an accepted edit."""
    cast, browser, all_forms = setup
    url, valid = all_forms[name]
    for field in valid:
        for kind, raw in BAD_VALUES.items():
            before = snapshot()
            response = _browser(browser, name).post(url, {**valid, field: _fill(raw, cast)})
            assert response.status_code < 500, (field, kind)
            if response.status_code != 302:
                assert snapshot() == before, (field, kind)


def test_a_foreign_client_id_is_refused_and_writes_nothing(setup):
    cast, browser, all_forms = setup
    for name in ("engagement_new", "member_add", "invoice_new"):
        url, valid = all_forms[name]
        before = snapshot()
        response = browser.post(url, {**valid, "client": str(cast.foreign_client.pk)})
        assert response.status_code == 422, name
        assert snapshot() == before
