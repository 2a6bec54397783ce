"""The weekly plan: days and half-days per engagement, clashes, capacity and the free day."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from fracos.engagements.models import Engagement, WeekPlanSlot
from fracos.engagements.plan import NO_FREE_DAY, Slot, parse_slots, with_slot, without
from fracos.engagements.selectors import plan_slots_of
from fracos.engagements.services import engagement_end, engagement_update, plan_clear, plan_set
from fracos.practice.services import playbook_update
from fracos.timesheets.selectors import week

TODAY = date(2026, 11, 18)


def _slots(engagement_id):
    return [
        (s.weekday, s.part)
        for s in WeekPlanSlot.objects.filter(engagement_id=engagement_id).order_by("id")
    ]


def test_days_and_half_days_are_read_in_week_order():
    assert parse_slots("thu, wed-am mon") == (Slot("mon"), Slot("wed", "am"), Slot("thu"))


@pytest.mark.parametrize(
    ("held", "taken", "left"),
    [
        ("mon,tue", "mon", "tue"),  # a whole day goes whole
        ("mon,tue", "mon-am", "mon-pm,tue"),  # a whole day losing its morning keeps the afternoon
        ("mon,tue", "mon-pm", "mon-am,tue"),
        ("mon-am,tue", "mon", "tue"),  # taking the whole day takes the half held in it
        ("mon-am,tue", "mon-pm", "mon-am,tue"),  # the other half is not touched
        ("mon-am,tue", "wed", "mon-am,tue"),  # nothing held there: nothing lost
    ],
)
def test_taking_a_slot_away_leaves_exactly_the_rest(held, taken, left):
    (gone,) = parse_slots(taken)
    assert sorted(without(parse_slots(held), gone)) == sorted(parse_slots(left))


@pytest.mark.parametrize(
    ("held", "given", "after"),
    [
        ("tue", "mon-am", "mon-am,tue"),  # the other slots stay
        ("mon,tue", "mon-am", "mon-am,mon-pm,tue"),  # the whole day keeps its other half
        ("mon-am,mon-pm", "mon", "mon"),  # two halves become the whole day
        ("mon-am", "mon-am", "mon-am"),  # giving what is held changes nothing
        ("", "fri-pm", "fri-pm"),
    ],
)
def test_giving_a_slot_makes_room_for_it_and_keeps_the_rest(held, given, after):
    (slot,) = parse_slots(given)
    slots = parse_slots(held) if held else ()
    result = with_slot(slots, slot)
    assert sorted(result) == sorted(Slot(*p.split("-")) for p in after.split(","))
    assert not any(a.clashes(b) for i, a in enumerate(result) for b in result[i + 1 :])


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "at least one day"),
        ("funday", "'funday' is not a day"),
        ("wed-noon", "is not a day"),
        ("wed,wed-am", "wed and wed-am overlap"),
    ],
)
def test_bad_days_are_refused(text, needle):
    with pytest.raises(ValidationFailed, match=needle):
        parse_slots(text)


def test_a_plan_with_a_half_day_keeps_dedicated_days_in_step(cast):
    warnings = plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("thu,wed-am"))
    assert warnings == []
    assert _slots(cast.day_rate.pk) == [("wed", "am"), ("thu", "full")]
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == "wed,thu"


def test_two_clients_on_the_same_slot_are_refused_naming_the_day(cast):
    with pytest.raises(RuleViolation) as caught:
        plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("tue-pm"))
    assert caught.value.message == (
        "plan: Tuesday afternoon would belong to both Acme Logistics and Brightwave Health; "
        "a slot has one client"
    )
    assert _slots(cast.day_rate.pk) == []
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == "thu"


def test_two_halves_of_a_day_can_go_to_two_clients(cast):
    plan_set(cast.owner, engagement_id=cast.retainer.pk, slots=parse_slots("mon,wed-pm"))
    plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("wed-am,thu"))
    assert _slots(cast.retainer.pk) == [("mon", "full"), ("wed", "pm")]


def test_a_plan_beyond_the_weeks_capacity_is_refused_naming_the_figure(cast):
    playbook_update(cast.owner, {"capacity_hours_per_week": "24"})
    # Acme: 16 h (2 days committed and planned); Brightwave: 2 planned days = 16 h > 8 committed.
    with pytest.raises(
        RuleViolation, match=r"would hold 32 h of client work against a capacity of 24 h"
    ):
        plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("thu,fri"))
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == "thu"


def test_a_plan_that_leaves_no_free_half_day_warns_but_is_saved(cast):
    warnings = plan_set(
        cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("wed,thu,fri")
    )
    assert warnings == [NO_FREE_DAY]
    assert "business development" in NO_FREE_DAY
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == "wed,thu,fri"


def test_an_ended_engagement_has_no_place_in_the_plan(cast):
    engagement_end(cast.owner, cast.day_rate.pk, on=date(2026, 11, 1))
    with pytest.raises(RuleViolation, match="ended on 2026-11-01"):
        plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("fri"))
    assert _slots(cast.day_rate.pk) == []


def test_clearing_takes_the_engagement_out_of_the_plan(cast):
    plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("thu,wed-am"))
    plan_clear(cast.owner, engagement_id=cast.day_rate.pk)
    assert _slots(cast.day_rate.pk) == []
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == ""


def test_dedicated_days_changed_elsewhere_win_over_stale_slots(cast):
    plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("thu,wed-am"))
    engagement_update(cast.owner, cast.day_rate.pk, dedicated_days=("fri",))
    assert plan_slots_of(Engagement.objects.get(pk=cast.day_rate.pk)) == (Slot("fri"),)


def test_the_week_shows_half_days(cast):
    plan_set(cast.owner, engagement_id=cast.day_rate.pk, slots=parse_slots("thu,wed-am"))
    view = week(cast.owner, TODAY)
    assert view.plan["wed"] == ["Brightwave Health (am)"]
    assert view.plan["mon"] == ["Acme Logistics"]
    lines = {line["client"]: line for line in view.as_json()["engagements"]}
    assert lines["Brightwave Health"]["plan_slots"] == ["wed-am", "thu"]
    assert lines["Acme Logistics"]["plan_slots"] == ["mon", "tue"]


@pytest.mark.parametrize(
    "write",
    [
        lambda a, c: plan_set(a, engagement_id=c.day_rate.pk, slots=parse_slots("fri")),
        lambda a, c: plan_clear(a, engagement_id=c.day_rate.pk),
    ],
)
def test_a_viewer_cannot_change_the_plan_and_an_outsider_cannot_find_it(cast, write):
    with pytest.raises(PermissionDenied):
        write(cast.viewer, cast)
    with pytest.raises(NotFound):
        write(cast.outsider, cast)
    assert Engagement.objects.get(pk=cast.day_rate.pk).dedicated_days == "thu"
