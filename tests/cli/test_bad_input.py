"""Every bad input is one clear red line, exit code 1, no traceback and nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from fracos.clients.models import Client
from fracos.engagements.models import Engagement
from fracos.engagements.services import engagement_end
from fracos.timesheets.models import TimeEntry, Timer


def _refused(result, *needles: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("log", "nobody", "1h"), "no client matches 'nobody'"),
        (("log", "acme", "0m"), "is zero"),
        (("log", "acme", "-2h"), "is negative"),
        (("log", "acme", "soon"), "is not a duration"),
        (("log", "acme", "1h", "--date", "2026-02-30"), "is not a date"),
        (("log", "acme", "1h", "--date", "2027-01-01"), "is in the future"),
        (("log", "acme", "1h", "--date", "2025-12-31"), "starts on 2026-01-01"),
        (("log", "acme"), "give a CLIENT and a DURATION"),
        (("log", "acme", "1h", "--engagement", "999999"), "no engagement #999999"),
        (("report", "--period", "someday"), "is not a period"),
        (("report", "--by", "colour"), "invalid choice"),
        (("week", "--date", "tomorrow"), "is not a date"),
        (("stop",), "no timer is running"),
    ],
)
def test_bad_time_input_is_refused(fracos, in_practice, args, needle):
    _refused(fracos(*args), needle)
    assert not TimeEntry.objects.exists()


def test_an_ambiguous_prefix_names_the_candidates(fracos, in_practice):
    from fracos.clients.services import client_add

    client_add(in_practice.owner, name="Acorn Robotics")
    _refused(fracos("log", "ac", "1h"), "matches several", "Acme Logistics", "Acorn Robotics")
    assert not TimeEntry.objects.exists()


def test_a_second_timer_is_refused(fracos, in_practice):
    assert fracos("start", "acme").exit_code == 0
    _refused(fracos("start", "bright"), "already running for Acme Logistics")
    assert Timer.objects.count() == 1


def test_logging_to_an_ended_engagement_is_refused(fracos, in_practice):
    engagement_end(in_practice.owner, in_practice.retainer.pk, on=date(2026, 10, 31))
    _refused(fracos("log", "acme", "1h"), "ended on 2026-10-31")
    _refused(fracos("start", "acme"), "ended on 2026-10-31")
    assert not TimeEntry.objects.exists() and not Timer.objects.exists()


def test_a_retainer_without_an_amount_is_refused(fracos, in_practice):
    before = Engagement.objects.count()
    _refused(
        fracos("engagement", "add", "acme", "--role", "CTO", "--retainer", "/month"), "retainer"
    )
    _refused(
        fracos("engagement", "add", "acme", "--role", "CTO", "--retainer", "0/month"),
        "monthly fee is required",
    )
    assert Engagement.objects.count() == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("engagement", "add", "acme", "--role", "CTO"), "give exactly one of"),
        (
            (
                "engagement",
                "add",
                "acme",
                "--role",
                "CTO",
                "--retainer",
                "8000/month",
                "--day-rate",
                "1200",
            ),
            "got --retainer, --day-rate",
        ),
        (("engagement", "add", "acme", "--role", "CTO", "--pilot", "6000"), "--weeks 6"),
        (
            (
                "engagement",
                "add",
                "acme",
                "--role",
                "CTO",
                "--day-rate",
                "1200",
                "--start",
                "2026-05-01",
                "--end",
                "2026-04-01",
            ),
            "before the start",
        ),
        (
            (
                "engagement",
                "add",
                "acme",
                "--role",
                "CTO",
                "--day-rate",
                "1200",
                "--days",
                "mon,funday",
            ),
            "'funday' is not a weekday",
        ),
        (
            (
                "engagement",
                "add",
                "acme",
                "--role",
                "CTO",
                "--day-rate",
                "1200",
                "--hours-per-week",
                "12",
                "--days-per-week",
                "2",
            ),
            "not both",
        ),
        (
            ("engagement", "add", "acme", "--role", "CTO", "--equity", "0.5%"),
            "reduced cash retainer",
        ),
        (
            ("engagement", "add", "nobody", "--role", "CTO", "--day-rate", "1200"),
            "no client matches",
        ),
        (("engagement", "add", "acme", "--role", "CTO", "--day-rate", "-5"), "is negative"),
        (("engagement", "add", "acme", "--role", "CTO", "--day-rate", "lots"), "is not an amount"),
        (
            (
                "engagement",
                "add",
                "acme",
                "--role",
                "CTO",
                "--day-rate",
                "100",
                "--currency",
                "XXX",
            ),
            "unknown currency",
        ),
        (("engagement", "end", "999999"), "no engagement #999999"),
    ],
)
def test_bad_engagements_are_refused(fracos, in_practice, args, needle):
    before = Engagement.objects.count()
    _refused(fracos(*args), needle)
    assert Engagement.objects.count() == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("client", "add", "Acme Logistics"), "exists already"),
        (("client", "add", "Zeta", "--vat", "BE0403019262"), "not a valid EU VAT number"),
        (("client", "add", "Zeta", "--country", "XY"), "not a known ISO 3166 country"),
        (("client", "add", "Zeta", "--currency", "EURO"), "unknown currency"),
        (("client", "add", "Zeta", "--size", "huge"), "size"),
        (("client", "add", "   "), "name: required"),
        (("client", "show", "nobody"), "no client matches"),
    ],
)
def test_bad_clients_are_refused(fracos, in_practice, args, needle):
    before = Client.objects.count()
    _refused(fracos(*args), needle)
    assert Client.objects.count() == before


def test_an_unknown_option_is_one_line_and_exit_1(fracos, in_practice):
    _refused(fracos("client", "list", "--colour", "red"), "--colour")


def test_commands_before_init_say_what_to_do(fracos, db):
    _refused(fracos("log", "acme", "1h"), "fracos init")
    _refused(fracos("client", "list"), "fracos init")
