"""Reads of the cadence: what is due, summaries (and the portal's view of them), drafting input."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from fracos.cadence import drafting, schedule
from fracos.cadence.choices import SummaryStatus, TouchpointKind
from fracos.cadence.models import CalendarToken, Summary, Touchpoint
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import NotFound
from fracos.core.paging import KeyPart, Order
from fracos.engagements.models import Engagement
from fracos.engagements.selectors import engagements_visible
from fracos.practice.models import Practice
from fracos.practice.paging import keyset
from fracos.practice.selectors import practice_for
from fracos.timesheets.selectors import entries_between


def today_for(actor: Actor) -> date:
    return clock.today(practice_for(actor).timezone)


def touchpoints_visible(actor: Actor) -> QuerySet[Touchpoint]:
    actor.require_staff()
    return Touchpoint.objects.filter(practice_id=actor.practice_id).select_related(
        "engagement__client"
    )


def touchpoint_list(
    actor: Actor, *, engagement_id: int | None = None, kind: str | None = None
) -> list[Touchpoint]:
    qs = touchpoints_visible(actor)
    if engagement_id is not None:
        qs = qs.filter(engagement_id=engagement_id)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("held_on", "id"))


def summaries_visible(actor: Actor) -> QuerySet[Summary]:
    """Staff see every summary of the practice; a portal user only its client's sent ones."""
    qs = Summary.objects.filter(practice_id=actor.practice_id).select_related("engagement__client")
    if not actor.is_staff:
        qs = qs.filter(engagement__client_id=actor.client_id or 0, status=SummaryStatus.SENT)
    return qs


def summary_get(actor: Actor, summary_id: int) -> Summary:
    found = summaries_visible(actor).filter(pk=summary_id).first()
    if found is None:
        raise NotFound(f"summary: no summary #{summary_id}", field="summary")
    return found


def summary_list(actor: Actor, *, engagement_id: int | None = None) -> list[Summary]:
    qs = summaries_visible(actor)
    if engagement_id is not None:
        qs = qs.filter(engagement_id=engagement_id)
    return list(qs.order_by("-period_start", "id"))


SUMMARY_ORDER = Order(("-period_start", "id"), (date, int))


def summary_page(
    actor: Actor,
    *,
    engagement_id: int | None = None,
    after: tuple[KeyPart, ...] | None = None,
    limit: int | None = None,
) -> list[Summary]:
    """``summary_list`` one page at a time (the API's cursor), newest period first."""
    qs = summaries_visible(actor)
    if engagement_id is not None:
        qs = qs.filter(engagement_id=engagement_id)
    return keyset(qs, SUMMARY_ORDER, after=after, limit=limit)


def summaries_for_portal(actor: Actor) -> list[Summary]:
    """The sent summaries a client-portal user may read: their own client's, newest first."""
    qs = Summary.objects.filter(
        practice_id=actor.practice_id, status=SummaryStatus.SENT
    ).select_related("engagement__client")
    if not actor.is_staff:
        qs = qs.filter(engagement__client_id=actor.client_id or 0)
    return list(qs.order_by("-period_start", "id"))


def facts_for(engagement: Engagement) -> schedule.EngagementFacts:
    points = list(engagement.touchpoints.all())

    def last(kind: str) -> date | None:
        days = [p.held_on for p in points if p.kind == kind]
        return max(days) if days else None

    summaries = list(engagement.summaries.all())
    sent = [s for s in summaries if s.status == SummaryStatus.SENT]
    next_start = max(s.period_end for s in sent) if sent else None
    drafts = [
        s
        for s in summaries
        if s.status == SummaryStatus.DRAFT
        and s.period_start == (next_start or engagement.start_date.replace(day=1))
    ]
    return schedule.EngagementFacts(
        engagement_id=engagement.pk,
        client=engagement.client.name,
        role=engagement.role_title,
        start=engagement.start_date,
        end=engagement.end_date,
        last_checkin=last(TouchpointKind.CHECKIN),
        last_review=last(TouchpointKind.REVIEW),
        next_summary_start=next_start,
        pending_draft_id=drafts[0].pk if drafts else None,
        last_renewal=last(TouchpointKind.RENEWAL),
    )


def running_engagements(actor: Actor, today: date) -> list[Engagement]:
    """Engagements on the cadence today: active, started, not past their end."""
    return [
        e
        for e in engagements_visible(actor)
        .filter(status="active", start_date__lte=today)
        .prefetch_related("touchpoints", "summaries")
        .select_related("cadence_override")
        .order_by("client__name", "start_date", "id")
        if e.end_date is None or e.end_date >= today
    ]


def cadence_board(
    actor: Actor, practice: Practice | None = None
) -> list[tuple[Engagement, list[schedule.DueItem]]]:
    """Each running engagement with its cadence items (in schedule order), by client;
    pass ``practice`` when the caller holds it (saves a query)."""
    actor.require_staff()
    if practice is None or practice.pk != actor.practice_id:
        practice = practice_for(actor)
    rules = practice.rules
    today = clock.today(practice.timezone)
    board: list[tuple[Engagement, list[schedule.DueItem]]] = []
    for engagement in running_engagements(actor, today):
        override = getattr(engagement, "cadence_override", None)
        intervals = schedule.Intervals.of(rules, override)
        board.append(
            (engagement, schedule.items_for(facts_for(engagement), intervals, rules, today))
        )
    return board


