"""The pipeline through the API: positioning, proof, the warm network, opportunities, pilots."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, ApiFor

POSITIONING = {
    "who": "Series A B2B SaaS scale-ups of 20-150 people without a CTO",
    "what": "Fractional CTO two days a week",
    "different": "Fifteen years building logistics platforms",
    "outcome": "a senior team of 8 hired within 6 months",
}


def test_it_versions_the_positioning_and_checks_it(owner_api: Api) -> None:
    assert owner_api.get("/positioning").status_code == 404
    assert owner_api.get("/positioning/check").status_code == 404
    first = owner_api.post("/positioning", {**POSITIONING, "who": "startups"})
    assert first.status_code == 201
    second = owner_api.post("/positioning", POSITIONING)
    assert owner_api.get("/positioning").json()["id"] == second.json()["id"]
    history = owner_api.get("/positioning/history", limit=1).json()
    assert [p["who"] for p in history["items"]] == [POSITIONING["who"]]
    older = owner_api.get("/positioning/history", cursor=history["next_cursor"]).json()
    assert ([p["who"] for p in older["items"]], older["next_cursor"]) == (["startups"], None)
    check = owner_api.get("/positioning/check").json()
    assert check["positioning_id"] == second.json()["id"]
    assert check["rules"] == len(check["findings"])
    assert check["passed"] == sum(f["ok"] for f in check["findings"])
    missing = owner_api.post("/positioning", {**POSITIONING, "what": "  "})
    assert (missing.status_code, missing.json()["error"]["field"]) == (422, "what")


def test_it_keeps_proof_stories_and_checks_their_results(owner_api: Api) -> None:
    story = {
        "title": "Cloud bill",
        "situation": "AWS costs doubled in a year",
        "actions": "Rightsized, reserved, killed idle environments",
        "result": "Cut cloud costs by 38 % in 3 months",
        "client_tags": ["saas", "series-a"],
    }
    created = owner_api.post("/stories", story)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["client_tags"], body["problem_tags"], body["measurable"]) == (
        ["saas", "series-a"],
        [],
        True,
    )
    vague = owner_api.post("/stories", {**story, "title": "Vague", "result": "Things improved"})
    check = owner_api.get("/stories/check").json()
    assert (check["stories"], check["measurable"]) == (2, 1)
    assert [f["finding"]["ok"] for f in check["findings"]] == [True, False]
    fixed = owner_api.patch(f"/stories/{vague.json()['id']}", {"result": "Shipped in 6 weeks"})
    assert fixed.json()["measurable"] is True
    assert fixed.json()["title"] == "Vague"
    emptied = owner_api.patch(f"/stories/{vague.json()['id']}", {"result": ""})
    assert (emptied.status_code, emptied.json()["error"]["field"]) == (422, "result")
    assert owner_api.delete(f"/stories/{vague.json()['id']}").status_code == 204
    assert owner_api.get(f"/stories/{vague.json()['id']}").status_code == 404
    assert [s["title"] for s in owner_api.get("/stories").json()["items"]] == ["Cloud bill"]


def test_it_grows_the_warm_network_and_logs_outreach(owner_api: Api) -> None:
    jan = owner_api.post(
        "/network-contacts",
        {"name": "Jan Peeters", "organisation": "Acme", "email": "Jan@Acme.example", "top": True},
    )
    assert jan.status_code == 201, jan.content
    assert (jan.json()["email"], jan.json()["top"], jan.json()["warmth"]) == (
        "jan@acme.example",
        True,
        "warm",
    )
    owner_api.post("/network-contacts", {"name": "Anna Claes", "warmth": "hot"})
    twice = owner_api.post("/network-contacts", {"name": "Jan Two", "email": "jan@acme.example"})
    assert (twice.status_code, twice.json()["error"]["field"]) == (409, "email")
    everyone = owner_api.get("/network-contacts").json()["items"]
    assert [c["name"] for c in everyone] == ["Anna Claes", "Jan Peeters"]
    top = owner_api.get("/network-contacts", top="true").json()["items"]
    assert [c["name"] for c in top] == ["Jan Peeters"]
    url = f"/network-contacts/{jan.json()['id']}"
    updated = owner_api.patch(url, {"warmth": "hot", "top": False, "role": "COO"})
    assert (updated.json()["warmth"], updated.json()["top"], updated.json()["role"]) == (
        "hot",
        False,
        "COO",
    )
    logged = owner_api.post(
        f"{url}/outreach",
        {
            "summary": "Coffee; they struggle with hiring",
            "channel": "meeting",
            "on": "2026-11-16",
            "next_step": "Send pilot outline",
            "next_step_on": "2026-11-25",
        },
    )
    assert logged.status_code == 201, logged.content
    future = owner_api.post(f"{url}/outreach", {"summary": "x", "on": "2026-11-19"})
    assert future.status_code == 422
    shown = owner_api.get(url).json()
    assert [(o["on"], o["channel"], o["next_step_on"]) for o in shown["outreach"]] == [
        ("2026-11-16", "meeting", "2026-11-25")
    ]


def test_the_top_list_keeps_the_playbooks_size(owner_api: Api, cast: Any) -> None:
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"warm_network_size": 1})
    owner_api.post("/network-contacts", {"name": "A", "top": True})
    refused = owner_api.post("/network-contacts", {"name": "B", "top": True})
    assert (refused.status_code, refused.json()["error"]["field"]) == (409, "top")
    assert [c["name"] for c in owner_api.get("/network-contacts").json()["items"]] == ["A"]


def test_opportunities_move_by_the_rules(owner_api: Api) -> None:
    created = owner_api.post(
        "/opportunities",
        {"title": "Fractional CTO", "organisation": "Zeta Robotics", "stage": "conversation"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["stage"], body["monthly_value"]) == (
        "conversation",
        {"amount": "0.00", "currency": "EUR"},
    )
    url = f"/opportunities/{body['id']}"
    no_value = owner_api.post(f"{url}/stage", {"stage": "won"})
    assert (no_value.status_code, no_value.json()["error"]["field"]) == (422, "monthly_value")
    updated = owner_api.patch(url, {"monthly_value": "8000", "probability": 50})
    # 50 % of 8000 a month.
    assert updated.json()["weighted_value"] == {"amount": "4000.00", "currency": "EUR"}
    no_reason = owner_api.post(f"{url}/stage", {"stage": "lost"})
    assert (no_reason.status_code, no_reason.json()["error"]["field"]) == (422, "reason")
    lost = owner_api.post(f"{url}/stage", {"stage": "lost", "reason": "Budget frozen"})
    assert (lost.json()["stage"], lost.json()["lost_reason"]) == ("lost", "Budget frozen")
    assert lost.json()["closed_on"] == "2026-11-18"
    reopened = owner_api.post(f"{url}/stage", {"stage": "conversation"})
    assert reopened.status_code == 409
    other = owner_api.post("/opportunities", {"title": "CPO", "organisation": "Nova"}).json()
    won = owner_api.post(
        f"/opportunities/{other['id']}/stage", {"stage": "won", "monthly_value": "6000"}
    )
    assert (won.json()["stage"], won.json()["monthly_value"]["amount"]) == ("won", "6000.00")
    lost_only = owner_api.get("/opportunities", stage="lost").json()["items"]
    assert [o["id"] for o in lost_only] == [body["id"]]
    newest_first = owner_api.get("/opportunities", limit=1).json()
    assert [o["id"] for o in newest_first["items"]] == [other["id"]]
    assert newest_first["next_cursor"] is not None


def test_a_pilot_starts_converts_and_counts_in_the_stats(owner_api: Api) -> None:
    opportunity = owner_api.post(
        "/opportunities",
        {"title": "Fractional CTO", "organisation": "Zeta Robotics", "monthly_value": "8000"},
    ).json()
    started = owner_api.post(
        "/pilots",
        {
            "opportunity_id": opportunity["id"],
            "fee": "6000",
            "weeks": 6,
            "deliverable": "Technology and team assessment",
            "start": "2026-11-02",
        },
    )
    assert started.status_code == 201, started.content
    offer = started.json()
    # 6000 over 6 weeks is 1000 a week; 52/12 weeks a month make 4333.33.
    assert offer["monthly_equivalent"] == {"amount": "4333.33", "currency": "EUR"}
    assert offer["discount_pct"] == "45.83"
    pilot = offer["engagement"]
    assert (pilot["pricing_model"], pilot["client"]) == ("pilot", "Zeta Robotics")
    assert owner_api.get(f"/opportunities/{opportunity['id']}").json()["stage"] == "pilot_running"
    converted = owner_api.post(f"/pilots/{pilot['id']}/convert", {"fee": "8000"})
    assert converted.status_code == 201, converted.content
    assert (converted.json()["pricing_model"], converted.json()["fee"]["amount"]) == (
        "retainer",
        "8000.00",
    )
    assert owner_api.post(f"/pilots/{pilot['id']}/convert", {"fee": "8000"}).status_code == 409
    assert owner_api.get(f"/opportunities/{opportunity['id']}").json()["stage"] == "won"
    stats = owner_api.get("/pilots/stats").json()
    assert (stats["pilots"], stats["converted"], stats["conversion_rate_pct"]) == (1, 1, "100")


def test_a_pilot_that_does_not_convert_is_closed_with_its_reason(owner_api: Api) -> None:
    opportunity = owner_api.post("/opportunities", {"title": "CTO", "organisation": "Nova"}).json()
    pilot = owner_api.post(
        "/pilots",
        {"opportunity_id": opportunity["id"], "fee": "5000", "weeks": 4, "deliverable": "Audit"},
    ).json()["engagement"]
    missing = owner_api.post(f"/pilots/{pilot['id']}/close", {"reason": ""})
    assert missing.status_code == 422
    closed = owner_api.post(f"/pilots/{pilot['id']}/close", {"reason": "No budget"})
    assert closed.json()["status"] == "ended"
    assert closed.json()["ended_reason"] == "Not converted: No budget"
    lost = owner_api.get(f"/opportunities/{opportunity['id']}").json()
    assert (lost["stage"], lost["lost_reason"]) == ("lost", "No budget")


def test_it_records_thought_leadership_and_filters_by_date(owner_api: Api) -> None:
    for day, title in (("2026-10-01", "Metrics"), ("2026-11-10", "Hiring"), ("2026-11-17", "AI")):
        created = owner_api.post(
            "/thought-leadership", {"kind": "article", "title": title, "on": day}
        )
        assert created.status_code == 201, created.content
    november = owner_api.get("/thought-leadership", **{"from": "2026-11-01"}).json()
    assert [a["title"] for a in november["items"]] == ["AI", "Hiring"]
    first = owner_api.get("/thought-leadership", limit=2).json()
    rest = owner_api.get("/thought-leadership", limit=2, cursor=first["next_cursor"]).json()
    assert [a["title"] for a in rest["items"]] == ["Metrics"]
    bad_url = owner_api.post(
        "/thought-leadership", {"kind": "post", "title": "x", "url": "ftp://x"}
    )
    assert (bad_url.status_code, bad_url.json()["error"]["field"]) == (422, "url")


def test_viewers_and_read_only_tokens_read_the_pipeline_but_never_write(
    api_for: ApiFor, cast: Any
) -> None:
    for reader in (api_for(cast.viewer), api_for(cast.owner, read_only=True, name="ro")):
        assert reader.get("/opportunities").status_code == 200
        assert reader.get("/network-contacts").status_code == 200
        assert reader.post("/opportunities", {"title": "x", "organisation": "y"}).status_code == 403
        assert reader.post("/positioning", POSITIONING).status_code == 403
        assert reader.post("/network-contacts", {"name": "x"}).status_code == 403
    from fracos.pipeline.models import NetworkContact, Opportunity, Positioning

    assert not (
        Opportunity.objects.exists()
        or NetworkContact.objects.exists()
        or Positioning.objects.exists()
    )


def test_the_pipeline_is_staff_only(api_for: ApiFor, cast: Any) -> None:
    portal = api_for(cast.portal)
    for path in (
        "/positioning",
        "/stories",
        "/network-contacts",
        "/opportunities",
        "/pilots/stats",
        "/thought-leadership",
    ):
        assert portal.get(path).status_code == 403, path
