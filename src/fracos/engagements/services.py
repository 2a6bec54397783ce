"""Every write to engagements, their scope, milestones, phases and deliverables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from fracos.clients.selectors import client_get
from fracos.core import clock
from fracos.core.access import Actor
from fracos.core.errors import RuleViolation, ValidationFailed
from fracos.core.money import from_minor, parse_amount, to_minor, validate_currency
from fracos.core.text import check_line, check_text
from fracos.engagements import plan
from fracos.engagements.choices import (
    BillingTiming,
    EngagementStatus,
    OveragePolicy,
    PilotBilling,
    PricingModel,
)
from fracos.engagements.models import Deliverable, Engagement, Milestone, Phase, WeekPlanSlot
from fracos.engagements.selectors import committed_hours, engagement_get, week_plan
from fracos.practice.models import Practice
from fracos.practice.services import audit_record

MONEY_FIELDS = ("fee", "day_rate", "overage_rate")
TEXT_LIMITS = {"role_title": 100, "pilot_deliverable": 200, "ended_reason": 200}
# In form order: the web form lays its fields out in this order.
EDITABLE = (
    "role_title",
    "fee",
    "day_rate",
    "hours_per_week",
    "days_per_week",
    "dedicated_days",
    "start_date",
    "end_date",
    "notice_days",
    "billing_timing",
    "overage_policy",
    "overage_rate",
    "rollover_periods",
    "pilot_weeks",
    "pilot_deliverable",
    "pilot_billing",
    "equity_percent",
    "equity_shares",
    "vesting_months",
    "cliff_months",
    "responsibilities",
    "exclusions",
    "change_policy",
    "ending_terms",
    "notes",
)

# The latest start or end an engagement may have.
LATEST_DATE = date(2999, 12, 31)


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    amount: Decimal
    due_date: date | None = None


def _decimal(value: Any, field: str, *, low: Decimal, high: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    number = parse_amount(str(value).rstrip("%"), field=field)
    if not low < number <= high:
        raise ValidationFailed(f"{field}: {value} is outside {low}–{high}", field=field)
    return number


def _int(value: Any, field: str, *, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(f"{field}: {value!r} is not a whole number", field=field) from None
    if not low <= number <= high:
        raise ValidationFailed(f"{field}: {number} is outside {low}–{high}", field=field)
    return number


def _choice(value: Any, field: str, choices: type[Any]) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            f"{field}: {value!r} is not one of {', '.join(choices.values)}", field=field
        )
    return str(value)


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    """Check one engagement's values as a whole and convert them to model fields."""
    out: dict[str, Any] = {}
    model = _choice(values.get("pricing_model"), "pricing_model", PricingModel)
    currency = validate_currency(values["currency"])
    role = str(values.get("role_title") or "").strip()
    if not role:
        raise ValidationFailed(
            "role: a role title is required (e.g. Fractional CTO)", field="role_title"
        )
    for key, limit in TEXT_LIMITS.items():
        # These become invoice line text (role, pilot deliverable): one line, XML-safe.
        text = check_line(str(values.get(key) or "").strip(), field=key)
        if len(text) > limit:
            raise ValidationFailed(f"{key}: longer than {limit} characters", field=key)
        out[key] = text
    out["role_title"] = role
    amounts: dict[str, Decimal] = {}
    for key in MONEY_FIELDS:
        raw = values.get(key)
        amount = parse_amount(str(raw), field=key) if raw not in (None, "") else Decimal(0)
        if amount < 0:
            raise ValidationFailed(f"{key}: {raw} is negative", field=key)
        if amount > Decimal("100000000"):
            raise ValidationFailed(f"{key}: {raw} is implausibly large", field=key)
        amounts[key] = amount
    needs_fee = {
        PricingModel.RETAINER: "retainer: a monthly fee is required (e.g. --retainer 8000/month)",
        PricingModel.EQUITY: "retainer: equity engagements need a reduced cash retainer "
        "(e.g. --retainer 4000/month)",
        PricingModel.PROJECT: "project_fee: a project fee is required (e.g. --project-fee 15000)",
        PricingModel.PILOT: "pilot: a pilot fee is required (e.g. --pilot 6000 --weeks 6)",
    }
    if model in needs_fee and amounts["fee"] <= 0:
        raise ValidationFailed(needs_fee[PricingModel(model)], field="fee")
    if model == PricingModel.DAY_RATE and amounts["day_rate"] <= 0:
        raise ValidationFailed(
            "day_rate: a day rate is required (e.g. --day-rate 1200)", field="day_rate"
        )
    hours = _decimal(
        values.get("hours_per_week"), "hours_per_week", low=Decimal(0), high=Decimal(80)
    )
    days = _decimal(values.get("days_per_week"), "days_per_week", low=Decimal(0), high=Decimal(7))
    if hours is not None and days is not None:
        raise ValidationFailed(
            "give hours per week or days per week, not both", field="hours_per_week"
        )
    start = values.get("start_date")
    if not isinstance(start, date):
        raise ValidationFailed("start: a start date is required", field="start_date")
    end = values.get("end_date")
    for key, day in (("start_date", start), ("end_date", end)):
        # Schedules add weeks and months to these dates: keep them far from the calendar's end.
        if isinstance(day, date) and day > LATEST_DATE:
            raise ValidationFailed(
                f"{key.removesuffix('_date')}: {day} is too far ahead (latest {LATEST_DATE})",
                field=key,
            )
    weeks = _int(values.get("pilot_weeks"), "weeks", low=1, high=52)
    if model == PricingModel.PILOT:
        if weeks is None:
            raise ValidationFailed(
                "weeks: a pilot needs its length (e.g. --weeks 6)", field="pilot_weeks"
            )
        if end is None:
            end = start + timedelta(weeks=weeks) - timedelta(days=1)
    if end is not None and end < start:
        raise ValidationFailed(f"end: {end} is before the start {start}", field="end_date")
    equity = _decimal(values.get("equity_percent"), "equity", low=Decimal(0), high=Decimal(100))
    shares = _int(values.get("equity_shares"), "equity_shares", low=1, high=10**12)
    if model == PricingModel.EQUITY and equity is None and shares is None:
        raise ValidationFailed(
            "equity: give the stake as a percentage (e.g. --equity 0.5%)", field="equity_percent"
        )
    out.update(
        pricing_model=model,
        currency=currency,
        fee_minor=to_minor(amounts["fee"], currency),
        day_rate_minor=to_minor(amounts["day_rate"], currency),
        overage_rate_minor=to_minor(amounts["overage_rate"], currency),
        hours_per_week=hours,
        days_per_week=days,
        dedicated_days=",".join(values.get("dedicated_days") or ()),
        start_date=start,
        end_date=end,
        notice_days=_int(values.get("notice_days", 30), "notice_days", low=0, high=365) or 0,
        billing_timing=_choice(
            values.get("billing_timing") or "advance", "billing_timing", BillingTiming
        ),
        overage_policy=_choice(
            values.get("overage_policy") or "none", "overage_policy", OveragePolicy
        ),
        rollover_periods=_int(
            values.get("rollover_periods") or 1, "rollover_periods", low=1, high=12
        )
        or 1,
        pilot_weeks=weeks,
        pilot_billing=_choice(values.get("pilot_billing") or "full", "pilot_billing", PilotBilling),
        equity_percent=equity,
        equity_shares=shares,
        vesting_months=_int(values.get("vesting_months"), "vesting_months", low=1, high=120),
        cliff_months=_int(values.get("cliff_months"), "cliff_months", low=0, high=60),
    )
    if out["overage_policy"] == OveragePolicy.BILL and out["overage_rate_minor"] <= 0:
        raise ValidationFailed(
            "overage_rate: billing overage needs an overage rate per hour", field="overage_rate"
        )
    for key in ("responsibilities", "exclusions", "change_policy", "ending_terms", "notes"):
        text = str(values.get(key) or "")
        if len(text) > 10000:
            raise ValidationFailed(f"{key}: longer than 10,000 characters", field=key)
        out[key] = text
    return out


