"""Every form, fed empty, huge, negative, malformed and foreign values: never a 500, nothing written."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.billing.helpers import month
from tests.web.conftest import OWNER
from tests.web.conftest import snapshot as _tables
from tests.web.pipeline_data import build


def snapshot() -> dict[str, Any]:
    """The shared snapshot plus the cadence's and the plan's rows."""
    from fracos.cadence.models import CalendarToken, Summary, Touchpoint
    from fracos.engagements.models import WeekPlanSlot

    return {
        **_tables(),
        "touchpoints": list(Touchpoint.objects.order_by("pk").values()),
        "summaries": list(Summary.objects.order_by("pk").values()),
        "plan": list(WeekPlanSlot.objects.order_by("pk").values()),
        "tokens": CalendarToken.objects.count(),
    }


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
    cast: Any,
    entry_id: int,
    draft_id: int = 0,
    sent_id: int = 0,
    bd: dict[str, int] | None = None,
    inv: dict[str, int] | None = None,
) -> dict[str, tuple[str, dict[str, str]]]:
    """Each form's URL and a valid submission of it."""
    return {
        **_core_forms(
            cast, entry_id, draft_id, sent_id, inv or {"draft": 0, "line": 0, "issued": 0}
        ),
        **(pipeline_forms(bd) if bd else {}),
    }


def pipeline_forms(bd: dict[str, int]) -> dict[str, tuple[str, dict[str, str]]]:
    """The winning-clients forms; ``bd`` holds the ids of the world in tests/web/pipeline_data."""
    opportunity, contact, story = bd["opportunity"], bd["contact"], bd["story"]
    return {
        "opportunity_new": (
            "/pipeline/new/",
            {
                "title": "Head of Engineering",
                "organisation": "Acme",
                "contact": str(contact),
                "monthly_value": "7000",
                "currency": "EUR",
                "stage": "conversation",
                "probability": "30",
                "expected_start": "2027-01-04",
                "next_step": "Call",
                "next_step_on": "2026-11-25",
            },
        ),
        "opportunity_edit": (
            f"/pipeline/{opportunity}/edit/",
            {
                "title": "Due diligence",
                "organisation": "Lumen Health",
                "monthly_value": "6500",
                "probability": "40",
                "expected_start": "2027-01-04",
                "next_step": "Call",
                "next_step_on": "2026-11-25",
            },
        ),
        "opportunity_move": (
            f"/pipeline/{opportunity}/move/",
            {"stage": "lost", "reason": "No budget", "monthly_value": "6000"},
        ),
        "opportunity_story": (f"/pipeline/{opportunity}/story/", {"story": str(story)}),
        "pilot_start": (
            f"/pipeline/{opportunity}/pilot/",
            {
                "fee": "5000",
                "weeks": "6",
                "deliverable": "Due diligence report",
                "start": "2026-11-18",
                "dedicated_days": "wed",
            },
        ),
        "pilot_convert": (
            f"/pipeline/pilots/{bd['pilot']}/convert/",
            {"retainer": "8000", "days_per_week": "2", "start": "2027-01-04"},
        ),
        "pilot_close": (f"/pipeline/pilots/{bd['pilot']}/close/", {"reason": "No budget"}),
        "proposal_new": (
            f"/pipeline/{opportunity}/proposals/new/",
            {
                "retainer": "8000",
                "pilot_fee": "5000",
                "pilot_weeks": "6",
                "pilot_deliverable": "Report",
                "days_per_week": "2",
                "responsibilities": "Engineering",
                "stories": str(story),
            },
        ),
        "proposal_accept": (
            f"/pipeline/proposals/{bd['proposal']}/accept/",
            {"option": "1", "start": "2027-01-04"},
        ),
        "positioning_edit": (
            "/positioning/edit/",
            {"who": "B2B SaaS scale-ups", "what": "Lead", "different": "Method", "outcome": "6"},
        ),
        "story_new": (
            "/proof/new/",
            {"title": "T", "situation": "S", "actions": "A", "result": "Cut costs by 3 %"},
        ),
        "story_edit": (
            f"/proof/{story}/edit/",
            {"title": "T", "situation": "S", "actions": "A", "result": "Cut costs by 3 %"},
        ),
        "thought_add": (
            "/thought/",
            {"kind": "post", "title": "Metrics", "on": "2026-11-17", "url": "https://x.be"},
        ),
        "launch_start": ("/launch/", {"start": "2026-11-02"}),
        "launch_tick": ("/launch/tick/", {"item": "profile", "undo": "1"}),
        "launch_feedback": (
            "/launch/feedback/",
            {
                "client": str(bd["client"]),
                "what_they_get": "A roadmap",
                "wish_different": "More hiring",
                "would_recommend": "Yes",
            },
        ),
        "contact_new": (
            "/network/new/",
            {
                "name": "Sofie",
                "organisation": "Zeta",
                "role": "CEO",
                "email": "sofie@zeta.example",
                "how_known": "Colleague",
                "warmth": "3",
                "fits_profile": "1",
                "top": "1",
            },
        ),
        "contact_edit": (
            f"/network/{contact}/edit/",
            {"organisation": "Zeta", "role": "CEO", "how_known": "x", "warmth": "2"},
        ),
        "outreach_log": (
            f"/network/{contact}/",
            {
                "on": "2026-11-18",
                "channel": "call",
                "summary": "Talked",
                "next_step": "Mail",
                "next_step_on": "2026-11-20",
            },
        ),
        "contact_top": (f"/network/{contact}/top/", {"top": "0"}),
        "network_import": (
            "/network/import/",
            {"action": "import", "csv_text": "First Name,Last Name\nSofie,Claes\n"},
        ),
    }


