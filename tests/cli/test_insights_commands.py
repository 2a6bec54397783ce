"""`fracos health`, `fracos forecast`, `fracos retainer` and the offer comparison's new rows."""

from __future__ import annotations

import json
from datetime import date

from fracos.practice.services import playbook_update
from tests.insights.helpers import log_hours


def test_health_prints_every_check_with_a_status_word_and_exits_zero(fracos, in_practice):
    result = fracos("health")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Practice health" in out
    # The status reads without colour: an icon and a word
    assert "✓ OK" in out and "⚠ Alert" in out
    assert "2–4 clients is the sustainable range; you have 2." in out
    assert "Keep 6–12 months of costs in reserve" in out


def test_health_as_json_gives_each_check_and_the_overall_status(fracos, in_practice):
    playbook_update(in_practice.owner, {"cash_reserve": "45000", "monthly_costs": "7500"})
    data = json.loads(fracos("health", "--format", "json").stdout)
    assert data["status"] == "alert"  # no business development at all
    runway = next(c for c in data["checks"] if c["key"] == "runway")
    assert runway["status"] == "ok" and runway["figure"] == "6.0 months"
    assert runway["data"] == {
        "months": "6.0",
        "cash_reserve": "45000",
        "monthly_costs": "7500",
        "currency": "EUR",
    }


def test_health_as_csv_has_one_line_per_check(fracos, in_practice):
    lines = fracos("health", "--format", "csv").stdout.splitlines()
    assert lines[0] == "key,title,status,figure,rule,advice"
    assert len(lines) == 1 + 11
    assert lines[1].startswith("clients,Active clients,ok,2 active clients,")


def test_health_is_refused_to_a_portal_user(fracos, in_practice, monkeypatch):
    monkeypatch.setenv("FRACOS_USER", "portal@acme.example")
    result = fracos("health")
    assert result.exit_code == 1 and "practice's own members" in result.stderr


def test_forecast_shows_each_month_and_answers_the_salary_question(fracos, in_practice):
    playbook_update(in_practice.owner, {"full_time_salary": "150000"})
    result = fracos("forecast", "--months", "3")
    assert result.exit_code == 0, result.stderr
    # November 13200.00; December 18 of 31 days = 7664.51; January nothing contracted
    assert "2026-11" in result.stdout and "13200.00" in result.stdout
    assert "7664.51" in result.stdout and "12500.00" in result.stdout
    # By client: Acme 8000 in November, 8000 × 18/31 = 4645.16 in December
    acme = next(line for line in result.stdout.splitlines() if "Acme Logistics" in line)
    assert acme.split() == [
        "│",
        "Acme",
        "Logistics",
        "│",
        "contracted",
        "│",
        "8000.00",
        "│",
        "4645.16",
        "│",
        "0.00",
        "│",
        "12645.16",
        "│",
    ]
    assert (
        "Over the next 3 months you are forecast to earn 20864.51 EUR (20864.51 contracted + "
        "0.00 weighted pipeline): 16635.49 EUR (44%) less than the full-time salary of "
        "37500.00 EUR for the same months." in " ".join(result.stdout.split())
    )


def test_forecast_json_and_csv_carry_the_same_figures(fracos, in_practice):
    data = json.loads(fracos("forecast", "--format", "json").stdout)
    assert data["totals"]["EUR"] == {
        "contracted": "20864.51",
        "pipeline": "0.00",
        "total": "20864.51",
    }
    csv = fracos("forecast", "--months", "2", "--format", "csv").stdout.splitlines()
    assert csv == [
        "month,currency,contracted,pipeline,total",
        "2026-11,EUR,13200.00,0.00,13200.00",
        "2026-12,EUR,7664.51,0.00,7664.51",
    ]


def test_forecast_refuses_a_number_of_months_out_of_range(fracos, in_practice):
    result = fracos("forecast", "--months", "0")
    assert result.exit_code == 1
    assert "months: 0 is outside 1–36" in result.stderr


def test_retainer_shows_hours_under_the_overage_policy(fracos, in_practice):
    from fracos.engagements.services import engagement_update

    engagement = engagement_update(
        in_practice.owner,
        in_practice.retainer.pk,
        overage_policy="carry",
        start_date=date(2026, 10, 1),
    )
    log_hours(in_practice.owner, engagement, date(2026, 10, 1), 72)  # 2h40m over 69h20m
    log_hours(in_practice.owner, engagement, date(2026, 11, 2), 30)
    result = fracos("retainer", "--period", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    # Allowance 69h20m − 2h40m = 66h40m; 30 h used, 36h40m left; 30 / 66.67 = 45 %
    assert (row["included_hours"], row["carried_in_hours"]) == ("69.33", "2.67")
    assert (row["allowance_hours"], row["used_hours"], row["remaining_hours"]) == (
        "66.67",
        "30.00",
        "36.67",
    )
    assert (row["percent"], row["level"]) == (45, "ok")
    table = fracos("retainer", "--period", "2026-11").stdout
    assert "Retainer hours, 2026-11" in table
    assert "69h20m" in table and "2h40m" in table and "36h40m" in table and "✓ ok" in table


def test_retainer_refuses_a_period_that_is_not_a_month(fracos, in_practice):
    result = fracos("retainer", "--period", "2026-Q4")
    assert result.exit_code == 1
    assert "period: '2026-Q4' is not a month" in result.stderr


def test_offer_compare_sets_invoiced_and_forecast_income_beside_the_offer(fracos, in_practice):
    data = json.loads(fracos("offer", "compare", "--salary", "140000", "--format", "json").stdout)
    rows = {row["what"]: row for row in data["comparison"]}
    invoiced = rows["Trailing 12 months, invoiced"]
    assert (invoiced["from"], invoiced["to"], invoiced["amount"]) == (
        "2025-11-01",
        "2026-10-31",
        "0.00",
    )
    forecast = rows["Next 12 months, forecast (contracted + weighted pipeline)"]
    assert (forecast["amount"], forecast["offer_minus_this"]) == ("20864.51", "119135.49")
