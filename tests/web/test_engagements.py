"""Engagements: the five pricing models' form, editing, ending, and one engagement's page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.engagements.models import Engagement
from fracos.timesheets.services import time_log
from tests.web.conftest import LEADER, OWNER, counts

BASE = {"role_title": "Fractional CTO", "start_date": "2026-11-02", "notice_days": "30"}
MODELS = {
    "retainer": {"fee": "6000", "days_per_week": "1.5", "dedicated_days": "wed,thu"},
    "day_rate": {"day_rate": "1100", "hours_per_week": "8", "dedicated_days": "fri"},
    "project": {"fee": "15000", "end_date": "2027-02-28"},
    "equity": {
        "fee": "3000",
        "equity_percent": "0.5",
        "vesting_months": "48",
        "cliff_months": "12",
    },
    "pilot": {"fee": "6000", "pilot_weeks": "6", "pilot_deliverable": "Assessment"},
}


@pytest.mark.parametrize("model", sorted(MODELS))
def test_each_pricing_model_is_created_from_the_form(cast, login, model):
    response = login(LEADER).post(
        "/engagements/new/",
        {"client": str(cast.brightwave.pk), "pricing_model": model, **BASE, **MODELS[model]},
    )
    created = Engagement.objects.exclude(pk__in=[cast.retainer.pk, cast.day_rate.pk]).get()
    assert response.status_code == 302 and response["Location"] == f"/engagements/{created.pk}/"
    assert created.pricing_model == model and created.client_id == cast.brightwave.pk
    expected = {
        "retainer": ("fee_minor", 600000),
        "day_rate": ("day_rate_minor", 110000),
        "project": ("end_date", date(2027, 2, 28)),
        "equity": ("equity_percent", Decimal("0.5")),
        "pilot": ("end_date", date(2026, 12, 13)),  # 6 weeks from 2 Nov, last day included
    }[model]
    assert getattr(created, expected[0]) == expected[1]


def test_the_form_marks_which_fields_belong_to_which_model(cast, login):
    page = login(OWNER).get("/engagements/new/").content.decode()
    assert '<div data-models="day_rate">' in page and '<div data-models="pilot">' in page
    assert '<div data-models="retainer equity project pilot">' in page


def test_a_retainer_without_a_fee_is_refused_beside_the_fee(cast, login):
    before = counts()
    response = login(OWNER).post(
        "/engagements/new/",
        {"client": str(cast.acme.pk), "pricing_model": "retainer", **BASE, "fee": ""},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_fee_error"' in page and "a monthly fee is required" in page
    assert 'value="Fractional CTO"' in page
    assert counts() == before


def test_another_practices_client_cannot_be_chosen(cast, login):
    before = counts()
    response = login(OWNER).post(
        "/engagements/new/",
        {
            "client": str(cast.foreign_client.pk),
            "pricing_model": "day_rate",
            **BASE,
            "day_rate": "900",
        },
    )
    assert response.status_code == 422
    assert 'id="id_client_error"' in response.content.decode()
    assert counts() == before


def test_an_engagement_is_edited(cast, login):
    response = login(OWNER).post(
        f"/engagements/{cast.retainer.pk}/edit/",
        {
            "role_title": "Fractional CTO",
            "fee": "8500",
            "days_per_week": "2",
            "dedicated_days": "mon,tue",
            "start_date": "2026-01-01",
            "notice_days": "60",
            "billing_timing": "advance",
            "overage_policy": "none",
            "rollover_periods": "1",
            "responsibilities": "Roadmap",
            "exclusions": "Coding",
        },
    )
    assert response.status_code == 302
    cast.retainer.refresh_from_db()
    assert (cast.retainer.fee_minor, cast.retainer.notice_days, cast.retainer.exclusions) == (
        850000,
        60,
        "Coding",
    )


def test_the_edit_form_starts_from_the_current_values(cast, login):
    page = login(OWNER).get(f"/engagements/{cast.retainer.pk}/edit/").content.decode()
    assert 'value="8000.00"' in page and 'value="mon,tue"' in page and 'value="2026-01-01"' in page


def test_an_engagement_is_ended(cast, login):
    response = login(OWNER).post(
        f"/engagements/{cast.day_rate.pk}/end/", {"end_date": "2026-11-18", "reason": "Hired a CTO"}
    )
    assert response.status_code == 302
    cast.day_rate.refresh_from_db()
    assert (cast.day_rate.status, cast.day_rate.end_date) == ("ended", date(2026, 11, 18))


def test_ending_before_the_start_is_refused_beside_the_date(cast, login):
    response = login(OWNER).post(
        f"/engagements/{cast.day_rate.pk}/end/", {"end_date": "2026-01-01"}
    )
    assert 'id="id_end_date_error"' in response.content.decode()
    cast.day_rate.refresh_from_db()
    assert cast.day_rate.status == "active"


def test_the_engagement_page_shows_pricing_scope_and_its_time(cast, login):
    from fracos.engagements.services import deliverable_add, engagement_update, phase_add

    engagement_update(
        cast.owner, cast.retainer.pk, responsibilities="Architecture", notes="Internal: tense CFO"
    )
    phase = phase_add(cast.owner, cast.retainer.pk, name="Assessment")
    deliverable_add(cast.owner, cast.retainer.pk, title="Assessment report", phase_id=phase.pk)
    time_log(
        cast.owner, seconds=7200, client="acme", work_date=date(2026, 11, 16), note="Arch review"
    )
    page = login(OWNER).get(f"/engagements/{cast.retainer.pk}/").content.decode()
    assert "8000.00 EUR/month" in page and "Architecture" in page
    assert "2h of 69h20m allowed" in page and "69h20m a month" in page
    assert "Assessment report" in page and "Arch review" in page
    assert "Internal: tense CFO" in page  # staff see internal notes; the portal never does


def test_the_engagement_list_query_count_does_not_grow(cast, login, django_assert_max_num_queries):
    from fracos.engagements.services import engagement_add

    for n in range(30):
        engagement_add(
            cast.owner,
            client_id=cast.brightwave.pk,
            role_title=f"Advisor {n}",
            pricing_model="project",
            fee=Decimal("1000"),
            start_date=date(2026, 1, 1),
        )
    browser = login(OWNER)
    with django_assert_max_num_queries(12):
        page = browser.get("/engagements/").content.decode()
    assert page.count("Project fee<br>") == 30


def test_a_rollover_retainers_page_measures_billable_hours_against_its_allowance(cast, login):
    from fracos.engagements.services import engagement_update
    from tests.insights.helpers import log_hours

    # 12 h a week × 52/12 = 52 h a month, from October.
    engagement = engagement_update(
        cast.owner,
        cast.retainer.pk,
        days_per_week=None,
        hours_per_week="12",
        start_date=date(2026, 10, 1),
        overage_policy="rollover",
        rollover_periods="1",
    )
    log_hours(cast.owner, engagement, date(2026, 10, 1), 40)  # 12 h roll into November
    log_hours(cast.owner, engagement, date(2026, 11, 2), 48)
    log_hours(cast.owner, engagement, date(2026, 11, 10), 3, billable=False)  # not counted
    browser = login(OWNER)
    page = browser.get(f"/engagements/{engagement.pk}/").content.decode()
    # 48 h of 52 + 12 = 64 h: 75 %
    assert "48h of 64h allowed (incl. 12h rolled over) · <strong>75%</strong>" in page
    assert "52h a month" in page  # the scope still states the plain included hours
    assert "166.67 EUR" in page  # 8000 / 48, the hours the bar counts
    listing = browser.get("/engagements/").content.decode()
    assert "48h / 64h" in listing and "incl. 12h rolled over" in listing


def test_a_carry_retainers_page_shows_the_overrun_carried_over(cast, login):
    from fracos.engagements.services import engagement_update
    from tests.insights.helpers import log_hours

    engagement = engagement_update(
        cast.owner,
        cast.retainer.pk,
        days_per_week=None,
        hours_per_week="12",
        start_date=date(2026, 10, 1),
        overage_policy="carry",
    )
    log_hours(cast.owner, engagement, date(2026, 10, 1), 60)  # 8 h over 52
    log_hours(cast.owner, engagement, date(2026, 11, 2), 40)
    page = login(OWNER).get(f"/engagements/{engagement.pk}/").content.decode()
    # 40 h of 52 − 8 = 44 h: 91 %, amber
    assert "40h of 44h allowed (8h carried over) · <strong>91%</strong>" in page
    assert 'class="usage level-warn"' in page


def test_a_day_rate_engagement_page_keeps_its_committed_hours(cast, login):
    from tests.insights.helpers import log_hours

    log_hours(cast.owner, cast.day_rate, date(2026, 11, 2), 6)
    log_hours(cast.owner, cast.day_rate, date(2026, 11, 3), 2, billable=False)
    page = login(OWNER).get(f"/engagements/{cast.day_rate.pk}/").content.decode()
    # Every client hour counts against 8 h a week × 52/12 = 34h40m: 8 / 34.67 = 23 %
    assert "8h of 34h40m included · <strong>23%</strong>" in page