def _core_forms(
    cast: Any, entry_id: int, draft_id: int, sent_id: int, inv: dict[str, int]
) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        "checkin": (
            "/cadence/checkin/",
            {"engagement": str(cast.retainer.pk), "notes": "Weekly", "held_on": "2026-11-17"},
        ),
        "renewal": (
            "/cadence/renewal/",
            {"engagement": str(cast.retainer.pk), "notes": "Renew", "held_on": "2026-11-17"},
        ),
        "summary_draft": (
            "/cadence/summaries/draft/",
            {"engagement": str(cast.retainer.pk), "month": "2026-09"},
        ),
        "summary_edit": (f"/cadence/summaries/{draft_id}/", {"body": "# October\n\nDone."}),
        "summary_preview": ("/cadence/summaries/preview/", {"body": "# October"}),
        "summary_email": (f"/cadence/summaries/{sent_id}/email/", {"to": "cto@acme.example"}),
        "review": (
            f"/cadence/review/{cast.retainer.pk}/",
            {"notes": "Renew for six months", "held_on": "2026-11-18"},
        ),
        "plan": (
            "/plan/",
            {"weekday": "wed", "part": "am", "engagement": str(cast.day_rate.pk)},
        ),
        "time_import": ("/time/import/", {"source": "toggl", "upload": "", "action": "check"}),
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
    "checkin",
    "renewal",
    "summary_draft",
    "summary_edit",
    "summary_preview",
    "summary_email",
    "review",
    "plan",
    "time_import",
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
    "opportunity_new",
    "opportunity_edit",
    "opportunity_move",
    "opportunity_story",
    "pilot_start",
    "pilot_convert",
    "pilot_close",
    "proposal_new",
    "proposal_accept",
    "positioning_edit",
    "story_new",
    "story_edit",
    "thought_add",
    "launch_start",
    "launch_tick",
    "launch_feedback",
    "contact_new",
    "contact_edit",
    "outreach_log",
    "contact_top",
    "network_import",
    "invoice_new",
    "invoice_line_add",
    "invoice_line_edit",
    "invoice_notes",
    "payment_add",
    "invoice_credit",
]
# Submitting an empty end form means "end it today, no reason": a valid request.
# A review's notes are optional and its day defaults to today, too.
VALID_WHEN_EMPTY = {"engagement_end", "review", "launch_start", "invoice_credit"}
# A summary is the leader's own text: "-5" or "NaN" is a (strange) valid summary.
FREE_TEXT = {"summary_edit"}
# A note printed on an invoice is free text: "-5" or "NaN" is a valid note.
NOTES = {"invoice_notes"}
# An empty launch form starts the plan today: a valid request too.
# Forms of free text only: "-5", "NaN" or "2026-02-30" is a fine (if odd) reason, title or
# statement. A contact's warmth is 1-3, which the foreign id may happen to be.
TEXT_ONLY = {"negative", "not_a_date", "not_a_number", "foreign_id"}
ACCEPTED_AS_TEXT = {
    "pilot_close": TEXT_ONLY,
    "positioning_edit": TEXT_ONLY,
    "story_new": TEXT_ONLY,
    "story_edit": TEXT_ONLY,
    "contact_edit": {"foreign_id"},
}
# Forms whose fields name no row: another practice's id is just a valid number there
# (their invoice is in the URL, which test_access proves an outsider cannot reach).
NO_FOREIGN_KEY = {"invoice_line_add", "invoice_line_edit", "invoice_credit"}


@pytest.fixture
def setup(cast, login):
    from datetime import date

    from fracos.billing.services import invoice_draft, invoice_issue
    from fracos.cadence.services import summary_draft, summary_send
    from fracos.core import clock
    from fracos.timesheets.services import time_log
    from tests.billing.helpers import ready_practice

    entry = time_log(cast.owner, seconds=3600, client="acme")
    draft = summary_draft(
        cast.owner, engagement_id=cast.retainer.pk, month=clock.month_of(date(2026, 10, 1))
    )
    sent = summary_draft(
        cast.owner, engagement_id=cast.day_rate.pk, month=clock.month_of(date(2026, 10, 1))
    )
    summary_send(cast.owner, sent.pk)
    ready_practice(cast)
    issued = invoice_issue(
        cast.owner, invoice_id=invoice_draft(cast.owner, client_id=cast.acme.pk).pk
    )
    invoice = invoice_draft(cast.owner, client_id=cast.acme.pk, period=month("2026-12"))
    inv = {"draft": invoice.pk, "line": invoice.lines.get().pk, "issued": issued.pk}
    return (
        cast,
        login(OWNER),
        forms(cast, entry.id, draft.pk, sent.pk, pipeline_ids(cast), inv),
    )