@transaction.atomic
def engagement_add(
    actor: Actor,
    *,
    client_id: int,
    milestones: list[MilestoneSpec] | None = None,
    **values: Any,
) -> Engagement:
    actor.require_write()
    client = client_get(actor, client_id)
    if client.status != "active":
        raise RuleViolation(f"client: {client.name} is archived", field="client")
    values.setdefault("currency", client.currency)
    values.setdefault("start_date", clock.today(_tz(actor)))
    fields = _validated(values)
    engagement = Engagement.objects.create(
        practice_id=actor.practice_id,
        client=client,
        status=EngagementStatus.ACTIVE,
        created_at=clock.now(),
        **fields,
    )
    specs = milestones or []
    if specs and engagement.pricing_model == PricingModel.PROJECT:
        total = sum((m.amount for m in specs), Decimal(0))
        if total != engagement.fee:
            raise ValidationFailed(
                f"milestones: they add up to {total}, not the project fee {engagement.fee}",
                field="milestones",
            )
    for position, spec in enumerate(specs):
        milestone_add(actor, engagement.pk, spec, position=position)
    audit_record(
        actor,
        "engagement.created",
        "engagement",
        engagement.pk,
        {"client": client.name, "pricing_model": engagement.pricing_model},
    )
    return engagement


def _tz(actor: Actor) -> str:
    return str(Practice.objects.values_list("timezone", flat=True).get(pk=actor.practice_id))


