"""Every write of the cadence: check-ins, reviews, renewal talks, summaries, overrides, feed tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.db import transaction

from fracos.cadence import drafting, schedule
from fracos.cadence.choices import SummaryStatus, TouchpointKind
from fracos.cadence.models import CadenceOverride, CalendarToken, Summary, Touchpoint
from fracos.cadence.selectors import (
    review_inputs,
    review_window,
    summary_get,
    summary_inputs,
    today_for,
)
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import Conflict, RuleViolation, ValidationFailed
from fracos.engagements.models import Engagement
from fracos.engagements.selectors import engagement_get
from fracos.practice.selectors import practice_for
from fracos.practice.services import audit_record

NOTES_LIMIT = 5000
BODY_LIMIT = 100_000


def _running(engagement: Engagement, on: date, what: str) -> None:
    """Refuse a conversation dated outside the engagement's life."""
    if engagement.status == "ended" or (engagement.end_date and on > engagement.end_date):
        ended = engagement.end_date.isoformat() if engagement.end_date else "earlier"
        raise RuleViolation(
            f"engagement: {engagement} ended on {ended}; a {what} is for a running engagement",
            field="engagement",
        )
    if engagement.status != "active":
        raise RuleViolation(
            f"engagement: {engagement} is {engagement.status}, not active", field="engagement"
        )
    if on < engagement.start_date:
        raise ValidationFailed(
            f"date: {on} is before {engagement} started on {engagement.start_date}", field="date"
        )


def _day(actor: Actor, on: date | None) -> date:
    today = today_for(actor)
    day = on or today
    if day > today:
        raise ValidationFailed(f"date: {day} is in the future", field="date")
    return day


def _notes(text: str, *, required: bool) -> str:
    cleaned = (text or "").strip()
    if required and not cleaned:
        raise ValidationFailed("notes: say what was discussed or decided", field="notes")
    if len(cleaned) > NOTES_LIMIT:
        raise ValidationFailed(f"notes: longer than {NOTES_LIMIT:,} characters", field="notes")
    return cleaned


def _touchpoint(
    actor: Actor, engagement_id: int, kind: str, on: date | None, notes: str, *, required: bool
) -> tuple[Engagement, date, str]:
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    day = _day(actor, on)
    _running(engagement, day, TouchpointKind(kind).label.lower())
    return engagement, day, _notes(notes, required=required)


@transaction.atomic
def checkin_record(
    actor: Actor, *, engagement_id: int, notes: str, held_on: date | None = None
) -> Touchpoint:
    engagement, day, text = _touchpoint(
        actor, engagement_id, TouchpointKind.CHECKIN, held_on, notes, required=True
    )
    point = Touchpoint.objects.create(
        practice_id=actor.practice_id,
        engagement=engagement,
        member_id=actor.member_id,
        kind=TouchpointKind.CHECKIN,
        held_on=day,
        notes=text,
        created_at=clock.now(),
    )
    audit_record(actor, "checkin.recorded", "touchpoint", point.pk, {"on": day.isoformat()})
    return point


@transaction.atomic
def review_record(
    actor: Actor, *, engagement_id: int, notes: str = "", held_on: date | None = None
) -> Touchpoint:
    """Record a review, gathering the period's sent summaries and outcomes into its body."""
    engagement, day, text = _touchpoint(
        actor, engagement_id, TouchpointKind.REVIEW, held_on, notes, required=False
    )
    start = review_window(actor, engagement, day)
    body = drafting.review_markdown(review_inputs(actor, engagement, start, day))
    point = Touchpoint.objects.create(
        practice_id=actor.practice_id,
        engagement=engagement,
        member_id=actor.member_id,
        kind=TouchpointKind.REVIEW,
        held_on=day,
        notes=text,
        body=body,
        created_at=clock.now(),
    )
    audit_record(actor, "review.recorded", "touchpoint", point.pk, {"on": day.isoformat()})
    return point


@transaction.atomic
def renewal_log(
    actor: Actor, *, engagement_id: int, notes: str, held_on: date | None = None
) -> Touchpoint:
    engagement, day, text = _touchpoint(
        actor, engagement_id, TouchpointKind.RENEWAL, held_on, notes, required=True
    )
    point = Touchpoint.objects.create(
        practice_id=actor.practice_id,
        engagement=engagement,
        member_id=actor.member_id,
        kind=TouchpointKind.RENEWAL,
        held_on=day,
        notes=text,
        created_at=clock.now(),
    )
    audit_record(actor, "renewal.logged", "touchpoint", point.pk, {"on": day.isoformat()})
    return point


@transaction.atomic
def summary_draft(actor: Actor, *, engagement_id: int, month: clock.Period) -> Summary:
    """Draft the progress summary of the summary period that begins with ``month``."""
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    today = today_for(actor)
    months = schedule.Intervals.of(
        practice_for(actor).rules, getattr(engagement, "cadence_override", None)
    ).summary_months
    period = schedule.summary_period(month.start, months)
    if period.start > today:
        raise ValidationFailed(f"month: {period.label} has not started yet", field="month")
    if period.last_day < engagement.start_date or (
        engagement.end_date and period.start > engagement.end_date
    ):
        raise ValidationFailed(f"month: {engagement} did not run in {period.label}", field="month")
    existing = Summary.objects.filter(engagement=engagement, period_start=period.start).first()
    if existing is not None:
        raise Conflict(
            f"summary: #{existing.pk} already covers {period.label} ({existing.status}); "
            f"edit it with `fracos summary edit {existing.pk}`",
            field="month",
        )
    inputs = summary_inputs(actor, engagement, period, months=months)
    summary = Summary.objects.create(
        practice_id=actor.practice_id,
        engagement=engagement,
        period_start=period.start,
        period_end=period.end,
        title=drafting.summary_title(inputs)[:200],
        body=drafting.summary_markdown(inputs),
        created_by_id=actor.member_id,
        drafted_at=clock.now(),
    )
    audit_record(actor, "summary.drafted", "summary", summary.pk, {"period": period.label})
    return summary


