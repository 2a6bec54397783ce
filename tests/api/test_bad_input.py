"""No input gives a 500: unknown ids, huge numbers, bad dates, wrong types, odd text."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.api.conftest import Api

HUGE = "9" * 30
# A cursor of ["xxx…", 1] whose name part is longer than any name a list sorts by.
CURSOR_TOO_LONG = base64.urlsafe_b64encode(json.dumps(["x" * 400, 1]).encode()).decode()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/clients/999999", None),
        ("get", f"/clients/{HUGE}", None),
        ("get", "/clients/-1", None),
        ("get", "/clients/abc", None),
        ("get", "/engagements/9223372036854775807", None),
        ("patch", f"/engagements/{HUGE}", {}),
        ("delete", "/time-entries/0", None),
        ("get", "/time-entries/0", None),
        ("get", f"/time-entries/{HUGE}", None),
        ("patch", "/clients", {"name": "x"}),
        ("post", "/clients", {"name": 12}),
        ("post", "/clients", {"name": "a\x00b"}),
        ("post", "/clients", {"name": "x" * 201}),
        ("post", "/clients", {"name": "Ok", "payment_terms_days": 10**20}),
        ("post", "/clients", {"name": "Ok", "country": "ZZ"}),
        ("post", "/clients", []),
        ("post", "/engagements", {"client_id": HUGE, "pricing_model": "retainer"}),
        (
            "post",
            "/engagements",
            {"client_id": 1, "pricing_model": "retainer", "role_title": "CTO", "fee": "1e999"},
        ),
        (
            "post",
            "/engagements",
            {"client_id": 1, "pricing_model": "retainer", "role_title": "CTO", "fee": "NaN"},
        ),
        ("post", "/engagements/1/end", {"on": "2026-13-40"}),
        ("post", "/engagements/1/end", {"on": "1900-01-01"}),
        ("post", "/time-entries", {"client": "acme", "seconds": 10**12}),
        ("post", "/time-entries", {"client": "acme", "duration": "forever"}),
        ("post", "/time-entries", {"client": "zzz", "seconds": 60}),
        ("post", "/time-entries", {"client": "acme", "seconds": 60, "date": "0001-01-01"}),
        ("post", "/time-entries", {"engagement_id": HUGE, "seconds": 60}),
        ("post", "/time-entries", {"kind": "holiday", "seconds": 60}),
        ("post", "/timer/start", {"engagement_id": 424242}),
        ("get", "/time-entries?from=yesterday", None),
        ("get", "/time-entries?cursor=%%%", None),
        ("get", "/time-entries?cursor=OTk5OS0xMi0zMXw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", None),
        ("get", "/time-entries?limit=100000", None),
        ("get", f"/time-entries?client={HUGE}", None),
        ("get", "/reports?period=9999-12", None),
        ("get", "/reports?period=9999", None),
        ("get", "/reports?period=someday", None),
        ("get", "/reports?by=colour", None),
        ("get", "/week?date=9999-12-31", None),
        ("get", "/week?date=0001-01-01", None),
        ("get", "/clients?limit=0", None),
        ("get", "/clients?cursor=WzFd", None),
        ("get", f"/clients?cursor={CURSOR_TOO_LONG}", None),
        ("get", "/engagements?from=2026-02-30", None),
        ("get", "/engagements?cursor=WyIyMDI2LTEzLTAxIiwgMV0=", None),
        ("get", "/clients/1/contacts?cursor=WyJBbm4iLCAwXQ==", None),
        ("get", "/invoices?status=paid", None),
        ("get", "/invoices?kind=receipt", None),
        ("get", "/invoices?issued_from=yesterday", None),
        ("get", "/invoices?cursor=WyJhIl0=", None),
        ("get", f"/invoices?client_id={HUGE}", None),
        ("get", f"/invoices/{HUGE}", None),
        ("get", "/invoices/0/pdf", None),
        ("get", "/invoices/999/facturx", None),
        ("delete", "/invoices/999", None),
        ("post", "/invoices", {"client_id": 1, "period": "2026-13"}),
        ("post", "/invoices", {"client_id": 1, "period": "9999-12"}),
        ("post", "/invoices", {"client_id": 1, "period": "November"}),
        ("post", "/invoices", {"client_id": HUGE}),
        ("post", "/invoices", {"period": "2026-11"}),
        ("post", "/invoices/999/lines", {"description": "x", "unit_price": "1"}),
        ("post", "/invoices/1/lines", {"description": "x"}),
        ("patch", "/invoices/999/lines/1", {"quantity": "2"}),
        ("post", "/invoices/999/issue", {"issue_date": "2026-02-30"}),
        ("post", "/invoices/999/credit", {"amount": 5}),
        ("post", "/invoices/999/payments", {"amount": "1", "method": "barter"}),
        ("get", "/invoices/999/payments?limit=501", None),
        ("post", "/positioning", {"who": "only who"}),
        ("post", "/positioning", {"who": "a", "what": "b", "different": "c", "outcome": "\x00"}),
        ("get", "/positioning/history?cursor=e30=", None),
        ("post", "/stories", {"title": "t", "situation": "s", "actions": "a", "result": " "}),
        ("post", "/stories", {"title": "t", "situation": "s", "actions": "a"}),
        ("patch", "/stories/999", {"title": "x"}),
        ("delete", f"/stories/{HUGE}", None),
        ("get", "/network-contacts?top=perhaps", None),
        ("post", "/network-contacts", {"name": "x", "warmth": "lukewarm"}),
        ("post", "/network-contacts", {"name": "x", "email": "not-an-email"}),
        ("post", "/network-contacts", {"name": ""}),
        ("patch", "/network-contacts/999", {"role": "CEO"}),
        ("post", "/network-contacts/999/outreach", {"summary": "hi"}),
        ("get", "/opportunities?stage=maybe", None),
        ("post", "/opportunities", {"title": "x", "organisation": "y", "monthly_value": "1e30"}),
        ("post", "/opportunities", {"title": "x", "organisation": "y", "monthly_value": "-1"}),
        ("post", "/opportunities", {"title": "x", "organisation": "y", "currency": "ZZZ"}),
        ("post", "/opportunities", {"title": "x", "organisation": "y", "stage": "won"}),
        ("post", "/opportunities", {"title": "x", "organisation": "y", "probability": 101}),
        ("post", "/opportunities", {"title": "x", "contact_id": 999}),
        ("post", "/opportunities/999/stage", {"stage": "won", "monthly_value": "1"}),
        ("post", "/opportunities/1/stage", {"stage": "sideways"}),
        ("post", "/pilots", {"opportunity_id": 1, "fee": "1", "weeks": 0, "deliverable": "x"}),
        ("post", "/pilots", {"opportunity_id": HUGE, "fee": "1", "weeks": 6, "deliverable": "x"}),
        ("post", "/pilots/999/convert", {"fee": "8000"}),
        ("post", "/pilots/999/close", {"reason": "x"}),
        ("post", "/thought-leadership", {"kind": "tweet", "title": "x"}),
        ("post", "/thought-leadership", {"kind": "post", "title": "x", "on": "2026-11-19"}),
        ("get", "/thought-leadership?to=2026-11-31", None),
        ("get", "/proposals?opportunity_id=0", None),
        ("get", f"/proposals?opportunity_id={HUGE}", None),
        ("get", "/proposals?cursor=e30=", None),
        ("get", f"/proposals/{HUGE}", None),
        ("get", "/proposals/999/markdown", None),
        ("get", "/proposals/999/pdf", None),
        (
            "post",
            "/opportunities/999/proposals",
            {"options": [{"pricing_model": "project", "fee": "1"}]},
        ),
        ("post", "/opportunities/1/proposals", {"options": "retainer"}),
        (
            "post",
            "/opportunities/1/proposals",
            {"options": [{"pricing_model": "barter", "fee": "1"}]},
        ),
        (
            "post",
            "/opportunities/1/proposals",
            {"options": [{"pricing_model": "project", "fee": "1e999"}]},
        ),
        (
            "post",
            "/opportunities/1/proposals",
            {"options": [{"pricing_model": "pilot", "fee": "1", "weeks": 99}]},
        ),
        (
            "post",
            "/opportunities/1/proposals",
            {"options": [{"pricing_model": "project", "fee": "1"}] * 11},
        ),
        (
            "post",
            "/opportunities/1/proposals",
            {"options": [{"pricing_model": "project", "fee": "1"}], "terms": "\x00"},
        ),
        ("post", "/proposals/999/send", {}),
        ("post", "/proposals/999/accept", {"option": 1}),
        ("post", "/proposals/1/accept", {"option": 0}),
        ("post", "/proposals/1/accept", {"option": 1, "start": "2026-02-30"}),
        ("get", "/engagements/999/scope", None),
        ("get", f"/engagements/{HUGE}/scope", None),
        ("post", "/launch", {"start": "tomorrow"}),
        ("post", "/launch", {"start": "9999-12-01"}),
        ("post", "/launch/items/profile/tick", {}),
        ("post", "/launch/items/%00/tick", {}),
        ("post", f"/launch/items/{'x' * 41}/untick", {}),
        (
            "post",
            "/launch/feedback",
            {"client_id": 999, "what_they_get": "a", "wish_different": "b", "would_recommend": "c"},
        ),
        ("post", "/launch/feedback", {"client_id": 1, "what_they_get": "a"}),
        ("get", "/rate", None),
        ("get", f"/rate?salary={HUGE}", None),
        ("get", "/rate?salary=1e999", None),
        ("get", "/rate?salary=NaN", None),
        ("get", f"/rate?salary=150000&days={HUGE}", None),
        ("get", "/rate?salary=150000&premium=-5%25", None),
        ("get", "/rate?salary=150000&days_per_week=0", None),
        ("get", "/rate?salary=150000&currency=%00", None),
        ("get", "/offer-compare?salary=Infinity", None),
        ("get", f"/offer-compare?salary=140000&bonus={'9' * 21}", None),
        ("get", "/cadence?state=late", None),
        ("get", f"/cadence?engagement_id={HUGE}", None),
        ("post", "/checkins", {"engagement_id": HUGE, "notes": "x"}),
        ("post", "/checkins", {"engagement_id": 1, "notes": "x", "held_on": "9999-12-31"}),
        ("post", "/reviews", {"engagement_id": 424242}),
        ("post", "/summaries", {"engagement_id": 1, "month": "2026-00"}),
        ("post", "/summaries", {"engagement_id": 1, "month": "0000-01"}),
        ("get", "/summaries?cursor=WyIyMDI2LTEzLTAxIiwgMV0=", None),
        ("get", f"/summaries/{HUGE}", None),
        ("patch", "/summaries/999", {"body": "x"}),
        ("patch", "/summaries/1", {"body": "x" * 200_001}),
        ("post", "/summaries/999/send", {}),
        ("put", "/plan/slots", {"weekday": "mon", "engagement_id": HUGE}),
        ("put", "/plan/slots", {"weekday": "mon", "engagement_id": 424242}),
        ("put", "/plan/slots", {"weekday": "Monday"}),
        ("put", "/plan/slots", []),
        (
            "post",
            "/launch/feedback",
            {"client_id": 1, "what_they_get": "", "wish_different": "b", "would_recommend": "c"},
        ),
    ],
)
def test_it_answers_bad_input_with_a_4xx_and_a_json_error(
    owner_api: Api, method: str, path: str, body: Any
) -> None:
    if method in ("get", "delete"):
        response = getattr(owner_api.http, method)(
            f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {owner_api.token}"
        )
    else:
        response = owner_api.call(method, path, body)
    assert 400 <= response.status_code < 500, (response.status_code, response.content)
    error = response.json()["error"]
    assert error["code"]
    assert error["message"]


def test_a_method_a_path_does_not_take_is_refused_in_json(owner_api: Api) -> None:
    response = owner_api.call("put", "/time-entries", {"seconds": 60})
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert response.json()["error"] == {
        "code": "method_not_allowed",
        "message": "PUT is not allowed on /api/v1/time-entries; use GET, POST",
        "field": None,
    }


def test_another_practices_ids_are_not_found(owner_api: Api, cast: Any) -> None:
    foreign = cast.foreign_client.pk
    assert owner_api.get(f"/clients/{foreign}").status_code == 404
    assert owner_api.get(f"/clients/{foreign}/contacts").status_code == 404
    body = owner_api.post(
        "/engagements",
        {"client_id": foreign, "pricing_model": "day_rate", "role_title": "CTO", "day_rate": "1"},
    )
    assert body.status_code == 404
    assert body.json()["error"]["field"] == "client"


def test_nobody_can_revoke_someone_elses_token(owner_api: Api, cast: Any) -> None:
    from fracos.core.errors import NotFound
    from fracos.practice.services import token_revoke

    with pytest.raises(NotFound):
        token_revoke(cast.outsider, "test")
    with pytest.raises(NotFound):
        token_revoke(cast.leader, "1")
    assert owner_api.get("/clients").status_code == 200


@pytest.fixture
def draft(owner_api: Api, cast: Any) -> dict[str, Any]:
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    created: dict[str, Any] = owner_api.post("/invoices", {"client_id": cast.acme.pk}).json()
    return created


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": "x", "unit_price": "1", "quantity": "0"}, "quantity"),
        ({"description": "x", "unit_price": "1", "quantity": "1e30"}, "quantity"),
        ({"description": "x", "unit_price": "1", "quantity": "0.00001"}, "quantity"),
        ({"description": "x", "unit_price": "NaN"}, "unit_price"),
        ({"description": "x", "unit_price": "1e25"}, "unit_price"),
        ({"description": "x", "unit_price": "10.001"}, "unit_price"),
        ({"description": "x", "unit_price": "1000", "quantity": "9999999"}, "unit_price"),
        ({"description": "x", "unit_price": "1", "vat_rate": "abc"}, "vat_rate"),
        ({"description": "x", "unit_price": "1", "vat_rate": "150"}, "vat_rate"),
        ({"description": "   ", "unit_price": "1"}, "description"),
        ({"description": "x", "unit_price": "1", "kind": "bribe"}, "kind"),
    ],
)
def test_a_draft_refuses_a_bad_line_and_keeps_its_lines(
    owner_api: Api, draft: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    response = owner_api.post(f"/invoices/{draft['id']}/lines", body)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field
    assert len(owner_api.get(f"/invoices/{draft['id']}").json()["lines"]) == 1


def test_it_refuses_bad_payments_and_credits_on_an_issued_invoice(
    owner_api: Api, draft: dict[str, Any]
) -> None:
    url = f"/invoices/{draft['id']}"
    assert owner_api.post(f"{url}/payments", {"amount": "1"}).status_code == 409  # a draft
    owner_api.post(f"{url}/issue", {})
    for body, field in [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "9680.01"}, "amount"),
        ({"amount": "1e999"}, "amount"),
        ({"amount": "1", "date": "2026-11-19"}, "date"),
    ]:
        response = owner_api.post(f"{url}/payments", body)
        assert (response.status_code, response.json()["error"]["field"]) == (422, field), body
    for body in ({"amount": "8000.01"}, {"amount": "0"}, {"amount": "abc"}):
        response = owner_api.post(f"{url}/credit", body)
        assert (response.status_code, response.json()["error"]["field"]) == (422, "amount")
    shown = owner_api.get(url).json()
    assert (shown["payments"], shown["credit_notes"]) == ([], [])


def test_another_practices_invoices_and_pipeline_are_not_found(owner_api: Api, cast: Any) -> None:
    from fracos.pipeline.services import contact_add, opportunity_add

    contact = contact_add(cast.outsider, name="Their contact")
    opportunity = opportunity_add(cast.outsider, title="Theirs", organisation="Them")
    assert owner_api.get(f"/network-contacts/{contact.pk}").status_code == 404
    assert owner_api.get(f"/opportunities/{opportunity.pk}").status_code == 404
    body = owner_api.post("/opportunities", {"title": "x", "contact_id": contact.pk})
    assert (body.status_code, body.json()["error"]["field"]) == (404, "contact")
    drafted = owner_api.post("/invoices", {"client_id": cast.foreign_client.pk})
    assert (drafted.status_code, drafted.json()["error"]["field"]) == (404, "client")


def test_another_practices_proposals_and_launch_plan_are_not_found(
    owner_api: Api, cast: Any
) -> None:
    from decimal import Decimal

    from fracos.pipeline.services import (
        ProposalOption,
        launch_start,
        opportunity_add,
        proposal_create,
    )

    theirs = opportunity_add(cast.outsider, title="Theirs", organisation="Them")
    option = ProposalOption("Monthly retainer", "retainer", Decimal(8000))
    proposal = proposal_create(cast.outsider, theirs.pk, options=[option])
    launch_start(cast.outsider)
    assert owner_api.get(f"/proposals/{proposal.pk}").status_code == 404
    assert owner_api.get("/proposals", opportunity_id=theirs.pk).json()["items"] == []
    accepted = owner_api.post(f"/proposals/{proposal.pk}/accept", {"option": 1})
    assert (accepted.status_code, accepted.json()["error"]["field"]) == (404, "proposal")
    written = owner_api.post(
        f"/opportunities/{theirs.pk}/proposals",
        {"options": [{"pricing_model": "retainer", "fee": "1"}]},
    )
    assert (written.status_code, written.json()["error"]["field"]) == (404, "opportunity")
    assert owner_api.get("/launch").status_code == 404
    feedback = owner_api.post(
        "/launch/feedback",
        {
            "client_id": cast.foreign_client.pk,
            "what_they_get": "a",
            "wish_different": "b",
            "would_recommend": "c",
        },
    )
    assert (feedback.status_code, feedback.json()["error"]["field"]) == (404, "client")