def current_values(engagement: Engagement) -> dict[str, Any]:
    """The engagement as the input shape of :func:`_validated`."""
    values = model_to_dict(engagement)
    values["fee"] = from_minor(engagement.fee_minor, engagement.currency)
    values["day_rate"] = from_minor(engagement.day_rate_minor, engagement.currency)
    values["overage_rate"] = from_minor(engagement.overage_rate_minor, engagement.currency)
    values["dedicated_days"] = engagement.weekdays
    return values


@transaction.atomic
def engagement_update(actor: Actor, engagement_id: int, **changes: Any) -> Engagement:
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(f"unknown engagement field(s): {', '.join(sorted(unknown))}")
    merged = {**current_values(engagement), **changes}
    fields = _validated(merged)
    for key, value in fields.items():
        setattr(engagement, key, value)
    engagement.save()
    audit_record(
        actor, "engagement.updated", "engagement", engagement.pk, {"fields": sorted(changes)}
    )
    return engagement


@transaction.atomic
def engagement_end(
    actor: Actor, engagement_id: int, *, on: date | None = None, reason: str = ""
) -> Engagement:
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    if engagement.status == EngagementStatus.ENDED:
        raise RuleViolation(
            f"engagement: #{engagement.pk} already ended on {engagement.end_date}",
            field="engagement",
        )
    end = on or clock.today(_tz(actor))
    if end > LATEST_DATE:
        raise ValidationFailed(
            f"end: {end} is too far ahead (latest {LATEST_DATE})", field="end_date"
        )
    if end < engagement.start_date:
        raise ValidationFailed(
            f"end: {end} is before the start {engagement.start_date}", field="end_date"
        )
    if len(reason) > 200:
        raise ValidationFailed("reason: longer than 200 characters", field="reason")
    check_text(reason, field="reason")
    engagement.status = EngagementStatus.ENDED
    engagement.end_date = end
    engagement.ended_reason = reason.strip()
    engagement.save(update_fields=["status", "end_date", "ended_reason"])
    audit_record(
        actor,
        "engagement.ended",
        "engagement",
        engagement.pk,
        {"on": end.isoformat(), "reason": reason},
    )
    return engagement


def milestone_add(
    actor: Actor, engagement_id: int, spec: MilestoneSpec, *, position: int | None = None
) -> Milestone:
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    title = check_line(spec.title.strip(), field="title")
    if not title or len(title) > 200:
        raise ValidationFailed("milestone: a title of at most 200 characters", field="title")
    if spec.amount < 0:
        raise ValidationFailed("milestone: the amount is negative", field="amount")
    return Milestone.objects.create(
        engagement=engagement,
        title=title,
        amount_minor=to_minor(spec.amount, engagement.currency),
        due_date=spec.due_date,
        position=position if position is not None else engagement.milestones.count(),
    )


