"""Control characters in imported notes and tags are bad rows, named by line, in every format.

PostgreSQL cannot store NUL, and no export or e-invoice can carry the other C0
controls, so the dry run must say what the real run would refuse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
    "End time,Duration,Tags,Amount (EUR)\n"
)
TOGGL_ROW = (
    "Els,els@example.com,Acme,Platform,,{note},Yes,2026-11-02,09:00:00,2026-11-02,11:30:00,"
    "02:30:00,{tags},\n"
)


def _entries() -> int:
    from fracos.timesheets.models import TimeEntry

    return TimeEntry.objects.count()


def _toggl(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "toggl.csv"
    body = "".join(TOGGL_ROW.format(note=note, tags=tags) for note, tags in rows)
    path.write_text(TOGGL_HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_nul_in_a_toggl_note_is_a_bad_row_in_the_dry_run_and_the_real_run(
    fracos: Any, in_practice: Any, tmp_path: Path, dry_run: bool
) -> None:
    path = _toggl(tmp_path, [("Fine note", ""), ("note\x00here", ""), ("Bell\x07", "")])
    result = fracos("import", "toggl", str(path), *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "line 3: note: contains a control character (U+0000)" in result.stdout
    assert "line 4: note: contains a control character (U+0007)" in result.stdout
    assert "line 2" not in result.stdout
    assert "2 bad" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert _entries() == 0


def test_a_tag_with_a_line_break_is_a_bad_row(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = _toggl(tmp_path, [("Review", '"arch\nreview"')])
    result = fracos("import", "toggl", str(path), "--dry-run")
    assert result.exit_code == 1
    # The record spans lines 2-3 of the file; the reader names the line it ends on.
    assert "tags: contains a line break" in result.stdout
    assert _entries() == 0


def test_a_harvest_note_with_a_control_character_is_a_bad_row(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = tmp_path / "harvest.csv"
    path.write_text(
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,"
        "First Name,Last Name\n"
        "2026-11-03,Acme Logistics,Platform,P1,Consulting,Board\x02prep,1.5,1.5,Yes,No,Els,P\n",
        encoding="utf-8",
    )
    result = fracos("import", "harvest", str(path))
    assert result.exit_code == 1
    assert "line 2: note: contains a control character (U+0002)" in result.stdout
    assert _entries() == 0


def test_a_timewarrior_annotation_with_a_nul_is_a_bad_row(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = tmp_path / "tw.json"
    interval = {
        "id": 1,
        "start": "20261116T080000Z",
        "end": "20261116T103000Z",
        "tags": ["acme"],
        "annotation": "Inter\u0000view",
    }
    path.write_text(json.dumps([interval]), encoding="utf-8")
    result = fracos("import", "timewarrior", str(path), "--dry-run")
    assert result.exit_code == 1
    assert "note: contains a control character (U+0000)" in result.stdout
    assert _entries() == 0


def test_tabs_and_line_breaks_in_a_note_still_import(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = _toggl(tmp_path, [('"Review\tdone\r\nnext"', "")])
    result = fracos("import", "toggl", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert _entries() == 1
