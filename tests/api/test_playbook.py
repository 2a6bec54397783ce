"""The playbook's calculators and routines over the API: the same figures as the CLI."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import Api, ApiFor

READS = ("/rate?salary=150000", "/offer-compare?salary=140000")


def _eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


def test_rate_prices_a_role_from_its_salary(owner_api: Api) -> None:
    response = owner_api.get("/rate", salary="150000", premium="50%", days=250, days_per_week="2")
    assert response.status_code == 200, response.content
    data = response.json()
    # 150000 ÷ 250 = 600 a day; × 1.5 = 900; the 40–60 % band gives 840–960.
    assert data["day_rate"] == _eur("900.00")
    assert (data["day_rate_low"], data["day_rate_high"]) == (_eur("840.00"), _eur("960.00"))
    assert data["hourly_rate"] == _eur("112.50")  # 900 ÷ 8 hours
    # 15–20 days a month at 900.
    assert (data["retainer_low"], data["retainer_high"]) == (_eur("13500.00"), _eur("18000.00"))
    assert data["committed_monthly"] == _eur("7800.00")  # 2 × 52/12 × 900
    assert data["committed_annual"] == _eur("93600.00")  # 2 × 52 × 900
    assert data["full_time_cost"] == _eur("195000.00")  # 150000 + 30 % overhead
    assert data["client_saving"] == _eur("101400.00")  # 195000 − 93600
    assert data["client_saving_pct"] == "52.0"
    assert (data["premium_pct"], data["working_days"], data["currency"]) == ("50", 250, "EUR")


def test_rate_leaves_the_commitment_out_without_days_a_week(owner_api: Api) -> None:
    data = owner_api.get("/rate", salary="120000", premium="40", days=240, currency="gbp").json()
    assert data["day_rate"] == {"amount": "700.00", "currency": "GBP"}  # 500 × 1.4
    assert data["days_per_week"] is None
    assert data["committed_monthly"] is None and data["client_saving"] is None


def test_rate_uses_the_practices_own_settings(owner_api: Api, cast: Any) -> None:
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"premium_default_pct": 60, "hours_per_day": "7.5"})
    data = owner_api.get("/rate", salary="150000").json()
    assert data["day_rate"] == _eur("960.00")  # 600 × 1.6
    assert data["hourly_rate"] == _eur("128.00")  # 960 ÷ 7.5


def test_rate_gives_the_same_figures_as_the_command_line(
    owner_api: Api, fracos: Any, in_practice: Any
) -> None:
    args = ("--salary", "150000", "--premium", "50%", "--days-per-week", "2.5")
    cli = json.loads(fracos("rate", *args, "--format", "json").stdout)
    api = owner_api.get("/rate", salary="150000", premium="50%", days_per_week="2.5").json()
    flat = {k: v["amount"] if isinstance(v, dict) else v for k, v in api.items()}
    assert flat == cli


@pytest.mark.parametrize(
    ("query", "field", "needle"),
    [
        ({"salary": "-150000"}, "salary", "salary: -150000 must be a positive"),
        ({"salary": "lots"}, "salary", "salary: 'lots' is not an amount"),
        ({"salary": "150000", "premium": "500%"}, "premium", "premium: 500% is outside 0–200%"),
        ({"salary": "150000", "days": 0}, "days", "days: 0 working days a year"),
        ({"salary": "150000", "days": "many"}, "days", "days"),
        ({"salary": "150000", "days_per_week": "9"}, "days_per_week", "days_per_week: 9"),
        ({"salary": "150000", "currency": "XYZ"}, "currency", "unknown currency 'XYZ'"),
        ({}, "salary", "salary"),
    ],
)
def test_rate_refuses_bad_input_naming_the_field(
    owner_api: Api, query: dict[str, Any], field: str, needle: str
) -> None:
    response = owner_api.get("/rate", **query)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and needle in error["message"]


def test_offer_compare_sets_the_offer_beside_contracted_income(owner_api: Api) -> None:
    response = owner_api.get("/offer-compare", salary="140000", bonus="15000", benefits="12000")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["offer"]["total"] == _eur("167000.00")
    rows = {row["what"]: row for row in data["comparison"]}
    trailing = rows["Trailing 12 months, contracted"]
    assert (trailing["start"], trailing["end"]) == ("2025-11-01", "2026-10-31")
    assert trailing["amount"] == _eur("111200.00")
    assert trailing["offer_minus_this"] == _eur("55800.00")  # 167000 − 111200
    ahead = rows["Next 12 months, contracted (open-ended to notice)"]
    assert ahead["amount"] == _eur("20864.51")
    assert rows["Next 12 months, contracted, open-ended continuing"]["amount"] == _eur("158400.00")
    assert data["by_client_next_12_months"] == [
        {"client": "Acme Logistics", "amount": _eur("12645.16")},
        {"client": "Brightwave Health", "amount": _eur("8219.35")},
    ]
    assert data["other_currencies_left_out"] == []


def test_offer_compare_gives_the_same_figures_as_the_command_line(
    owner_api: Api, fracos: Any, in_practice: Any
) -> None:
    args = ("--salary", "140000", "--bonus", "15000", "--format", "json")
    cli = json.loads(fracos("offer", "compare", *args).stdout)
    api = owner_api.get("/offer-compare", salary="140000", bonus="15000").json()
    assert [r["what"] for r in api["comparison"]] == [r["what"] for r in cli["comparison"]]
    for ours, theirs in zip(api["comparison"], cli["comparison"], strict=True):
        assert (ours["start"], ours["end"]) == (theirs["from"], theirs["to"])
        assert Decimal(ours["amount"]["amount"]) == Decimal(theirs["amount"])
        assert Decimal(ours["offer_minus_this"]["amount"]) == Decimal(theirs["offer_minus_this"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"salary": "140000", "bonus": "-1"}, "bonus"),
        ({"salary": "0"}, "salary"),
        ({"salary": "140000", "benefits": "plenty"}, "benefits"),
    ],
)
def test_offer_compare_refuses_bad_input_naming_the_field(
    owner_api: Api, query: dict[str, Any], field: str
) -> None:
    response = owner_api.get("/offer-compare", **query)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize("path", READS)
def test_the_calculators_need_a_token_and_refuse_a_portal_user(
    api_for: ApiFor, cast: Any, path: str
) -> None:
    assert Client().get(f"/api/v1{path}").status_code == 401
    response = api_for(cast.portal).get(path)
    assert response.status_code == 403
    assert "practice's own members" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", READS)
def test_a_viewer_and_a_read_only_token_may_use_the_calculators(
    api_for: ApiFor, cast: Any, path: str
) -> None:
    assert api_for(cast.viewer).get(path).status_code == 200
    assert api_for(cast.owner, read_only=True).get(path).status_code == 200


def test_an_outsider_compares_against_its_own_practice_only(api_for: ApiFor, cast: Any) -> None:
    data = api_for(cast.outsider).get("/offer-compare", salary="140000").json()
    rows = {row["what"]: row for row in data["comparison"]}
    assert rows["Trailing 12 months, contracted"]["amount"]["amount"] != "111200.00"
    assert data["by_client_next_12_months"] == [] or all(
        r["client"] not in ("Acme Logistics", "Brightwave Health")
        for r in data["by_client_next_12_months"]
    )


# -- cadence ---------------------------------------------------------------------------------


def _items(api: Api, **query: Any) -> dict[tuple[str, str], dict[str, Any]]:
    response = api.get("/cadence", **query)
    assert response.status_code == 200, response.content
    return {(i["client"], i["kind"]): i for i in response.json()}


def test_the_cadence_lists_each_engagements_items_with_due_date_and_state(
    owner_api: Api, cast: Any
) -> None:
    from fracos.engagements.services import engagement_update

    engagement_update(cast.owner, cast.day_rate.pk, end_date=date(2027, 1, 10))
    items = _items(owner_api)
    assert {kind for _client, kind in items} == {"checkin", "summary", "review", "renewal"}
    # Ends 10 Jan, within the 60-day window; overdue only from 11 Dec (30 days before).
    renewal = items[("Brightwave Health", "renewal")]
    assert (renewal["due_on"], renewal["state"]) == ("2027-01-10", "due")
    assert ("Acme Logistics", "renewal") not in items  # open-ended
    # Acme's retainer started 1 Jan 2026 and never had a check-in: due a week in, 8 Jan.
    acme = items[("Acme Logistics", "checkin")]
    assert (acme["due_on"], acme["state"], acme["last_on"]) == ("2026-01-08", "overdue", None)
    assert acme["engagement_id"] == cast.retainer.pk and acme["what"]
    # Brightwave (from 1 May) never had one either: due 8 May.
    assert items[("Brightwave Health", "checkin")]["due_on"] == "2026-05-08"


def test_a_checkin_moves_the_next_one_a_week_on(owner_api: Api, cast: Any) -> None:
    response = owner_api.post(
        "/checkins", {"engagement_id": cast.retainer.pk, "notes": "Roadmap agreed"}
    )
    assert response.status_code == 201, response.content
    point = response.json()
    assert (point["kind"], point["held_on"], point["notes"]) == (
        "checkin",
        "2026-11-18",
        "Roadmap agreed",
    )
    acme = _items(owner_api, engagement_id=cast.retainer.pk)[("Acme Logistics", "checkin")]
    assert (acme["due_on"], acme["state"], acme["last_on"]) == ("2026-11-25", "done", "2026-11-18")
    assert [i["client"] for i in owner_api.get("/cadence", state="done").json()] == [
        "Acme Logistics"
    ]


def test_a_review_gathers_the_period_into_its_body(owner_api: Api, cast: Any) -> None:
    response = owner_api.post(
        "/reviews",
        {
            "engagement_id": cast.retainer.pk,
            "notes": "Renew for six months",
            "held_on": "2026-11-16",
        },
    )
    assert response.status_code == 201, response.content
    review = response.json()
    assert (review["kind"], review["held_on"]) == ("review", "2026-11-16")
    assert "Acme Logistics" in review["body"]
    acme = _items(owner_api)[("Acme Logistics", "review")]
    assert acme["last_on"] == "2026-11-16"


@pytest.mark.parametrize(
    ("body", "status", "field", "needle"),
    [
        ({"notes": ""}, 422, "notes", "notes: say what was discussed"),
        ({"notes": "x" * 5001}, 422, "notes", "notes: longer than 5,000 characters"),
        ({"notes": "x", "held_on": "2026-11-19"}, 422, "date", "2026-11-19 is in the future"),
        ({"notes": "x", "held_on": "2025-12-31"}, 422, "date", "before"),
        ({"notes": "x", "held_on": "2026-02-30"}, 422, "held_on", "held_on"),
    ],
)
def test_a_bad_checkin_is_refused_naming_the_field_and_nothing_is_written(
    owner_api: Api, cast: Any, body: dict[str, Any], status: int, field: str, needle: str
) -> None:
    from fracos.cadence.models import Touchpoint

    response = owner_api.post("/checkins", {"engagement_id": cast.retainer.pk, **body})
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["field"] == field and needle in error["message"]
    assert not Touchpoint.objects.exists()


def test_a_checkin_for_an_ended_engagement_is_a_conflict(owner_api: Api, cast: Any) -> None:
    from fracos.engagements.services import engagement_end

    engagement_end(cast.owner, cast.retainer.pk, on=date(2026, 11, 10))
    response = owner_api.post("/checkins", {"engagement_id": cast.retainer.pk, "notes": "Late"})
    assert response.status_code in (409, 422)
    assert "ended on 2026-11-10" in response.json()["error"]["message"]


# -- monthly summaries -----------------------------------------------------------------------


def _draft(api: Api, cast: Any, month: str = "2026-10") -> Any:
    return api.post("/summaries", {"engagement_id": cast.retainer.pk, "month": month})


def test_a_summary_is_drafted_edited_and_sent(owner_api: Api, cast: Any) -> None:
    from fracos.timesheets.services import time_log

    time_log(
        cast.owner, seconds=7200, client="acme", work_date=date(2026, 10, 5), note="Architecture"
    )
    response = _draft(owner_api, cast)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["title"] == "Progress summary — Acme Logistics, October 2026"
    assert (draft["period_start"], draft["period_end"]) == ("2026-10-01", "2026-11-01")
    assert (draft["status"], draft["sent_at"]) == ("draft", None)
    assert "Architecture — 2.00 h (1 entry)" in draft["body"]
    path = f"/summaries/{draft['id']}"
    edited = owner_api.patch(path, {"body": "# October for Acme\n\nAll on track."})
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "October for Acme"
    sent = owner_api.post(f"{path}/send")
    assert sent.status_code == 200
    assert sent.json()["status"] == "sent" and sent.json()["sent_at"].startswith("2026-11-18")
    assert owner_api.get(path).json()["body"] == "# October for Acme\n\nAll on track.\n"
    again = owner_api.patch(path, {"body": "Changed my mind"})
    assert again.status_code == 409
    assert "no longer changes" in again.json()["error"]["message"]
    assert owner_api.post(f"{path}/send").status_code == 409


@pytest.mark.parametrize(
    ("month", "status", "needle"),
    [
        ("2026-12", 422, "2026-12 has not started yet"),
        ("2025-06", 422, "did not run in 2025-06"),
        ("2026-13", 422, "month"),
        ("October", 422, "month"),
        ("9999-12", 422, "month"),
    ],
)
def test_a_summary_for_a_month_it_cannot_cover_is_refused(
    owner_api: Api, cast: Any, month: str, status: int, needle: str
) -> None:
    from fracos.cadence.models import Summary

    response = _draft(owner_api, cast, month)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["field"] == "month" and needle in error["message"]
    assert not Summary.objects.exists()


def test_a_second_draft_of_a_month_is_a_conflict(owner_api: Api, cast: Any) -> None:
    first = _draft(owner_api, cast).json()
    response = _draft(owner_api, cast)
    assert response.status_code == 409
    assert f"#{first['id']} already covers 2026-10" in response.json()["error"]["message"]


def test_an_empty_edit_is_refused_naming_the_body(owner_api: Api, cast: Any) -> None:
    draft = _draft(owner_api, cast).json()
    response = owner_api.patch(f"/summaries/{draft['id']}", {"body": "   "})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body"
    assert owner_api.get(f"/summaries/{draft['id']}").json()["body"] == draft["body"]


def test_summaries_page_newest_period_first_and_filter_by_engagement(
    owner_api: Api, cast: Any
) -> None:
    for month in ("2026-08", "2026-09", "2026-10"):
        assert _draft(owner_api, cast, month).status_code == 201
    brightwave = owner_api.post(
        "/summaries", {"engagement_id": cast.day_rate.pk, "month": "2026-10"}
    ).json()
    first = owner_api.get("/summaries", limit=2).json()
    periods = [(s["client"], s["period_start"]) for s in first["items"]]
    assert periods == [("Acme Logistics", "2026-10-01"), ("Brightwave Health", "2026-10-01")]
    rest = owner_api.get("/summaries", limit=2, cursor=first["next_cursor"]).json()
    assert [s["period_start"] for s in rest["items"]] == ["2026-09-01", "2026-08-01"]
    assert rest["next_cursor"] is None
    only = owner_api.get("/summaries", engagement_id=cast.day_rate.pk).json()["items"]
    assert [s["id"] for s in only] == [brightwave["id"]]


# -- who may ---------------------------------------------------------------------------------

WRITES: list[tuple[str, str, dict[str, Any]]] = [
    ("post", "/checkins", {"notes": "x"}),
    ("post", "/reviews", {"notes": "x"}),
    ("post", "/summaries", {"month": "2026-10"}),
]


def _write(api: Api, method: str, path: str, body: dict[str, Any], engagement: int) -> Any:
    return api.call(method, path, {"engagement_id": engagement, **body})


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_viewer_and_a_read_only_token_cannot_write_the_cadence(
    api_for: ApiFor, cast: Any, method: str, path: str, body: dict[str, Any]
) -> None:
    from fracos.cadence.models import Summary, Touchpoint

    for api in (api_for(cast.viewer), api_for(cast.owner, read_only=True)):
        assert _write(api, method, path, body, cast.retainer.pk).status_code == 403
    assert not Touchpoint.objects.exists() and not Summary.objects.exists()


def test_a_viewer_reads_summaries_but_cannot_edit_or_send_them(
    api_for: ApiFor, owner_api: Api, cast: Any
) -> None:
    draft = _draft(owner_api, cast).json()
    viewer = api_for(cast.viewer)
    assert viewer.get("/cadence").status_code == 200
    assert viewer.get(f"/summaries/{draft['id']}").json()["body"] == draft["body"]
    assert viewer.patch(f"/summaries/{draft['id']}", {"body": "Mine"}).status_code == 403
    assert viewer.post(f"/summaries/{draft['id']}/send").status_code == 403
    assert owner_api.get(f"/summaries/{draft['id']}").json()["status"] == "draft"


def test_a_portal_token_is_refused_the_cadence_and_the_summaries(
    api_for: ApiFor, owner_api: Api, cast: Any
) -> None:
    draft = _draft(owner_api, cast).json()
    owner_api.post(f"/summaries/{draft['id']}/send")
    portal = api_for(cast.portal)
    for path in ("/cadence", "/summaries", f"/summaries/{draft['id']}"):
        assert portal.get(path).status_code == 403, path


def test_an_outsider_gets_404_for_the_practices_engagements_and_summaries(
    api_for: ApiFor, owner_api: Api, cast: Any
) -> None:
    from fracos.cadence.models import Touchpoint

    draft = _draft(owner_api, cast).json()
    outsider = api_for(cast.outsider)
    assert all(i["engagement_id"] != cast.retainer.pk for i in outsider.get("/cadence").json())
    assert outsider.get("/summaries").json()["items"] == []
    path = f"/summaries/{draft['id']}"
    assert outsider.get(path).status_code == 404
    assert outsider.patch(path, {"body": "Mine"}).status_code == 404
    assert outsider.post(f"{path}/send").status_code == 404
    for method, write, body in WRITES:
        assert _write(outsider, method, write, body, cast.retainer.pk).status_code == 404, write
    assert not Touchpoint.objects.exists()
    assert owner_api.get(path).json()["status"] == "draft"


# -- the weekly plan -------------------------------------------------------------------------


def _slot(api: Api, weekday: str, part: str = "full", engagement: int | None = None) -> Any:
    return api.call(
        "put", "/plan/slots", {"weekday": weekday, "part": part, "engagement_id": engagement}
    )


def _days(plan: dict[str, Any]) -> dict[str, str]:
    return {e["client"]: e["days"] for e in plan["engagements"]}


def test_the_plan_shows_who_holds_each_day_and_the_load(owner_api: Api, cast: Any) -> None:
    plan = owner_api.get("/plan").json()
    assert [(s["weekday"], s["part"], s["client"]) for s in plan["slots"]] == [
        ("mon", "full", "Acme Logistics"),
        ("tue", "full", "Acme Logistics"),
        ("thu", "full", "Brightwave Health"),
    ]
    assert plan["slots"][0]["engagement_id"] == cast.retainer.pk
    # Acme 2 days × 8 h + Brightwave 8 h a week, against the playbook's 40 h.
    assert (plan["load_hours"], plan["capacity_hours"]) == ("24", "40")
    assert plan["free"] == ["wed-am", "wed-pm", "fri-am", "fri-pm"]


def test_a_slot_is_given_to_an_engagement_which_keeps_its_others(owner_api: Api, cast: Any) -> None:
    response = _slot(owner_api, "wed", "am", cast.retainer.pk)
    assert response.status_code == 200, response.content
    plan = response.json()
    assert _days(plan)["Acme Logistics"] == "mon,tue,wed-am"
    assert plan["load_hours"] == "28"  # 16 + 4 + 8
    assert plan["free"] == ["wed-pm", "fri-am", "fri-pm"]
    # The whole Wednesday replaces the morning it had.
    whole = _slot(owner_api, "wed", "full", cast.retainer.pk).json()
    assert _days(whole)["Acme Logistics"] == "mon,tue,wed"
    assert owner_api.get("/plan").json() == whole


def test_clearing_half_of_a_full_day_leaves_the_other_half(owner_api: Api, cast: Any) -> None:
    plan = _slot(owner_api, "mon", "am").json()
    assert _days(plan)["Acme Logistics"] == "mon-pm,tue"
    # Planned 12 h, but Acme is committed to 16: the load keeps the larger.
    assert plan["load_hours"] == "24"
    cleared = _slot(owner_api, "thu").json()
    assert "Brightwave Health" not in {s["client"] for s in cleared["slots"]}
    assert _days(cleared)["Brightwave Health"] == ""
    assert _slot(owner_api, "sat").json()["slots"] == cleared["slots"]


def test_clearing_a_day_split_between_two_clients_frees_both_halves(
    owner_api: Api, cast: Any
) -> None:
    _slot(owner_api, "wed", "am", cast.retainer.pk)
    split = _slot(owner_api, "wed", "pm", cast.day_rate.pk).json()
    assert _days(split) == {"Acme Logistics": "mon,tue,wed-am", "Brightwave Health": "wed-pm,thu"}
    cleared = _slot(owner_api, "wed").json()
    assert _days(cleared) == {"Acme Logistics": "mon,tue", "Brightwave Health": "thu"}
    assert cleared["free"][:2] == ["wed-am", "wed-pm"]


def test_a_slot_another_engagement_holds_is_a_conflict_and_nothing_changes(
    owner_api: Api, cast: Any
) -> None:
    before = owner_api.get("/plan").json()
    response = _slot(owner_api, "thu", "pm", cast.retainer.pk)
    assert response.status_code == 409
    error = response.json()["error"]
    assert "Thursday afternoon would belong to both" in error["message"]
    assert error["field"] == "days"
    assert owner_api.get("/plan").json() == before


def test_an_overbooked_week_is_refused_with_the_capacity(owner_api: Api, cast: Any) -> None:
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, {"capacity_hours_per_week": "28"})
    response = _slot(owner_api, "wed", "full", cast.retainer.pk)
    assert response.status_code == 409
    assert (
        "the week would hold 32 h of client work against a capacity of 28 h"
        in (response.json()["error"]["message"])
    )
    assert _days(owner_api.get("/plan").json())["Acme Logistics"] == "mon,tue"


def test_an_ended_engagement_gets_no_slot(owner_api: Api, cast: Any) -> None:
    from fracos.engagements.services import engagement_end

    engagement_end(cast.owner, cast.day_rate.pk, on=date(2026, 11, 10))
    response = _slot(owner_api, "fri", "full", cast.day_rate.pk)
    assert response.status_code == 409
    assert "it has no place in the plan" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"weekday": "funday"}, "weekday"),
        ({"weekday": "mon", "part": "evening"}, "part"),
        ({"part": "am"}, "weekday"),
        ({"weekday": "mon", "engagement_id": 0}, "engagement_id"),
    ],
)
def test_a_bad_slot_is_refused_naming_the_field(
    owner_api: Api, body: dict[str, Any], field: str
) -> None:
    response = owner_api.call("put", "/plan/slots", body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_only_the_practices_writers_change_the_plan(api_for: ApiFor, cast: Any) -> None:
    viewer = api_for(cast.viewer)
    assert viewer.get("/plan").status_code == 200
    assert _slot(viewer, "wed", "full", cast.retainer.pk).status_code == 403
    assert _slot(viewer, "mon").status_code == 403
    reader = api_for(cast.owner, read_only=True)
    assert _slot(reader, "mon").status_code == 403
    portal = api_for(cast.portal)
    assert portal.get("/plan").status_code == 403
    assert _slot(portal, "mon").status_code == 403
    outsider = api_for(cast.outsider)
    assert cast.retainer.pk not in {
        s["engagement_id"] for s in outsider.get("/plan").json()["slots"]
    }
    assert _slot(outsider, "wed", "full", cast.retainer.pk).status_code == 404
    assert _slot(outsider, "mon").status_code == 200  # its own (empty) Monday
    owner = api_for(cast.owner, name="check")
    assert _days(owner.get("/plan").json())["Acme Logistics"] == "mon,tue"


def test_the_lists_cost_the_same_few_queries_however_long(
    owner_api: Api, cast: Any, django_assert_max_num_queries: Any
) -> None:
    from fracos.cadence.services import checkin_record

    for month in ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"):
        for engagement in (cast.retainer.pk, cast.day_rate.pk):
            owner_api.post("/summaries", {"engagement_id": engagement, "month": month})
    for day in range(2, 14):
        checkin_record(
            cast.owner, engagement_id=cast.retainer.pk, notes="x", held_on=date(2026, 11, day)
        )
    for path in ("/summaries", "/cadence", "/plan"):
        with django_assert_max_num_queries(10):
            response = owner_api.get(path)
        assert response.status_code == 200, path
    assert len(owner_api.get("/summaries").json()["items"]) == 12
