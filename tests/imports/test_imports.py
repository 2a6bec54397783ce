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
    # 11/10 and 11/12 could be either order: the file does not tell, the option does.
    refused = fracos("import", "clockify", str(DATA / "clockify.csv"))
    assert refused.exit_code == 1
    assert "date_format: every date could be day-first or month-first (line 2: 11/10/2026)" in (
        refused.stderr
    )
    assert "Traceback" not in refused.stderr
    assert _entries(in_practice) == []
    result = fracos("import", "clockify", str(DATA / "clockify.csv"), "--date-format", "MM/DD/YYYY")
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


CLOCKIFY_HEADER = (
    "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,"
    "End Date,End Time,Duration (h),Duration (decimal)"
)


def _clockify(tmp_path: Path, *dates: str) -> Path:
    rows = [
        f"Platform,Acme,Review {i},,Els,,els@example.com,,Yes,{day},09:00:00 AM,,,01:00:00,1.00"
        for i, day in enumerate(dates)
    ]
    path = tmp_path / "clockify.csv"
    path.write_text("\n".join([CLOCKIFY_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_one_day_first_date_decides_the_order_of_every_date_in_the_file(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    # 03/11 alone could be 11 March; 13/11 can only be day first, so 03/11 is 3 November.
    path = _clockify(tmp_path, "03/11/2026", "13/11/2026")
    result = fracos("import", "clockify", str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert [e.work_date for e in _entries(in_practice)] == [date(2026, 11, 3), date(2026, 11, 13)]


def test_a_file_mixing_day_first_and_month_first_dates_is_refused_naming_a_line_of_each(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = _clockify(tmp_path, "03/11/2026", "13/11/2026", "11/14/2026")
    result = fracos("import", "clockify", str(path), "--dry-run")
    assert result.exit_code == 1
    assert (
        "file: the dates mix day-first (line 3: 13/11/2026) and month-first (line 4: 11/14/2026)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert _entries(in_practice) == []


def test_a_date_format_reads_an_ambiguous_file_and_names_rows_that_do_not_fit(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = _clockify(tmp_path, "03/11/2026", "04/11/2026")
    result = fracos("import", "clockify", str(path), "--date-format", "dd/mm/yyyy")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert [e.work_date for e in _entries(in_practice)] == [date(2026, 11, 3), date(2026, 11, 4)]
    wrong = fracos("import", "clockify", str(path), "--date-format", "MM/DD/YYYY", "--dry-run")
    # As March dates they are new rows: no bad row, the option is obeyed as given.
    assert "2 to add" in wrong.stdout, wrong.stdout + wrong.stderr
    iso = fracos("import", "clockify", str(path), "--date-format", "YYYY-MM-DD", "--dry-run")
    assert "line 2: '03/11/2026' is not a YYYY-MM-DD date" in iso.stdout
    bad = fracos("import", "clockify", str(path), "--date-format", "D/M/Y")
    assert bad.exit_code == 1
    assert "date_format: 'D/M/Y' is not one of YYYY-MM-DD, DD/MM/YYYY" in bad.stderr


def test_harvest_dates_are_read_in_the_files_order_too(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = tmp_path / "harvest.csv"
    path.write_text(
        "Date,Client,Project,Notes,Hours\n"
        "05/11/2026,Acme Logistics,Platform,Prep,1\n"
        "13/11/2026,Acme Logistics,Platform,Board,1\n",
        encoding="utf-8",
    )
    result = fracos("import", "harvest", str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert [e.work_date for e in _entries(in_practice)] == [date(2026, 11, 5), date(2026, 11, 13)]


def test_a_file_that_is_not_utf8_is_named_with_its_line_and_how_to_convert_it(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    text = (DATA / "toggl.csv").read_text(encoding="utf-8").replace("Vendor call", "Café")
    path.write_bytes(text.encode("latin-1"))
    for args in (("--dry-run",), ()):
        result = fracos(
            "import", "toggl", str(path), "--mapping", str(DATA / "mapping.json"), *args
        )
        assert result.exit_code == 1
        assert "file: latin1.csv is not UTF-8 text (line 3); save the export as UTF-8" in (
            result.stderr
        )
        assert "iconv -f latin1 -t utf-8" in result.stderr
        assert "Traceback" not in result.stderr
    assert _entries(in_practice) == []


def test_a_field_over_the_csv_limit_is_a_bad_row_and_the_others_are_still_checked(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    lines = (DATA / "toggl.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Vendor call", '"' + "x" * 140_000 + '"')
    lines.append(lines[1].replace("2026-11-02", "2026-13-02"))
    path = tmp_path / "huge.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = fracos("import", "toggl", str(path), "--mapping", str(DATA / "mapping.json"))
    assert result.exit_code == 1
    assert "line 3: a field is longer than 131,072 characters" in result.stdout
    assert "line 5: '2026-13-02' is not a date" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert _entries(in_practice) == []


def test_a_directory_is_named_as_one(fracos: Any, in_practice: Any, tmp_path: Path) -> None:
    result = fracos("import", "toggl", str(tmp_path))
    assert result.exit_code == 1
    assert f"file: {tmp_path} is a directory, not an export file" in result.stderr
    missing = fracos("import", "toggl", str(tmp_path / "nope.csv"))
    assert "does not exist" in missing.stderr


def test_a_watson_entry_without_a_stop_says_so(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = tmp_path / "log.json"
    path.write_text(
        '[{"start": "2026-11-16T09:00:00+01:00", "project": "acme"}, [1763280000, 1763283600]]',
        "utf-8",
    )
    result = fracos("import", "watson", str(path), "--dry-run")
    assert result.exit_code == 1
    assert "line 1: entry 1: no stop time" in result.stdout
    assert "line 2: entry 2: a frame needs a start, a stop time and a project" in result.stdout
