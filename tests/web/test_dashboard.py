"""The dashboard: this month's hours against included hours, effective rates, what ends soon."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from fracos.core.playbook import PlaybookSettings
from fracos.engagements.selectors import included_seconds_per_month
from fracos.timesheets.services import time_log
from tests.web.conftest import OWNER, VIEWER


def _log_hours(actor, client: str, hours: int, first: date = date(2026, 11, 2)) -> None:
    """Spread whole hours over weekdays from ``first`` at 8 a day (the clock says 18 Nov)."""
    day = first
    while hours > 0:
        if day.weekday() < 5:
            chunk = min(8, hours)
            time_log(actor, seconds=chunk * 3600, client=client, work_date=day)
            hours -= chunk
        day += timedelta(days=1)


def test_included_hours_come_from_days_per_week_times_the_hours_per_day(cast):
    # 2 days × 8 h × 52/12 weeks = 69 h 20 min = 249,600 s
    assert included_seconds_per_month(cast.retainer, PlaybookSettings()) == 249_600
    # A practice on 7-hour days includes 2 × 7 × 52/12 = 60 h 40 min
    rules = PlaybookSettings().updated({"hours_per_day": "7"})
    assert included_seconds_per_month(cast.retainer, rules) == 218_400


def test_included_hours_come_from_hours_per_week_when_given(cast):
    # 8 h × 52/12 = 34 h 40 min = 124,800 s
    assert included_seconds_per_month(cast.day_rate, PlaybookSettings()) == 124_800


def test_an_engagement_without_a_commitment_includes_no_hours(cast):
    from fracos.engagements.services import engagement_add

    project = engagement_add(
        cast.owner,
        client_id=cast.brightwave.pk,
        role_title="Architecture review",
        pricing_model="project",
        fee=Decimal("5000"),
        start_date=date(2026, 11, 1),
    )
    assert included_seconds_per_month(project, PlaybookSettings()) == 0


def test_the_dashboard_shows_hours_against_included_and_the_effective_rate(cast, login):
    _log_hours(cast.owner, "acme", 40)
    page = login(OWNER).get("/").content.decode()
    # 40 h of 69 h 20 min = 57.7 % → 58 %; 8000 / 40 h = 200.00 EUR an hour
    assert "40h of 69h20m" in page and "<strong>58%</strong>" in page
    assert "within the included hours" in page
    assert "200.00 EUR" in page
    # Day rate: 1200 / 8 h = 150.00 EUR an hour whatever the hours
    assert "150.00 EUR" in page and "(day rate ÷ 8 h)" in page


def test_the_bar_turns_amber_at_80_percent_with_a_text_label(cast, login):
    _log_hours(cast.owner, "acme", 56)  # 56 / 69.33 = 80.8 %
    page = login(OWNER).get("/").content.decode()
    assert "<strong>81%</strong>" in page
    assert 'class="usage level-warn"' in page
    assert "▲ at 80% or more of the allowance" in page
    assert "142.86 EUR" in page  # 8000 / 56


def test_the_bar_turns_red_past_100_percent_with_a_text_label(cast, login):
    _log_hours(cast.owner, "acme", 70)  # 70 / 69.33 = 100.96 % → 101 %
    page = login(OWNER).get("/").content.decode()
    assert "<strong>101%</strong>" in page
    assert 'class="usage level-alert"' in page
    assert "⚠ past 100%: over the allowance" in page


def test_exactly_100_percent_is_amber_not_red(cast, login):
    # 10 h/week → 43 h 20 min a month; at 90 % warn, 43h20m is 100 %: amber until it passes
    from fracos.engagements.services import engagement_update
    from fracos.practice.services import playbook_update

    engagement_update(cast.owner, cast.retainer.pk, days_per_week=None, hours_per_week="10")
    playbook_update(cast.owner, {"retainer_warn_pct": "90"})
    _log_hours(cast.owner, "acme", 43)
    time_log(cast.owner, seconds=20 * 60, client="acme", work_date=date(2026, 11, 18))
    page = login(OWNER).get("/").content.decode()
    assert "43h20m of 43h20m" in page and "<strong>100%</strong>" in page
    assert "▲ at 90% or more" in page


def test_due_next_lists_engagements_ending_within_the_warning_window(cast, login):
    from fracos.engagements.services import engagement_update

    engagement_update(cast.owner, cast.day_rate.pk, end_date=date(2026, 12, 31))  # 43 days
    engagement_update(cast.owner, cast.retainer.pk, end_date=date(2027, 3, 1))  # 103 days
    page = login(OWNER).get("/").content.decode()
    due = page[page.index("Due next") :]
    due = due[: due.index("Cadence")]  # the engagements ending, before the cadence list
    assert "Brightwave Health" in due and "(43 days)" in due
    assert "Acme Logistics" not in due


def test_due_next_marks_engagements_inside_the_alert_window(cast, login):
    from fracos.engagements.services import engagement_update

    engagement_update(cast.owner, cast.day_rate.pk, end_date=date(2026, 12, 1))  # 13 days
    page = login(OWNER).get("/").content.decode()
    assert '(13 days) <strong class="tag-alert">⚠ soon</strong>' in page


def test_the_chart_is_svg_with_titles_patterns_and_a_data_table(cast, login):
    time_log(cast.owner, seconds=3 * 3600, client="acme", work_date=date(2026, 11, 16))
    time_log(cast.owner, seconds=2 * 3600, client="bright", work_date=date(2026, 11, 12))
    time_log(cast.owner, seconds=3600, kind="bd", work_date=date(2026, 11, 13))
    page = login(OWNER).get("/").content.decode()
    assert '<svg viewBox="0 0 720 260" role="img"' in page
    assert "<title>2026-W47 · Acme Logistics: 3h</title>" in page
    assert "<title>2026-W46 · Brightwave Health: 2h</title>" in page
    assert 'Brightwave Health <span class="muted small">(stripes)</span>' in page
    # Business development is not client time: not in the chart
    assert "Business development: 1h</title>" not in page
    assert '<th scope="row">2026-W47</th><td class="num">3h</td>' in page


def test_a_viewer_sees_the_dashboard_without_the_timer_form(cast, login):
    page = login(VIEWER).get("/").content.decode()
    assert "Peeters Tech Leadership" in page and "Start timer" not in page


@pytest.mark.parametrize("extra_clients", [0, 25])
def test_the_dashboard_query_count_does_not_grow_with_rows(
    cast, login, django_assert_max_num_queries, extra_clients
):
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add
    from fracos.practice.services import playbook_update

    # A salary makes every health check run its queries (the target rate, the income gap).
    playbook_update(cast.owner, {"full_time_salary": "180000"})
    for n in range(extra_clients):
        client = client_add(cast.owner, name=f"Client {n:02d}")
        engagement_add(
            cast.owner,
            client_id=client.pk,
            role_title="Advisor",
            pricing_model="retainer",
            fee=Decimal("3000"),
            hours_per_week=Decimal("4"),
            dedicated_days=("fri",),
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )
        time_log(cast.owner, seconds=3600, client=client.name, work_date=date(2026, 11, 13))
    browser = login(OWNER)
    # A first view (nothing cached): the panels read each figure once, 25 queries at most
    # (the health checks included), with 2 to spare; a repeat view is test_dashboard_cache's.
    with django_assert_max_num_queries(27):
        response = browser.get("/")
    assert response.status_code == 200


def test_due_next_lists_the_cadence_that_is_due_or_overdue(cast, login):
    from fracos.cadence.services import checkin_record

    checkin_record(cast.owner, engagement_id=cast.day_rate.pk, notes="Weekly sync")
    page = login("owner@example.com").get("/").content.decode()
    due = page[page.index("Cadence") :]
    # Acme's weekly check-in has never happened: overdue; Brightwave's was just held.
    assert 'Acme Logistics</a> — Check-in: <strong class="tag-alert">⚠ overdue' in due
    assert "Brightwave Health</a> — Check-in" not in due


def _retainer_of_52_hours(cast, **changes):  # type: ignore[no-untyped-def]
    """Acme's retainer at 12 h a week × 52/12 = 52 h a month, from October."""
    from fracos.engagements.services import engagement_update

    return engagement_update(
        cast.owner,
        cast.retainer.pk,
        days_per_week=None,
        hours_per_week="12",
        start_date=date(2026, 10, 1),
        **changes,
    )


