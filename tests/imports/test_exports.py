"""`fracos export time`: the practice's entries as CSV, JSON or Toggl's CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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


def test_a_toggl_export_imports_back_as_the_same_time(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    _seed(in_practice)
    out = fracos("export", "time", "--format", "toggl-csv", "--period", "2026-11").stdout
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["Client"], row["Start date"], row["Start time"], row["Duration"]) == (
        "Acme Logistics",
        "2026-11-02",
        "09:00:00",
        "01:30:00",
    )
    assert row["Email"] == "owner@example.com"
    exported = tmp_path / "toggl.csv"
    exported.write_text(out, encoding="utf-8")
    result = fracos("import", "toggl", str(exported), "--dry-run")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "1 to add" in result.stdout


def test_the_outsider_exports_only_its_own_practice(
    fracos: Any, cast: Any, monkeypatch: Any
) -> None:
    _seed(cast)
    monkeypatch.setenv("FRACOS_PRACTICE", "other-practice")
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    assert json.loads(fracos("export", "time", "--format", "json").stdout) == []
