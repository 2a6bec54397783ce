"""Check-ins, reviews, renewals and summaries through the services (today: 2026-11-18)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fracos.cadence.models import Summary, Touchpoint
from fracos.cadence.selectors import cadence_due, summaries_for_portal, summary_get
from fracos.cadence.services import (
    cadence_override_set,
    checkin_record,
    renewal_log,
    review_record,
    summary_draft,
    summary_edit,
    summary_send,
)
from fracos.core import clock
from fracos.core.errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationFailed
from fracos.engagements.services import (
    MilestoneSpec,
    deliverable_add,
    engagement_end,
    engagement_update,
    milestone_add,
    milestone_done,
    phase_add,
)
from fracos.timesheets.services import time_log

OCTOBER = clock.month_of(date(2026, 10, 1))


def _october(cast):
    owner, acme = cast.owner, cast.retainer.pk
    time_log(
        owner, seconds=7200, client="acme", work_date=date(2026, 10, 5), note="Architecture review"
    )
    time_log(
        owner, seconds=3600, client="acme", work_date=date(2026, 10, 6), note="architecture review."
    )
    time_log(
        owner,
        seconds=5400,
        client="acme",
        work_date=date(2026, 10, 13),
        note="Hiring loop with Sam",
    )
    time_log(owner, seconds=1800, client="acme", work_date=date(2026, 10, 20), note="")
    time_log(owner, seconds=3600, client="bright", work_date=date(2026, 10, 8), note="Other client")
    phase_add(
        owner, acme, name="Assessment", starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 10)
    )
    phase_add(owner, acme, name="Execution support", starts_on=date(2026, 10, 11))
    deliverable_add(owner, acme, title="Technology assessment", done_on=date(2026, 10, 9))
    deliverable_add(owner, acme, title="Old thing", done_on=date(2026, 9, 30))
    deliverable_add(owner, acme, title="Roadmap", due_date=date(2026, 11, 20))
    milestone = milestone_add(owner, acme, MilestoneSpec("Team assessment", Decimal(0)))
    milestone_done(owner, milestone.pk, on=date(2026, 10, 30))
    checkin_record(
        owner,
        engagement_id=acme,
        notes="Agreed to hire a staff engineer",
        held_on=date(2026, 10, 14),
    )


EXPECTED_OCTOBER = """# Progress summary — Acme Logistics, October 2026

Fractional CTO · 1 Oct 2026 – 31 Oct 2026 · 5.00 h of work

## Where the time went

- Architecture review — 3.00 h (2 entries)
- Hiring loop with Sam — 1.50 h (1 entry)
- Other work (no note) — 0.50 h (1 entry)

## By phase

- Assessment — 3.00 h
- Execution support — 2.00 h

## Done

- Deliverable: Technology assessment (done 9 Oct 2026)
- Milestone: Team assessment (done 30 Oct 2026)

## Decisions and discussions

- 14 Oct 2026: Agreed to hire a staff engineer

## What is next

