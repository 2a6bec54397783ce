"""Proposals, scope documents and the 90-day launch plan through the API."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, ApiFor

PILOT = {"pricing_model": "pilot", "fee": "6000", "weeks": 6, "deliverable": "Team assessment"}
RETAINER = {"pricing_model": "retainer", "fee": "8,000"}


def _opportunity(api: Api, organisation: str = "Zeta Freight") -> int:
    created = api.post(
        "/opportunities",
        {"title": "Fractional CTO", "organisation": organisation, "monthly_value": "8000"},
    )
    return int(created.json()["id"])


def _story(api: Api) -> int:
    story = {"title": "Cloud bill", "situation": "AWS doubled", "actions": "Rightsized"}
    return int(api.post("/stories", {**story, "result": "Cut costs by 38 %"}).json()["id"])


def _proposal(api: Api, opportunity_id: int, **extra: Any) -> Any:
    body = {"options": [PILOT, RETAINER], "days_per_week": "2", **extra}
    return api.post(f"/opportunities/{opportunity_id}/proposals", body)


def test_it_writes_a_proposal_with_its_options_stories_and_scope(owner_api: Api) -> None:
    opportunity, story = _opportunity(owner_api), _story(owner_api)
    created = _proposal(
        owner_api, opportunity, responsibilities="Run engineering", story_ids=[story, story]
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["title"], body["status"], body["opportunity_id"]) == (
        "Fractional CTO for Zeta Freight",
        "draft",
        opportunity,
    )
    assert [(o["number"], o["label"], o["fee"]["amount"], o["price"]) for o in body["options"]] == [
        (1, "Pilot: Team assessment", "6000.00", "6000 EUR for a 6-week pilot"),
        (2, "Monthly retainer", "8000.00", "8000 EUR a month"),
    ]
    assert (body["days_per_week"], body["hours_per_week"], body["story_ids"]) == (
        "2.0",
        None,
        [story],
    )
    assert owner_api.get(f"/opportunities/{opportunity}").json()["story_ids"] == [story]
    assert owner_api.get(f"/proposals/{body['id']}").json() == body


def test_it_renders_a_proposal_as_markdown_and_pdf(owner_api: Api) -> None:
    opportunity, story = _opportunity(owner_api), _story(owner_api)
    proposal = _proposal(
        owner_api, opportunity, responsibilities="Run engineering", story_ids=[story]
    ).json()
    markdown = owner_api.get(f"/proposals/{proposal['id']}/markdown")
    assert markdown.status_code == 200
    assert markdown["Content-Type"].startswith("text/markdown")
    assert 'filename="proposal-' in markdown["Content-Disposition"]
    text = markdown.content.decode()
    assert text.startswith("# Fractional CTO for Zeta Freight\n")
    for line in (
        "**I am responsible for:** Run engineering",
        "**Time included:** 2 days a week",
        "- **Result:** Cut costs by 38 %",
        "1. **Pilot: Team assessment** — 6000 EUR for a 6-week pilot",
        "2. **Monthly retainer** — 8000 EUR a month",
    ):
        assert line in text, line
    pdf = owner_api.get(f"/proposals/{proposal['id']}/pdf")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF-")


def test_sending_moves_the_opportunity_and_accepting_creates_the_engagement(
    owner_api: Api,
) -> None:
    opportunity = _opportunity(owner_api)
    proposal = _proposal(owner_api, opportunity, responsibilities="Run engineering").json()
    sent = owner_api.post(f"/proposals/{proposal['id']}/send")
    assert sent.json()["status"] == "sent"
    # A pilot among the options: the opportunity now waits on a pilot proposal.
    assert owner_api.get(f"/opportunities/{opportunity}").json()["stage"] == "pilot_proposed"
    again = owner_api.post(f"/proposals/{proposal['id']}/send")
    assert (again.status_code, again.json()["error"]["field"]) == (409, "proposal")
    accepted = owner_api.post(
        f"/proposals/{proposal['id']}/accept", {"option": 2, "start": "2026-12-01"}
    )
    assert accepted.status_code == 201, accepted.content
    engagement = accepted.json()
    assert (
        engagement["client"],
        engagement["pricing_model"],
        engagement["fee"],
        engagement["days_per_week"],
        engagement["start_date"],
    ) == ("Zeta Freight", "retainer", {"amount": "8000.00", "currency": "EUR"}, "2.0", "2026-12-01")
    shown = owner_api.get(f"/proposals/{proposal['id']}").json()
    assert (shown["status"], shown["accepted_option"], shown["engagement_id"]) == (
        "accepted",
        2,
        engagement["id"],
    )
    won = owner_api.get(f"/opportunities/{opportunity}").json()
    assert (won["stage"], won["engagement_id"]) == ("won", engagement["id"])
    twice = owner_api.post(f"/proposals/{proposal['id']}/accept", {"option": 1})
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "conflict")
    scope = owner_api.get(f"/engagements/{engagement['id']}/scope")
    assert scope["Content-Type"].startswith("text/markdown")
    text = scope.content.decode()
    assert "**Engagement:** 8000.00 EUR a month, from 2026-12-01." in text
    assert "## Responsibilities\n\nRun engineering\n" in text


def test_it_lists_proposals_newest_first_a_page_at_a_time(owner_api: Api) -> None:
    zeta, acme = _opportunity(owner_api), _opportunity(owner_api, "Acme Rail")
    first = _proposal(owner_api, zeta).json()["id"]
    second = _proposal(owner_api, acme).json()["id"]
    third = _proposal(owner_api, zeta, title="Second try").json()["id"]
    page = owner_api.get("/proposals", limit=2).json()
    assert [p["id"] for p in page["items"]] == [third, second]
    rest = owner_api.get("/proposals", limit=2, cursor=page["next_cursor"]).json()
    assert ([p["id"] for p in rest["items"]], rest["next_cursor"]) == ([first], None)
    only_zeta = owner_api.get("/proposals", opportunity_id=zeta).json()["items"]
    assert [(p["id"], p["title"]) for p in only_zeta] == [
        (third, "Second try"),
        (first, "Fractional CTO for Zeta Freight"),
    ]


def test_it_refuses_a_proposal_it_cannot_price_and_writes_nothing(owner_api: Api) -> None:
    opportunity = _opportunity(owner_api)
    for body, field in [
        ({"options": []}, "options"),
        ({"options": [{"pricing_model": "pilot", "fee": "6000"}]}, "options"),
        ({"options": [{"pricing_model": "retainer", "fee": "0"}]}, "options"),
        ({"options": [{"pricing_model": "retainer", "fee": "1e12"}]}, "options"),
        ({"options": [{"pricing_model": "equity", "fee": "4000", "equity": "150"}]}, "options"),
        ({"options": [RETAINER], "hours_per_week": "10", "days_per_week": "2"}, "hours_per_week"),
        ({"options": [RETAINER], "days_per_week": "9"}, "days_per_week"),
        ({"options": [RETAINER], "hours_per_week": "99999999"}, "hours_per_week"),
        ({"options": [RETAINER], "story_ids": [999]}, "story"),
    ]:
        response = owner_api.post(f"/opportunities/{opportunity}/proposals", body)
        assert 400 <= response.status_code < 500, (body, response.status_code)
        assert response.json()["error"]["field"] == field, (body, response.json())
    assert owner_api.get("/proposals").json()["items"] == []
    assert owner_api.get(f"/opportunities/{opportunity}").json()["story_ids"] == []
    lost = _opportunity(owner_api, "Gone")
    owner_api.post(f"/opportunities/{lost}/stage", {"stage": "lost", "reason": "Budget"})
    closed = _proposal(owner_api, lost)
    assert (closed.status_code, closed.json()["error"]["field"]) == (409, "opportunity")
    proposal = _proposal(owner_api, opportunity).json()
    option = owner_api.post(f"/proposals/{proposal['id']}/accept", {"option": 3})
    assert (option.status_code, option.json()["error"]["field"]) == (422, "option")
    late = owner_api.post(f"/proposals/{proposal['id']}/accept", {"start": "9999-12-31"})
    assert (late.status_code, late.json()["error"]["field"]) == (422, "start")
    assert owner_api.get(f"/proposals/{proposal['id']}").json()["status"] == "draft"


def test_it_starts_and_shows_the_launch_plan_with_each_item(owner_api: Api) -> None:
    missing = owner_api.get("/launch")
    assert (missing.status_code, missing.json()["error"]["field"]) == (404, "launch")
    started = owner_api.post("/launch", {"start": "2026-11-18"})
    assert started.status_code == 201
    plan = started.json()
    # 90 days from 18 Nov: 12 left in November, 31 in December, 31 in January, 16 in February.
    assert (plan["start_date"], plan["ends_on"]) == ("2026-11-18", "2027-02-16")
    assert (plan["done"], plan["total"], plan["percent"]) == (0, 11, 0)
    by_key = {item["key"]: item for item in plan["items"]}
    # Month n is due on its 30n-th day: start + 29, + 59 and + 89 days.
    assert [by_key[k]["due"] for k in ("positioning", "outreach", "feedback")] == [
        "2026-12-17",
        "2027-01-16",
        "2027-02-15",
    ]
    assert [k for k, item in by_key.items() if not item["auto"]] == ["profile", "rhythm"]
    assert by_key["profile"]["how"] == "Tick it by hand: POST /launch/items/profile/tick"
    again = owner_api.post("/launch", {"start": "2026-11-20"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")
    assert owner_api.get("/launch").json()["start_date"] == "2026-11-18"


def test_it_ticks_items_by_hand_and_by_the_data(owner_api: Api, cast: Any) -> None:
    owner_api.post("/launch", {"start": "2026-11-18"})
    ticked = owner_api.post("/launch/items/profile/tick").json()
    profile = next(i for i in ticked["items"] if i["key"] == "profile")
    # 1 of 11 done: 100 / 11 = 9.09, shown as 9 %.
    assert (profile["done"], profile["by_hand"], ticked["done"], ticked["percent"]) == (
        True,
        True,
        1,
        9,
    )
    unticked = owner_api.post("/launch/items/profile/untick").json()
    assert (unticked["done"], unticked["percent"]) == (0, 0)
    unknown = owner_api.post("/launch/items/blog/tick")
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (422, "item")
    feedback = owner_api.post(
        "/launch/feedback",
        {
            "client_id": cast.acme.pk,
            "what_they_get": "A roadmap the board trusts",
            "wish_different": "More time on hiring",
            "would_recommend": "Yes, already did",
        },
    )
    assert feedback.status_code == 201, feedback.content
    assert (feedback.json()["client_id"], feedback.json()["on"]) == (cast.acme.pk, "2026-11-18")
    plan = owner_api.get("/launch").json()
    item = next(i for i in plan["items"] if i["key"] == "feedback")
    assert (item["done"], item["by_hand"], plan["done"]) == (True, False, 1)
    empty = owner_api.post(
        "/launch/feedback",
        {
            "client_id": cast.acme.pk,
            "what_they_get": " ",
            "wish_different": "x",
            "would_recommend": "y",
        },
    )
    assert (empty.status_code, empty.json()["error"]["field"]) == (422, "what_they_get")


def test_ticking_without_a_plan_is_not_found(owner_api: Api) -> None:
    for path in ("/launch/items/profile/tick", "/launch/items/profile/untick"):
        response = owner_api.post(path)
        assert (response.status_code, response.json()["error"]["field"]) == (404, "launch"), path


def test_viewers_read_but_never_write_and_portal_tokens_see_none_of_it(
    owner_api: Api, api_for: ApiFor, cast: Any
) -> None:
    opportunity = _opportunity(owner_api)
    proposal = _proposal(owner_api, opportunity).json()
    owner_api.post("/launch", {"start": "2026-11-18"})
    viewer, portal = api_for(cast.viewer), api_for(cast.portal)
    reads = [
        "/proposals",
        f"/proposals/{proposal['id']}",
        f"/proposals/{proposal['id']}/markdown",
        f"/engagements/{cast.retainer.pk}/scope",
        "/launch",
    ]
    for path in reads:
        assert viewer.get(path).status_code == 200, path
        assert portal.get(path).status_code == 403, path
    writes = [
        (f"/opportunities/{opportunity}/proposals", {"options": [RETAINER]}),
        (f"/proposals/{proposal['id']}/send", {}),
        (f"/proposals/{proposal['id']}/accept", {"option": 1}),
        ("/launch", {}),
        ("/launch/items/profile/tick", {}),
        ("/launch/items/profile/untick", {}),
        ("/launch/feedback", {"client_id": cast.acme.pk, "what_they_get": "a"}),
    ]
    for path, body in writes:
        assert viewer.post(path, body).status_code == 403, path
        assert portal.post(path, body).status_code == 403, path
    assert portal.get(f"/proposals/{proposal['id']}/pdf").status_code == 403
    assert owner_api.get(f"/proposals/{proposal['id']}").json()["status"] == "draft"
    assert owner_api.get("/launch").json()["done"] == 0