def pipeline_ids(cast: Any) -> dict[str, int]:
    from fracos.pipeline.services import ProposalOption, pilot_start, proposal_create

    world = build(cast)
    proposal = proposal_create(
        cast.owner,
        world.northwind.pk,
        options=[ProposalOption("Monthly retainer", "retainer", Decimal("9000"))],
    )
    pilot = pilot_start(
        cast.owner, world.zeta.pk, fee=Decimal("6000"), weeks=6, deliverable="Assessment"
    )
    return {
        "opportunity": world.lumen.pk,
        "contact": world.jan.pk,
        "story": world.story.pk,
        "proposal": proposal.pk,
        "pilot": pilot.engagement.pk,
        "client": cast.acme.pk,
    }


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
        pytest.skip("an empty form is a valid request here")
    if name in FREE_TEXT and kind not in ("empty", "malformed"):
        pytest.skip("any text is a valid summary")
    if kind in ACCEPTED_AS_TEXT.get(name, set()):
        pytest.skip("free text: this value is valid there")
    if kind == "foreign_id" and name in NO_FOREIGN_KEY:
        pytest.skip("no field of this form names a row")
    url, valid = all_forms[name]
    payload = {field: _fill(BAD_VALUES[kind], cast) for field in valid}
    before = snapshot()
    response = _browser(browser, name).post(url, payload)
    assert response.status_code < 500
    if name in NOTES and kind not in ("too_long", "malformed"):
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


@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
def test_the_rate_calculator_answers_every_bad_value_beside_a_field_never_a_500(setup, kind):
    cast, browser, _ = setup
    valid = {"salary": "150000", "premium": "50", "days": "250", "currency": "EUR"}
    for field in [*valid, "days_per_week"]:
        value = _fill(BAD_VALUES[kind], cast)
        response = browser.get("/rate/", {**valid, field: value})
        assert response.status_code in (200, 422), (field, kind)
        if response.status_code == 422:
            assert re.search(f'id="id_{field}_error">[^<]+</p>', response.content.decode()), (
                field,
                kind,
            )
    everything = {f: _fill(BAD_VALUES[kind], cast) for f in [*valid, "days_per_week"]}
    assert browser.get("/rate/", everything).status_code == 422


@pytest.fixture
def foreign_engagement(cast):
    from datetime import date

    from fracos.engagements.services import engagement_add

    return engagement_add(
        cast.outsider,
        client_id=cast.foreign_client.pk,
        role_title="CTO",
        pricing_model="day_rate",
        day_rate="1000",
        start_date=date(2026, 1, 1),
    )


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/cadence/checkin/", {"notes": "Hijack"}),
        ("/cadence/renewal/", {"notes": "Hijack"}),
        ("/cadence/summaries/draft/", {"month": "2026-10"}),
        ("/plan/", {"weekday": "fri", "part": "full"}),
    ],
)
def test_another_practices_engagement_is_refused_and_nothing_is_written(
    setup, foreign_engagement, url, data
):
    _, browser, _ = setup
    before = snapshot()
    response = browser.post(url, {**data, "engagement": str(foreign_engagement.pk)})
    assert response.status_code == 422
    assert f"no engagement #{foreign_engagement.pk}" in response.content.decode()
    assert snapshot() == before


def test_another_practices_engagement_has_no_review_page(setup, foreign_engagement):
    _, browser, _ = setup
    before = snapshot()
    assert browser.get(f"/cadence/review/{foreign_engagement.pk}/").status_code == 404
    assert (
        browser.post(f"/cadence/review/{foreign_engagement.pk}/", {"notes": "x"}).status_code == 404
    )
    assert snapshot() == before


def test_a_summary_longer_than_the_limit_is_refused_and_kept_in_the_form(setup):
    _, browser, all_forms = setup
    url, _ = all_forms["summary_edit"]
    before = snapshot()
    response = browser.post(url, {"body": "# Long\n" + "x" * 100_001})
    assert response.status_code == 422
    assert "body: longer than 100,000 characters" in response.content.decode()
    assert snapshot() == before
    preview = browser.post("/cadence/summaries/preview/", {"body": "x" * 100_001})
    assert "body: longer than 100,000 characters" in preview.content.decode()


def test_another_practices_contacts_and_stories_are_refused_in_pipeline_forms(setup):
    from fracos.pipeline.services import contact_add, story_add

    cast, browser, all_forms = setup
    their_contact = contact_add(cast.outsider, name="Their Contact")
    their_story = story_add(
        cast.outsider, title="Theirs", situation="S", actions="A", result="Cut 5 %"
    )
    for name, field, foreign in (
        ("opportunity_new", "contact", their_contact.pk),
        ("opportunity_story", "story", their_story.pk),
        ("proposal_new", "stories", their_story.pk),
    ):
        url, valid = all_forms[name]
        before = snapshot()
        response = browser.post(url, {**valid, field: str(foreign)})
        assert response.status_code == 422, name
        assert snapshot() == before, name