- Roadmap (due 20 Nov 2026)
"""


def test_the_monthly_summary_is_drafted_from_the_months_logged_work(cast):
    _october(cast)
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    assert summary.body == EXPECTED_OCTOBER
    assert summary.title == "Progress summary — Acme Logistics, October 2026"
    assert (summary.period_start, summary.period_end) == (date(2026, 10, 1), date(2026, 11, 1))
    assert summary.status == "draft"


def test_a_second_draft_for_the_same_month_is_refused(cast):
    first = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    with pytest.raises(Conflict, match=f"#{first.pk} already covers 2026-10"):
        summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    assert Summary.objects.count() == 1


def test_a_summary_of_a_month_not_yet_begun_or_before_the_start_is_refused(cast):
    with pytest.raises(ValidationFailed, match="2026-12 has not started yet"):
        summary_draft(
            cast.owner, engagement_id=cast.retainer.pk, month=clock.month_of(date(2026, 12, 1))
        )
    with pytest.raises(ValidationFailed, match="did not run in 2026-04"):
        summary_draft(
            cast.owner, engagement_id=cast.day_rate.pk, month=clock.month_of(date(2026, 4, 1))
        )
    assert not Summary.objects.exists()


def test_an_edited_draft_keeps_its_new_title_and_a_sent_summary_no_longer_changes(cast):
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    edited = summary_edit(cast.owner, summary.pk, body="# October at Acme\n\nWe shipped.\n")
    assert (edited.title, edited.body) == ("October at Acme", "# October at Acme\n\nWe shipped.\n")
    sent = summary_send(cast.owner, summary.pk)
    assert sent.status == "sent" and sent.sent_at == clock.now()
    with pytest.raises(Conflict, match="no longer changes"):
        summary_edit(cast.owner, summary.pk, body="changed")
    with pytest.raises(Conflict, match="already sent"):
        summary_send(cast.owner, summary.pk)
    assert Summary.objects.get().body == "# October at Acme\n\nWe shipped.\n"


def test_the_portal_sees_only_its_clients_sent_summaries(cast):
    draft = summary_draft(
        cast.owner, engagement_id=cast.retainer.pk, month=clock.month_of(date(2026, 9, 1))
    )
    sent = summary_send(
        cast.owner, summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER).pk
    )
    other = summary_send(
        cast.owner, summary_draft(cast.owner, engagement_id=cast.day_rate.pk, month=OCTOBER).pk
    )
    assert [s.pk for s in summaries_for_portal(cast.portal)] == [sent.pk]
    assert {s.pk for s in summaries_for_portal(cast.owner)} == {sent.pk, other.pk}
    with pytest.raises(NotFound):
        summary_get(cast.portal, draft.pk)
    with pytest.raises(NotFound):
        summary_get(cast.portal, other.pk)
    assert summaries_for_portal(cast.outsider) == []


def test_a_checkin_clears_the_overdue_checkin(cast):
    before = {(i.client, i.kind): i.state for i in cadence_due(cast.owner)}
    assert before[("Acme Logistics", "checkin")] == "overdue"
    point = checkin_record(cast.owner, engagement_id=cast.retainer.pk, notes="Roadmap agreed")
    assert (point.held_on, point.kind, point.notes) == (
        date(2026, 11, 18),
        "checkin",
        "Roadmap agreed",
    )
    items = {(i.client, i.kind): i for i in cadence_due(cast.owner)}
    assert items[("Acme Logistics", "checkin")].state == "done"
    assert items[("Acme Logistics", "checkin")].due_on == date(2026, 11, 25)
    # Brightwave (from 1 May) has never had one: due 8 May.
    assert items[("Brightwave Health", "checkin")].due_on == date(2026, 5, 8)


def test_a_checkin_for_an_ended_engagement_is_refused_and_nothing_is_written(cast):
    engagement_end(cast.owner, cast.retainer.pk, on=date(2026, 11, 10))
    with pytest.raises(
        RuleViolation, match="ended on 2026-11-10; a weekly check-in is for a running"
    ):
        checkin_record(cast.owner, engagement_id=cast.retainer.pk, notes="Too late")
    assert not Touchpoint.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "error", "needle"),
    [
        ({"notes": "  "}, ValidationFailed, "say what was discussed"),
        ({"notes": "x", "held_on": date(2026, 11, 19)}, ValidationFailed, "is in the future"),
        ({"notes": "x", "held_on": date(2025, 12, 31)}, ValidationFailed, "started on 2026-01-01"),
        ({"notes": "x" * 5001}, ValidationFailed, "longer than 5,000"),
    ],
)
def test_bad_checkins_are_refused(cast, kwargs, error, needle):
    with pytest.raises(error, match=needle):
        checkin_record(cast.owner, engagement_id=cast.retainer.pk, **kwargs)
    assert not Touchpoint.objects.exists()


def test_a_review_gathers_the_periods_sent_summaries_and_outcomes(cast):
    _october(cast)
    summary_send(
        cast.owner, summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER).pk
    )
    review = review_record(cast.owner, engagement_id=cast.retainer.pk, notes="Renew for six months")
    # No earlier review: it looks back three months, 18 Aug – 18 Nov.
    assert review.body == (
        "# Review — Acme Logistics, 18 Aug 2026 – 18 Nov 2026\n\n"
        "Fractional CTO · 5.00 h of work in the period\n\n"
        "## Summaries sent\n\n"
        "- Progress summary — Acme Logistics, October 2026\n\n"
        "## Outcomes\n\n"
        "- Deliverable: Old thing (done 30 Sep 2026)\n"
        "- Deliverable: Technology assessment (done 9 Oct 2026)\n"
        "- Milestone: Team assessment (done 30 Oct 2026)\n"
    )
    items = {(i.client, i.kind): i for i in cadence_due(cast.owner)}
    assert items[("Acme Logistics", "review")].due_on == date(2027, 2, 18)


def test_a_renewal_conversation_clears_the_renewal_task(cast):
    engagement_update(cast.owner, cast.retainer.pk, end_date=date(2027, 1, 10))
    items = {(i.client, i.kind): i for i in cadence_due(cast.owner)}
    assert items[("Acme Logistics", "renewal")].state == "due"
    renewal_log(cast.owner, engagement_id=cast.retainer.pk, notes="Six more months from January")
    items = {(i.client, i.kind): i for i in cadence_due(cast.owner)}
    assert items[("Acme Logistics", "renewal")].state == "done"


def test_an_engagement_can_keep_its_own_cadence(cast):
    cadence_override_set(cast.owner, engagement_id=cast.retainer.pk, checkin_interval_days=14)
    checkin_record(
        cast.owner, engagement_id=cast.retainer.pk, notes="ok", held_on=date(2026, 11, 10)
    )
    items = {(i.client, i.kind): i for i in cadence_due(cast.owner)}
    assert items[("Acme Logistics", "checkin")].due_on == date(2026, 11, 24)
    with pytest.raises(ValidationFailed, match="outside 0–365"):
        cadence_override_set(cast.owner, engagement_id=cast.retainer.pk, checkin_interval_days=400)


@pytest.mark.parametrize(
    "write",
    [
        lambda a, c: checkin_record(a, engagement_id=c.retainer.pk, notes="x"),
        lambda a, c: review_record(a, engagement_id=c.retainer.pk),
        lambda a, c: renewal_log(a, engagement_id=c.retainer.pk, notes="x"),
        lambda a, c: summary_draft(a, engagement_id=c.retainer.pk, month=OCTOBER),
        lambda a, c: cadence_override_set(a, engagement_id=c.retainer.pk, checkin_interval_days=3),
    ],
)
def test_a_viewer_cannot_write_and_an_outsider_cannot_find_the_engagement(cast, write):
    with pytest.raises(PermissionDenied):
        write(cast.viewer, cast)
    with pytest.raises(PermissionDenied):
        write(cast.portal, cast)
    with pytest.raises(NotFound):
        write(cast.outsider, cast)
    assert not Touchpoint.objects.exists() and not Summary.objects.exists()


def test_an_outsider_cannot_edit_or_send_a_summary(cast):
    summary = summary_draft(cast.owner, engagement_id=cast.retainer.pk, month=OCTOBER)
    with pytest.raises(NotFound):
        summary_send(cast.outsider, summary.pk)
    with pytest.raises(NotFound):
        summary_edit(cast.outsider, summary.pk, body="x")
    with pytest.raises(PermissionDenied):
        summary_send(cast.viewer, summary.pk)
    assert summary_get(cast.owner, summary.pk).status == "draft"


def test_the_cadence_of_another_practice_is_empty(cast):
    assert cadence_due(cast.outsider) == []
    with pytest.raises(PermissionDenied):
        cadence_due(cast.portal)
