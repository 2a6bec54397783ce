"""Team exports: two members' identical entries are two entries, and old imports still match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.imports.test_imports import _entries

TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (EUR)"
)
CLOCKIFY_HEADER = (
    "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,"
    "End Date,End Time,Duration (h),Duration (decimal)"
)
HARVEST_HEADER = "Date,Client,Project,Project Code,Task,Notes,Hours,Billable?,First Name,Last Name"


def _toggl(name: str, email: str, note: str = "Standup", start: str = "09:00:00") -> str:
    return f"{name},{email},Acme,Platform,,{note},Yes,2026-11-02,{start},2026-11-02,,00:30:00,,"


ELS, JAN = ("Els", "els@example.com"), ("Jan", "jan@example.com")


def _write(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "header", "els", "jan"),
    [
        ("toggl", TOGGL_HEADER, _toggl(*ELS), _toggl(*JAN)),
        (
            "clockify",
            CLOCKIFY_HEADER,
            "Platform,Acme,Standup,,Els,,els@example.com,,Yes,11/13/2026,09:00:00 AM,,,00:30:00,0.5",
            "Platform,Acme,Standup,,Jan,,jan@example.com,,Yes,11/13/2026,09:00:00 AM,,,00:30:00,0.5",
        ),
        (
            "harvest",
            HARVEST_HEADER,
            "2026-11-02,Acme,Platform,P1,,Standup,0.5,Yes,Els,Peeters",
            "2026-11-02,Acme,Platform,P1,,Standup,0.5,Yes,Jan,Maes",
        ),
    ],
)
def test_two_members_identical_entries_are_both_imported_and_only_once(
    fracos: Any, in_practice: Any, tmp_path: Path, source: str, header: str, els: str, jan: str
) -> None:
    path = _write(tmp_path / f"{source}.csv", header, els, jan)
    first = fracos("import", source, str(path))
    assert first.exit_code == 0, first.stderr + first.stdout
    assert "2 rows read: 2 to add, 0 already imported" in first.stdout
    again = fracos("import", source, str(path))
    assert "2 rows read: 0 to add, 2 already imported" in again.stdout
    assert [e.seconds for e in _entries(in_practice)] == [1800, 1800]


def test_the_same_member_twice_in_one_file_is_still_one_entry(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    path = _write(tmp_path / "t.csv", TOGGL_HEADER, _toggl(*ELS), _toggl("Els", "ELS@example.com"))
    result = fracos("import", "toggl", str(path))
    assert "2 rows read: 1 to add, 1 already imported" in result.stdout
    assert len(_entries(in_practice)) == 1


def _as_imported_before_users_counted(path: Path) -> None:
    """Give the entries imported from ``path`` the keys imports gave before (no user)."""
    from fracos.timesheets.imports.formats import toggl
    from fracos.timesheets.imports.rows import SourceRow
    from fracos.timesheets.models import TimeEntry

    for row in toggl(path, "Europe/Brussels"):
        assert isinstance(row, SourceRow)
        updated = TimeEntry.objects.filter(external_id=row.external_id("toggl")).update(
            external_id=row.legacy_external_id("toggl")
        )
        assert updated == 1


def test_entries_imported_before_the_user_counted_still_match_on_reimport(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    # Then, Els's and Jan's identical standups collapsed into one entry.
    old = _write(tmp_path / "old.csv", TOGGL_HEADER, _toggl(*ELS), _toggl(*ELS, note="Review"))
    assert fracos("import", "toggl", str(old)).exit_code == 0
    _as_imported_before_users_counted(old)
    assert all(e.external_id.startswith("h:") for e in _entries(in_practice))

    team = _write(
        tmp_path / "team.csv",
        TOGGL_HEADER,
        _toggl(*ELS),
        _toggl(*JAN),
        _toggl(*ELS, note="Review"),
    )
    result = fracos("import", "toggl", str(team))
    assert result.exit_code == 0, result.stderr + result.stdout
    # The old standup is Els's; Jan's, lost then, is the one new entry.
    assert "3 rows read: 1 to add, 2 already imported" in result.stdout
    assert len(_entries(in_practice)) == 3
    assert all(e.external_id.startswith("h2:") for e in _entries(in_practice))

    # In any order, from now on, the same file adds nothing.
    lines = team.read_text(encoding="utf-8").splitlines()
    reordered = _write(tmp_path / "reordered.csv", lines[0], *reversed(lines[1:]))
    for path in (team, reordered):
        again = fracos("import", "toggl", str(path))
        assert "3 rows read: 0 to add, 3 already imported" in again.stdout
    assert len(_entries(in_practice)) == 3


def test_a_dry_run_against_old_keys_changes_nothing(
    fracos: Any, in_practice: Any, tmp_path: Path
) -> None:
    old = _write(tmp_path / "old.csv", TOGGL_HEADER, _toggl(*ELS))
    assert fracos("import", "toggl", str(old)).exit_code == 0
    _as_imported_before_users_counted(old)
    team = _write(tmp_path / "team.csv", TOGGL_HEADER, _toggl(*ELS), _toggl(*JAN))
    result = fracos("import", "toggl", str(team), "--dry-run")
    assert "2 rows read: 1 to add, 1 already imported" in result.stdout
    (entry,) = _entries(in_practice)
    assert entry.external_id.startswith("h:")
