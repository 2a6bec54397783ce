"""Logging time, the timer, the week and reports from the terminal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from fracos.core import clock
from fracos.timesheets.models import TimeEntry, Timer


def test_it_logs_time_to_a_client_by_prefix(fracos, in_practice):
    result = fracos("log", "acme", "2h30m", "Architecture", "review")
    assert result.exit_code == 0, result.stderr
    assert "Logged 2h30m to Acme Logistics (Fractional CTO)" in result.stdout
    entry = TimeEntry.objects.get()
    assert entry.seconds == 9000
    assert entry.note == "Architecture review"
    assert entry.engagement_id == in_practice.retainer.pk
    assert entry.client_id == in_practice.acme.pk
    assert entry.work_date.isoformat() == "2026-11-18"
    assert entry.billable is True


def test_it_accepts_every_duration_format(fracos, in_practice):
    for text in ("2.5h", "90m", "1:30", "1h15m"):
        assert fracos("log", "ACME", text).exit_code == 0
    assert [e.seconds for e in TimeEntry.objects.order_by("id")] == [9000, 5400, 5400, 4500]


def test_it_logs_business_development_time_without_a_client(fracos, in_practice):
    result = fracos("log", "--bd", "1h", "Coffee", "with", "a", "former", "colleague")
    assert result.exit_code == 0, result.stderr
    entry = TimeEntry.objects.get()
    assert (entry.kind, entry.engagement_id, entry.billable) == ("bd", None, False)
    assert entry.note == "Coffee with a former colleague"


def test_it_logs_on_a_past_date(fracos, in_practice):
    assert fracos("log", "acme", "1h", "--date", "2026-11-16").exit_code == 0
    assert TimeEntry.objects.get().work_date.isoformat() == "2026-11-16"


def test_the_json_output_of_log_names_the_entry(fracos, in_practice):
    result = fracos("log", "bright", "45m", "--format", "json")
    data = json.loads(result.stdout)
    assert data["seconds"] == 2700
    assert data["client"] == "Brightwave Health"


def test_the_timer_runs_from_start_to_stop(fracos, in_practice):
    assert fracos("start", "acme", "Hiring", "loop").exit_code == 0
    status = fracos("status", "--format", "json")
    assert json.loads(status.stdout)["timer"]["client"] == "Acme Logistics"
    later = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)
    with clock.freeze(later):
        stopped = fracos("stop")
    assert stopped.exit_code == 0, stopped.stderr
    assert "Recorded 1h30m to Acme Logistics" in stopped.stdout
    entry = TimeEntry.objects.get()
    assert (entry.seconds, entry.note, entry.source) == (5400, "Hiring loop", "timer")
    assert not Timer.objects.exists()


def test_stop_with_discard_records_nothing(fracos, in_practice):
    fracos("start", "acme")
    assert fracos("stop", "--discard").exit_code == 0
    assert not TimeEntry.objects.exists()
    assert not Timer.objects.exists()


def test_the_week_shows_logged_against_committed_time(fracos, in_practice):
    fracos("log", "acme", "7h", "--date", "2026-11-16")
    fracos("log", "acme", "6h", "--date", "2026-11-17")
    fracos("log", "bright", "2h", "--date", "2026-11-18")
    result = fracos("week", "--format", "json")
    data = json.loads(result.stdout)
    assert data["week"] == "2026-W47"
    lines = {line["client"]: line for line in data["engagements"]}
    assert lines["Acme Logistics"]["logged_seconds"] == 13 * 3600
    # 2 days a week at the default 8-hour day
    assert lines["Acme Logistics"]["committed_seconds"] == 16 * 3600
    assert lines["Brightwave Health"]["committed_seconds"] == 8 * 3600
    assert data["plan"]["mon"] == ["Acme Logistics"]
    table = fracos("week")
    assert "Acme Logistics" in table.stdout and "13h" in table.stdout
    assert "no business-development time" in table.stdout


def test_the_report_json_has_period_rows_and_total(fracos, in_practice):
    fracos("log", "acme", "2h", "--date", "2026-11-02")
    fracos("log", "acme", "1h", "--date", "2026-10-30")
    fracos("log", "bright", "30m", "--date", "2026-11-10")
    fracos("log", "--bd", "1h", "--date", "2026-11-13")
    data = json.loads(fracos("report", "--period", "month", "--format", "json").stdout)
    assert data["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    rows = {row["label"]: row["seconds"] for row in data["rows"]}
    assert rows == {"Acme Logistics": 7200, "Brightwave Health": 1800, "Business development": 3600}
    assert data["total_seconds"] == 12600
    assert data["rows"][0]["client"] == "Acme Logistics"


def test_the_report_groups_by_month_over_all_time(fracos, in_practice):
    fracos("log", "acme", "2h", "--date", "2026-10-05")
    fracos("log", "acme", "3h", "--date", "2026-11-05")
    data = json.loads(
        fracos("report", "--period", "all", "--by", "month", "--format", "json").stdout
    )
    assert [(r["month"], r["seconds"]) for r in data["rows"]] == [
        ("2026-10", 7200),
        ("2026-11", 10800),
    ]


def test_the_report_takes_an_explicit_range_and_csv(fracos, in_practice):
    fracos("log", "acme", "2h", "--date", "2026-11-02")
    fracos("log", "acme", "1h", "--date", "2026-11-09")
    result = fracos(
        "report", "--period", "2026-11-01..2026-11-03", "--by", "day", "--format", "csv"
    )
    assert result.stdout.splitlines() == ["day,seconds,hours", "2026-11-02,7200,2.00"]


def test_a_viewer_cannot_log_time(fracos, in_practice, monkeypatch):
    monkeypatch.setenv("FRACOS_USER", "viewer@example.com")
    result = fracos("log", "acme", "1h")
    assert result.exit_code == 1
    assert "viewer" in result.stderr
    assert not TimeEntry.objects.exists()


def test_time_logged_in_one_practice_never_shows_in_another(fracos, in_practice, monkeypatch):
    fracos("log", "acme", "2h")
    monkeypatch.setenv("FRACOS_PRACTICE", "other-practice")
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    data = json.loads(fracos("report", "--period", "all", "--format", "json").stdout)
    assert data["rows"] == [] and data["total_seconds"] == 0
    refused = fracos("log", "acme", "1h")
    assert refused.exit_code == 1 and "no client matches 'acme'" in refused.stderr


def test_log_lands_on_the_local_date_of_the_practice(fracos, in_practice):
    # 23:30 UTC on the 18th is already the 19th in Brussels.
    with clock.freeze(datetime(2026, 11, 18, 23, 30, tzinfo=UTC)):
        fracos("log", "acme", "1h")
    assert TimeEntry.objects.get().work_date == date(2026, 11, 19)


def test_the_last_day_of_an_ended_engagement_still_takes_time(fracos, in_practice):
    from fracos.engagements.services import engagement_end

    engagement_end(in_practice.owner, in_practice.retainer.pk, on=date(2026, 11, 17))
    assert fracos("log", "acme", "1h", "--date", "2026-11-17").exit_code == 0
    refused = fracos("log", "acme", "1h")
    assert refused.exit_code == 1 and "after an engagement ended" in refused.stderr
