"""Practice health: each check's status, figure and one-sentence rule (today: Wed 18 Nov 2026).

The cast's practice: Acme (retainer, 8000 EUR a month, 2 days a week on mon+tue, so
69 h 20 min a month) and Brightwave (day rate 1200 EUR, 8 h a week on thu).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fracos.core.errors import PermissionDenied
from fracos.insights.health import Check, practice_health
from tests.billing.helpers import month, ready_practice
from tests.insights.helpers import log_hours


def _health(actor: Any) -> dict[str, Check]:
    return {check.key: check for check in practice_health(actor)}


def _settings(cast: Any, **values: str) -> None:
    from fracos.practice.services import playbook_update

    playbook_update(cast.owner, values)


def _issue(cast: Any, client: Any, period: str, on: date) -> Any:
    from fracos.billing import services

    draft = services.invoice_draft(cast.owner, client_id=client.pk, period=month(period))
    return services.invoice_issue(cast.owner, invoice_id=draft.pk, issue_date=on)


def _client_with_retainer(cast: Any, name: str) -> Any:
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    client = client_add(cast.owner, name=name)
    return engagement_add(
        cast.owner,
        client_id=client.pk,
        role_title="Advisor",
        pricing_model="retainer",
        fee=Decimal("3000"),
        hours_per_week=Decimal("4"),
        start_date=date(2026, 6, 1),
    )


def test_every_check_is_there_in_the_playbooks_order(cast) -> None:
    assert list(_health(cast.owner)) == [
        "clients",
        "concentration",
        "underpricing",
        "over_delivery",
        "business_development",
        "pipeline",
        "context_switching",
        "utilisation",
        "runway",
        "receivables",
        "cadence",
    ]


# -- clients -------------------------------------------------------------------------------


def test_two_clients_are_within_the_sustainable_range(cast) -> None:
    check = _health(cast.owner)["clients"]
    assert (check.status, check.figure) == ("ok", "2 active clients")
    assert check.rule == "2–4 clients is the sustainable range; you have 2."


def test_five_clients_are_past_the_sustainable_maximum(cast) -> None:
    for name in ("Cobalt", "Delta", "Echo"):
        _client_with_retainer(cast, name)
    check = _health(cast.owner)["clients"]
    assert check.status == "warn"
    assert check.rule == "4 clients is the sustainable maximum; you have 5."


def test_one_client_is_fragile_and_the_minimum_is_the_practices_setting(cast) -> None:
    from fracos.engagements.services import engagement_end

    engagement_end(cast.owner, cast.day_rate.pk, on=date(2026, 11, 1), reason="done")
    check = _health(cast.owner)["clients"]
    assert check.status == "alert"
    assert check.rule == "2 clients is the safe minimum; you have 1."
    _settings(cast, min_clients="1")
    assert _health(cast.owner)["clients"].status == "ok"


# -- concentration -------------------------------------------------------------------------


def test_concentration_is_the_largest_clients_share_of_trailing_invoiced_income(cast) -> None:
    ready_practice(cast)
    log_hours(cast.owner, cast.day_rate, date(2026, 10, 1), 16)  # 1 and 2 Oct: 2 days
    _issue(cast, cast.acme, "2026-10", date(2026, 10, 31))  # 8000.00 net
    _issue(cast, cast.brightwave, "2026-10", date(2026, 10, 31))  # 2 × 1200 = 2400.00 net
    check = _health(cast.owner)["concentration"]
    # 8000 / 10400 = 76.9 % → 77 %: above the 75 % red line
    assert check.status == "alert"
    assert check.figure == "largest client 77% (Acme Logistics, EUR)"
    assert check.rule == (
        "No client should bring more than 50% of your invoiced income (red above 75%); your "
        "largest, Acme Logistics, brought 77% of the last 12 months' EUR income."
    )
    assert check.details == (
        "EUR: Acme Logistics brought 77% (8000.00 EUR of 10400.00 EUR); losing it would cost "
        "8000.00 EUR a year, 77% of your EUR income",
    )
    _settings(cast, concentration_alert_pct="80")
    assert _health(cast.owner)["concentration"].status == "warn"


def test_income_in_another_currency_is_measured_on_its_own(cast) -> None:
    from fracos.clients.services import client_add
    from fracos.engagements.services import engagement_add

    ready_practice(cast)
    client = client_add(
        cast.owner,
        name="Yankee Corp",
        country="US",
        currency="USD",
        street="1 Main St",
        postcode="10001",
        city="New York",
        billing_email="ap@yankee.example",
    )
    engagement_add(
        cast.owner,
        client_id=client.pk,
        role_title="Advisor",
        pricing_model="retainer",
        currency="USD",
        fee=Decimal("5000"),
        hours_per_week=Decimal("4"),
        start_date=date(2026, 10, 1),
    )
    _issue(cast, cast.acme, "2026-10", date(2026, 10, 31))
    _issue(cast, client, "2026-10", date(2026, 10, 31))
    check = _health(cast.owner)["concentration"]
    # One client per currency: 100 % of each, never 8000 EUR + 5000 USD added together
    assert check.details == (
        "EUR: Acme Logistics brought 100% (8000.00 EUR of 8000.00 EUR); losing it would cost "
        "8000.00 EUR a year, 100% of your EUR income",
        "USD: Yankee Corp brought 100% (5000.00 USD of 5000.00 USD); losing it would cost "
        "5000.00 USD a year, 100% of your USD income",
    )


def test_without_invoices_concentration_cannot_be_measured(cast) -> None:
    check = _health(cast.owner)["concentration"]
    assert (check.status, check.figure) == ("warn", "no invoiced income")


# -- pricing and delivery ------------------------------------------------------------------


def test_an_engagement_earning_less_than_the_target_rate_is_underpriced(cast) -> None:
    _settings(cast, full_time_salary="150000")
    # Target: 150000 ÷ 250 × 1.5 = 900.00 a day ÷ 8 h = 112.50 an hour.
    log_hours(cast.owner, cast.retainer, date(2026, 10, 1), 80)  # 8000 ÷ 80 h = 100.00
    check = _health(cast.owner)["underpricing"]
    # (112.50 − 100) ÷ 112.50 = 11 % below: amber (red from 25 %)
    assert check.status == "warn"
    assert check.figure == "1 of 2 below 112.50 EUR/h"
    assert check.rule == (
        "Each engagement should earn at least the target rate of 112.50 EUR an hour: a full-time "
        "salary of 150000 EUR ÷ 250 days × (1 + 50%) = 900.00 EUR a day, ÷ 8 h; 1 of 2 earned "
        "less in 2026-10."
    )
    assert "Acme Logistics (Fractional CTO): 100.00 EUR an hour, 11% below target" in check.details
    # Brightwave's day rate: 1200 ÷ 8 h = 150.00 an hour, above the target
    assert "Brightwave Health (Fractional CTO): 150.00 EUR an hour, at or above target" in (
        check.details
    )


def test_non_billable_client_hours_do_not_lower_the_effective_rate(cast) -> None:
    from fracos.insights.rates import month_usage

    _settings(cast, full_time_salary="150000")
    log_hours(cast.owner, cast.retainer, date(2026, 10, 1), 64)  # 8000 ÷ 64 h = 125.00
    log_hours(cast.owner, cast.retainer, date(2026, 10, 12), 40, billable=False)
    check = _health(cast.owner)["underpricing"]
    # Over all 104 client hours it would be 76.92 (red); the fee pays for the billable 64.
    assert check.status == "ok"
    assert "Acme Logistics (Fractional CTO): 125.00 EUR an hour, at or above target" in (
        check.details
    )
    # The dashboard's figure for the same month and engagement.
    from fracos.practice.selectors import practice_for

    practice = practice_for(cast.owner)
    (acme,) = [
        row
        for row in month_usage(cast.owner, practice, [cast.retainer], date(2026, 10, 31))
        if row["usage"].engagement.pk == cast.retainer.pk
    ]
    assert str(acme["rate"]) == "125.00 EUR"


def test_far_below_the_target_rate_is_red(cast) -> None:
    _settings(cast, full_time_salary="150000")
    log_hours(cast.owner, cast.retainer, date(2026, 10, 1), 100)  # 80.00: 29 % below
    assert _health(cast.owner)["underpricing"].status == "alert"


def test_without_a_salary_there_is_no_target_rate_and_it_says_how_to_set_one(cast) -> None:
    check = _health(cast.owner)["underpricing"]
    assert (check.status, check.figure) == ("warn", "no target rate")
    assert "full_time_salary=150000" in check.advice


def test_a_retainer_over_its_hours_this_month_is_red_with_its_trend(cast) -> None:
    log_hours(cast.owner, cast.retainer, date(2026, 10, 1), 60)
    log_hours(cast.owner, cast.retainer, date(2026, 11, 2), 72)
    check = _health(cast.owner)["over_delivery"]
    assert check.status == "alert"
    assert check.figure == "1 of 1 retainer over this month"
    # 72 h of 69.33 h = 103.8 % → 104 %; October: 60 / 69.33 = 86.5 % → 87 %
    assert check.details == (
        "Acme Logistics: 72.00 h of 69.33 h this month (104%); before: 2026-08 0%, 2026-09 0%, "
        "2026-10 87%",
    )


def test_a_retainer_over_in_two_of_the_last_three_months_is_amber_even_when_fine_now(cast):
    log_hours(cast.owner, cast.retainer, date(2026, 9, 1), 72)
    log_hours(cast.owner, cast.retainer, date(2026, 10, 1), 72)
    log_hours(cast.owner, cast.retainer, date(2026, 11, 2), 8)
    check = _health(cast.owner)["over_delivery"]
    assert (check.status, check.figure) == ("warn", "0 of 1 retainer over this month")


# -- winning clients -----------------------------------------------------------------------


def test_business_development_below_the_protected_minimum_is_amber(cast) -> None:
    log_hours(cast.owner, None, date(2026, 11, 2), 10, kind="bd")
    check = _health(cast.owner)["business_development"]
    assert check.status == "warn"
    assert check.rule == (
        "Protect at least 16 h of business development every 4 weeks; you logged 10 h from "
        "22 Oct to 18 Nov."
    )


def test_no_business_development_at_all_is_red_and_enough_is_fine(cast) -> None:
    assert _health(cast.owner)["business_development"].status == "alert"
    log_hours(cast.owner, None, date(2026, 10, 22), 16, kind="bd")
    assert _health(cast.owner)["business_development"].status == "ok"


def test_pipeline_coverage_is_the_weighted_pipeline_against_the_monthly_gap(cast) -> None:
    from fracos.pipeline.services import opportunity_add

    _settings(cast, full_time_salary="180000")
    opportunity_add(
        cast.owner,
        title="Fractional CTO",
        organisation="Foxtrot",
        monthly_value=Decimal("6000"),
        stage="conversation",
    )
    check = _health(cast.owner)["pipeline"]
    # Target 180000 ÷ 12 = 15000; contracted in November: Acme 8000 + Brightwave
    # 1200 × 1 day × 52/12 = 5200, so 13200; gap 1800. Pipeline 6000 × 25 % = 1500: 83 %.
    assert check.status == "warn"
    assert check.figure == "83% of a 1800.00 EUR gap"
    assert check.rule == (
        "The weighted pipeline should cover 100% of the monthly gap to your target "
        "(15000.00 EUR, full_time_salary ÷ 12, minus 13200.00 EUR contracted = 1800.00 EUR); "
        "it covers 83% (1500.00 EUR weighted)."
    )
    _settings(cast, pipeline_coverage_pct="80")
    assert _health(cast.owner)["pipeline"].status == "ok"
    # A dollar opportunity is listed beside the figure, never converted into it.
    opportunity_add(
        cast.owner,
        title="Advisor",
        organisation="Golf Inc",
        monthly_value=Decimal("10000"),
        currency="USD",
        stage="retainer_proposed",
    )
    check = _health(cast.owner)["pipeline"]
    assert check.figure == "83% of a 1800.00 EUR gap"
    assert check.details == (
        "7500.00 USD weighted a month in USD is not counted against the EUR gap",
    )


def test_contracted_income_above_the_salary_leaves_no_gap(cast) -> None:
    _settings(cast, full_time_salary="150000")  # 12500 a month < 13200 contracted
    check = _health(cast.owner)["pipeline"]
    assert (check.status, check.figure) == ("ok", "no gap to cover")


# -- the week ------------------------------------------------------------------------------


def test_work_outside_a_clients_days_counts_as_a_context_switch(cast) -> None:
    from fracos.timesheets.services import time_log

    # Acme's days are Monday and Tuesday: Thursday 12 and Wednesday 18 November are not.
    for day in (date(2026, 11, 12), date(2026, 11, 18)):
        time_log(cast.owner, seconds=3600, engagement_id=cast.retainer.pk, work_date=day)
    time_log(cast.owner, seconds=3600, engagement_id=cast.retainer.pk, work_date=date(2026, 11, 16))
    check = _health(cast.owner)["context_switching"]
    assert (check.status, check.figure) == ("warn", "2 days in the last 4 weeks")
    assert check.details == (
        "Thu 12 Nov: Acme Logistics outside its days",
        "Wed 18 Nov: Acme Logistics outside its days",
    )


def test_more_clients_in_a_day_than_the_setting_allows_is_a_context_switch(cast) -> None:
    from fracos.timesheets.services import time_log

    engagement = _client_with_retainer(cast, "Cobalt")  # no dedicated days
    thursday = date(2026, 11, 12)
    for e in (cast.day_rate, engagement):
        time_log(cast.owner, seconds=3600, engagement_id=e.pk, work_date=thursday)
    assert _health(cast.owner)["context_switching"].details == ()
    time_log(cast.owner, seconds=3600, engagement_id=cast.retainer.pk, work_date=thursday)
    assert _health(cast.owner)["context_switching"].details == (
        "Thu 12 Nov: Acme Logistics outside its days; 3 clients",
    )


@pytest.mark.parametrize(
    ("hours", "status", "figure"),
    [
        (24, "warn", "6 h a week (15%)"),  # below 40 %: room for a client
        (80, "ok", "20 h a week (50%)"),
        (144, "warn", "36 h a week (90%)"),  # above 85 %
        (168, "alert", "42 h a week (105%)"),  # above 100 %
    ],
)
def test_utilisation_is_client_hours_a_week_against_capacity(cast, hours, status, figure) -> None:
    # 28 days from 22 Oct: 20 weekdays to 18 Nov, 8 h each at most = 160 h; pad with Saturdays.
    log_hours(cast.owner, cast.retainer, date(2026, 10, 22), min(hours, 152))
    if hours > 152:
        from fracos.timesheets.services import time_log

        for day in (date(2026, 10, 24), date(2026, 10, 31)):
            time_log(cast.owner, seconds=8 * 3600, engagement_id=cast.retainer.pk, work_date=day)
    check = _health(cast.owner)["utilisation"]
    assert (check.status, check.figure) == (status, figure)


# -- money ---------------------------------------------------------------------------------


def test_runway_without_costs_says_it_is_not_set_and_how_to_set_it(cast) -> None:
    check = _health(cast.owner)["runway"]
    assert (check.status, check.figure) == ("warn", "not set")
    assert "cash_reserve=60000 --set monthly_costs=7500" in check.advice


def test_runway_is_the_reserve_over_monthly_costs_against_the_band(cast) -> None:
    _settings(cast, cash_reserve="60000", monthly_costs="7500")
    check = _health(cast.owner)["runway"]
    assert (check.status, check.figure) == ("ok", "8.0 months")
    assert check.rule == (
        "Keep 6–12 months of costs in reserve; 60000 EUR ÷ 7500 EUR a month is 8.0 months."
    )
    _settings(cast, cash_reserve="30000")
    assert _health(cast.owner)["runway"].status == "alert"  # 4.0 months


def test_receivables_show_the_overdue_amount_and_the_oldest_invoice(cast) -> None:
    ready_practice(cast)
    assert _health(cast.owner)["receivables"].status == "ok"
    # Issued 30 Sep, due 30 Oct: 19 days late on 18 Nov (8000 + 21 % VAT = 9680.00)
    invoice = _issue(cast, cast.acme, "2026-09", date(2026, 9, 30))
    check = _health(cast.owner)["receivables"]
    assert (check.status, check.figure) == ("warn", "9680.00 EUR overdue")
    assert check.rule == (
        "Invoices are paid by their due date (red once 30 days late); 9680.00 EUR is overdue, "
        f"the oldest {invoice.number} (Acme Logistics) 19 days late."
    )
    _settings(cast, receivables_alert_days="14")
    assert _health(cast.owner)["receivables"].status == "alert"


def test_cadence_counts_overdue_items_and_renewals_without_a_conversation(cast) -> None:
    from fracos.engagements.services import engagement_update

    check = _health(cast.owner)["cadence"]
    # Neither engagement has had a check-in: both overdue (and their summaries too).
    assert check.status == "warn"
    engagement_update(cast.owner, cast.day_rate.pk, end_date=date(2026, 12, 1))  # in 13 days
    check = _health(cast.owner)["cadence"]
    assert check.status == "alert"
    assert "Brightwave Health: Renewal conversation overdue since 2026-12-01" in check.details


# -- who may read it -----------------------------------------------------------------------


def test_a_portal_user_cannot_read_the_practices_health(cast) -> None:
    with pytest.raises(PermissionDenied):
        practice_health(cast.portal)


def test_another_practice_sees_only_its_own_figures(cast) -> None:
    log_hours(cast.owner, cast.retainer, date(2026, 11, 2), 72)
    checks = _health(cast.outsider)
    assert checks["clients"].figure == "0 active clients"
    assert checks["over_delivery"].figure == "no retainer with included hours"
    assert "Acme" not in repr(checks)
