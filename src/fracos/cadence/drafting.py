"""Draft the monthly progress summary and the quarterly review from the record (plain Python).

The leader edits rather than writes: the month's time-entry notes become
themes (identical or near-identical notes grouped with their hours), hours are
split by phase, finished deliverables and milestones are listed, check-in notes
become the decisions, and deliverables due next are "what is next".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from fracos.core import clock
from fracos.core.durations import hours

SIMILAR = 0.8  # two notes this alike (difflib ratio, normalised) are one theme
NO_NOTE = "Other work (no note)"
NO_PHASE = "Outside any phase"


@dataclass(frozen=True)
class Work:
    day: date
    seconds: int
    note: str


@dataclass(frozen=True)
class PhaseSpan:
    name: str
    starts_on: date | None
    ends_on: date | None

    def contains(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )


@dataclass(frozen=True)
class Dated:
    title: str
    on: date


@dataclass(frozen=True)
class Theme:
    label: str
    seconds: int
    entries: int


@dataclass
class SummaryInputs:
    client: str
    role: str
    period: clock.Period
    work: list[Work] = field(default_factory=list)
    phases: list[PhaseSpan] = field(default_factory=list)
    deliverables_done: list[Dated] = field(default_factory=list)
    milestones_done: list[Dated] = field(default_factory=list)
    checkins: list[Dated] = field(default_factory=list)  # title = the check-in's notes
    next_up: list[Dated] = field(default_factory=list)  # deliverables due in the next period


def _normalised(note: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", note.lower())).strip()


def themes(work: Sequence[Work]) -> list[Theme]:
    """Group identical and near-identical notes; the first wording seen names the theme."""
    groups: list[tuple[str, str, list[Work]]] = []  # (key, label, entries)
    for item in sorted(work, key=lambda w: (w.day, w.note)):
        key = _normalised(item.note)
        if not key:
            key, label = "", NO_NOTE
        else:
            label = item.note.strip()
        for group_key, _, members in groups:
            if group_key == key or (
                key and group_key and SequenceMatcher(None, group_key, key).ratio() >= SIMILAR
            ):
                members.append(item)
                break
        else:
            groups.append((key, label, [item]))
    found = [Theme(label, sum(w.seconds for w in ws), len(ws)) for _, label, ws in groups]
    return sorted(found, key=lambda t: (t.label == NO_NOTE, -t.seconds, t.label))


def hours_by_phase(work: Sequence[Work], phases: Sequence[PhaseSpan]) -> list[tuple[str, int]]:
    """Seconds per phase (the first phase whose dates hold the day), in phase order."""
    totals: dict[str, int] = {p.name: 0 for p in phases}
    other = 0
    for item in work:
        phase = next((p for p in phases if p.contains(item.day)), None)
        if phase is None:
            other += item.seconds
        else:
            totals[phase.name] += item.seconds
    rows = [(name, seconds) for name, seconds in totals.items() if seconds]
    if other:
        rows.append((NO_PHASE, other))
    return rows


def _by_date(items: Sequence[Dated]) -> list[Dated]:
    return sorted(items, key=lambda d: (d.on, d.title))


def _h(seconds: int) -> str:
    return f"{hours(seconds)} h"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def summary_title(inputs: SummaryInputs) -> str:
    start, last = inputs.period.start, inputs.period.last_day
    span = (
        f"{start:%B %Y}"
        if (start.year, start.month) == (last.year, last.month)
        else f"{start:%B %Y} – {last:%B %Y}"
    )
    return f"Progress summary — {inputs.client}, {span}"


def summary_markdown(inputs: SummaryInputs) -> str:
    total = sum(w.seconds for w in inputs.work)
    lines = [
        f"# {summary_title(inputs)}",
        "",
        f"{inputs.role} · {_day(inputs.period.start)} – {_day(inputs.period.last_day)} · "
        f"{_h(total)} of work",
        "",
        "## Where the time went",
        "",
    ]
    found = themes(inputs.work)
    if found:
        for theme in found:
            count = "entry" if theme.entries == 1 else "entries"
            lines.append(f"- {theme.label} — {_h(theme.seconds)} ({theme.entries} {count})")
    else:
        lines.append("- No time was logged in this period.")
    by_phase = hours_by_phase(inputs.work, inputs.phases)
    if inputs.phases and by_phase:
        lines += ["", "## By phase", ""]
        lines += [f"- {name} — {_h(seconds)}" for name, seconds in by_phase]
    lines += ["", "## Done", ""]
    done = [
        f"- Deliverable: {d.title} (done {_day(d.on)})" for d in _by_date(inputs.deliverables_done)
    ]
    done += [
        f"- Milestone: {m.title} (done {_day(m.on)})" for m in _by_date(inputs.milestones_done)
    ]
    lines += done or ["- Nothing marked done in this period."]
    lines += ["", "## Decisions and discussions", ""]
    lines += [f"- {_day(c.on)}: {c.title}" for c in inputs.checkins] or [
        "- No check-ins recorded in this period."
    ]
    lines += ["", "## What is next", ""]
    lines += [f"- {d.title} (due {_day(d.on)})" for d in inputs.next_up] or [
        "- No deliverables due in the next period yet."
    ]
    return "\n".join(lines) + "\n"


@dataclass
class ReviewInputs:
    client: str
    role: str
    start: date
    last_day: date
    seconds: int
    summaries: list[Dated] = field(default_factory=list)  # title, period start
    deliverables_done: list[Dated] = field(default_factory=list)
    milestones_done: list[Dated] = field(default_factory=list)


def review_markdown(inputs: ReviewInputs) -> str:
    lines = [
        f"# Review — {inputs.client}, {_day(inputs.start)} – {_day(inputs.last_day)}",
        "",
        f"{inputs.role} · {_h(inputs.seconds)} of work in the period",
        "",
        "## Summaries sent",
        "",
    ]
    lines += [f"- {s.title}" for s in inputs.summaries] or ["- None in this period."]
    lines += ["", "## Outcomes", ""]
    outcomes = [
        f"- Deliverable: {d.title} (done {_day(d.on)})" for d in _by_date(inputs.deliverables_done)
    ]
    outcomes += [
        f"- Milestone: {m.title} (done {_day(m.on)})" for m in _by_date(inputs.milestones_done)
    ]
    lines += outcomes or ["- Nothing marked done in this period."]
    return "\n".join(lines) + "\n"