def test_a_rollover_retainers_bar_shows_the_rolled_hours_and_a_percent_of_the_allowance(
    cast, login
):
    _retainer_of_52_hours(cast, overage_policy="rollover", rollover_periods="1")
    _log_hours(cast.owner, "acme", 40, first=date(2026, 10, 1))  # 52 − 40 = 12 h roll over
    _log_hours(cast.owner, "acme", 48)
    # Non-billable time is not billed, so it does not use the allowance either.
    time_log(
        cast.owner, seconds=5 * 3600, client="acme", work_date=date(2026, 11, 16), billable=False
    )
    page = login(OWNER).get("/").content.decode()
    # 48 h of 52 + 12 = 64 h: 75 %, green (all 53 client hours over the plain 52 h: 102 %, red).
    assert "48h of 64h (incl. 12h rolled over) · <strong>75%</strong>" in page
    assert 'class="usage level-ok"' in page and "within the allowance" in page
    assert 'aria-label="75% of the allowance used"' in page
    assert "166.67 EUR</strong> (fee ÷ billable hours this month)" in page  # 8000 / 48


def test_a_carry_retainers_bar_shows_the_overrun_carried_over(cast, login):
    _retainer_of_52_hours(cast, overage_policy="carry")
    _log_hours(cast.owner, "acme", 60, first=date(2026, 10, 1))  # 8 h over 52
    _log_hours(cast.owner, "acme", 40)
    page = login(OWNER).get("/").content.decode()
    # 40 h of 52 − 8 = 44 h: 90.9 % → 91 %, amber.
    assert "40h of 44h (8h carried over) · <strong>91%</strong>" in page
    assert 'class="usage level-warn"' in page
    assert "▲ at 80% or more of the allowance" in page
    assert "200.00 EUR" in page  # 8000 / 40


def test_a_day_rate_bar_still_counts_every_client_hour_against_its_committed_hours(cast, login):
    _log_hours(cast.owner, "brightwave", 6)
    time_log(
        cast.owner,
        seconds=2 * 3600,
        client="brightwave",
        work_date=date(2026, 11, 3),
        billable=False,
    )
    page = login(OWNER).get("/").content.decode()
    # 8 h a week × 52/12 = 34h40m; all 8 h count: 8 / 34.67 = 23 %
    assert "8h of 34h40m · <strong>23%</strong>" in page
    assert "within the included hours" in page
    assert "150.00 EUR" in page  # 1200 / 8 h a day
