"""`fracos import …`: every format, duplicates, bad rows and all-or-nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


def _entries(cast: Any) -> list[Any]:
    from fracos.timesheets.models import TimeEntry

    return list(TimeEntry.objects.filter(practice=cast.practice).order_by("work_date", "id"))


def test_it_imports_toggl_with_a_mapping_in_the_practice_time_zone(
    fracos: Any, in_practice: Any
) -> None:
    result = fracos(
        "import", "toggl", str(DATA / "toggl.csv"), "--mapping", str(DATA / "mapping.json")
    )
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "3 to add" in result.stdout
    first, second, third = _entries(in_practice)
    assert (first.client_id, first.seconds, first.work_date) == (
        in_practice.acme.pk,
        9000,
        date(2026, 11, 2),
    )
    # 09:00 in Brussels (UTC+1 in November) is 08:00 UTC.
    assert first.started_at == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert first.tags == "arch,review"
    assert first.note == "Architecture review"
    assert first.source == "toggl"
    # 23:30 local on the 5th stays on the 5th although it is 22:30 UTC.
    assert second.work_date == date(2026, 11, 5)
    assert second.client_id == in_practice.brightwave.pk
    assert second.billable is False
    assert (third.kind, third.engagement_id) == ("admin", None)


def test_importing_the_same_file_twice_adds_nothing(fracos: Any, in_practice: Any) -> None:
    args = ("import", "toggl", str(DATA / "toggl.csv"), "--mapping", str(DATA / "mapping.json"))
    assert fracos(*args).exit_code == 0
    again = fracos(*args)
    assert again.exit_code == 0
    assert "0 to add, 3 already imported" in again.stdout
    assert len(_entries(in_practice)) == 3


def test_a_dry_run_lists_every_bad_row_by_line_and_writes_nothing(
    fracos: Any, in_practice: Any
) -> None:
    result = fracos("import", "toggl", str(DATA / "toggl_bad.csv"), "--dry-run")
    assert result.exit_code == 1
    assert "line 3: no fracos client matches 'Nobody Inc / Platform'" in result.stdout
    assert "line 4: '2026-13-45' is not a date" in result.stdout
    assert "line 5: date: 2026-12-01 is in the future" in result.stdout
    assert "line 2" not in result.stdout
    assert "3 bad" in result.stderr
    assert _entries(in_practice) == []


def test_a_real_run_with_one_bad_row_writes_nothing(fracos: Any, in_practice: Any) -> None:
    result = fracos("import", "toggl", str(DATA / "toggl_bad.csv"))
    assert result.exit_code == 1
    assert "nothing was imported" in result.stderr
    assert _entries(in_practice) == []


def test_an_unmapped_project_is_a_bad_row(fracos: Any, in_practice: Any) -> None:
    result = fracos("import", "toggl", str(DATA / "toggl.csv"))
    assert result.exit_code == 1
    assert "line 4: no fracos client matches 'Internal'" in result.stdout
    assert _entries(in_practice) == []


def test_it_imports_timewarrior_utc_intervals(fracos: Any, in_practice: Any) -> None:
    result = fracos("import", "timewarrior", str(DATA / "timewarrior.json"))
    assert result.exit_code == 0, result.stderr + result.stdout
    monday, late = _entries(in_practice)
    assert (monday.seconds, monday.note, monday.tags) == (9000, "Interview loop", "hiring")
    assert monday.engagement_id == in_practice.retainer.pk
    # 23:00 UTC on the 17th is midnight on the 18th in Brussels.
    assert (late.work_date, late.seconds) == (date(2026, 11, 18), 3600)
    assert fracos("import", "timewarrior", str(DATA / "timewarrior.json")).exit_code == 0
    assert len(_entries(in_practice)) == 2


def test_it_imports_watson_frames_and_knows_its_log_is_the_same_frame(
    fracos: Any, in_practice: Any
) -> None:
    result = fracos("import", "watson", str(DATA / "watson_frames.json"))
    assert result.exit_code == 0, result.stderr + result.stdout
    acme, bright = _entries(in_practice)
    assert (acme.work_date, acme.seconds, acme.tags) == (date(2026, 11, 16), 7200, "roadmap")
    assert acme.external_id == "a1b2c3"
    assert bright.client_id == in_practice.brightwave.pk
    again = fracos("import", "watson", str(DATA / "watson_log.json"))
    assert "1 already imported" in again.stdout
    assert len(_entries(in_practice)) == 2


def test_it_imports_harvest_hours(fracos: Any, in_practice: Any) -> None:
    result = fracos("import", "harvest", str(DATA / "harvest.csv"))
    assert result.exit_code == 0, result.stderr + result.stdout
    acme, bright = _entries(in_practice)
    assert (acme.seconds, acme.note) == (5400, "Consulting: Board prep")
    assert (bright.seconds, bright.work_date) == (11700, date(2026, 11, 12))
    assert acme.started_at is None


def test_it_imports_clockify_us_dates_and_twelve_hour_times(fracos: Any, in_practice: Any) -> None:
    result = fracos("import", "clockify", str(DATA / "clockify.csv"))
    assert result.exit_code == 0, result.stderr + result.stdout
    acme, bright = _entries(in_practice)
    assert acme.started_at == datetime(2026, 11, 10, 8, 15, tzinfo=UTC)
    assert (acme.seconds, acme.tags) == (7200, "sec")
    assert bright.started_at == datetime(2026, 11, 12, 12, 0, tzinfo=UTC)


def test_a_mapping_can_skip_rows_and_send_time_to_an_engagement(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        f"source,target\nacme,{in_practice.retainer.pk}\nBrightwave Health,skip\n",
        encoding="utf-8",
    )
    result = fracos("import", "watson", str(DATA / "watson_frames.json"), "--mapping", str(mapping))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "1 skipped" in result.stdout
    (only,) = _entries(in_practice)
    assert only.engagement_id == in_practice.retainer.pk


def test_a_viewer_cannot_import(cast: Any) -> None:
    from fracos.core.errors import PermissionDenied
    from fracos.timesheets.imports.formats import toggl
    from fracos.timesheets.services import time_import

    with pytest.raises(PermissionDenied):
        time_import(cast.viewer, source="toggl", rows=toggl(DATA / "toggl.csv", "UTC"))


def test_an_outsider_cannot_import_into_the_practice(cast: Any) -> None:
    from fracos.timesheets.imports.formats import timewarrior
    from fracos.timesheets.services import time_import

    report = time_import(
        cast.outsider, source="timewarrior", rows=timewarrior(DATA / "timewarrior.json", "UTC")
    )
    # The outsider's practice has no Acme: every row is bad, nothing lands anywhere.
    assert len(report.bad) == 2
    assert not report.written
    assert _entries(cast) == []


def test_the_json_reader_streams_a_list_split_across_chunks() -> None:
    import io

    from fracos.timesheets.imports.rows import iter_json_array

    text = '[ {"a": [1, 2]}, 12345, "x,]" ]'
    assert list(iter_json_array(io.StringIO(text), chunk_size=3)) == [{"a": [1, 2]}, 12345, "x,]"]
    with pytest.raises(ValueError):
        list(iter_json_array(io.StringIO('{"not": "a list"}')))