def summary_check_editable(actor: Actor, summary: Summary) -> None:
    """Refuse before an editor opens, as well as on save: a sent summary is final."""
    actor.require_write()
    if summary.status == SummaryStatus.SENT:
        raise Conflict(
            f"summary: #{summary.pk} was sent on {summary.sent_at:%Y-%m-%d}; "
            "the client has read it, so it no longer changes",
            field="summary",
        )


@transaction.atomic
def summary_edit(actor: Actor, summary_id: int, *, body: str) -> Summary:
    actor.require_write()
    summary = summary_get(actor, summary_id)
    summary_check_editable(actor, summary)
    text = (body or "").strip()
    if not text:
        raise ValidationFailed("body: a summary cannot be empty", field="body")
    if len(text) > BODY_LIMIT:
        raise ValidationFailed(f"body: longer than {BODY_LIMIT:,} characters", field="body")
    first = text.splitlines()[0].lstrip("# ").strip()
    summary.body = text + "\n"
    summary.title = (first or summary.title)[:200]
    summary.save(update_fields=["body", "title"])
    audit_record(actor, "summary.edited", "summary", summary.pk)
    return summary


@transaction.atomic
def summary_send(actor: Actor, summary_id: int) -> Summary:
    actor.require_write()
    summary = summary_get(actor, summary_id)
    if summary.status == SummaryStatus.SENT:
        raise Conflict(
            f"summary: #{summary.pk} was already sent on {summary.sent_at:%Y-%m-%d}",
            field="summary",
        )
    summary.status = SummaryStatus.SENT
    summary.sent_at = clock.now()
    summary.save(update_fields=["status", "sent_at"])
    audit_record(actor, "summary.sent", "summary", summary.pk)
    return summary


@transaction.atomic
def cadence_override_set(
    actor: Actor,
    *,
    engagement_id: int,
    checkin_interval_days: int | None = None,
    summary_interval_months: int | None = None,
    review_interval_months: int | None = None,
) -> CadenceOverride:
    """Give an engagement its own intervals; ``0`` returns one to the practice's default."""
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    limits = {
        "checkin_interval_days": (checkin_interval_days, 365),
        "summary_interval_months": (summary_interval_months, 12),
        "review_interval_months": (review_interval_months, 24),
    }
    override, _ = CadenceOverride.objects.get_or_create(
        engagement=engagement, defaults={"practice_id": actor.practice_id}
    )
    changed: list[str] = []
    for name, (value, high) in limits.items():
        if value is None:
            continue
        if not 0 <= value <= high:
            raise ValidationFailed(f"{name}: {value} is outside 0–{high}", field=name)
        setattr(override, name, value or None)
        changed.append(name)
    override.save()
    audit_record(actor, "cadence.overridden", "engagement", engagement.pk, {"fields": changed})
    return override


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_issue(actor: Actor, *, rotate: bool = False) -> str:
    """A new feed token for the acting member, returned once (only its hash is kept).

    Without ``rotate`` it refuses while a token is live, since the old URL cannot
    be shown again; with ``rotate`` the live one is revoked first.
    """
    actor.require_staff()
    live = CalendarToken.objects.filter(
        practice_id=actor.practice_id, member_id=actor.member_id, revoked_at__isnull=True
    )
    current = live.first()
    if current is not None and not rotate:
        raise Conflict(
            f"calendar: a feed URL was issued on {current.created_at:%Y-%m-%d} and is shown "
            "only once; `fracos calendar rotate` issues a new one (the old one stops working)",
            field="calendar",
        )
    now = clock.now()
    revoked = live.update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    issued = CalendarToken.objects.create(
        practice_id=actor.practice_id,
        member_id=actor.member_id,
        token_hash=token_hash(token),
        created_at=now,
    )
    audit_record(actor, "calendar.token_issued", "calendar_token", issued.pk, {"revoked": revoked})
    return token


@transaction.atomic
def calendar_token_revoke(actor: Actor) -> int:
    actor.require_staff()
    count = CalendarToken.objects.filter(
        practice_id=actor.practice_id, member_id=actor.member_id, revoked_at__isnull=True
    ).update(revoked_at=clock.now())
    audit_record(actor, "calendar.token_revoked", "member", actor.member_id, {"count": count})
    return count


def summary_email(actor: Actor, summary_id: int, *, to: str) -> Summary:
    """Email a sent summary as a PDF to ``to``.

    A draft is refused: the client reads in the email what the portal shows, so
    it is marked sent first. The PDF is rendered and the mail sent outside any
    transaction (a slow render never holds SQLite's write lock); the audit row
    is written once the mail server accepted it.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from fracos.cadence.mail import summary_message

    actor.require_write()
    summary = summary_get(actor, summary_id)
    if summary.status != SummaryStatus.SENT:
        raise Conflict(
            f"summary: #{summary.pk} is a draft; mark it sent before emailing it",
            field="summary",
        )
    address = (to or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationFailed(
            f"to: {address[:80]!r} is not an email address", field="to"
        ) from None
    practice = practice_for(actor)
    summary_message(summary, address, practice.legal_name or practice.name, practice.email).send()
    with transaction.atomic():
        audit_record(actor, "summary.emailed", "summary", summary.pk, {"to": address})
    return summary
