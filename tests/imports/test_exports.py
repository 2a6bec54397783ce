"""`fracos export time`: the practice's entries as CSV, JSON or Toggl's CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fracos.timesheets.models import TimeEntry

DATA = Path(__file__).parent / "data"


def _seed(cast: Any) -> None:
    from fracos.timesheets.services import time_log

    time_log(
        cast.owner,
        seconds=5400,
        client="acme",
        work_date=date(2026, 11, 2),
        note="Review",
        started_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
    )
    time_log(cast.owner, seconds=1800, kind="bd", work_date=date(2026, 10, 30), note="Coffee")


def test_it_exports_the_period_as_json_and_csv(fracos: Any, in_practice: Any) -> None:
    _seed(in_practice)
    as_json = json.loads(fracos("export", "time", "--format", "json", "--period", "2026-11").stdout)
    assert [(e["date"], e["seconds"], e["client"]) for e in as_json] == [
        ("2026-11-02", 5400, "Acme Logistics")
    ]
    rows = list(csv.DictReader(io.StringIO(fracos("export", "time", "--format", "csv").stdout)))
    assert [(r["date"], r["hours"], r["kind"]) for r in rows] == [
        ("2026-10-30", "0.50", "bd"),
        ("2026-11-02", "1.50", "client"),
    ]


def _toggl_export(fracos: Any, tmp_path: Path) -> Path:
    out = fracos("export", "time", "--format", "toggl-csv").stdout
    exported = tmp_path / "toggl.csv"
    exported.write_text(out, encoding="utf-8")
    return exported


def test_a_toggl_export_marks_kinds_and_entries_without_a_start(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    _seed(in_practice)
    with _toggl_export(fracos, tmp_path).open(encoding="utf-8") as stream:
        coffee, review = csv.DictReader(stream)
    assert (review["Client"], review["Start date"], review["Start time"]) == (
        "Acme Logistics",
        "2026-11-02",
        "09:00:00",
    )
    assert (review["Duration"], review["Email"], review["Fracos timed"]) == (
        "01:30:00",
        "owner@example.com",
        "Yes",
    )
    # Toggl needs a start; the extra column says there was none, and the project the kind.
    assert (coffee["Client"], coffee["Project"], coffee["Start time"]) == (
        "",
        "Business development",
        "09:00:00",
    )
    assert coffee["Fracos timed"] == "No"
    assert coffee["Fracos ID"].startswith(f"{in_practice.practice.slug}:")


def test_re_importing_the_practices_own_toggl_export_adds_nothing(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    _seed(in_practice)
    exported = _toggl_export(fracos, tmp_path)
    dry = fracos("import", "toggl", str(exported), "--dry-run")
    assert dry.exit_code == 0, dry.stdout + dry.stderr
    assert "2 rows read: 0 to add, 2 already imported, 0 skipped, 0 bad" in dry.stdout
    real = fracos("import", "toggl", str(exported))
    assert real.exit_code == 0, real.stdout + real.stderr
    assert "0 to add, 2 already imported" in real.stdout
    assert TimeEntry.objects.filter(practice=in_practice.practice).count() == 2


def test_an_entry_deleted_since_the_export_comes_back_and_only_once(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    _seed(in_practice)
    exported = _toggl_export(fracos, tmp_path)
    TimeEntry.objects.filter(practice=in_practice.practice, kind="bd").delete()
    result = fracos("import", "toggl", str(exported))
    assert "1 to add, 1 already imported" in result.stdout, result.stdout + result.stderr
    again = fracos("import", "toggl", str(exported))
    assert "0 to add, 2 already imported" in again.stdout
    (coffee,) = TimeEntry.objects.filter(practice=in_practice.practice, kind="bd")
    assert (coffee.note, coffee.seconds, coffee.started_at) == ("Coffee", 1800, None)


def test_a_toggl_export_recreates_every_kind_in_another_practice_with_a_mapping(
    fracos: Any, cast: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from fracos.engagements.services import engagement_add

    monkeypatch.setenv("FRACOS_PRACTICE", cast.practice.slug)
    monkeypatch.setenv("FRACOS_USER", "owner@example.com")
    _seed(cast)
    exported = _toggl_export(fracos, tmp_path)
    monkeypatch.setenv("FRACOS_PRACTICE", "other-practice")
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    engagement_add(
        cast.outsider,
        client_id=cast.foreign_client.pk,
        role_title="Advisor",
        pricing_model="day_rate",
        day_rate=Decimal("1000"),
        hours_per_week=Decimal("8"),
        start_date=date(2026, 1, 1),
    )
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Acme Logistics/Fractional CTO": "Foreign Client"}', encoding="utf-8")
    result = fracos("import", "toggl", str(exported), "--mapping", str(mapping))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "2 rows read: 2 to add" in result.stdout
    coffee, review = TimeEntry.objects.filter(practice_id=cast.outsider.practice_id).order_by(
        "work_date"
    )
    assert (coffee.kind, coffee.started_at, coffee.note, coffee.seconds) == (
        "bd",
        None,
        "Coffee",
        1800,
    )
    assert (review.kind, review.client_id, review.seconds) == (
        "client",
        cast.foreign_client.pk,
        5400,
    )
    assert review.started_at == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    again = fracos("import", "toggl", str(exported), "--mapping", str(mapping))
    assert "0 to add, 2 already imported" in again.stdout
    # The export's own practice is untouched.
    assert TimeEntry.objects.filter(practice=cast.practice).count() == 2


def test_the_outsider_exports_only_its_own_practice(
    fracos: Any, cast: Any, monkeypatch: Any
) -> None:
    _seed(cast)
    monkeypatch.setenv("FRACOS_PRACTICE", "other-practice")
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    assert json.loads(fracos("export", "time", "--format", "json").stdout) == []
