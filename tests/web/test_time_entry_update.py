"""`time_entry_update`: an edit is checked by the ledger's rules, like a new entry."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.core.errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from fracos.timesheets.ledger import parse_log_line
from fracos.timesheets.models import TimeEntry
from fracos.timesheets.services import time_entry_update, time_log


def test_an_entry_moves_to_another_client_and_day(cast):
    entry = time_log(cast.owner, seconds=3600, client="acme", work_date=date(2026, 11, 16))
    time_entry_update(
        cast.leader, entry.id, seconds=1800, work_date=date(2026, 11, 12), note="x", client="bri"
    )
    row = TimeEntry.objects.get()
    assert (row.seconds, row.engagement_id, row.client_id, row.note) == (
        1800,
        cast.day_rate.pk,
        cast.brightwave.pk,
        "x",
    )


def test_the_future_and_non_positive_durations_are_refused(cast):
    entry = time_log(cast.owner, seconds=3600, client="acme")
    with pytest.raises(ValidationFailed, match="future"):
        time_entry_update(cast.owner, entry.id, seconds=60, work_date=date(2026, 11, 19))
    with pytest.raises(ValidationFailed, match="positive"):
        time_entry_update(cast.owner, entry.id, seconds=0, work_date=date(2026, 11, 18))
    assert TimeEntry.objects.get().seconds == 3600


def test_a_date_outside_the_engagement_is_refused(cast):
    entry = time_log(cast.owner, seconds=3600, client="bright")
    with pytest.raises(RuleViolation, match="before it began"):
        time_entry_update(cast.owner, entry.id, seconds=60, work_date=date(2026, 4, 1))


def test_a_viewer_cannot_edit_and_an_outsider_cannot_find_the_entry(cast):
    entry = time_log(cast.owner, seconds=3600, client="acme")
    with pytest.raises(PermissionDenied):
        time_entry_update(cast.viewer, entry.id, seconds=60, work_date=date(2026, 11, 18))
    with pytest.raises(NotFound):
        time_entry_update(cast.outsider, entry.id, seconds=60, work_date=date(2026, 11, 18))
    assert TimeEntry.objects.get().seconds == 3600


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("acme 2h30m Board prep", "client", ("acme", 9000, "Board prep")),
        ("acme 1:15", "client", ("acme", 4500, "")),
        ("45 Coffee with a CFO", "bd", (None, 2700, "Coffee with a CFO")),
    ],
)
def test_a_log_line_reads_like_the_command_line(line, kind, expected):
    assert parse_log_line(line, kind=kind) == expected


@pytest.mark.parametrize(
    ("line", "kind"), [("", "client"), ("acme", "client"), ("acme -1h", "client"), ("", "bd")]
)
def test_a_short_or_bad_log_line_is_refused(line, kind):
    with pytest.raises(ValidationFailed):
        parse_log_line(line, kind=kind)
