"""Themes and phases drafted from time-entry notes, in plain Python."""

from __future__ import annotations

from datetime import date

from fracos.cadence.drafting import PhaseSpan, Theme, Work, hours_by_phase, themes


def test_identical_and_near_identical_notes_become_one_theme_with_their_hours():
    work = [
        Work(date(2026, 10, 5), 7200, "Architecture review"),
        Work(date(2026, 10, 6), 3600, "architecture review."),
        Work(date(2026, 10, 7), 1800, "Architecture reviews"),
        Work(date(2026, 10, 8), 5400, "Hiring loop with Sam"),
        Work(date(2026, 10, 9), 3600, ""),
    ]
    assert themes(work) == [
        Theme("Architecture review", 12600, 3),
        Theme("Hiring loop with Sam", 5400, 1),
        Theme("Other work (no note)", 3600, 1),
    ]


def test_different_notes_stay_apart():
    work = [
        Work(date(2026, 10, 5), 3600, "Board deck"),
        Work(date(2026, 10, 6), 3600, "Vendor audit"),
    ]
    assert [t.label for t in themes(work)] == ["Board deck", "Vendor audit"]


def test_hours_are_split_by_the_phase_whose_dates_hold_the_day():
    phases = [
        PhaseSpan("Assessment", date(2026, 10, 1), date(2026, 10, 10)),
        PhaseSpan("Execution", date(2026, 10, 11), None),
    ]
    work = [
        Work(date(2026, 9, 30), 600, "before"),
        Work(date(2026, 10, 10), 3600, "a"),
        Work(date(2026, 10, 11), 7200, "b"),
    ]
    assert hours_by_phase(work, phases) == [
        ("Assessment", 3600),
        ("Execution", 7200),
        ("Outside any phase", 600),
    ]