def cadence_due(
    actor: Actor, *, engagement_id: int | None = None, practice: Practice | None = None
) -> list[schedule.DueItem]:
    """Every engagement's check-in, summary, review and renewal items, most urgent first."""
    items = [
        item
        for engagement, found in cadence_board(actor, practice)
        if engagement_id is None or engagement.pk == engagement_id
        for item in found
    ]
    order = {"overdue": 0, "due": 1, "done": 2}
    return sorted(items, key=lambda i: (order[i.state], i.due_on, i.client, i.kind))


def summary_inputs(
    actor: Actor, engagement: Engagement, period: clock.Period, *, months: int = 1
) -> drafting.SummaryInputs:
    """Everything the month's summary is drafted from, read through the selectors."""
    entries = [
        e
        for e in entries_between(actor, period.start, period.end)
        if e.engagement_id == engagement.pk
    ]
    next_period = clock.Period(period.end, clock.add_months(period.end, months), "next")
    checkins = touchpoint_list(actor, engagement_id=engagement.pk, kind=TouchpointKind.CHECKIN)
    return drafting.SummaryInputs(
        client=engagement.client.name,
        role=engagement.role_title,
        period=period,
        work=[drafting.Work(e.work_date, e.seconds, e.note) for e in entries],
        phases=[
            drafting.PhaseSpan(p.name, p.starts_on, p.ends_on) for p in engagement.phases.all()
        ],
        deliverables_done=[
            drafting.Dated(d.title, d.done_on)
            for d in engagement.deliverables.all()
            if d.done_on and period.contains(d.done_on)
        ],
        milestones_done=[
            drafting.Dated(m.title, m.done_on)
            for m in engagement.milestones.all()
            if m.done_on and period.contains(m.done_on)
        ],
        checkins=[
            drafting.Dated(c.notes, c.held_on)
            for c in checkins
            if period.contains(c.held_on) and c.notes
        ],
        next_up=[
            drafting.Dated(d.title, d.due_date)
            for d in engagement.deliverables.all()
            if d.due_date and not d.done_on and next_period.contains(d.due_date)
        ],
    )


def review_inputs(
    actor: Actor, engagement: Engagement, start: date, last_day: date
) -> drafting.ReviewInputs:
    end = last_day + timedelta(days=1)
    seconds = sum(
        e.seconds for e in entries_between(actor, start, end) if e.engagement_id == engagement.pk
    )
    window = clock.Period(start, end, "review")
    return drafting.ReviewInputs(
        client=engagement.client.name,
        role=engagement.role_title,
        start=start,
        last_day=last_day,
        seconds=seconds,
        summaries=[
            drafting.Dated(s.title, s.period_start)
            for s in engagement.summaries.filter(status=SummaryStatus.SENT).order_by("period_start")
            if start <= s.period_start <= last_day
        ],
        deliverables_done=[
            drafting.Dated(d.title, d.done_on)
            for d in engagement.deliverables.all()
            if d.done_on and window.contains(d.done_on)
        ],
        milestones_done=[
            drafting.Dated(m.title, m.done_on)
            for m in engagement.milestones.all()
            if m.done_on and window.contains(m.done_on)
        ],
    )


def review_window(actor: Actor, engagement: Engagement, day: date) -> date:
    """The first day a review held on ``day`` looks back to: the day after the last
    review, or ``review_interval_months`` back, never before the engagement started."""
    months = schedule.Intervals.of(
        practice_for(actor).rules, getattr(engagement, "cadence_override", None)
    ).review_months
    previous = (
        Touchpoint.objects.filter(
            engagement=engagement, kind=TouchpointKind.REVIEW, held_on__lt=day
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return max(
        engagement.start_date,
        previous + timedelta(days=1) if previous else clock.add_months(day, -months),
    )


def review_material(actor: Actor, engagement: Engagement, day: date) -> str:
    """The review's gathered material (summaries sent, outcomes, hours) as Markdown."""
    actor.require_staff()
    start = review_window(actor, engagement, day)
    return drafting.review_markdown(review_inputs(actor, engagement, start, day))


def calendar_token_live(actor: Actor) -> CalendarToken | None:
    """The acting member's live calendar-feed token (its hash only), if there is one."""
    actor.require_staff()
    return (
        CalendarToken.objects.filter(
            practice_id=actor.practice_id, member_id=actor.member_id, revoked_at__isnull=True
        )
        .order_by("-created_at", "-id")
        .first()
    )


def summary_recipient(actor: Actor, summary: Summary) -> str:
    """Where a summary goes by default: the client's billing email, else a contact's."""
    actor.require_staff()
    client = summary.engagement.client
    if client.billing_email:
        return str(client.billing_email)
    contact = client.contacts.exclude(email="").order_by("id").first()
    return str(contact.email) if contact else ""