def milestone_done(actor: Actor, milestone_id: int, *, on: date | None = None) -> Milestone:
    actor.require_write()
    milestone = Milestone.objects.filter(
        pk=milestone_id, engagement__practice_id=actor.practice_id
    ).first()
    if milestone is None:
        from fracos.core.errors import NotFound

        raise NotFound(f"milestone: no milestone #{milestone_id}", field="milestone")
    milestone.done_on = on or clock.today(_tz(actor))
    milestone.save(update_fields=["done_on"])
    audit_record(actor, "milestone.done", "milestone", milestone.pk)
    return milestone


def phase_add(
    actor: Actor,
    engagement_id: int,
    *,
    name: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Phase:
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    name = check_line(name.strip(), field="name")
    if not name or len(name) > 100:
        raise ValidationFailed("phase: a name of at most 100 characters", field="name")
    return Phase.objects.create(
        engagement=engagement,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        position=engagement.phases.count(),
    )


def deliverable_add(
    actor: Actor,
    engagement_id: int,
    *,
    title: str,
    due_date: date | None = None,
    phase_id: int | None = None,
    done_on: date | None = None,
) -> Deliverable:
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    title = check_line(title.strip(), field="title")
    if not title or len(title) > 200:
        raise ValidationFailed("deliverable: a title of at most 200 characters", field="title")
    phase = engagement.phases.filter(pk=phase_id).first() if phase_id else None
    return Deliverable.objects.create(
        engagement=engagement, phase=phase, title=title, due_date=due_date, done_on=done_on
    )


@transaction.atomic
def plan_set(actor: Actor, *, engagement_id: int, slots: tuple[plan.Slot, ...]) -> list[str]:
    """Give an engagement its days and half-days in the weekly plan; returns warnings.

    Refuses a slot another engagement holds and a week beyond capacity; keeps
    ``dedicated_days`` (which the time ledger reads) equal to the planned weekdays.
    """
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    today = clock.today(_tz(actor))
    if engagement.status == EngagementStatus.ENDED or (
        engagement.end_date and engagement.end_date < today
    ):
        raise RuleViolation(
            f"engagement: {engagement} ended on {engagement.end_date}; it has no place in the plan",
            field="engagement",
        )
    if not slots:
        raise ValidationFailed("days: give at least one day, e.g. mon,tue", field="days")
    rules = Practice.objects.get(pk=actor.practice_id).rules
    others = [b for e, b in week_plan(actor, today) if e.pk != engagement.pk]
    mine = plan.Booking(
        engagement.pk,
        engagement.client.name,
        tuple(sorted(slots, key=plan.sort_key)),
        committed_hours(engagement, rules.hours_per_day),
    )
    warnings = plan.check([*others, mine], rules)
    WeekPlanSlot.objects.filter(engagement=engagement).delete()
    WeekPlanSlot.objects.bulk_create(
        WeekPlanSlot(
            practice_id=actor.practice_id, engagement=engagement, weekday=s.weekday, part=s.part
        )
        for s in mine.slots
    )
    engagement.dedicated_days = ",".join(
        d for d in clock.WEEKDAYS if d in {s.weekday for s in mine.slots}
    )
    engagement.save(update_fields=["dedicated_days"])
    audit_record(
        actor, "plan.set", "engagement", engagement.pk, {"slots": [s.label for s in mine.slots]}
    )
    return warnings


@transaction.atomic
def plan_clear(actor: Actor, *, engagement_id: int) -> Engagement:
    """Take an engagement out of the weekly plan (no dedicated days)."""
    actor.require_write()
    engagement = engagement_get(actor, engagement_id)
    WeekPlanSlot.objects.filter(engagement=engagement).delete()
    engagement.dedicated_days = ""
    engagement.save(update_fields=["dedicated_days"])
    audit_record(actor, "plan.cleared", "engagement", engagement.pk)
    return engagement
