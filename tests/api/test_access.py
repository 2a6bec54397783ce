"""Who may call the API: tokens, roles, tenancy and the brake on guessing."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from tests.api.conftest import Api, ApiFor


def test_it_refuses_a_request_without_a_token(cast: Any) -> None:
    response = Client().get("/api/v1/clients")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_it_refuses_a_wrong_or_revoked_token(owner_api: Api, cast: Any) -> None:
    from fracos.practice.services import token_revoke

    wrong = Api("fos_not-a-real-token", Client())
    assert wrong.get("/clients").status_code == 401
    assert owner_api.get("/clients").status_code == 200
    token_revoke(cast.owner, "test")
    assert owner_api.get("/clients").status_code == 401


def test_it_stores_only_the_hash_of_a_token(owner_api: Api) -> None:
    from fracos.practice.models import ApiToken

    stored = ApiToken.objects.get()
    assert owner_api.token not in (stored.token_hash, stored.prefix)
    assert owner_api.token.startswith(stored.prefix)
    assert len(stored.token_hash) == 64


def test_a_read_only_token_reads_but_never_writes(api_for: ApiFor, cast: Any) -> None:
    reader = api_for(cast.owner, read_only=True)
    assert reader.get("/clients").status_code == 200
    response = reader.post("/clients", {"name": "Nope"})
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    assert reader.post("/time-entries", {"client": "acme", "seconds": 60}).status_code == 403


def test_a_viewer_reads_but_cannot_write(api_for: ApiFor, cast: Any) -> None:
    viewer = api_for(cast.viewer)
    assert viewer.get("/time-entries").status_code == 200
    assert viewer.post("/clients", {"name": "Nope"}).status_code == 403
    assert viewer.post("/time-entries", {"client": "acme", "seconds": 60}).status_code == 403
    assert viewer.post("/timer/start", {"client": "acme"}).status_code == 403
    assert viewer.post(f"/engagements/{cast.retainer.pk}/end", {}).status_code == 403


def test_a_leader_writes(api_for: ApiFor, cast: Any) -> None:
    leader = api_for(cast.leader)
    assert leader.post("/time-entries", {"client": "acme", "seconds": 60}).status_code == 201


def test_a_portal_token_sees_only_its_client_and_no_time(api_for: ApiFor, cast: Any) -> None:
    portal = api_for(cast.portal)
    assert [c["name"] for c in portal.get("/clients").json()["items"]] == ["Acme Logistics"]
    assert portal.get(f"/clients/{cast.brightwave.pk}").status_code == 404
    assert [e["client"] for e in portal.get("/engagements").json()["items"]] == ["Acme Logistics"]
    for path in ("/practice", "/time-entries", "/timer", "/week", "/reports"):
        assert portal.get(path).status_code == 403, path
    assert portal.post("/clients", {"name": "Nope"}).status_code == 403


def test_an_outsider_sees_nothing_of_the_practice(api_for: ApiFor, cast: Any) -> None:
    outsider = api_for(cast.outsider)
    assert [c["name"] for c in outsider.get("/clients").json()["items"]] == ["Foreign Client"]
    assert outsider.get(f"/clients/{cast.acme.pk}").status_code == 404
    assert outsider.get(f"/engagements/{cast.retainer.pk}").status_code == 404
    assert outsider.patch(f"/clients/{cast.acme.pk}", {"name": "Mine"}).status_code == 404
    assert outsider.post(f"/engagements/{cast.retainer.pk}/end", {}).status_code == 404
    assert outsider.get("/time-entries", client=cast.acme.pk).json()["items"] == []


def test_an_outsider_cannot_delete_the_practices_time(
    owner_api: Api, api_for: ApiFor, cast: Any
) -> None:
    entry = owner_api.post("/time-entries", {"client": "acme", "seconds": 600}).json()
    outsider = api_for(cast.outsider)
    assert outsider.get(f"/time-entries/{entry['id']}").status_code == 404
    assert outsider.delete(f"/time-entries/{entry['id']}").status_code == 404
    assert api_for(cast.portal).get(f"/time-entries/{entry['id']}").status_code == 403
    assert api_for(cast.viewer).get(f"/time-entries/{entry['id']}").json() == entry
    assert owner_api.get("/time-entries").json()["items"][0]["id"] == entry["id"]


def test_it_slows_down_an_address_that_keeps_guessing_tokens(owner_api: Api) -> None:
    guesser = Api("fos_guess", owner_api.http)
    for _ in range(10):
        assert guesser.get("/clients").status_code == 401
    blocked = guesser.get("/clients")
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "too_many_failures"
    assert blocked["Retry-After"] == "60"
    # Even the right token waits out the window from that address.
    assert owner_api.get("/clients").status_code == 429
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert Api(owner_api.token, other_address).get("/clients").status_code == 200


def test_the_rate_limit_window_ends(owner_api: Api) -> None:
    from fracos.practice import ratelimit

    for _ in range(10):
        ratelimit.record_failure(ratelimit.API_TOKEN, "127.0.0.1")
    assert ratelimit.is_blocked(ratelimit.API_TOKEN, "127.0.0.1")
    assert not ratelimit.is_blocked(ratelimit.WEB_LOGIN, "127.0.0.1")
    ratelimit.reset(ratelimit.API_TOKEN, "127.0.0.1")
    assert owner_api.get("/clients").status_code == 200


def test_the_cli_creates_lists_and_revokes_tokens(fracos: Any, in_practice: Any) -> None:
    created = fracos("token", "create", "--name", "laptop", "--read-only")
    assert created.exit_code == 0, created.stderr
    raw = next(line for line in created.stdout.splitlines() if line.startswith("fos_"))
    assert Api(raw, Client()).get("/clients").status_code == 200
    listed = fracos("token", "list", "--format", "json")
    assert '"name": "laptop"' in listed.stdout
    assert raw not in listed.stdout
    assert fracos("token", "create", "--name", "laptop").exit_code == 1
    assert fracos("token", "revoke", "laptop").exit_code == 0
    assert Api(raw, Client()).get("/clients").status_code == 401
    missing = fracos("token", "revoke", "laptop")
    assert missing.exit_code == 1
    assert "no live token" in missing.stderr


def test_a_viewers_token_is_always_read_only(cast: Any) -> None:
    from fracos.practice.services import token_create

    token, _raw = token_create(cast.viewer, name="phone")
    assert token.read_only


def test_a_portal_users_token_is_read_only_too(cast: Any) -> None:
    from fracos.practice.services import token_create

    token, _raw = token_create(cast.portal, name="portal")
    assert token.read_only


def _operations(http: Client) -> list[tuple[str, str]]:
    schema = http.get("/api/v1/openapi.json").json()
    return [
        (method, re.sub(r"\{\w+\}", "1", path).removeprefix("/api/v1"))
        for path, item in schema["paths"].items()
        for method in item
    ]


def test_every_operation_refuses_a_request_without_a_token(cast: Any) -> None:
    http = Client()
    operations = _operations(http)
    assert len(operations) >= 91
    assert {("get", "/proposals/1/pdf"), ("post", "/launch/items/1/tick")} <= set(operations)
    assert {("get", "/rate"), ("get", "/offer-compare"), ("get", "/cadence")} <= set(operations)
    for method, path in operations:
        response = getattr(http, method)(f"/api/v1{path}")
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json()["error"]["code"] == "unauthorized"


def test_a_read_only_token_is_refused_every_write(api_for: ApiFor, cast: Any) -> None:
    reader = api_for(cast.owner, read_only=True)
    writes = [(m, p) for m, p in _operations(reader.http) if m != "get"]
    assert len(writes) >= 47
    assert {("post", "/proposals/1/accept"), ("post", "/launch/feedback")} <= set(writes)
    assert {("post", "/checkins"), ("patch", "/summaries/1"), ("put", "/plan/slots")} <= set(writes)
    for method, path in writes:
        response = reader.call(method, path, {})
        assert response.status_code == 403, (method, path, response.status_code)
        assert "read-only" in response.json()["error"]["message"]


def test_an_outsider_gets_404_for_the_practices_invoices(
    owner_api: Api, api_for: ApiFor, cast: Any
) -> None:
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    draft = owner_api.post("/invoices", {"client_id": cast.acme.pk, "period": "2026-11"}).json()
    issued = owner_api.post("/invoices", {"client_id": cast.brightwave.pk}).json()
    owner_api.post(f"/invoices/{issued['id']}/issue", {})
    line = draft["lines"][0]["id"]
    outsider = api_for(cast.outsider)
    for method, path, body in [
        ("get", f"/invoices/{draft['id']}", None),
        ("delete", f"/invoices/{draft['id']}", None),
        ("post", f"/invoices/{draft['id']}/lines", {"description": "x", "unit_price": "1"}),
        ("patch", f"/invoices/{draft['id']}/lines/{line}", {"quantity": "3"}),
        ("delete", f"/invoices/{draft['id']}/lines/{line}", None),
        ("post", f"/invoices/{draft['id']}/issue", {}),
        ("post", f"/invoices/{issued['id']}/credit", {}),
        ("post", f"/invoices/{issued['id']}/send", {}),
        ("get", f"/invoices/{issued['id']}/pdf", None),
        ("get", f"/invoices/{issued['id']}/ubl", None),
        ("get", f"/invoices/{issued['id']}/facturx", None),
        ("get", f"/invoices/{issued['id']}/payments", None),
        ("post", f"/invoices/{issued['id']}/payments", {"amount": "1"}),
        ("post", "/invoices", {"client_id": cast.acme.pk}),
    ]:
        response = outsider.call(method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
    assert outsider.get("/invoices").json()["items"] == []
    assert outsider.get("/invoices", client_id=cast.acme.pk).json()["items"] == []
    assert outsider.get("/receivables").json()["items"] == []
    shown = owner_api.get(f"/invoices/{draft['id']}").json()
    assert (shown["status"], [x["quantity"] for x in shown["lines"]]) == ("draft", ["1"])


def test_an_outsider_gets_404_for_the_practices_pipeline(
    owner_api: Api, api_for: ApiFor, cast: Any
) -> None:
    contact = owner_api.post("/network-contacts", {"name": "Jan Peeters"}).json()
    opportunity = owner_api.post(
        "/opportunities", {"title": "CTO", "organisation": "Zeta", "monthly_value": "8000"}
    ).json()
    story = owner_api.post(
        "/stories", {"title": "t", "situation": "s", "actions": "a", "result": "r"}
    ).json()
    pilot = owner_api.post(
        "/pilots",
        {"opportunity_id": opportunity["id"], "fee": "6000", "weeks": 6, "deliverable": "Audit"},
    ).json()["engagement"]
    outsider = api_for(cast.outsider)
    for method, path, body in [
        ("get", f"/network-contacts/{contact['id']}", None),
        ("patch", f"/network-contacts/{contact['id']}", {"role": "CEO"}),
        ("post", f"/network-contacts/{contact['id']}/outreach", {"summary": "hi"}),
        ("get", f"/opportunities/{opportunity['id']}", None),
        ("patch", f"/opportunities/{opportunity['id']}", {"title": "Mine"}),
        ("post", f"/opportunities/{opportunity['id']}/stage", {"stage": "lost", "reason": "x"}),
        ("get", f"/stories/{story['id']}", None),
        ("patch", f"/stories/{story['id']}", {"title": "Mine"}),
        ("delete", f"/stories/{story['id']}", None),
        (
            "post",
            "/pilots",
            {"opportunity_id": opportunity["id"], "fee": "1", "weeks": 6, "deliverable": "x"},
        ),
        ("post", f"/pilots/{pilot['id']}/convert", {"fee": "8000"}),
        ("post", f"/pilots/{pilot['id']}/close", {"reason": "x"}),
        ("post", "/opportunities", {"title": "x", "contact_id": contact["id"]}),
    ]:
        response = outsider.call(method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
    for path in ("/network-contacts", "/opportunities", "/stories", "/thought-leadership"):
        assert outsider.get(path).json()["items"] == [], path
    assert outsider.get("/pilots/stats").json()["pilots"] == 0
    assert owner_api.get(f"/opportunities/{opportunity['id']}").json()["title"] == "CTO"
    assert owner_api.get(f"/stories/{story['id']}").status_code == 200


def test_a_viewer_cannot_touch_invoices(api_for: ApiFor, owner_api: Api, cast: Any) -> None:
    from tests.billing.helpers import ready_practice

    ready_practice(cast)
    draft = owner_api.post("/invoices", {"client_id": cast.acme.pk}).json()
    viewer = api_for(cast.viewer)
    assert viewer.get(f"/invoices/{draft['id']}").status_code == 200
    assert viewer.get("/receivables").status_code == 200
    for method, path, body in [
        ("post", "/invoices", {"client_id": cast.acme.pk}),
        ("post", f"/invoices/{draft['id']}/lines", {"description": "x", "unit_price": "1"}),
        ("post", f"/invoices/{draft['id']}/issue", {}),
        ("delete", f"/invoices/{draft['id']}", None),
    ]:
        assert viewer.call(method, path, body).status_code == 403, (method, path)
    assert owner_api.get("/invoices").json()["items"][0]["id"] == draft["id"]


def test_an_outsider_gets_404_for_the_practices_proposals_and_launch_plan(
    owner_api: Api, api_for: ApiFor, cast: Any
) -> None:
    opportunity = owner_api.post(
        "/opportunities", {"title": "CTO", "organisation": "Zeta", "monthly_value": "8000"}
    ).json()
    retainer = {"pricing_model": "retainer", "fee": "8000"}
    proposal = owner_api.post(
        f"/opportunities/{opportunity['id']}/proposals", {"options": [retainer]}
    ).json()
    owner_api.post("/launch", {"start": "2026-11-18"})
    outsider = api_for(cast.outsider)
    for method, path, body in [
        ("post", f"/opportunities/{opportunity['id']}/proposals", {"options": [retainer]}),
        ("get", f"/proposals/{proposal['id']}", None),
        ("get", f"/proposals/{proposal['id']}/markdown", None),
        ("get", f"/proposals/{proposal['id']}/pdf", None),
        ("post", f"/proposals/{proposal['id']}/send", {}),
        ("post", f"/proposals/{proposal['id']}/accept", {"option": 1}),
        ("get", f"/engagements/{cast.retainer.pk}/scope", None),
        ("get", "/launch", None),
        ("post", "/launch/items/profile/tick", {}),
        ("post", "/launch/items/profile/untick", {}),
        (
            "post",
            "/launch/feedback",
            {
                "client_id": cast.acme.pk,
                "what_they_get": "a",
                "wish_different": "b",
                "would_recommend": "c",
            },
        ),
    ]:
        response = outsider.call(method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
    assert outsider.get("/proposals").json()["items"] == []
    assert outsider.get("/proposals", opportunity_id=opportunity["id"]).json()["items"] == []
    assert owner_api.get(f"/proposals/{proposal['id']}").json()["status"] == "draft"
    plan = owner_api.get("/launch").json()
    assert (plan["done"], plan["start_date"]) == (0, "2026-11-18")


def test_behind_a_proxy_one_guesser_does_not_lock_out_everyone(
    owner_api: Api, settings: Any
) -> None:
    settings.FRACOS_TRUSTED_PROXIES = 1
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(10):
        Api("fos_guess", guesser).get("/clients")
    assert Api(owner_api.token, guesser).get("/clients").status_code == 429
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert Api(owner_api.token, colleague).get("/clients").status_code == 200
    # Without the setting the header is ignored: the counts were the forwarded address's.
    settings.FRACOS_TRUSTED_PROXIES = 0
    assert Api(owner_api.token, guesser).get("/clients").status_code == 200
