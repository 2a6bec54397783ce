"""`fracos plan` and the half-days in `fracos week`, through the real entry point."""

from __future__ import annotations

import json

from fracos.engagements.models import Engagement, WeekPlanSlot


def test_plan_shows_who_holds_each_day_with_capacity_and_load(fracos, in_practice):
    data = json.loads(fracos("plan", "--format", "json").stdout)
    assert data["capacity_hours"] == "40" and data["hours_per_day"] == "8"
    assert data["load_hours"] == "24"  # Acme 16 h + Brightwave 8 h
    assert {(s["weekday"], s["client"]) for s in data["slots"]} == {
        ("mon", "Acme Logistics"),
        ("tue", "Acme Logistics"),
        ("thu", "Brightwave Health"),
    }
    assert data["free"] == ["wed-am", "wed-pm", "fri-am", "fri-pm"]
    table = fracos("plan").stdout
    assert "Monday" in table and "free" in table and "Week load: 24 h of 40 h" in table


def test_plan_set_with_a_half_day_shows_in_the_week(fracos, in_practice):
    result = fracos("plan", "set", "bright", "thu,wed-am")
    assert result.exit_code == 0, result.stderr
    assert "Wednesday morning, Thursday" in result.stdout
    week = fracos("week")
    assert "Wed: Brightwave Health (am)" in week.stdout
    data = json.loads(fracos("week", "--format", "json").stdout)
    assert data["plan"]["wed"] == ["Brightwave Health (am)"]


def test_plan_set_by_engagement_id_and_clear(fracos, in_practice):
    engagement = in_practice.day_rate.pk
    assert fracos("plan", "set", "--engagement", str(engagement), "fri-pm").exit_code == 0
    assert list(WeekPlanSlot.objects.values_list("weekday", "part")) == [("fri", "pm")]
    assert fracos("plan", "clear", "bright").exit_code == 0
    assert Engagement.objects.get(pk=engagement).dedicated_days == ""


def test_an_overbooked_day_is_one_clear_error_and_nothing_changes(fracos, in_practice):
    result = fracos("plan", "set", "bright", "mon-am")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "Error: plan: Monday morning would belong to both Acme Logistics and Brightwave Health; "
        "a slot has one client"
    ]
    assert not WeekPlanSlot.objects.exists()


def test_a_plan_with_no_free_day_warns(fracos, in_practice):
    result = fracos("plan", "set", "bright", "wed,thu,fri")
    assert result.exit_code == 0
    assert "No weekday or half-day is left for business development" in result.stdout


def test_a_viewer_cannot_set_the_plan(fracos, in_practice, monkeypatch):
    monkeypatch.setenv("FRACOS_USER", "viewer@example.com")
    result = fracos("plan", "set", "bright", "fri")
    assert result.exit_code == 1 and "a viewer cannot change anything" in result.stderr
    assert not WeekPlanSlot.objects.exists()
