"""`fracos import` in a terminal: names no client matches are asked about once each, and the
answers (saved as a mapping file) give what the same mapping file gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags"
)


def _row(client: str, project: str, note: str, day: str = "2026-11-02") -> str:
    return f"Els,els@example.com,{client},{project},,{note},Yes,{day},09:00:00,,,01:00:00,x"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "toggl.csv"
    rows = [
        _row("Acme", "Platform", "Matched by name"),
        _row("Unknown Corp", "Site", "Site visit"),
        _row("Unknown Corp", "Site", "Site visit again", "2026-11-03"),
        _row("", "Internal", "Bookkeeping"),
        _row("Side Gig", "Web", "Not for fracos"),
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, in_practice: Any) -> CliRunner:
    """As if stdin and stdout were a terminal: the one check the command makes."""
    from fracos.cli import dbopen, imports
    from fracos.timesheets.selectors import DjangoDb

    monkeypatch.setattr(dbopen, "open_db", lambda: DjangoDb())
    monkeypatch.setattr(imports, "_interactive", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner()


def _number(owner: Any, name: str) -> str:
    """The menu number of a client: clients come first, in the order the client list has."""
    from fracos.clients.selectors import client_list

    return str([c.name for c in client_list(owner)].index(name) + 1)


def _entries(cast: Any) -> list[tuple[Any, ...]]:
    from fracos.timesheets.models import TimeEntry

    return list(
        TimeEntry.objects.filter(practice=cast.practice)
        .order_by("work_date", "note")
        .values_list("kind", "client_id", "engagement_id", "work_date", "note", "tags")
    )


def test_the_answers_map_the_rows_and_saved_they_are_the_same_mapping_file(
    terminal: CliRunner, in_practice: Any, export: Path, tmp_path: Path
) -> None:
    from fracos.cli.app import app
    from fracos.timesheets.models import TimeEntry

    saved = tmp_path / "answers.json"
    answers = [
        "99",  # not on the menu: asked again
        _number(in_practice.owner, "Brightwave Health"),  # Unknown Corp / Site
        "a",  # Internal → admin
        "x",  # Side Gig / Web → leave out
        "y",  # save the answers
        str(saved),
    ]
    result = terminal.invoke(app, ["import", "toggl", str(export)], input="\n".join(answers))
    assert result.exit_code == 0, result.output
    assert "3 client/project name(s) in the file match no fracos client" in result.output
    assert "'Unknown Corp / Site' (2 rows)" in result.output
    assert "Answer a number from 1 to" in result.output
    assert "5 rows read: 4 to add, 0 already imported, 1 skipped, 0 bad" in result.output
    assert json.loads(saved.read_text(encoding="utf-8")) == {
        "unknown corp/site": "Brightwave Health",
        "internal": "admin",
        "side gig/web": "skip",
    }
    asked = _entries(in_practice)
    assert [(kind, client) for kind, client, *_ in asked] == [
        ("admin", None),  # Bookkeeping
        ("client", in_practice.acme.pk),  # Matched by name
        ("client", in_practice.brightwave.pk),  # Site visit
        ("client", in_practice.brightwave.pk),  # Site visit again
    ]
    TimeEntry.objects.filter(practice=in_practice.practice).delete()
    again = terminal.invoke(
        app, ["import", "toggl", str(export), "--mapping", str(saved), "--no-input"]
    )
    assert again.exit_code == 0, again.output
    assert _entries(in_practice) == asked


def test_an_engagement_can_be_chosen_and_no_answer_leaves_the_rows_bad(
    terminal: CliRunner, in_practice: Any, export: Path
) -> None:
    from fracos.cli.app import app
    from fracos.clients.selectors import client_list

    engagement = str(len(client_list(in_practice.owner)) + 1)  # engagements follow clients
    answers = [engagement, "", "x", "n"]
    result = terminal.invoke(
        app, ["import", "toggl", str(export), "--dry-run"], input="\n".join(answers)
    )
    assert "line 5: no fracos client matches 'Internal'" in result.output
    # Unknown Corp's two rows went to the engagement, Side Gig's were left out.
    assert "line 3" not in result.output
    assert "line 4" not in result.output
    assert "5 rows read: 3 to add, 0 already imported, 1 skipped, 1 bad" in str(result.exception)
    assert _entries(in_practice) == []


def test_no_input_and_a_pipe_never_ask(
    terminal: CliRunner, in_practice: Any, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fracos.cli import imports
    from fracos.cli.app import app

    result = terminal.invoke(app, ["import", "toggl", str(export), "--no-input"], input="1\n")
    assert "match no fracos client" not in result.output
    assert "line 3: no fracos client matches 'Unknown Corp / Site'" in result.output
    monkeypatch.setattr(imports, "_interactive", lambda: False)
    piped = terminal.invoke(app, ["import", "toggl", str(export)], input="1\n")
    assert "match no fracos client" not in piped.output
    assert _entries(in_practice) == []


def test_an_outsider_is_offered_only_its_own_clients(
    terminal: CliRunner, cast: Any, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fracos.cli.app import app

    monkeypatch.setenv("FRACOS_PRACTICE", "other-practice")
    monkeypatch.setenv("FRACOS_USER", "out@example.com")
    result = terminal.invoke(app, ["import", "toggl", str(export), "--dry-run"], input="\n" * 9)
    assert "client Foreign Client" in result.output
    assert "Acme Logistics" not in result.output
    assert "Brightwave" not in result.output
