"""Large imports: batches, duplicates the database remembers, progress, bounded reading."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.imports.test_imports import DATA, _entries


def _timew(path: Path, hours: list[int], *, tag: str = "acme", bad_at: int | None = None) -> Path:
    """One interval per hour of 2 Nov 2026 (UTC), an hour long; ``bad_at`` (1-based) ends early."""
    items = []
    for n, hour in enumerate(hours, start=1):
        end = hour if n == bad_at else hour + 1
        items.append(
            {
                "id": len(hours) - n + 1,
                "start": f"20261102T{hour:02d}0000Z",
                "end": f"20261102T{end:02d}0000Z",
                "tags": [tag],
            }
        )
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.fixture
def batch_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    from fracos.timesheets import services

    monkeypatch.setattr(services, "IMPORT_BATCH", 2)


def test_rows_on_both_sides_of_a_batch_boundary_are_all_imported(
    fracos: Any, in_practice: Any, tmp_path: Path, batch_of_two: None
) -> None:
    path = _timew(tmp_path / "five.json", [6, 8, 10, 12, 14])
    result = fracos("import", "timewarrior", str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "5 rows read: 5 to add, 0 already imported" in result.stdout
    entries = _entries(in_practice)
    assert [e.seconds for e in entries] == [3600] * 5
    assert sorted(e.started_at.hour for e in entries) == [6, 8, 10, 12, 14]


def test_a_row_repeated_in_a_later_batch_is_imported_once(
    fracos: Any, in_practice: Any, tmp_path: Path, batch_of_two: None
) -> None:
    # Rows 1 and 4 are the same interval: batches [1, 2], [3, 4], [5].
    path = _timew(tmp_path / "repeat.json", [6, 8, 10, 6, 14])
    result = fracos("import", "timewarrior", str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "5 rows read: 4 to add, 1 already imported" in result.stdout
    assert len(_entries(in_practice)) == 4


def test_a_row_repeated_within_one_batch_is_imported_once(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = _timew(tmp_path / "twice.json", [6, 6, 8])
    result = fracos("import", "timewarrior", str(path))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "3 rows read: 2 to add, 1 already imported" in result.stdout
    assert sorted(e.started_at.hour for e in _entries(in_practice)) == [6, 8]


def test_a_bad_row_after_the_first_batch_was_inserted_writes_nothing(
    fracos: Any, in_practice: Any, tmp_path: Path, batch_of_two: None
) -> None:
    earlier = _timew(tmp_path / "earlier.json", [6])
    assert fracos("import", "timewarrior", str(earlier)).exit_code == 0
    path = _timew(tmp_path / "late-bad.json", [8, 10, 12, 14, 16], bad_at=5)
    result = fracos("import", "timewarrior", str(path))
    assert result.exit_code == 1
    assert "line 5: entry 5: it ends before it starts" in result.stdout
    assert "4 to add, 0 already imported, 0 skipped, 1 bad" in result.stderr
    assert "nothing was imported" in result.stderr
    # Two batches had been inserted before row 5: they were rolled back with it.
    (only,) = _entries(in_practice)
    assert only.started_at.hour == 6


def test_a_dry_run_counts_duplicates_across_batches_and_writes_nothing(
    fracos: Any, in_practice: Any, tmp_path: Path, batch_of_two: None
) -> None:
    earlier = _timew(tmp_path / "earlier.json", [14])
    assert fracos("import", "timewarrior", str(earlier)).exit_code == 0
    path = _timew(tmp_path / "repeat.json", [6, 8, 10, 6, 14])
    result = fracos("import", "timewarrior", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "Dry run: 5 rows read: 3 to add, 2 already imported" in result.stdout
    (only,) = _entries(in_practice)
    assert only.started_at.hour == 14


def test_every_row_of_an_unknown_client_is_listed_with_its_reason(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    # The resolver remembers its answer for a client; each row must still be reported.
    path = _timew(tmp_path / "nobody.json", [6, 8, 10], tag="nobody")
    result = fracos("import", "timewarrior", str(path), "--dry-run")
    assert result.exit_code == 1
    for line in (1, 2, 3):
        assert f"line {line}: no fracos client matches 'nobody'; map it" in result.stdout
    assert _entries(in_practice) == []


def test_progress_is_told_once_a_batch_and_adds_up_to_the_rows_read(
    cast: Any, tmp_path: Path, batch_of_two: None
) -> None:
    from fracos.timesheets.imports.formats import timewarrior
    from fracos.timesheets.services import time_import

    told: list[int] = []
    path = _timew(tmp_path / "five.json", [6, 8, 10, 12, 14])
    report = time_import(
        cast.owner,
        source="timewarrior",
        rows=timewarrior(path, "Europe/Brussels"),
        progress=told.append,
    )
    assert (report.read, report.added) == (5, 5)
    assert told == [2, 2, 1]


@pytest.mark.parametrize(
    ("reader", "name"), [("toggl", "toggl.csv"), ("timewarrior", "timewarrior.json")]
)
def test_the_readers_tell_how_far_into_the_file_they_are(
    monkeypatch: pytest.MonkeyPatch, reader: str, name: str
) -> None:
    from fracos.timesheets.imports import formats

    monkeypatch.setattr(formats, "PROGRESS_EVERY", 1)
    seen: list[int] = []
    rows = list(formats.READERS[reader](DATA / name, "Europe/Brussels", on_bytes=seen.append))
    assert len(rows) == (3 if reader == "toggl" else 2)
    assert seen == sorted(seen)
    assert seen[-1] == (DATA / name).stat().st_size


def test_toggl_durations_out_of_range_are_bad_rows_naming_the_value(tmp_path: Path) -> None:
    from fracos.timesheets.imports.formats import toggl
    from fracos.timesheets.imports.rows import BadRow

    header = "Client,Project,Description,Start date,Start time,Duration\n"
    lines = ["24:00:01", "00:00:00", "01:75:00", "23:59:59"]
    path = tmp_path / "durations.csv"
    path.write_text(
        header + "".join(f"Acme,P,n,2026-11-02,09:00:00,{d}\n" for d in lines), encoding="utf-8"
    )
    first, second, third, fine = list(toggl(path, "Europe/Brussels"))
    assert first == BadRow(2, "duration: '24:00:01' is longer than a day")
    assert second == BadRow(3, "duration: '00:00:00' is zero; durations must be positive")
    assert isinstance(third, BadRow) and "'01:75:00' is not a duration" in third.reason
    assert not isinstance(fine, BadRow)
    assert (fine.seconds, fine.work_date) == (86399, date(2026, 11, 2))


def test_a_short_csv_row_is_a_bad_row_not_a_crash(tmp_path: Path) -> None:
    from fracos.timesheets.imports.formats import toggl
    from fracos.timesheets.imports.rows import BadRow

    path = tmp_path / "short.csv"
    path.write_text(
        "Client,Project,Start date,Start time,Duration\nAcme,P,2026-11-02\n\n", encoding="utf-8"
    )
    assert list(toggl(path, "UTC")) == [BadRow(2, "'' is not a time of day")]


def test_the_json_reader_gives_up_on_a_malformed_element_without_reading_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fracos.timesheets.imports import rows

    monkeypatch.setattr(rows, "MAX_ELEMENT", 64)
    text = '[{"a": 1}, {"b": tru, ' + " " * 10_000 + '"c": 3}, {"d": 4}]'
    stream = io.StringIO(text)
    found = rows.iter_json_array(stream, chunk_size=16)
    assert next(found) == {"a": 1}
    with pytest.raises(ValueError, match="cut short or malformed"):
        next(found)
    # It stopped after about MAX_ELEMENT characters, not at the end of the file.
    assert stream.tell() < 200


def test_the_import_draws_its_progress_bar_on_stderr_in_a_terminal(
    fracos: Any, in_practice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    result = fracos("import", "timewarrior", str(DATA / "timewarrior.json"))
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "Importing" in result.stderr and "2 rows" in result.stderr
    assert "100%" in result.stderr
    assert "Importing" not in result.stdout
    assert "Imported from timewarrior" in result.stdout


def test_the_import_draws_no_bar_when_stderr_is_not_a_terminal(
    fracos: Any, in_practice: Any
) -> None:
    result = fracos("import", "timewarrior", str(DATA / "timewarrior.json"))
    assert result.exit_code == 0
    assert "Importing" not in result.stderr
