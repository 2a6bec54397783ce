"""A backup is one snapshot: what another process writes meanwhile is neither waited for nor half-seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.datasafe.documents import archive_lines, archive_rows
from tests.datasafe.procs import Database, fresh_database

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    with fresh_database(request.param, tmp_path / "data") as db:
        yield db


def test_a_write_during_the_backup_goes_through_and_stays_out_of_it(
    database: Database, tmp_path: Path
) -> None:
    database.scenario("importer")
    assert (
        database.run("log", "acme", "2h", "before the backup", "--date", "2026-11-16").returncode
        == 0
    )
    archive = tmp_path / "snapshot.fracos.gz"
    report = json.loads(database.scenario("backup-while-writing", str(archive)).stdout)
    assert report["code"] == 0, report["err"]
    assert report["seconds"] < 20  # it did not wait for the backup to finish (30 s timeout)
    notes = "SELECT note FROM timesheets_timeentry ORDER BY id"
    assert database.query(notes) == [("before the backup",), ("written during the backup",)]
    backed_up = archive_rows(archive)["timesheets.timeentry"]
    columns = next(
        line["columns"] for line in archive_lines(archive)
        if isinstance(line, dict) and line.get("table") == "timesheets.timeentry"
    )  # fmt: skip
    assert [row[columns.index("note")] for row in backed_up] == ["before the backup"]
